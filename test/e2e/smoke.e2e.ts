import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSINESS_ID, PHONES, SANDBOX_TOKEN, WABA_MAIN } from '../sandbox';
import { BROWSERS, type ExtensionSession, launch } from './harness';
import { clickButton, fillLabelled, panelFrame, waitForStatus, waitForText } from './ui';

// Issue 2's smoke test: the shipped build loads, reaches the Graph host, and runs on Manager pages.
describe.each(BROWSERS)('smoke in %s', (browserName) => {
  let session: ExtensionSession;
  beforeAll(async () => {
    session = await launch(browserName);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('saves a token through the options page and the background reaches the Graph host', async () => {
    const options = await session.open(session.extensionUrl('options.html'));
    await fillLabelled(options, 'System user access token', SANDBOX_TOKEN);
    await clickButton(options, 'Save and check token');
    await waitForText(options, 'Token works: Residency Sandbox System User');
    await session.screenshot(options, 'smoke-options');

    const graphCalls = session.sandbox.requests().filter((r) => r.host === 'graph.facebook.com');
    expect(graphCalls.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/v26.0/me', '/v26.0/me/permissions']),
    );
    expect(graphCalls.every((r) => r.auth === 'SANDBOX_TOKEN')).toBe(true);
    await options.close();
  });

  it('runs its content script on a Manager page and shows the panel', async () => {
    const digits = PHONES.usDefault.display_phone_number.replace(/\D/g, '');
    const page = await session.open(
      `https://business.facebook.com/wa/manage/phone-numbers/?business_id=${BUSINESS_ID}&waba_id=${WABA_MAIN}&childRoute=PHONE_PROFILE%2FPROFILE&phone_number=${digits}`,
    );
    await waitForText(page, 'Sandbox stand-in for WhatsApp Manager');
    const frame = await panelFrame(page);
    const status = await waitForStatus(frame, /Default storage/);
    expect(status).toContain(PHONES.usDefault.display_phone_number);
    await session.screenshot(page, 'smoke-manager-panel');
    await page.close();
  });
});
