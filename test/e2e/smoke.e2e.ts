import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONES, SANDBOX_TOKEN } from '../sandbox';
import { BROWSERS, type ChromiumSession, type ExtensionSession, launch } from './harness';
import { managerUrl } from './manager-urls';
import { openCard, panelFrame, saveToken, waitForStatus, waitForText } from './ui';

const profileUrl = managerUrl.profile(PHONES.usDefault.display_phone_number);

// Issue 2's smoke test: the shipped build loads, reaches the Graph host, and runs on Manager pages.
describe.each(BROWSERS)('smoke in %s', (browserName) => {
  let session: ExtensionSession;
  beforeAll(async () => {
    session = await launch(browserName);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('saves a token and its background reaches the Graph host with it', async () => {
    const saved = await saveToken(session, SANDBOX_TOKEN);
    await waitForText(saved.scope, 'Token works: Residency Sandbox System User');
    // What the token reaches, read from Graph.
    await waitForText(saved.scope, 'Acme Health (ID 200000000000001)');
    await waitForText(saved.scope, 'Globex Partners (scale test) (ID 200000000000002)');
    const graphCalls = session.sandbox.requests().filter((r) => r.host === 'graph.facebook.com');
    expect(graphCalls.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/v26.0/me', '/v26.0/me/permissions']),
    );
    expect(graphCalls.every((r) => r.auth === 'SANDBOX_TOKEN')).toBe(true);
    await saved.close();
  });

  it('runs its content script on a Manager page and shows the panel', async () => {
    const page = await session.open(profileUrl);
    await waitForText(page, 'Sandbox stand-in for WhatsApp Manager');
    await waitForStatus(await panelFrame(page), /Default/);
    const status = await waitForStatus(await openCard(page), /Default storage/);
    expect(status).toContain(PHONES.usDefault.display_phone_number);
    await session.screenshot(page, 'smoke-manager-panel');
    await page.close();
  });

  if (browserName === 'chromium')
    it('warns on install only of access to the two Meta hosts', async () => {
      // What Chromium would show a person installing the build (docs/permissions.md).
      const warnings = await (session as ChromiumSession).evaluateInWorker(async () => {
        const chrome = (globalThis as any).chrome;
        const manifest = JSON.stringify(chrome.runtime.getManifest());
        return chrome.management.getPermissionWarningsByManifest(manifest);
      });
      expect(warnings).toEqual([
        'Read and change your data on business.facebook.com and graph.facebook.com',
      ]);
    });
});
