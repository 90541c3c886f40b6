import { frameTokensItem } from '../storage';

/**
 * One-time tokens for the panel frames content scripts put into Manager tabs. Firefox gives an
 * extension frame no way to learn who frames it, so the background hands the content script a
 * token that travels in the frame's URL: a panel counts only with the token issued for its own
 * tab, and only from the first frame that used it. Stored in session storage (utils/storage),
 * whose writes to one key are queued, so two frames racing for a fresh token cannot both claim it.
 */

/** A new token for the panel frame of a tab; any earlier one of that tab stops counting. */
export async function issueFrameToken(tabId: number): Promise<string> {
  const token = crypto.randomUUID();
  await frameTokensItem.update((all) => ({ ...all, [tabId]: { token } }));
  return token;
}

/** Is `token` the one issued for this tab, used by this frame (the first to present it)? */
export async function frameTokenValid(
  tabId: number | undefined,
  frameId: number | undefined,
  token: string | undefined,
): Promise<boolean> {
  if (tabId === undefined || frameId === undefined || !token) return false;
  // Every message of a panel asks this: once its frame has claimed the token, the answer comes
  // from memory (the item's memo), with no storage write queued behind the others.
  const known = (await frameTokensItem.get())[tabId];
  if (known?.token === token && known.frameId !== undefined) return known.frameId === frameId;
  let valid = false;
  await frameTokensItem.update((all) => {
    const issued = all[tabId];
    if (!issued || issued.token !== token) return all;
    valid = issued.frameId === undefined || issued.frameId === frameId;
    // The first frame to present the token claims it.
    return issued.frameId === undefined ? { ...all, [tabId]: { token, frameId } } : all;
  });
  return valid;
}

export async function forgetFrameToken(tabId: number): Promise<void> {
  await frameTokensItem.update((all) => {
    if (!(tabId in all)) return all;
    const { [tabId]: _gone, ...rest } = all;
    return rest;
  });
}
