import type { Frame, Page } from 'puppeteer-core';

type Scope = Page | Frame;

/** Puppeteer's accessibility-tree selector: a control by its role and accessible name. */
export const role = (roleName: string, name: string) =>
  `::-p-aria([name=${JSON.stringify(name)}][role=${JSON.stringify(roleName)}])`;

/** Waits for visible text anywhere in the scope and returns its element. */
export async function waitForText(scope: Scope, text: string, timeout = 20_000) {
  return scope.waitForSelector(`::-p-text(${text})`, { timeout, visible: true });
}

/** Types into the control labelled `label`, as a person would. */
export async function fillLabelled(scope: Scope, label: string, value: string) {
  const input = await scope.waitForSelector(role('textbox', label), { visible: true });
  if (!input) throw new Error(`no textbox labelled ${label}`);
  await input.click({ count: 3 });
  await input.type(value);
}

export async function clickButton(scope: Scope, name: string) {
  const button = await scope.waitForSelector(role('button', name), { visible: true });
  if (!button) throw new Error(`no button named ${name}`);
  await button.click();
}

/** The text of the first role="status" element whose text matches, once it does. */
export async function waitForStatus(
  scope: Scope,
  pattern: RegExp,
  timeout = 20_000,
): Promise<string> {
  const handle = await scope.waitForFunction(
    (source: string, flags: string) => {
      const re = new RegExp(source, flags);
      for (const el of document.querySelectorAll('[role="status"]')) {
        const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
        if (re.test(text)) return text;
      }
      return false;
    },
    { timeout, polling: 100 },
    pattern.source,
    pattern.flags,
  );
  return String(await handle.jsonValue());
}

/** The Residency panel's frame inside a Manager page. */
export async function panelFrame(page: Page, timeout = 20_000): Promise<Frame> {
  const el = await page.waitForSelector('iframe[data-residency-panel]', { timeout });
  const frame = await el?.contentFrame();
  if (!frame) throw new Error('panel iframe has no frame');
  await frame.waitForSelector('main', { timeout });
  return frame;
}
