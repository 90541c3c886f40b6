import { describe, expect, it, vi } from 'vitest';
import { PHONES, SEED_PIN } from '../sandbox';
import { useSessionWithToken } from './fixtures';
import {
  chooseStorage,
  PIN_LABEL,
  posts,
  refuseNextRegister,
  START_CHANGE,
  startMove,
  waitForPost,
} from './flow-helpers';
import { BROWSERS, type ChromiumSession, type ExtensionSession, launch } from './harness';
import { managerUrl } from './manager-urls';
import {
  choose,
  clickButton,
  fillLabelled,
  findByRole,
  openNumber,
  panelFrame,
  tick,
  waitForAlert,
  waitForStatus,
  waitForText,
} from './ui';

const profile = (display: string) => managerUrl.profile(display);
const LANGUAGE_LABEL = 'Language of the message';

describe.each(BROWSERS)('changing Local Storage in %s', (browserName) => {
  let session: ExtensionSession;
  useSessionWithToken(
    () => launch(browserName),
    (s) => (session = s),
    { resetEachTest: true },
  );

  it('enables in-country storage on an unregistered number, then registers it with its PIN', async () => {
    const phone = PHONES.unregistered;
    const { page, frame } = await openNumber(session, phone.display_phone_number);
    await chooseStorage(frame, 'Germany (DE)');
    await clickButton(frame, `Store data in Germany (DE) for ${phone.display_phone_number}`);
    await waitForText(
      frame,
      `Confirmed by Meta: ${phone.display_phone_number} now uses Germany (DE) and is Not registered.`,
    );
    await fillLabelled(frame, PIN_LABEL, SEED_PIN);
    await clickButton(frame, `Register ${phone.display_phone_number}`);
    await waitForText(
      frame,
      `Confirmed by Meta: ${phone.display_phone_number} now uses Germany (DE) and is Registered.`,
    );
    // The next change starts afresh from the button: no region is chosen, nothing described.
    await findByRole(frame, 'button', START_CHANGE);
    expect(await frame.evaluate(() => document.body.innerText)).not.toContain('What will happen');
    await session.screenshot(page, 'change-enable-register');
    expect(posts(session, phone.id)).toEqual([
      'settings {"storage_configuration":{"status":"IN_COUNTRY_STORAGE_ENABLED","data_localization_region":"DE"}}',
      `register {"messaging_product":"whatsapp","pin":"${SEED_PIN}"}`,
    ]);
    expect(session.sandbox.phone(phone.id)).toMatchObject({ platform_type: 'CLOUD_API' });
    // The change history holds the trace ID Meta answered each call with.
    const traces = session.sandbox
      .requests()
      .filter((r) => r.method === 'POST' && r.path.includes(phone.id))
      .map((r) => r.traceId);
    const audited = await frame.evaluate(async (id: string) => {
      const ext = (globalThis as any).browser ?? (globalThis as any).chrome;
      const { auditLog } = await ext.storage.local.get('auditLog');
      return (auditLog as { entries: { phoneNumberId: string; fbtraceId?: string }[] }).entries
        .filter((e) => e.phoneNumberId === id)
        .map((e) => e.fbtraceId);
    }, phone.id);
    expect(audited.sort()).toEqual([...traces].sort());
    await page.close();
  });

  if (browserName !== 'chromium') return;

  it('turns in-country storage off on an unregistered number', async () => {
    const phone = PHONES.unregistered;
    session.sandbox.updatePhone(phone.id, {
      storage: { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: 'JP' },
    });
    const { page, frame } = await openNumber(session, phone.display_phone_number);
    await clickButton(frame, 'Refresh');
    await waitForStatus(frame, /Japan \(JP\)/);
    await chooseStorage(
      frame,
      'Turn in-country storage off (default storage in the United States)',
    );
    await clickButton(frame, `Turn off in-country storage for ${phone.display_phone_number}`);
    await waitForText(frame, 'now uses default storage (United States)');
    expect(posts(session, phone.id)).toEqual([
      'settings {"storage_configuration":{"status":"IN_COUNTRY_STORAGE_DISABLED"}}',
    ]);
    await page.close();
  });

  it('moves a registered number from default storage to DE, asking again after a wrong PIN', async () => {
    const phone = PHONES.usDefault;
    const { page, frame } = await openNumber(session, phone.display_phone_number);
    await chooseStorage(frame, 'Germany (DE)');
    await waitForText(
      frame,
      `${phone.display_phone_number} stops sending and receiving messages until it is registered again`,
    );
    await waitForText(frame, 'This uses 2 of the 10 register/deregister calls');
    await fillLabelled(frame, PIN_LABEL, '111111');
    await tick(
      frame,
      `I understand that ${phone.display_phone_number} stops sending and receiving messages until it is registered again.`,
    );
    await clickButton(frame, `Move ${phone.display_phone_number} to Germany (DE)`);
    expect(await waitForAlert(frame)).toMatch(
      /is deregistered: it cannot send or receive messages/,
    );
    await waitForText(frame, 'Wrong PIN');
    await waitForText(frame, 'Register the number with its PIN: tried, Meta said no; see below');
    // The status above the steps is read again after each step: no stale "Registered", and
    // the headline says the number is offline, with the storage it has meanwhile.
    await waitForText(frame, 'Offline: storage change unfinished');
    await waitForText(frame, 'Storage now: In-country storage: Germany (DE).');
    await waitForText(frame, 'Not registered');
    await session.screenshot(page, 'change-move-wrong-pin');
    await fillLabelled(frame, PIN_LABEL, SEED_PIN);
    await clickButton(frame, 'Resume');
    await waitForText(
      frame,
      `Confirmed by Meta: ${phone.display_phone_number} now uses Germany (DE) and is Registered.`,
    );
    expect(posts(session, phone.id)).toEqual([
      'deregister',
      'settings {"storage_configuration":{"status":"IN_COUNTRY_STORAGE_ENABLED","data_localization_region":"DE"}}',
      'register {"messaging_product":"whatsapp","pin":"111111"}',
      `register {"messaging_product":"whatsapp","pin":"${SEED_PIN}"}`,
    ]);
    await page.close();
  });

  it('moves a number from BR to IN', async () => {
    const phone = PHONES.brazil;
    const { page, frame } = await openNumber(session, phone.display_phone_number);
    await startMove(frame, phone.display_phone_number, 'India (IN)', SEED_PIN);
    await waitForText(
      frame,
      `Confirmed by Meta: ${phone.display_phone_number} now uses India (IN) and is Registered.`,
    );
    await waitForStatus(frame, /In-country storage: India \(IN\)/);
    expect(posts(session, phone.id)).toEqual([
      'deregister',
      'settings {"storage_configuration":{"status":"IN_COUNTRY_STORAGE_ENABLED","data_localization_region":"IN"}}',
      `register {"messaging_product":"whatsapp","pin":"${SEED_PIN}"}`,
    ]);
    await page.close();
  });

  it('registers, and verifies by SMS code only when Meta answers 133006', async () => {
    const phone = PHONES.needsVerification;
    const { page, frame } = await openNumber(session, phone.display_phone_number);
    await fillLabelled(frame, PIN_LABEL, '135790');
    await clickButton(frame, `Register ${phone.display_phone_number}`);
    await waitForText(frame, 'verified with a code before it can be registered');
    await choose(frame, 'Text message (SMS)');
    const language = await findByRole(frame, 'combobox', LANGUAGE_LABEL);
    expect(
      await language.evaluate((s) => [...(s as HTMLSelectElement).options].map((o) => o.text)),
    ).toContain('Portuguese (Brazil) (pt_BR)');
    await language.select('pt_BR');
    await clickButton(frame, 'Send code');
    await waitForText(frame, `Meta sent a code to ${phone.display_phone_number}.`);
    const code = session.sandbox.lastVerificationCode(phone.id);
    expect(code).toMatch(/^\d{6}$/);
    await fillLabelled(frame, 'Verification code', code as string);
    await fillLabelled(frame, PIN_LABEL, '135790');
    await clickButton(frame, 'Verify and continue');
    await waitForText(frame, `Confirmed by Meta: ${phone.display_phone_number}`);
    const sent = posts(session, phone.id);
    // No code is asked for up front: Meta's 133006 is what opens verification.
    expect(sent.map((p) => p.split(' ')[0])).toEqual([
      'register',
      'request_code',
      'verify_code',
      'register',
    ]);
    expect(sent.at(-1)).toBe('register {"messaging_product":"whatsapp","pin":"135790"}');
    const request = session.sandbox.requests().find((r) => r.path.endsWith('/request_code'));
    expect(request?.query).toEqual({ code_method: 'SMS', language: 'pt_BR' });
    // The code travelled in the body, never in a URL.
    const verify = session.sandbox.requests().find((r) => r.path.endsWith('/verify_code'));
    expect(verify?.query).toEqual({});
    await page.close();
  });

  it('stops at the 72-hour register/deregister limit (133016) and offers no retry', async () => {
    const phone = PHONES.usDefault;
    const now = session.sandbox.now();
    session.sandbox.updatePhone(phone.id, {
      registrationCalls: Array.from({ length: 10 }, (_, i) => now - i * 60_000),
    });
    const { page, frame } = await openNumber(session, phone.display_phone_number);
    await startMove(frame, phone.display_phone_number, 'Japan (JP)', SEED_PIN);
    await waitForText(frame, 'Register/deregister limit reached');
    await waitForText(frame, 'Trying again now cannot help');
    expect(
      await frame.evaluate(() =>
        [...document.querySelectorAll('button')].some((b) => b.textContent === 'Resume'),
      ),
    ).toBe(false);
    expect(posts(session, phone.id)).toEqual(['deregister']);
    await session.screenshot(page, 'change-133016');
    // The number was never deregistered, so the stopped change can be closed.
    await clickButton(frame, 'Close this change (the number is unchanged)');
    await waitForText(frame, `Move ${phone.display_phone_number} to`);
    await page.close();
  });

  it('after too many PIN guesses (133008) shows the time Meta gives, and Resume finishes after it', async () => {
    const phone = PHONES.brazil;
    const display = phone.display_phone_number;
    session.sandbox.injectGraphError({
      error: {
        code: 133008,
        message: 'Too many two step verification PIN guesses for this phone number',
        details: 'Try again after 4 seconds.',
      },
      match: { method: 'POST', path: '/register' },
    });
    const { page, frame } = await openNumber(session, display);
    await startMove(frame, display, 'Japan (JP)', SEED_PIN);
    await waitForText(frame, 'Too many PIN attempts');
    expect(await frame.evaluate(() => document.body.innerText)).toMatch(
      /Try again after \d{2}:\d{2}, with the right PIN/,
    );
    // Too early: Residency does not spend another guess, and says until when to wait.
    await fillLabelled(frame, PIN_LABEL, SEED_PIN);
    await clickButton(frame, 'Resume');
    expect(await waitForAlert(frame, /Too many PIN attempts/)).toMatch(/Too many PIN attempts/);
    expect(posts(session, phone.id).filter((p) => p.startsWith('register'))).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    await fillLabelled(frame, PIN_LABEL, SEED_PIN);
    await clickButton(frame, 'Resume');
    await waitForText(
      frame,
      `Confirmed by Meta: ${display} now uses Japan (JP) and is Registered.`,
    );
    await page.close();
  });

  it('sends nothing when the number was registered meanwhile, and offers the guided move', async () => {
    const phone = PHONES.unregistered;
    const display = phone.display_phone_number;
    const { page, frame } = await openNumber(session, display);
    // Someone registers the number elsewhere after the panel read it.
    session.sandbox.updatePhone(phone.id, { platform_type: 'CLOUD_API', status: 'CONNECTED' });
    await chooseStorage(frame, 'Japan (JP)');
    await clickButton(frame, `Store data in Japan (JP) for ${display}`);
    expect(await waitForAlert(frame)).toMatch(/The number is registered now.*nothing was sent/);
    // The form is now the guided move, with the region already chosen.
    await waitForText(
      frame,
      'Message data at rest moves from default storage (United States) to Japan (JP).',
    );
    await findByRole(frame, 'button', `Move ${display} to Japan (JP)`);
    expect(posts(session, phone.id)).toEqual([]);
    await page.close();
  });

  it('deregisters again when Meta says an earlier deregistration failed (133000), then finishes', async () => {
    const phone = PHONES.noStorage;
    const display = phone.display_phone_number;
    refuseNextRegister(session, 133000, 'Previous deregistration was not successful');
    const { page, frame } = await openNumber(session, display);
    await startMove(frame, display, 'Singapore (SG)', SEED_PIN);
    await waitForText(frame, 'An earlier deregistration did not finish');
    await waitForText(frame, 'Deregister the number again, then continue.');
    await clickButton(frame, 'Resume');
    await waitForText(
      frame,
      `Confirmed by Meta: ${display} now uses Singapore (SG) and is Registered.`,
    );
    const register = `register {"messaging_product":"whatsapp","pin":"${SEED_PIN}"}`;
    expect(posts(session, phone.id)).toEqual([
      'deregister',
      'settings {"storage_configuration":{"status":"IN_COUNTRY_STORAGE_ENABLED","data_localization_region":"SG"}}',
      register,
      'deregister',
      register,
    ]);
    await page.close();
  });

  it('goes back to the previous setting when the person prefers to, registering again', async () => {
    const phone = PHONES.coexistence;
    // A coexistence number cannot be deregistered; make it an ordinary one for this test.
    session.sandbox.updatePhone(phone.id, { is_on_biz_app: false });
    const { page, frame } = await openNumber(session, phone.display_phone_number);
    await startMove(frame, phone.display_phone_number, 'Canada (CA)', '999999');
    await waitForText(frame, 'Wrong PIN');
    // Going back with a wrong PIN too: still offline, still warned, and it cannot be closed.
    await fillLabelled(frame, PIN_LABEL, '888888');
    await clickButton(frame, 'Go back to default storage (United States) and register again');
    await waitForText(
      frame,
      `Restore ${phone.display_phone_number}: default storage (United States)`,
    );
    await waitForText(frame, 'Wrong PIN');
    expect(await waitForAlert(frame)).toMatch(
      /is deregistered: it cannot send or receive messages/,
    );
    expect(await frame.evaluate(() => document.body.innerText)).not.toContain('Close this change');
    await fillLabelled(frame, PIN_LABEL, SEED_PIN);
    await clickButton(frame, 'Resume');
    await waitForText(
      frame,
      `Confirmed by Meta: ${phone.display_phone_number} now uses default storage (United States) and is Registered.`,
    );
    expect(posts(session, phone.id)).toEqual([
      'deregister',
      'settings {"storage_configuration":{"status":"IN_COUNTRY_STORAGE_ENABLED","data_localization_region":"CA"}}',
      'register {"messaging_product":"whatsapp","pin":"999999"}',
      'settings {"storage_configuration":{"status":"IN_COUNTRY_STORAGE_DISABLED"}}',
      'register {"messaging_product":"whatsapp","pin":"888888"}',
      `register {"messaging_product":"whatsapp","pin":"${SEED_PIN}"}`,
    ]);
    await page.close();
  });

  it('finishes a move started in the toolbar popup even when the popup closes mid-flow', async () => {
    const chromium = session as ChromiumSession;
    const phone = PHONES.india;
    session.sandbox.setLatency({ ms: 2000, match: { method: 'POST', path: '/register' } });
    const page = await session.open(profile(phone.display_phone_number));
    await waitForStatus(await panelFrame(page), /India/);
    const popup = await chromium.openPopup(page);
    await waitForStatus(popup, /India \(IN\)/);
    await startMove(popup, phone.display_phone_number, 'Australia (AU)', SEED_PIN);
    await waitForPost(session, phone.id, 'register');
    await popup.close();
    await vi.waitFor(
      () => expect(session.sandbox.phone(phone.id)?.platform_type).toBe('CLOUD_API'),
      {
        timeout: 10_000,
      },
    );
    const again = await chromium.openPopup(page);
    await waitForText(
      again,
      `Confirmed by Meta: ${phone.display_phone_number} now uses Australia (AU) and is Registered.`,
    );
    await session.screenshot(again, 'popup-change-confirmed');
    await again.close();
    await page.close();
  });

  it('lists every call in the change history, with trace IDs and never a PIN', async () => {
    const options = await session.open(session.extensionUrl('options.html'));
    await waitForText(options, 'Change history');
    await waitForText(options, 'Set Local Storage to');
    const history = await options.evaluate(
      () => (document.querySelector('.audit-groups') as HTMLElement | null)?.innerText ?? '',
    );
    // Every kind of call, in words, and Meta's refusals with their codes.
    for (const action of [
      'Deregistered',
      'Set Local Storage to',
      'Registered',
      'Verification code requested',
    ]) {
      expect(history).toContain(action);
    }
    expect(history).toMatch(/Refused by Meta[\s\S]*Meta error code 133005/);
    expect(history).toContain('133016');
    // Every call carries Meta's trace ID, for accepted calls too: the proof support asks for.
    const calls = await options.evaluate(() =>
      [...document.querySelectorAll('.audit-call')].map(
        (call) => call.querySelector('.trace-id')?.textContent ?? '',
      ),
    );
    expect(calls.length).toBeGreaterThan(10);
    for (const trace of calls) expect(trace).toMatch(/^A[\w-]{22}$/);
    const everything = await options.evaluate(async () =>
      JSON.stringify(await (globalThis as any).chrome.storage.local.get(null)),
    );
    expect(everything).not.toContain(SEED_PIN);
    expect(everything).not.toContain('135790');
    await findByRole(options, 'button', 'Export CSV');
    await session.screenshot(options, 'options-change-history');
    await options.close();
  });

  // Last: it stops the worker, and nothing after it should depend on how that went.
  it('survives the service worker being killed mid-move: Resume checks, then finishes', async () => {
    const chromium = session as ChromiumSession;
    const phone = PHONES.onPremise;
    // Hold the storage change at Meta long enough to kill the worker while it is in flight.
    session.sandbox.setLatency({ ms: 2500, match: { method: 'POST', path: '/settings' } });
    const { page, frame } = await openNumber(session, phone.display_phone_number);
    await startMove(frame, phone.display_phone_number, 'Singapore (SG)', SEED_PIN);
    await waitForPost(session, phone.id, 'settings');
    await chromium.stopServiceWorker();
    // The views reconnect, the restarted worker marks the cut-off step unknown.
    await waitForText(frame, 'is deregistered: it cannot send or receive messages', 20_000);
    await waitForText(frame, 'outcome unknown', 20_000);
    // The toolbar badge of the tab marks the unfinished change too.
    const badge = await chromium.managerTabBadge();
    expect(badge.text).toBe('…');
    expect(badge.title).toMatch(/unfinished/i);
    await session.screenshot(page, 'change-after-worker-killed');
    await fillLabelled(frame, PIN_LABEL, SEED_PIN);
    await clickButton(frame, 'Resume');
    await waitForText(
      frame,
      `Confirmed by Meta: ${phone.display_phone_number} now uses Singapore (SG) and is Registered.`,
    );
    // The storage change had reached Meta before the worker died: it was checked, not re-sent.
    expect(posts(session, phone.id).filter((p) => p.startsWith('settings'))).toHaveLength(1);
    await page.close();
  });
});
