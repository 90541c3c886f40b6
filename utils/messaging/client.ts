import { browser } from 'wxt/browser';
import { GraphError } from '../graph';
import {
  BROADCAST_PORT,
  type Broadcast,
  BroadcastSchema,
  EnvelopeSchema,
  type ReplyOf,
  ReplySchemas,
  type RequestOf,
  type RequestType,
} from './protocol';

/**
 * Asks the background and validates its reply.
 * @example const ctx = await ask({ type: 'tab.context', tabId });
 */
export async function ask<T extends RequestType>(request: RequestOf<T>): Promise<ReplyOf<T>> {
  let raw: unknown;
  try {
    raw = await browser.runtime.sendMessage(request);
  } catch (cause) {
    throw GraphError.internal(`The extension's background did not answer: ${String(cause)}`);
  }
  const envelope = EnvelopeSchema.safeParse(raw);
  if (!envelope.success)
    throw GraphError.internal('The background sent a reply Residency cannot read.');
  if (!envelope.data.ok) throw GraphError.fromJSON(envelope.data.error);
  const data = ReplySchemas[request.type].safeParse(envelope.data.data);
  if (!data.success)
    throw GraphError.internal('The background sent a reply Residency cannot read.');
  return data.data as ReplyOf<T>;
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
      const parsed = BroadcastSchema.safeParse(message);
      if (parsed.success) listener(parsed.data);
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
