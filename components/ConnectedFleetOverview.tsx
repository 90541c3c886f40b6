import { useEffect, useMemo, useState } from 'react';
import { ErrorNotice } from '@/components/ErrorNotice';
import { FleetFilters } from '@/components/FleetFilters';
import { FleetProgress } from '@/components/FleetProgress';
import { FleetTable } from '@/components/FleetTable';
import { FleetWatch } from '@/components/FleetWatch';
import { PolicyEditor } from '@/components/PolicyEditor';
import { evidenceFileName, evidenceRows, toEvidenceCsv } from '@/utils/evidence';
import { visibleRows } from '@/utils/fleet/view';
import { formatNumber, t, tPlural, uiLanguage } from '@/utils/i18n';
import { policyToJson } from '@/utils/policy';
import { type PolicyFileProblem, parsePolicyFile } from '@/utils/policy/schema';
import { download } from '@/utils/ui/download';
import { openExtensionPage } from '@/utils/ui/open-page';
import { useFleetStore } from '@/utils/ui-store/fleet-store';
import { driftedNumbers } from '@/utils/watch';

/** A refused policy file in plain words: where it is wrong and how. */
function describeProblem(p: PolicyFileProblem): string {
  switch (p.kind) {
    case 'not-json':
      return t('policyIssueNotJson', [p.detail]);
    case 'not-policy':
      return t('policyIssueNotPolicy');
    case 'version':
      return t('policyIssueVersion', [p.found]);
    case 'region':
      return t('policyIssueRegion', [p.at, p.value]);
    case 'unknown-key':
      return t('policyIssueUnknownKey', [p.at, p.keys.join(', ')]);
    case 'type':
      return t('policyIssueType', [p.at, p.expected]);
    case 'waba-id':
      return t('policyIssueWabaId', [p.at]);
    case 'other':
      return t('policyIssueOther', [p.at, p.detail]);
  }
}

/** The fleet overview page: scan, progress, filters, the table, exports and the policy. */
export function ConnectedFleetOverview() {
  const locale = uiLanguage();
  const loaded = useFleetStore((s) => s.loaded);
  const scan = useFleetStore((s) => s.scan);
  const progress = useFleetStore((s) => s.progress);
  const policy = useFleetStore((s) => s.policy);
  const filters = useFleetStore((s) => s.filters);
  const error = useFleetStore((s) => s.error);
  const retrying = useFleetStore((s) => s.retrying);
  const watch = useFleetStore((s) => s.watch);
  const watchBusy = useFleetStore((s) => s.watchBusy);
  const {
    rescan,
    retryRow,
    retryWaba,
    setFilters,
    savePolicy,
    evidenceJson,
    configureWatch,
    checkNow,
  } = useFleetStore.getState();
  const [importProblem, setImportProblem] = useState<string>();

  useEffect(() => useFleetStore.getState().start(), []);
  // Opening the overview, or coming back to it, is looking at the watch's list.
  useEffect(() => {
    const look = () => {
      if (document.visibilityState === 'visible') void useFleetStore.getState().seenWatch();
    };
    look();
    document.addEventListener('visibilitychange', look);
    return () => document.removeEventListener('visibilitychange', look);
  }, []);
  const drifted = useMemo(() => driftedNumbers(watch?.events ?? []), [watch]);

  const wabas = scan?.wabas ?? [];
  const rows = useMemo(
    () => (scan ? visibleRows(scan.rows, scan.wabas, policy, filters) : []),
    [scan, policy, filters],
  );
  const running = scan?.phase === 'wabas' || scan?.phase === 'numbers';

  const exportEvidence = async (kind: 'csv' | 'json') => {
    if (!scan) return;
    const name = evidenceFileName(kind, Date.now());
    if (kind === 'csv')
      return download(name, 'text/csv;charset=utf-8', toEvidenceCsv(evidenceRows(scan, policy)));
    const json = await evidenceJson();
    if (json !== undefined) download(name, 'application/json', json);
  };

  const importPolicy = async (file: File) => {
    const parsed = parsePolicyFile(await file.text());
    if (!parsed.ok) return setImportProblem(describeProblem(parsed.problem));
    setImportProblem(undefined);
    await savePolicy(parsed.policy);
  };

  return (
    <main className="page fleet stack">
      <header className="row spread">
        <h1>{t('fleetHeading')}</h1>
        <button type="button" onClick={() => void rescan()} disabled={running}>
          {scan ? t('fleetScanAgain') : t('fleetScan')}
        </button>
      </header>
      <p className="muted">{t('fleetIntro')}</p>
      {error && <ErrorNotice error={error} />}
      {!loaded && <p role="status">{t('fleetLoading')}</p>}
      {loaded && !scan && !progress && <p>{t('fleetNoScan')}</p>}
      {scan?.phase === 'failed' && scan.error && (
        <ErrorNotice
          error={scan.error}
          onRetry={() => void rescan()}
          retryLabel={t('fleetScanAgain')}
        />
      )}
      {progress && progress.phase !== 'failed' && (
        <FleetProgress progress={progress} locale={locale} />
      )}
      {scan?.phase === 'done' && wabas.length === 0 && (
        <div className="notice" role="status">
          <p>
            <strong>{t('fleetReachesNothingTitle')}</strong>
          </p>
          <p>{t('fleetReachesNothing')}</p>
        </div>
      )}
      {wabas
        .filter((w) => w.state === 'failed' && w.error)
        .map((w) =>
          w.error ? (
            <ErrorNotice
              key={w.id}
              error={w.error}
              summary={t('fleetWabaFailed', [w.name ?? w.id])}
              onRetry={() => void retryWaba(w.id)}
              retryLabel={t('fleetRetryWaba', [w.name ?? w.id])}
            />
          ) : null,
        )}
      {scan && scan.rows.length > 0 && (
        <>
          <FleetFilters filters={filters} wabas={wabas} locale={locale} onChange={setFilters} />
          <div className="row spread">
            <p aria-live="polite">
              {tPlural('fleetShowing', scan.rows.length, [
                formatNumber(rows.length, locale),
                formatNumber(scan.rows.length, locale),
              ])}
            </p>
            <span className="row">
              <button type="button" onClick={() => void exportEvidence('csv')}>
                {t('fleetExportCsv')}
              </button>
              <button type="button" onClick={() => void exportEvidence('json')}>
                {t('fleetExportJson')}
              </button>
              <button type="button" onClick={() => void openExtensionPage('/report.html')}>
                {t('reportOpen')}
              </button>
            </span>
          </div>
          <FleetTable
            rows={rows}
            filters={filters}
            locale={locale}
            retrying={retrying}
            drifted={drifted}
            onSort={(sort, dir) => setFilters({ sort, dir })}
            onRetry={(id) => void retryRow(id)}
          />
        </>
      )}
      {watch && (
        <div className="card">
          <FleetWatch
            watch={watch}
            locale={locale}
            busy={watchBusy}
            onConfigure={(patch) => void configureWatch(patch)}
            onCheckNow={() => void checkNow()}
          />
        </div>
      )}
      {/* Drawn once the stored policy is known, so it never replaces what a person ticked. */}
      {loaded && (
        <div className="card">
          <PolicyEditor
            policy={policy}
            wabas={wabas}
            locale={locale}
            importProblem={importProblem}
            onSave={(p) => void savePolicy(p)}
            onExport={() =>
              download('residency-policy.json', 'application/json', policyToJson(policy))
            }
            onImport={(file) => void importPolicy(file)}
          />
        </div>
      )}
    </main>
  );
}
