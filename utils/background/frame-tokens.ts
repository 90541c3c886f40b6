import { storage } from 'wxt/utils/storage';
import { z } from 'zod';

/**
 * One-time tokens for the panel frames content scripts put into Manager tabs. Firefox gives an
 * extension frame no way to learn who frames it, so the background hands the content script a
 * token that travels in the frame's URL: a panel counts only with the token issued for its own
 * tab, and only from the first frame that used it. Kept in session storage so a restarted
 * service worker still knows the frames it allowed.
 */
const FrameTokensSchema = z.record(
  z.string(),
  z.object({ token: z.string(), frameId: z.number().int().optional() }),
);
const frameTokensItem = storage.defineItem<unknown>('session:frameTokens');

// Reads and writes one at a time, so two frames racing for a fresh token cannot both claim it.
let queue: Promise<unknown> = Promise.resolve();
function serialized<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
}

async function readTokens() {
  const parsed = FrameTokensSchema.safeParse(await frameTokensItem.getValue());
  return parsed.success ? parsed.data : {};
}

/** A new token for the panel frame of a tab; any earlier one of that tab stops counting. */
export const issueFrameToken = (tabId: number): Promise<string> =>
  serialized(async () => {
    const token = crypto.randomUUID();
    await frameTokensItem.setValue({ ...(await readTokens()), [tabId]: { token } });
    return token;
  });

/** Is `token` the one issued for this tab, used by this frame (the first to present it)? */
export const frameTokenValid = (
  tabId: number | undefined,
  frameId: number | undefined,
  token: string | undefined,
): Promise<boolean> =>
  serialized(async () => {
    if (tabId === undefined || frameId === undefined || !token) return false;
    const tokens = await readTokens();
    const issued = tokens[tabId];
    if (!issued || issued.token !== token) return false;
    if (issued.frameId === undefined) {
      await frameTokensItem.setValue({ ...tokens, [tabId]: { token, frameId } });
      return true;
    }
    return issued.frameId === frameId;
  });

export const forgetFrameToken = (tabId: number) =>
  serialized(async () => {
    const { [tabId]: _gone, ...rest } = await readTokens();
    await frameTokensItem.setValue(rest);
  });
