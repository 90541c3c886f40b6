import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PHONES, SEED_PIN } from '../sandbox';
import { violations } from './axe';
import { useSessionWithToken } from './fixtures';
import { chooseStorage, PIN_LABEL, startMove } from './flow-helpers';
import { BROWSERS, type ExtensionSession, launch } from './harness';
import {
  clickButton,
  fillLabelled,
  findByRole,
  openNumber,
  pasteInto,
  pressButton,
  setLabelledValue,
  waitForStatus,
  waitForText,
} from './ui';

/** What the history shows, as text per change: its heading, its summary line, its calls. */
function shownChanges(page: Page) {
  return page.evaluate(() => {
    const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    return [...document.querySelectorAll('article.audit-group')].map((group) => ({
      heading: text(group.querySelector('h3')),
      summary: text(group.querySelector('h3 + p')),
      calls: [...group.querySelectorAll('.audit-call')].map((call) => ({
        action: text(call.querySelector('.audit-call-action')),
        result: text(call.querySelector('dd[data-tone]')),
        storage: text(
          [...call.querySelectorAll('dt')].find((dt) => text(dt) === 'Storage')
            ?.nextElementSibling ?? null,
        ),
        trace: text(call.querySelector('code.trace-id')),
      })),
    }));
  });
}

/**
 * Whether numbers, trace IDs and times each sit on one line, and whether the history fits
 * the width a person has (nothing of it past the viewport's inline end).
 */
function layout(page: Page) {
  return page.evaluate(() => {
    const oneLine = (el: Element) => {
      const box = el.getBoundingClientRect();
      const line = Number.parseFloat(getComputedStyle(el).lineHeight) || 18;
      return box.height > 0 && box.height < line * 1.6;
    };
    const tokens = [
      ...document.querySelectorAll(
        '.audit-group-heading [dir="ltr"], code.trace-id, .audit-call-time',
      ),
    ];
    const history = document.querySelector('section.audit') as HTMLElement;
    const overflowing = [...history.querySelectorAll('*')].filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && (box.right > innerWidth + 0.5 || box.left < -0.5);
    });
    return {
      tokens: tokens.length,
      wrapped: tokens.filter((el) => !oneLine(el)).map((el) => el.textContent),
      overflowing: overflowing.map((el) => `${el.tagName}.${el.className}`),
    };
  });
}

// The change history as people read it, after real changes in the production build: grouped
// by change, in words, with Meta's error explained, filtered by number, trace IDs copied whole.
describe.each(BROWSERS)('the readable change history in %s', (browserName) => {
  let session: ExtensionSession;
  const moved = PHONES.noStorage;
  const enabled = PHONES.unregistered;

  useSessionWithToken(
    () => launch(browserName),
    (s) => (session = s),
  );
  beforeAll(async () => {
    // A guided move from No Storage to Singapore, with a wrong PIN first (Meta's 133005).
    const move = await openNumber(session, moved.display_phone_number);
    await startMove(move.frame, moved.display_phone_number, 'Singapore (SG)', '111111');
    await waitForText(move.frame, 'Wrong PIN');
    await fillLabelled(move.frame, PIN_LABEL, SEED_PIN);
    await clickButton(move.frame, 'Resume');
    await waitForText(
      move.frame,
      `Confirmed by Meta: ${moved.display_phone_number} now uses Singapore (SG) and is Registered.`,
    );
    await move.page.close();

    // In-country storage for an unregistered number: a change of one call.
    const enable = await openNumber(session, enabled.display_phone_number);
    await chooseStorage(enable.frame, 'Germany (DE)');
    await clickButton(
      enable.frame,
      `Store data in Germany (DE) for ${enabled.display_phone_number}`,
    );
    await waitForText(enable.frame, `${enabled.display_phone_number} now uses Germany (DE)`);
    await enable.page.close();
  }, 240_000);

  it('shows each change as a group of worded calls, newest first', async () => {
    const options = await session.open(session.extensionUrl('options.html'));
    await waitForStatus(options, /^Changes shown: 2 of 2$/);
    const changes = await shownChanges(options);
    expect(changes.map((c) => c.heading)).toEqual([
      `${enabled.display_phone_number}Default storage (United States) → Germany`,
      `${moved.display_phone_number}No Storage → Singapore`,
    ]);
    // When it ran: one time, or from – to (all four calls can fall within one second).
    expect(changes[1]?.summary).toMatch(new RegExp(`^Finished · .*${new Date().getFullYear()}`));
    expect(
      changes[1]?.calls.map(({ action, result, storage }) => ({ action, result, storage })),
    ).toEqual([
      { action: 'Deregistered', result: 'Done', storage: 'No Storage' },
      {
        action: 'Set Local Storage to Singapore',
        result: 'Done',
        storage: 'No Storage → Singapore',
      },
      {
        action: 'Register',
        result:
          "Refused by Meta: Wrong PINThe two-step verification PIN does not match this number's PIN.Meta error code 133005",
        storage: 'Singapore',
      },
      { action: 'Registered', result: 'Done', storage: 'Singapore' },
    ]);
    // Every call carries Meta's trace ID, whole.
    for (const call of changes.flatMap((c) => c.calls)) expect(call.trace).toMatch(/^A[\w-]{22}$/);

    // Every control named, every colour readable: axe-core finds nothing in the history.
    expect(await violations(options)).toEqual([]);
    const wide = await layout(options);
    expect(wide.tokens).toBeGreaterThanOrEqual(12);
    expect(wide).toMatchObject({ wrapped: [], overflowing: [] });
    await options.setViewport({ width: 1280, height: 1500 });
    await (await options.$('section.audit'))?.evaluate((el) => el.scrollIntoView());
    await session.screenshot(options, 'history-grouped');

    // At 320 CSS px the history still reads: nothing past the edge, no token broken.
    await options.setViewport({ width: 320, height: 1400 });
    await waitForStatus(options, /^Changes shown: 2 of 2$/);
    expect(await layout(options)).toMatchObject({ wrapped: [], overflowing: [] });
    await (await options.$('ol.audit-groups'))?.evaluate((el) => el.scrollIntoView());
    await session.screenshot(options, 'history-320px');
    await options.close();
  });

  it('narrows to one number, and to a period', async () => {
    const options = await session.open(session.extensionUrl('options.html'));
    await waitForStatus(options, /^Changes shown: 2 of 2$/);
    await setLabelledValue(options, 'Number', moved.display_phone_number);
    await waitForStatus(options, /^Changes shown: 1 of 2$/);
    const changes = await shownChanges(options);
    expect(changes.map((c) => c.heading)).toEqual([
      `${moved.display_phone_number}No Storage → Singapore`,
    ]);
    expect(changes[0]?.calls).toHaveLength(4);

    // A period that ended yesterday holds none of today's changes.
    const yesterday = await options.evaluate(() => {
      const d = new Date();
      d.setDate(d.getDate() - 1);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    });
    await setLabelledValue(options, 'To (date)', yesterday);
    await waitForStatus(options, /^Changes shown: 0 of 2$/);
    await waitForText(options, 'No changes match these filters.');
    await clickButton(options, 'Show all changes');
    await waitForStatus(options, /^Changes shown: 2 of 2$/);
    await options.close();
  });

  it('copies a trace ID whole', async () => {
    const options = await session.open(session.extensionUrl('options.html'));
    await waitForStatus(options, /^Changes shown: 2 of 2$/);
    const [newest] = (await shownChanges(options)).flatMap((c) => c.calls);
    const trace = newest?.trace ?? '';
    expect(trace).toMatch(/^A[\w-]{22}$/);
    await pressButton(options, `Copy trace ID ${trace}`);
    await waitForText(options, 'Trace ID copied');
    // Pasted where a person would paste it: the whole ID, hyphens and all.
    const field = await session.open(session.extensionUrl('popup.html'));
    if (browserName === 'firefox') {
      const input = await findByRole(field, 'textbox', 'Phone number ID');
      await input.focus();
      await field.keyboard.down('Control');
      await field.keyboard.press('KeyV');
      await field.keyboard.up('Control');
      expect(await input.evaluate((el) => (el as HTMLInputElement).value)).toBe(trace);
    } else expect(await pasteInto(field, 'Phone number ID')).toBe(trace);
    await field.close();
    await options.close();
  });
});
