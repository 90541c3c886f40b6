import { describe, expect, it } from 'vitest';
import {
  forgetFrameToken,
  frameTokenValid,
  issueFrameToken,
} from '@/utils/background/frame-tokens';

describe('panel frame tokens', () => {
  it('count only for their own tab, claimed by the first frame that presents them', async () => {
    const token = await issueFrameToken(7);
    expect(await frameTokenValid(7, 3, token)).toBe(true);
    expect(await frameTokenValid(7, 3, token)).toBe(true);
    // Another frame in the same tab (a copy of the URL) and another tab do not count.
    expect(await frameTokenValid(7, 4, token)).toBe(false);
    expect(await frameTokenValid(8, 3, token)).toBe(false);
    expect(await frameTokenValid(7, 3, 'guessed')).toBe(false);
    expect(await frameTokenValid(7, undefined, token)).toBe(false);
  });

  it('stop counting when a new one is issued for the tab, or the tab closes', async () => {
    const first = await issueFrameToken(7);
    const second = await issueFrameToken(7);
    expect(await frameTokenValid(7, 1, first)).toBe(false);
    expect(await frameTokenValid(7, 1, second)).toBe(true);
    await forgetFrameToken(7);
    expect(await frameTokenValid(7, 1, second)).toBe(false);
  });

  it('let only one of two frames racing for a fresh token claim it', async () => {
    const token = await issueFrameToken(9);
    const claims = await Promise.all([frameTokenValid(9, 1, token), frameTokenValid(9, 2, token)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
  });
});
