import { browser } from 'wxt/browser';
import { GraphError } from '../graph';
import {
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

/** Listens for the background's broadcasts; returns the unsubscribe function. */
export function onBroadcast(listener: (message: Broadcast) => void): () => void {
  const handler = (message: unknown) => {
    const parsed = BroadcastSchema.safeParse(message);
    if (parsed.success) listener(parsed.data);
  };
  browser.runtime.onMessage.addListener(handler);
  return () => browser.runtime.onMessage.removeListener(handler);
}
