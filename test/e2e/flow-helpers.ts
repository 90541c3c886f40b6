import type { Frame, Page } from 'puppeteer-core';
import { expect, vi } from 'vitest';
import type { ExtensionSession } from './harness';
import { choose, clickButton, fillLabelled, openNumber, tick, waitForText } from './ui';

// Shared by the change-flow tests: what a person does to start a change, and what the sandbox
// received for it.

export const PIN_LABEL = 'Two-step verification PIN (6 digits)';

/** The POST bodies the sandbox received for a number, in order, as "path body". */
export function posts(session: ExtensionSession, phoneNumberId: string) {
  return session.sandbox
    .requests()
    .filter(
      (r) =>
        r.host === 'graph.facebook.com' && r.method === 'POST' && r.path.includes(phoneNumberId),
    )
    .map((r) =>
      `${r.path.replace(/^\/v\d+\.0\/\d+\//, '')} ${r.body === null ? '' : JSON.stringify(r.body)}`.trim(),
    );
}

export const START_CHANGE = 'Choose new storage…';

/** Starts a change and picks where data should go, as a person would: the region list becomes the choice. */
export async function chooseStorage(scope: Page | Frame, choice: string) {
  await clickButton(scope, START_CHANGE);
  await choose(scope, choice);
}

/** Chooses a region, types the PIN, confirms and starts the guided move, as a person would. */
export async function startMove(scope: Page | Frame, display: string, region: string, pin: string) {
  await chooseStorage(scope, region);
  await fillLabelled(scope, PIN_LABEL, pin);
  await tick(
    scope,
    `I understand that ${display} stops sending and receiving messages until it is registered again.`,
  );
  await clickButton(scope, `Move ${display} to ${region}`);
}

/** Waits until the sandbox has received a POST to this endpoint of the number. */
export const waitForPost = (session: ExtensionSession, phoneNumberId: string, endpoint: string) =>
  vi.waitFor(
    () => expect(posts(session, phoneNumberId).some((p) => p.startsWith(endpoint))).toBe(true),
    {
      timeout: 10_000,
    },
  );

/** Makes Meta refuse the next register call, once, with this error. */
export function refuseNextRegister(session: ExtensionSession, code: number, message: string) {
  session.sandbox.injectGraphError({
    error: { code, message },
    count: 1,
    match: { method: 'POST', path: '/register' },
  });
}

/**
 * Two calls to Meta on an unregistered number, as a person makes them from the overlay's change
 * window: storage in Germany, then register with the PIN.
 */
export async function storeInGermanyThenRegister(
  session: ExtensionSession,
  display: string,
  pin: string,
) {
  const { page, frame } = await openNumber(session, display);
  await chooseStorage(frame, 'Germany (DE)');
  await clickButton(frame, `Store data in Germany (DE) for ${display}`);
  await waitForText(frame, `${display} now uses Germany (DE)`);
  await fillLabelled(frame, PIN_LABEL, pin);
  await clickButton(frame, `Register ${display}`);
  await waitForText(frame, 'and is Registered.');
  await page.close();
}
