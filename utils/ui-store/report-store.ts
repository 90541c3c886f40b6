import { create } from 'zustand';
import { buildEvidenceReport, type EvidenceReport, type ReportPeriod } from '../evidence/report';
import type { ScanState } from '../fleet/model';
import type { SerializedGraphError } from '../graph/error-body';
import { GraphError } from '../graph/errors';
import { ask } from '../messaging/client';
import type { MeReply } from '../messaging/protocol';
import type { Policy } from '../policy';

/** Who ran the report: Meta's answer to /me, or why there is none. */
export type ReportUser = { ok: true; me: MeReply } | { ok: false; error: SerializedGraphError };

export interface ReportState {
  phase: 'loading' | 'ready' | 'no-scan' | 'failed';
  user?: ReportUser;
  /** The Graph API version Residency uses (the settings' choice, else the newest live one). */
  apiVersion?: string;
  generatedAt?: number;
  scan?: ScanState;
  policy?: Policy;
  report?: EvidenceReport;
  /** Reading from the background failed (the report cannot be made). */
  error?: SerializedGraphError;
  load(period: ReportPeriod): Promise<void>;
}

const errorOf = (e: unknown) =>
  (e instanceof GraphError ? e : GraphError.internal(String(e))).toJSON();

/** Which load() is the newest: a period chosen later wins over one asked for before it. */
let latestLoad = 0;

/**
 * The evidence report's data, read from the background's typed replies (the token never
 * reaches this page): the scan, the policy, the change history and who the token is.
 * A failed /me still gives a report, which says the name could not be read and why.
 */
export const useReportStore = create<ReportState>()((rawSet) => ({
  phase: 'loading',
  async load(period) {
    // Only the newest period's answers are shown, however late an older one arrives.
    const mine = ++latestLoad;
    const set = (state: Partial<ReportState>) => {
      if (mine === latestLoad) rawSet(state);
    };
    set({ phase: 'loading', error: undefined });
    const user = ask({ type: 'me.read' }).then(
      (me): ReportUser => ({ ok: true, me }),
      (e): ReportUser => ({ ok: false, error: errorOf(e) }),
    );
    try {
      const [scan, policy, records, info] = await Promise.all([
        ask({ type: 'fleet.state' }),
        ask({ type: 'policy.get' }),
        ask({ type: 'audit.list' }),
        ask({ type: 'token.info' }),
      ]);
      const who = await user;
      const apiVersion = who.ok ? who.me.apiVersion : info.effectiveVersion;
      const generatedAt = Date.now();
      if (!scan) return set({ phase: 'no-scan', user: who, apiVersion, generatedAt });
      const report = await buildEvidenceReport({ scan, policy, records, period });
      set({ phase: 'ready', user: who, apiVersion, generatedAt, scan, policy, report });
    } catch (e) {
      set({ phase: 'failed', error: errorOf(e) });
    }
  },
}));
