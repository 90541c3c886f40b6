import { storage } from 'wxt/utils/storage';
import { type ScanState, ScanStateSchema } from '../fleet/model';

/**
 * The fleet scan's progress, so a scan survives a stopped service worker and resumes where it
 * was (utils/fleet/scan.ts). One scan at a time; a new one replaces it.
 */
const fleetScanItem = storage.defineItem<unknown>('local:fleetScan', {
  fallback: null,
  version: 1,
});

let writes: Promise<void> = Promise.resolve();

export const fleetScanStore = {
  /** The stored scan, or null when there is none or it no longer parses. */
  get: async (): Promise<ScanState | null> => {
    const parsed = ScanStateSchema.safeParse(await fleetScanItem.getValue());
    return parsed.success ? parsed.data : null;
  },
  /** Writes are queued, so an older state never lands after a newer one. */
  set: (state: ScanState) => {
    writes = writes.catch(() => undefined).then(() => fleetScanItem.setValue(state));
    return writes;
  },
  clear: () => {
    writes = writes.catch(() => undefined).then(() => fleetScanItem.removeValue());
    return writes;
  },
};
