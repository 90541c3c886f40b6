import { browser } from 'wxt/browser';
import type { SerializedGraphError } from '../graph/error-body';
import { GraphError } from '../graph/errors';
import { BROADCAST_PORT } from './port';
import type { Broadcast, ReplyOf, RequestOf, RequestType } from './protocol';

// No zod on this side: extension pages take the background's replies and broadcasts as the
// protocol types them. The background validated everything that came from outside (Graph,
// storage, messages) before it answered, and this keeps zod out of the pages' bundles.

type Envelope = { ok: true; data: unknown } | { ok: false; error: SerializedGraphError };

const isEnvelope = (raw: unknown): raw is Envelope =>
  typeof raw === 'object' &&
  raw !== null &&
  ((raw as { ok?: unknown }).ok === true ||
    ((raw as { ok?: unknown }).ok === false &&
      typeof (raw as { error?: { message?: unknown } }).error?.message === 'string'));

/**
 * Asks the background for something and returns its typed reply; a refusal becomes the
 * GraphError the background sent.
 * @example const ctx = await ask({ type: 'tab.context', tabId });
 */
export async function ask<T extends RequestType>(request: RequestOf<T>): Promise<ReplyOf<T>> {
  let raw: unknown;
  try {
    raw = await browser.runtime.sendMessage(request);
  } catch (cause) {
    throw GraphError.internal(`The extension's background did not answer: ${String(cause)}`);
  }
  // No answer at all (no listener, an older background): not a reply of this protocol.
  if (!isEnvelope(raw))
    throw GraphError.internal('The background sent a reply Residency cannot read.');
  if (!raw.ok) throw GraphError.fromJSON(raw.error);
  return raw.data as ReplyOf<T>;
}

/**
 * Listens for the background's broadcasts over a port (runtime.sendMessage from the background
 * does not reach extension frames inside web pages in Firefox). A restarted service worker
 * drops the port; it is reopened and `listener` is told with a synthetic 'token.changed' so the
 * view re-reads everything it shows. Returns the unsubscribe function.
 */
export function onBroadcast(listener: (message: Broadcast) => void): () => void {
  let port: ReturnType<typeof browser.runtime.connect> | null = null;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const connect = (isReconnect: boolean) => {
    port = browser.runtime.connect({ name: BROADCAST_PORT });
    port.onMessage.addListener((message: unknown) => {
      if (typeof (message as { type?: unknown } | null)?.type === 'string')
        listener(message as Broadcast);
    });
    port.onDisconnect.addListener(() => {
      if (!stopped) retry = setTimeout(() => connect(true), 500);
    });
    if (isReconnect) listener({ type: 'token.changed' });
  };
  connect(false);
  return () => {
    stopped = true;
    clearTimeout(retry);
    port?.disconnect();
  };
}
