import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { type FlowState, FlowStateSchema, isActive, recoverAfterRestart } from './machine';

/**
 * The journal: every flow, written before and after each step, in local storage so it outlives
 * the popup, the service worker and the browser. One active flow per number.
 */
const journalItem = storage.defineItem<unknown>('local:flowJournal');
let writes: Promise<unknown> = Promise.resolve();

async function readAll(): Promise<Record<string, FlowState>> {
  const raw = await journalItem.getValue();
  if (!raw || typeof raw !== 'object') return {};
  // Validate entry by entry: one damaged flow must not hide the others.
  const out: Record<string, FlowState> = {};
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    const parsed = FlowStateSchema.safeParse(value);
    if (parsed.success) out[id] = parsed.data;
  }
  return out;
}

function queue<T>(task: () => Promise<T>): Promise<T> {
  const next = writes.catch(() => undefined).then(task);
  writes = next;
  return next;
}

export const journal = {
  all: readAll,
  get: async (id: string) => (await readAll())[id] ?? null,
  /** The unfinished flow of a number, if any. */
  activeFor: async (phoneNumberId: string) =>
    Object.values(await readAll()).find((f) => f.phoneNumberId === phoneNumberId && isActive(f)) ??
    null,
  /** The newest flow of a number, finished or not (to show the confirmed result). */
  latestFor: async (phoneNumberId: string) =>
    Object.values(await readAll())
      .filter((f) => f.phoneNumberId === phoneNumberId)
      .sort((a, b) => b.createdAt - a.createdAt)[0] ?? null,
  save: (state: FlowState) =>
    queue(async () => {
      const all = await readAll();
      all[state.id] = FlowStateSchema.parse(state);
      await journalItem.setValue(all);
    }),
  /**
   * Saves a new flow unless its number already has an unfinished one, in one step: two starts
   * cannot both pass the check. Returns the unfinished flow that stopped it, or null.
   */
  createIfNoneActive: (state: FlowState) =>
    queue(async () => {
      const all = await readAll();
      const active = Object.values(all).find(
        (f) => f.phoneNumberId === state.phoneNumberId && f.id !== state.id && isActive(f),
      );
      if (active) return active;
      all[state.id] = FlowStateSchema.parse(state);
      await journalItem.setValue(all);
      return null;
    }),
  /** Saves several flows in one write (a move retired and its "go back" begun, together). */
  saveAll: (states: FlowState[]) =>
    queue(async () => {
      const all = await readAll();
      for (const state of states) all[state.id] = FlowStateSchema.parse(state);
      await journalItem.setValue(all);
    }),
  remove: (id: string) =>
    queue(async () => {
      const all = await readAll();
      delete all[id];
      await journalItem.setValue(all);
    }),
  /** At background start-up: steps cut off mid-call become 'unknown'. Returns those flows. */
  recoverAll: (now = Date.now()) =>
    queue(async () => {
      const all = await readAll();
      const recovered: FlowState[] = [];
      for (const [id, state] of Object.entries(all)) {
        const next = recoverAfterRestart(state, now);
        if (next !== state) recovered.push(next);
        all[id] = next;
      }
      await journalItem.setValue(all);
      return recovered;
    }),
};

export const JournalSchema = z.record(z.string(), FlowStateSchema);
