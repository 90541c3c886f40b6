import { afterAll, beforeAll, beforeEach } from 'vitest';
import { SANDBOX_TOKEN } from '../sandbox';
import type { ExtensionSession } from './harness';
import { clickButton, saveWorkingToken, waitForText } from './ui';

/**
 * One browser for a describe block, as a person has it after setting Residency up: a token
 * saved in the options page and checked. Closed after the block; with `resetEachTest` the
 * sandbox starts every test from its seed; with `scanFleet` the overview has read every number.
 * @example
 *   let session: ExtensionSession;
 *   useSessionWithToken(() => launch(browserName), (s) => (session = s), { resetEachTest: true });
 */
export function useSessionWithToken<S extends ExtensionSession>(
  start: () => Promise<S>,
  assign: (session: S) => void,
  options: { token?: string; resetEachTest?: boolean; scanFleet?: boolean } = {},
) {
  let session: S | undefined;
  beforeAll(
    async () => {
      session = await start();
      assign(session);
      await saveWorkingToken(session, options.token ?? SANDBOX_TOKEN);
      // Every number the token reaches, read once in the overview, for tests that show them.
      if (options.scanFleet) {
        const overview = await session.open(session.extensionUrl('overview.html'));
        await clickButton(overview, 'Scan all numbers');
        await waitForText(overview, 'Scan finished.', 150_000);
        await overview.close();
      }
    },
    options.scanFleet ? 240_000 : undefined,
  );
  afterAll(async () => {
    await session?.close();
  });
  if (options.resetEachTest) beforeEach(() => session?.sandbox.reset());
}
