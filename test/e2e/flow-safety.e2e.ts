import { describe, expect, it, vi } from 'vitest';
import { PHONES, SEED_PIN } from '../sandbox';
import { useSessionWithToken } from './fixtures';
import { chooseStorage, PIN_LABEL, posts, startMove } from './flow-helpers';
import { BROWSERS, type ExtensionSession, launch } from './harness';
import {
  choose,
  clickButton,
  fillLabelled,
  findByRole,
  openNumber,
  type Scope,
  tick,
  waitForText,
} from './ui';

// What the write path does when people and Meta do the unexpected: the same change started
// from two windows at once, a code sent for a change that was closed, an answer lost after
// Meta applied a register, Meta reporting a register late, Meta refusing a region-to-region
// switch, and registered numbers whose code verification Meta reports as not done.

const settings = (region: string) =>
  `settings {"storage_configuration":{"status":"IN_COUNTRY_STORAGE_ENABLED","data_localization_region":"${region}"}}`;
const register = `register {"messaging_product":"whatsapp","pin":"${SEED_PIN}"}`;

describe.each(BROWSERS)('a change that cannot race or repeat, in %s', (browserName) => {
  let session: ExtensionSession;
  useSessionWithToken(
    () => launch(browserName),
    (s) => (session = s),
    { resetEachTest: true },
  );

  it('takes one of two moves started at once from two windows, and refuses the other', async () => {
    const phone = PHONES.usDefault;
    const display = phone.display_phone_number;
    // Meta is slow to deregister, so the second start arrives while the first runs.
    session.sandbox.setLatency({ ms: 1500, match: { method: 'POST', path: '/deregister' } });
    const first = await openNumber(session, display);
    const second = await openNumber(session, display);
    const ready = async (frame: Scope, region: string) => {
      await startMoveForm(frame, display, region);
      return () => clickButton(frame, `Move ${display} to ${region}`);
    };
    const clicks = [
      await ready(first.frame, 'Germany (DE)'),
      await ready(second.frame, 'Brazil (BR)'),
    ];
    await Promise.all(clicks.map((click) => click()));
    // One of the two windows says why nothing happened there.
    await Promise.any(
      [first.frame, second.frame].map((frame) =>
        waitForText(frame, 'Another action on this number is under way'),
      ),
    );
    await waitForText(first.frame, `Confirmed by Meta: ${display} now uses`, 30_000);
    await waitForText(second.frame, `Confirmed by Meta: ${display} now uses`, 30_000);
    const sent = posts(session, phone.id);
    expect(sent.filter((p) => p === 'deregister')).toHaveLength(1);
    expect(sent.filter((p) => p.startsWith('settings'))).toHaveLength(1);
    expect(sent.filter((p) => p.startsWith('register'))).toHaveLength(1);
    expect(session.sandbox.registrationCount(phone.id)).toBe(2);
    await shootPanel(session, second.frame, 'flow-concurrent-start');
    await first.page.close();
    await second.page.close();
  });

  it('sends nothing for a code on a change that was closed', async () => {
    const phone = PHONES.needsVerification;
    const display = phone.display_phone_number;
    const { page, frame } = await openNumber(session, display);
    await fillLabelled(frame, PIN_LABEL, SEED_PIN);
    await clickButton(frame, `Register ${display}`);
    await waitForText(frame, 'verified with a code before it can be registered');
    await choose(frame, 'Text message (SMS)');
    await clickButton(frame, 'Send code');
    await waitForText(frame, `Meta sent a code to ${display}.`);
    const code = session.sandbox.lastVerificationCode(phone.id) as string;
    await clickButton(frame, 'Close this change (the number is unchanged)');
    // Closed for the background too, not only on screen.
    await vi.waitFor(
      async () => {
        const active = (await askFromPanel(frame, { type: 'flow.listActive' })) as {
          data: { phoneNumberId: string }[];
        };
        if (active.data.some((f) => f.phoneNumberId === phone.id))
          throw new Error(
            `still unfinished; the window says: ${await frame.evaluate(() => document.body.innerText)}`,
          );
      },
      { timeout: 10_000 },
    );
    await waitForText(frame, `Register ${display}`);
    const before = posts(session, phone.id);
    // A window that still shows the closed change sends its code now.
    const reply = (await askFromPanel(frame, { type: 'flow.listActive' })) as {
      data: { phoneNumberId: string }[];
    };
    expect(reply.data.filter((f) => f.phoneNumberId === phone.id)).toEqual([]);
    const flowId = await latestFlowId(frame, phone.id);
    const late = await askFromPanel(frame, {
      type: 'flow.verifyCode',
      flowId,
      code,
      pin: SEED_PIN,
    });
    expect(late).toMatchObject({ ok: false, error: { category: 'not-awaiting-code' } });
    expect(posts(session, phone.id)).toEqual(before);
    expect(session.sandbox.phone(phone.id)).toMatchObject({ platform_type: 'NOT_APPLICABLE' });
    await page.close();
  });

  it('settles a 5xx at register that Meta applied by reading, without a second register', async () => {
    const phone = PHONES.unregistered;
    const display = phone.display_phone_number;
    session.sandbox.injectFault({
      kind: 'http500',
      applied: true,
      match: { method: 'POST', path: '/register' },
    });
    const { page, frame } = await openNumber(session, display);
    await fillLabelled(frame, PIN_LABEL, SEED_PIN);
    await clickButton(frame, `Register ${display}`);
    await waitForText(frame, 'outcome unknown');
    await fillLabelled(frame, PIN_LABEL, SEED_PIN);
    await clickButton(frame, 'Resume');
    // Resume waits until the call cannot still be on its way (20 s), reads, and finds it done.
    await waitForText(frame, `Confirmed by Meta: ${display} now uses`, 45_000);
    expect(posts(session, phone.id)).toEqual([register]);
    await page.close();
  });

  it('waits for Meta to report a register late, showing it, and never registers twice', async () => {
    const phone = PHONES.unregistered;
    const display = phone.display_phone_number;
    session.sandbox.configure({ registrationReportDelayMs: 5_000 });
    const { page, frame } = await openNumber(session, display);
    // The sandbox was reset since the last test registered it: read it again, and wait for
    // the form an unregistered number gets.
    await clickButton(frame, 'Refresh');
    await waitForText(frame, 'Not registered');
    await findByRole(frame, 'button', `Register ${display}`);
    await fillLabelled(frame, PIN_LABEL, SEED_PIN);
    await clickButton(frame, `Register ${display}`);
    await waitForText(frame, 'waiting for Meta to report the change (check 2 of 5');
    await shootPanel(session, frame, 'flow-waiting-for-meta');
    await waitForText(frame, `Confirmed by Meta: ${display} now uses`, 30_000);
    expect(posts(session, phone.id)).toEqual([register]);
    await page.close();
  });

  it('turns storage off and on again when Meta refuses a region-to-region switch', async () => {
    const phone = PHONES.brazil;
    const display = phone.display_phone_number;
    session.sandbox.configure({ refuseRegionToRegion: true });
    const { page, frame } = await openNumber(session, display);
    await startMove(frame, display, 'India (IN)', SEED_PIN);
    await waitForText(
      frame,
      `Confirmed by Meta: ${display} now uses India (IN) and is Registered.`,
    );
    expect(posts(session, phone.id)).toEqual([
      'deregister',
      settings('IN'),
      'settings {"storage_configuration":{"status":"IN_COUNTRY_STORAGE_DISABLED"}}',
      settings('IN'),
      register,
    ]);
    const flowId = await latestFlowId(frame, phone.id);
    const summary = await askFromPanel(frame, {
      type: 'flow.summary',
      phoneNumberId: phone.id,
    });
    expect(summary).toMatchObject({
      ok: true,
      data: { latest: { id: flowId, storagePath: 'via-default' } },
    });
    await page.close();
  });

  it.each(['notVerifiedRegistered', 'expiredRegistered'] as const)(
    'moves a registered %s number without asking for a code',
    async (key) => {
      const phone = PHONES[key];
      const display = phone.display_phone_number;
      const { page, frame } = await openNumber(session, display);
      await startMove(frame, display, 'Germany (DE)', SEED_PIN);
      await waitForText(
        frame,
        `Confirmed by Meta: ${display} now uses Germany (DE) and is Registered.`,
      );
      expect(posts(session, phone.id)).toEqual(['deregister', settings('DE'), register]);
      await page.close();
    },
  );
});

/** A PNG of where the change happens: the change window, or the panel frame alone. */
async function shootPanel(session: ExtensionSession, scope: Scope, name: string) {
  // A tab in the background is not painted.
  if ('frameElement' in scope) {
    await scope.page().bringToFront();
    await session.screenshot(scope.page(), name, (await scope.frameElement()) ?? undefined);
  } else {
    await scope.bringToFront();
    await session.screenshot(scope, name);
  }
}

/** Fills the move form (region, PIN, acknowledgement) without starting it. */
async function startMoveForm(frame: Scope, display: string, region: string) {
  // Typing goes to the tab in front (Firefox sends no key events to a background tab).
  await ('frameElement' in frame ? frame.page() : frame).bringToFront();
  await chooseStorage(frame, region);
  await fillLabelled(frame, PIN_LABEL, SEED_PIN);
  await tick(
    frame,
    `I understand that ${display} stops sending and receiving messages until it is registered again.`,
  );
}

/** Sends a protocol message from the panel, an extension page, as a second window would. */
function askFromPanel(frame: Scope, message: Record<string, unknown>): Promise<unknown> {
  return frame.evaluate(async (m) => {
    const ext = (globalThis as any).browser ?? (globalThis as any).chrome;
    return ext.runtime.sendMessage(m);
  }, message);
}

/** The id of the newest change of a number, from the background's own summary. */
async function latestFlowId(frame: Scope, phoneNumberId: string): Promise<string> {
  const summary = (await askFromPanel(frame, {
    type: 'flow.summary',
    phoneNumberId,
  })) as {
    data: { latest: { id: string } };
  };
  return summary.data.latest.id;
}
