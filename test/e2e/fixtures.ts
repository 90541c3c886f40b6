import { afterAll, beforeAll, beforeEach } from 'vitest';
import { SANDBOX_TOKEN } from '../sandbox';
import type { ExtensionSession } from './harness';
import { saveWorkingToken } from './ui';

/**
 * One browser for a describe block, as a person has it after setting Residency up: a token
 * saved in the options page and checked. Closed after the block; with `resetEachTest` the
 * sandbox starts every test from its seed.
 * @example
 *   let session: ExtensionSession;
 *   useSessionWithToken(() => launch(browserName), (s) => (session = s), { resetEachTest: true });
 */
export function useSessionWithToken<S extends ExtensionSession>(
  start: () => Promise<S>,
  assign: (session: S) => void,
  options: { token?: string; resetEachTest?: boolean } = {},
) {
  let session: S | undefined;
  beforeAll(async () => {
    session = await start();
    assign(session);
    await saveWorkingToken(session, options.token ?? SANDBOX_TOKEN);
  });
  afterAll(async () => {
    await session?.close();
  });
  if (options.resetEachTest) beforeEach(() => session?.sandbox.reset());
}
