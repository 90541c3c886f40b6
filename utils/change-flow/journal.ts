import { auditLogItem, journalItem, StoredByNewerVersionError } from '../storage';
import { FlowStateSchema } from './flow-schema';
import { type FlowState, isActive, recoverAfterRestart } from './machine';

/**
 * The journal: every flow, written before and after each step, in local storage so it outlives
 * the popup, the service worker and the browser. One active flow per number. Its storage is
 * declared in utils/storage (a flow that does not read is kept aside there, never dropped).
 */
const readAll = () => journalItem.get();

/**
 * A change is only run while both its journal and its history can be written: when a newer
 * build of Residency stored either, nothing is saved, so no call is sent to Meta.
 */
async function assertHistoryWritable() {
  const newer = await auditLogItem.newerVersion();
  if (newer !== null)
    throw new StoredByNewerVersionError(auditLogItem.spec.key, newer, auditLogItem.spec.version);
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
  save: async (state: FlowState): Promise<void> => {
    const checked = FlowStateSchema.parse(state);
    await assertHistoryWritable();
    await journalItem.update((all) => ({ ...all, [checked.id]: checked }));
  },
  /**
   * Saves a new flow unless its number already has an unfinished one, in one step: two starts
   * cannot both pass the check. Returns the unfinished flow that stopped it, or null.
   */
  createIfNoneActive: async (state: FlowState): Promise<FlowState | null> => {
    const checked = FlowStateSchema.parse(state);
    await assertHistoryWritable();
    let active: FlowState | null = null;
    await journalItem.update((all) => {
      active =
        Object.values(all).find(
          (f) => f.phoneNumberId === checked.phoneNumberId && f.id !== checked.id && isActive(f),
        ) ?? null;
      return active ? all : { ...all, [checked.id]: checked };
    });
    return active;
  },
  /** Saves several flows in one write (a move retired and its "go back" begun, together). */
  saveAll: async (states: FlowState[]): Promise<void> => {
    const checked = states.map((state) => FlowStateSchema.parse(state));
    await assertHistoryWritable();
    await journalItem.update((all) => ({
      ...all,
      ...Object.fromEntries(checked.map((state) => [state.id, state])),
    }));
  },
  remove: async (id: string): Promise<void> => {
    await journalItem.update((all) => {
      const next = { ...all };
      delete next[id];
      return next;
    });
  },
  /** At background start-up: steps cut off mid-call become 'unknown'. Returns those flows. */
  recoverAll: async (now = Date.now()) => {
    const recovered: FlowState[] = [];
    const recover = journalItem.update((all) => {
      const next: Record<string, FlowState> = {};
      for (const [id, state] of Object.entries(all)) {
        next[id] = recoverAfterRestart(state, now);
        if (next[id] !== state) recovered.push(next[id]);
      }
      return next;
    });
    // A journal a newer build wrote stays as it is; its flows are still shown, read-only.
    await recover.catch((error) => {
      if (!(error instanceof StoredByNewerVersionError)) throw error;
    });
    return recovered;
  },
};
