import { useEffect, useState } from 'react';
import { ErrorNotice } from '@/components/ErrorNotice';
import { EvidenceReport } from '@/components/EvidenceReport';
import { evidenceFileName } from '@/utils/evidence';
import { periodFromSearch, type ReportPeriod, searchFromPeriod } from '@/utils/evidence/report';
import { t, uiLanguage } from '@/utils/i18n';
import { download } from '@/utils/ui/download';
import { useReportStore } from '@/utils/ui-store/report-store';

const DAY_FIELDS = [
  { edge: 'fromDay', label: 'reportFrom' },
  { edge: 'toDay', label: 'reportTo' },
] as const;

/**
 * The evidence report page: its settings (the period, print, the JSON it hashes), which do
 * not print, above the report itself. The period lives in the URL, so a report can be
 * bookmarked and opened again for the same days.
 */
export function ConnectedEvidenceReport() {
  const locale = uiLanguage();
  const [period, setPeriod] = useState<ReportPeriod>(() =>
    periodFromSearch(location.search, Date.now()),
  );
  const phase = useReportStore((s) => s.phase);
  const report = useReportStore((s) => s.report);
  const scan = useReportStore((s) => s.scan);
  const policy = useReportStore((s) => s.policy);
  const user = useReportStore((s) => s.user);
  const apiVersion = useReportStore((s) => s.apiVersion);
  const generatedAt = useReportStore((s) => s.generatedAt);
  const error = useReportStore((s) => s.error);

  useEffect(() => {
    history.replaceState(null, '', `${location.pathname}${searchFromPeriod(period)}`);
    void useReportStore.getState().load(period);
  }, [period]);

  const choose = (edge: 'fromDay' | 'toDay', day: string) => {
    const next = { fromDay: period.fromDay, toDay: period.toDay, [edge]: day };
    // An empty or reversed pair falls back to the last 30 days; keep what was typed instead.
    if (!day || next.fromDay > next.toDay) return;
    setPeriod(periodFromSearch(searchFromPeriod(next), Date.now()));
  };

  return (
    <main className="page report-page stack">
      <section className="report-controls no-print row" aria-label={t('reportControls')}>
        {DAY_FIELDS.map(({ edge, label }) => (
          <label className="field" key={edge}>
            {t(label)}
            <input
              type="date"
              value={period[edge]}
              min={edge === 'toDay' ? period.fromDay : undefined}
              max={edge === 'fromDay' ? period.toDay : undefined}
              onChange={(e) => choose(edge, e.currentTarget.value)}
            />
          </label>
        ))}
        <button
          type="button"
          className="primary"
          disabled={phase !== 'ready'}
          onClick={() => print()}
        >
          {t('reportPrint')}
        </button>
        <button
          type="button"
          disabled={!report}
          onClick={() =>
            report &&
            download(
              evidenceFileName('json', generatedAt ?? Date.now()),
              'application/json',
              report.evidenceJson,
            )
          }
        >
          {t('reportDownloadJson')}
        </button>
        <p className="hint">{t('reportPrintHint')}</p>
      </section>
      {phase === 'loading' && <p role="status">{t('reportLoading')}</p>}
      {phase === 'failed' && error && <ErrorNotice error={error} summary={t('reportLoadFailed')} />}
      {phase === 'no-scan' && <p className="notice">{t('reportNoScan')}</p>}
      {phase === 'ready' && report && scan && policy && user && (
        <EvidenceReport
          report={report}
          scan={scan}
          policy={policy}
          user={user}
          apiVersion={apiVersion ?? ''}
          generatedAt={generatedAt ?? Date.now()}
          period={period}
          locale={locale}
        />
      )}
    </main>
  );
}
