import { createGraphClient, defaultVersion } from '../graph';
import { preferencesStore, tokenStore } from '../storage';

/** The Graph API version in force: the user's choice, else the newest live one. */
export async function effectiveVersion(now = new Date()): Promise<string> {
  return (await preferencesStore.get()).graphVersion ?? defaultVersion(now);
}

/** The one Graph client of the background. The token is read per call and never leaves here. */
export const graph = createGraphClient({
  fetch: (input, init) => fetch(input, init),
  getToken: async () => (await tokenStore.get())?.value ?? null,
  getVersion: () => effectiveVersion(),
});
