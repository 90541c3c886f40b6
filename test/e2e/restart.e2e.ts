import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { PHONES, SANDBOX_TOKEN, type Sandbox, SEED_PIN, startSandbox } from '../sandbox';
import { PIN_LABEL, posts, startMove, waitForPost } from './flow-helpers';
import { BROWSERS, type ChromiumSession, launchChromium } from './harness';
import { clickButton, fillLabelled, openNumber, saveToken, waitForText } from './ui';

// The browser dies (killed, as by a crash or a power cut) while a move is at Meta; the same
// profile starts again. The journal in extension storage is all that is left to go on.
describe.skipIf(!BROWSERS.includes('chromium'))('a browser restart in the middle of a move', () => {
  let sandbox: Sandbox;
  let session: ChromiumSession | undefined;
  const profile = mkdtempSync(path.join(tmpdir(), 'residency-profile-'));
  afterAll(async () => {
    await session?.close();
    await sandbox?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('shows the unfinished change on next sight and finishes it without registering twice', async () => {
    sandbox = await startSandbox({ port: 0 });
    const phone = PHONES.brazil;
    const display = phone.display_phone_number;

    const before = await launchChromium({ sandbox, userDataDir: profile });
    const saved = await saveToken(before, SANDBOX_TOKEN);
    await waitForText(saved.scope, 'Token works');
    await saved.close();
    // Meta takes its time over the register call; the browser dies while it is on its way.
    sandbox.setLatency({ ms: 2500, match: { method: 'POST', path: '/register' } });
    const first = await openNumber(before, display);
    await startMove(first.frame, display, 'Japan (JP)', SEED_PIN);
    await waitForPost(before, phone.id, 'register');
    before.browser.process()?.kill('SIGKILL');
    await before.close();
    // Meta finishes the call the browser no longer waits for.
    await vi.waitFor(() => expect(sandbox.phone(phone.id)?.platform_type).toBe('CLOUD_API'), {
      timeout: 10_000,
    });

    const after = await launchChromium({ sandbox, userDataDir: profile });
    session = after; // closed by afterAll whatever happens below
    const { page, frame } = await openNumber(after, display);
    await waitForText(frame, 'Register the number with its PIN: outcome unknown');
    // The status above the steps was read again at start-up: Meta already registered it, so
    // the number is not called offline; the change stays unfinished until Resume checks it.
    await waitForText(frame, 'Registered (Cloud API)');
    await waitForText(frame, 'A change to Japan (JP) is unfinished.');
    expect(await frame.evaluate(() => document.body.innerText)).not.toContain('is deregistered');
    await after.screenshot(page, 'change-after-browser-restart');
    // The toolbar shows it too: the badge marks the tab, the popup shows the same steps.
    await vi.waitFor(async () => expect((await after.managerTabBadge()).text).toBe('…'), {
      timeout: 10_000,
    });
    const popup = await after.openPopup(page);
    await waitForText(popup, 'Register the number with its PIN: outcome unknown');
    await popup.close();
    await fillLabelled(frame, PIN_LABEL, SEED_PIN);
    await clickButton(frame, 'Resume');
    await waitForText(
      frame,
      `Confirmed by Meta: ${display} now uses Japan (JP) and is Registered.`,
      40_000,
    );
    // The register call had reached Meta before the browser died: it was checked, not re-sent.
    expect(posts(after, phone.id)).toEqual([
      'deregister',
      'settings {"storage_configuration":{"status":"IN_COUNTRY_STORAGE_ENABLED","data_localization_region":"JP"}}',
      `register {"messaging_product":"whatsapp","pin":"${SEED_PIN}"}`,
    ]);
    await page.close();
  });
});
