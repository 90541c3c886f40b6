import type { ElementHandle, Frame, Page } from 'puppeteer-core';
import type { ExtensionSession } from './harness';
import { managerUrl } from './manager-urls';

// Puppeteer's selector engines run in an isolated world that Firefox does not give extension
// frames, so these helpers find controls the way a person does (role, accessible name, visible
// text) with plain evaluate calls in the document's own world, polling until they appear.

export type Scope = Page | Frame;
declare const chrome: any;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * tsx (used by `npm run demo`) compiles with esbuild's keepNames, which makes functions sent to
 * the page call a `__name` helper the page does not have. Define a harmless one first.
 */
const NAME_SHIM = 'globalThis.__name ??= (f) => f';
async function shim(scope: Scope) {
  await scope.evaluate(NAME_SHIM);
}

/** Polls `probe` in the page until it returns something truthy. */
async function poll<T>(
  scope: Scope,
  what: string,
  probe: () => Promise<T | null | false>,
  timeout: number,
) {
  const end = Date.now() + timeout;
  let lastError: unknown;
  while (Date.now() < end) {
    try {
      await shim(scope);
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error; // the document may be navigating; try again
    }
    await sleep(100);
  }
  throw new Error(
    `Timed out after ${timeout} ms waiting for ${what}${lastError ? ` (${String(lastError)})` : ''}`,
  );
}

type Role = 'button' | 'textbox' | 'spinbutton' | 'radio' | 'checkbox' | 'combobox' | 'link';

/** Finds a visible control by role and accessible name (exact, whitespace-normalised). */
export async function findByRole(
  scope: Scope,
  role: Role,
  name: string,
  timeout = 20_000,
): Promise<ElementHandle<Element>> {
  return poll(
    scope,
    `${role} "${name}"`,
    async () => {
      const handle = await scope.evaluateHandle(
        (role: string, name: string) => {
          const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
          const selectors: Record<string, string> = {
            button: 'button, [role="button"], input[type="submit"], input[type="button"]',
            textbox:
              'input:not([type]), input[type="text"], input[type="password"], input[type="search"], textarea, [role="textbox"]',
            spinbutton: 'input[type="number"], [role="spinbutton"]',
            radio: 'input[type="radio"], [role="radio"]',
            checkbox: 'input[type="checkbox"], [role="checkbox"]',
            combobox: 'select, [role="combobox"]',
            link: 'a[href], [role="link"]',
          };
          const accessibleName = (el: Element) => {
            const label = el.getAttribute('aria-label');
            if (label) return norm(label);
            const by = el.getAttribute('aria-labelledby');
            if (by)
              return norm(
                by
                  .split(' ')
                  .map((id) => document.getElementById(id)?.textContent)
                  .join(' '),
              );
            const labels = (el as HTMLInputElement).labels;
            if (labels?.length) return norm([...labels].map((l) => l.textContent).join(' '));
            return norm(el.textContent ?? (el as HTMLInputElement).value);
          };
          const visible = (el: Element) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
          };
          for (const el of document.querySelectorAll(selectors[role] ?? role)) {
            if (visible(el) && accessibleName(el) === norm(name)) return el;
          }
          return null;
        },
        role,
        name,
      );
      const element = handle.asElement() as ElementHandle<Element> | null;
      if (!element) await handle.dispose();
      return element;
    },
    timeout,
  );
}

/** Waits until the document's visible text contains `text`. */
export async function waitForText(scope: Scope, text: string, timeout = 20_000) {
  await poll(
    scope,
    `text "${text}"`,
    () =>
      scope.evaluate(
        (t: string) => (document.body?.textContent ?? '').replace(/\s+/g, ' ').includes(t),
        text,
      ),
    timeout,
  );
}

export async function fillLabelled(scope: Scope, label: string, value: string) {
  const input = await findByRole(scope, 'textbox', label);
  await input.evaluate((el) => {
    (el as HTMLInputElement).focus();
    (el as HTMLInputElement).select?.();
  });
  await input.type(value);
}

export async function clickButton(scope: Scope, name: string, timeout?: number) {
  const button = await findByRole(scope, 'button', name, timeout);
  await poll(
    scope,
    `button "${name}" to be enabled`,
    () => button.evaluate((b) => !(b as HTMLButtonElement).disabled),
    20_000,
  );
  // A DOM click: puppeteer's mouse sometimes misses controls in out-of-process frames after
  // the frame resizes; the button still has to be found by role and name, visible and enabled.
  await button.evaluate((b) => (b as HTMLElement).click());
}

/** Follows a link by its accessible name (a DOM click; see clickButton). */
export async function clickLink(scope: Scope, name: string) {
  const link = await findByRole(scope, 'link', name);
  await link.evaluate((a) => (a as HTMLElement).click());
}

/** The text of the first role="status" element whose text matches, once it does. */
export async function waitForStatus(
  scope: Scope,
  pattern: RegExp,
  timeout = 20_000,
): Promise<string> {
  return poll(
    scope,
    `a status matching ${pattern}`,
    () =>
      scope.evaluate(
        (source: string, flags: string) => {
          const re = new RegExp(source, flags);
          for (const el of document.querySelectorAll('[role="status"]')) {
            const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
            if (re.test(text)) return text;
          }
          return null;
        },
        pattern.source,
        pattern.flags,
      ),
    timeout,
  );
}

/** Text of the first role="alert" element, once one is shown. */
export async function waitForAlert(
  scope: Scope,
  matching?: RegExp,
  timeout = 30_000,
): Promise<string> {
  const texts = () =>
    scope.evaluate(() =>
      [...document.querySelectorAll('[role="alert"]')].map((el) =>
        (el.textContent ?? '').replace(/\s+/g, ' ').trim(),
      ),
    );
  // Several alerts can be up at once (an offline warning and the error of a step).
  return poll(
    scope,
    matching ? `an alert matching ${matching}` : 'an alert',
    async () => (await texts()).find((text) => !matching || matching.test(text)) ?? null,
    timeout,
  );
}

/** Runs `fn` in the document's own world (works in Firefox extension frames too). */
export const evalIn = <T>(scope: Scope, fn: () => T) => scope.evaluate(fn);

/** The overlay's frame element in a Manager page (the page's view of it). */
export const OVERLAY_FRAME = 'iframe[src*="/panel.html"]';

/** The Residency overlay's frame inside a Manager page, once its document has rendered. */
export async function panelFrame(page: Page, timeout = 20_000): Promise<Frame> {
  // Re-read the frame each time: the iframe starts as about:blank, then loads panel.html.
  return poll(
    page,
    'the Residency overlay',
    async () => {
      const el = await page.$(OVERLAY_FRAME);
      const frame = await el?.contentFrame();
      if (!frame) return null;
      await shim(frame);
      const ready = await frame.evaluate(
        () => location.pathname === '/panel.html' && !!document.querySelector('main.overlay'),
      );
      return ready ? frame : null;
    },
    timeout,
  );
}

/** The centre of the overlay's frame in the page, once the frame shows and stands still. */
export async function overlayCentre(page: Page) {
  let last = '';
  return poll(
    page,
    'the overlay to show and stand still',
    async () => {
      const centre = await page.evaluate((selector) => {
        const el = document.querySelector(selector);
        if (!el || getComputedStyle(el).visibility !== 'visible') return null;
        const r = el.getBoundingClientRect();
        return r.width > 0 ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : null;
      }, OVERLAY_FRAME);
      const seen = JSON.stringify(centre);
      const still = centre && seen === last;
      last = seen;
      return still ? centre : null;
    },
    20_000,
  );
}

/**
 * Opens the overlay's card as a person does: a click on the pill where it shows on the page.
 * Returns the panel's frame with the card open.
 */
export async function openCard(page: Page): Promise<Frame> {
  const frame = await panelFrame(page);
  const open = () => frame.evaluate(() => !!document.querySelector('#overlay-card'));
  if (!(await open())) {
    // A person reads the pill before pressing it: wait until it says something.
    await poll(
      frame,
      'the pill to show a state',
      () =>
        frame.evaluate(
          () =>
            !/Checking/.test(document.querySelector('.overlay-pill')?.textContent ?? 'Checking'),
        ),
      20_000,
    );
    // The pill can still change size as it settles (a new state, a new width), so a click may
    // land beside it: as a person would, click it again where it is now, up to three times.
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1 && (await open())) break;
      const { x, y } = await overlayCentre(page);
      await page.mouse.click(x, y);
      try {
        await poll(frame, 'the overlay card to open', open, attempt < 3 ? 4_000 : 10_000);
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }
  // The frame grows to the card's size hidden, and shows a couple of frames later (so the move
  // is no layout shift): wait until a person would see the card, not just its DOM.
  await poll(
    page,
    'the overlay card to show',
    () =>
      page.evaluate((selector) => {
        const el = document.querySelector(selector);
        if (!el) return false;
        const box = el.getBoundingClientRect();
        return getComputedStyle(el).visibility === 'visible' && box.height > 120;
      }, OVERLAY_FRAME),
    10_000,
  );
  return frame;
}

/**
 * Saves a token as a person would: in the options page. On Firefox a stored token is removed
 * first, as on a fresh profile. Returns where the result is shown, and how to close it.
 */
export async function saveToken(
  session: { open(url: string): Promise<Page>; extensionUrl(p: string): string },
  token: string,
): Promise<{ scope: Scope; close(): Promise<void> }> {
  const options = await session.open(session.extensionUrl('options.html'));
  await fillLabelled(options, 'System user access token', token);
  await clickButton(options, 'Save and check token');
  return { scope: options, close: () => options.close() };
}

/** Saves a token in the options page and waits until Residency says it works (or `works`). */
export async function saveWorkingToken(
  session: { open(url: string): Promise<Page>; extensionUrl(p: string): string },
  token: string,
  works = 'Token works',
) {
  const saved = await saveToken(session, token);
  await waitForText(saved.scope, works);
  await saved.close();
}

/** Selects a radio button by its accessible name, as a click would. */
export async function choose(scope: Scope, radioName: string) {
  const radio = await findByRole(scope, 'radio', radioName);
  await radio.evaluate((r) => (r as HTMLInputElement).click());
}

/** Ticks a checkbox by its accessible name, as a click would. */
export async function tick(scope: Scope, name: string) {
  const box = await findByRole(scope, 'checkbox', name);
  await box.evaluate((b) => (b as HTMLInputElement).click());
}

/**
 * Opens a number's Manager profile page, then Residency's change window from the overlay, and
 * waits for it to offer a change. `frame` is that window (where the PIN is typed); it closes
 * with the page.
 */
export async function openNumber(session: ExtensionSession, display: string) {
  const page = await session.open(managerUrl.profile(display));
  const card = await openCard(page);
  // The way to change, or, with a change unfinished, the way back to it.
  const action = await poll(
    card,
    'a way to change Local Storage',
    () =>
      card.evaluate(
        () =>
          [...document.querySelectorAll('button')]
            .map((b) => b.textContent ?? '')
            .find((text) => text === 'Change Local Storage…' || text === 'Open the change') ?? null,
      ),
    20_000,
  );
  const before = new Set(session.browser.targets());
  await clickButton(card, action);
  const frame = await changeWindow(session, page, before);
  // The window closes itself with the page (closing it through Firefox's automation can leave
  // the next page waiting forever).
  page.once('close', () => void frame.evaluate(() => window.close()).catch(() => undefined));
  await waitForStatus(frame, new RegExp(display.replace(/[+]/g, '\\+')));
  if (action === 'Change Local Storage…') await waitForText(frame, 'Change Local Storage');
  return { page, frame };
}

/**
 * The change window the overlay opened, once it has rendered: among the pages that are not in
 * `before` (the browser's targets before the press), the one whose document is change.html.
 * Firefox lists an extension window as about:blank at first.
 */
export async function changeWindow(
  session: ExtensionSession,
  page: Page,
  before: Set<unknown>,
): Promise<Page> {
  return poll(
    page,
    'the change window',
    async () => {
      for (const target of session.browser.targets()) {
        if (target.type() !== 'page' || before.has(target)) continue;
        const candidate = await Promise.race([target.asPage(), sleep(2000).then(() => null)]);
        const ready = await candidate
          ?.evaluate(
            () => location.pathname === '/change.html' && !!document.querySelector('#root > *'),
          )
          .catch(() => false);
        if (candidate && ready) return candidate as Page;
      }
      return null;
    },
    30_000,
  );
}

/**
 * Presses a button from the keyboard: a trusted user activation, which the clipboard needs
 * (a scripted click is not one).
 */
export async function pressButton(scope: Scope, name: string) {
  const button = await findByRole(scope, 'button', name);
  // As a person tabs to it: the key goes where the focus is, once it is there.
  await poll(
    scope,
    `the focus on "${name}"`,
    () => button.evaluate((b) => (b as HTMLElement).focus() ?? document.activeElement === b),
    5000,
  );
  const page = 'page' in scope && typeof scope.page === 'function' ? scope.page() : scope;
  await (page as Page).keyboard.press('Enter');
}

/** Pastes the clipboard into a labelled field, as Ctrl+V would, and returns the field's value. */
export async function pasteInto(page: Page, label: string): Promise<string> {
  const field = await findByRole(page, 'textbox', label);
  await field.focus();
  await page.keyboard.press('KeyV', { commands: ['Paste'] });
  return field.evaluate((input) => (input as HTMLInputElement).value);
}

/**
 * What has the keyboard focus in a document, named as a person hears it (a field by its
 * label, anything else by its text or label); null while the document does not have the focus.
 */
export const focusedName = (scope: Scope) =>
  scope.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!document.hasFocus() || !el || el === document.body) return null;
    const label = (el as HTMLInputElement).labels?.[0]?.textContent;
    const name = el.getAttribute('aria-label') ?? (label || el.textContent) ?? '';
    return name.replace(/\s+/g, ' ').trim();
  });

/**
 * Moves the focus with Tab (or Shift+Tab) only, as a keyboard user does, until `arrived` says
 * it is where it should be; fails after `max` presses.
 */
export async function tabUntil(
  keyboardOf: Page,
  what: string,
  arrived: () => Promise<boolean>,
  { back = false, max = 40 } = {},
) {
  for (let presses = 0; presses <= max; presses++) {
    if (await arrived().catch(() => false)) return;
    if (back) await keyboardOf.keyboard.down('Shift');
    await keyboardOf.keyboard.press('Tab');
    if (back) await keyboardOf.keyboard.up('Shift');
    await sleep(50);
  }
  throw new Error(`${max} presses of ${back ? 'Shift+' : ''}Tab did not reach ${what}`);
}

/** Tabs to the control whose name matches, in `scope` (a page, or a frame inside `keyboardOf`). */
export const tabTo = (keyboardOf: Page, scope: Scope, name: string | RegExp, back = false) =>
  tabUntil(
    keyboardOf,
    `"${name}"`,
    async () => {
      const focused = await focusedName(scope);
      return !!focused && (typeof name === 'string' ? focused === name : name.test(focused));
    },
    { back },
  );

/**
 * Sets a labelled select or date field as picking a value would: the value changes and the
 * page gets its input and change events. `value` is an option's visible text for a select,
 * the field's value (e.g. YYYY-MM-DD) otherwise.
 */
export async function setLabelledValue(scope: Scope, label: string, value: string) {
  await shim(scope);
  const done = await poll(
    scope,
    `a field labelled "${label}"`,
    () =>
      scope.evaluate(
        (label: string, value: string) => {
          const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
          const field = [...document.querySelectorAll('select, input')].find((el) =>
            [...((el as HTMLInputElement).labels ?? [])].some((l) => norm(l.textContent) === label),
          ) as HTMLInputElement | HTMLSelectElement | undefined;
          if (!field) return null;
          let next = value;
          if (field instanceof HTMLSelectElement) {
            const option = [...field.options].find((o) => norm(o.textContent) === value);
            if (!option) return null;
            next = option.value;
          }
          const proto = Object.getPrototypeOf(field);
          Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, next);
          field.dispatchEvent(new Event('input', { bubbles: true }));
          field.dispatchEvent(new Event('change', { bubbles: true }));
          return field.value === next;
        },
        label,
        value,
      ),
    20_000,
  );
  return done;
}
