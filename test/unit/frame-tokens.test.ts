import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
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

  it('are checked from memory once claimed: a panel message reads and writes no storage', async () => {
    const token = await issueFrameToken(5);
    expect(await frameTokenValid(5, 2, token)).toBe(true);
    const get = vi.spyOn(fakeBrowser.storage.session, 'get');
    const set = vi.spyOn(fakeBrowser.storage.session, 'set');
    expect(await frameTokenValid(5, 2, token)).toBe(true);
    expect(await frameTokenValid(5, 6, token)).toBe(false);
    expect([get.mock.calls.length, set.mock.calls.length]).toEqual([0, 0]);
    // A token issued since (a reloaded page) is the one that counts.
    const next = await issueFrameToken(5);
    expect(await frameTokenValid(5, 2, token)).toBe(false);
    expect(await frameTokenValid(5, 9, next)).toBe(true);
  });

  it('let only one of two frames racing for a fresh token claim it', async () => {
    const token = await issueFrameToken(9);
    const claims = await Promise.all([frameTokenValid(9, 1, token), frameTokenValid(9, 2, token)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
  });
});
