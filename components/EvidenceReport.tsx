import { ChainCheck } from '@/components/ChainCheck';
import { ReportCountsTable } from '@/components/ReportCountsTable';
import { ReportHistory } from '@/components/ReportHistory';
import { ReportNumbers } from '@/components/ReportNumbers';
import { ReportPolicy } from '@/components/ReportPolicy';
import type { EvidenceReport as Report, ReportPeriod } from '@/utils/evidence/report';
import type { ScanState } from '@/utils/fleet/model';
import { explainError, GraphError } from '@/utils/graph/errors';
import { t } from '@/utils/i18n';
import type { Policy } from '@/utils/policy';
import { formatRegion } from '@/utils/regions';
import type { ReportUser } from '@/utils/ui-store/report-store';

/** A storage group of the summary in words: the export's codes ('' = not read) named. */
function storageName(status: string, region: string, locale: string): string {
  switch (status) {
    case '':
      return t('reportNotRead');
    case 'in-country':
      return t('statusInCountry', [formatRegion(region, locale)]);
    case 'in-country-unknown-region':
      return region ? t('statusInCountryUnknown', [region]) : t('statusInCountryNoRegion');
    case 'default':
      return t('statusDefault');
    case 'no-storage':
      return t('statusNoStorage');
    default:
      return t('statusUnknown', [status]);
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A CSS string literal of any text (for the printed page margins). */
const cssString = (text: string) => `"${text.replace(/[\\"]/g, '\\$&').replace(/\n/g, ' ')}"`;

/**
 * Page numbers and the hash at the foot of every printed page, in the UI language: CSS page
 * margin boxes can only hold text given in the style sheet itself.
 */
function pageMarginsCss(hash: string) {
  const [before = '', between = '', after = ''] = t('reportPageNumber', [
    '%%PAGE%%',
    '%%PAGES%%',
  ]).split(/%%PAGES?%%/);
  return `@page {
  @bottom-right { content: ${cssString(before)} counter(page) ${cssString(between)} counter(pages) ${cssString(after)}; }
  @bottom-left { content: ${cssString(t('reportFooter', [hash.slice(0, 16)]))}; }
}`;
}

/** Who ran the report, or why Meta did not say. */
function runBy(user: ReportUser) {
  if (user.ok) return t('reportRunByUser', [user.me.user.name ?? '', user.me.user.id]);
  const explained = explainError(GraphError.fromJSON(user.error));
  const refs = [
    explained.code === undefined ? '' : `${t('supportCode')}: ${explained.code}`,
    explained.fbtraceId ? `${t('supportTrace')}: ${explained.fbtraceId}` : '',
  ].filter(Boolean);
  return `${t('reportUserUnreadable', [explained.title, explained.whatHappened])}${refs.length ? ` (${refs.join(', ')})` : ''}`;
}

/**
 * The printable evidence report: who ran it and when, the policy, the counts, the hashes,
 * every number and the change history of the period. Laid out for paper by report.css.
 */
export function EvidenceReport(props: {
  report: Report;
  scan: ScanState;
  policy: Policy;
  user: ReportUser;
  apiVersion: string;
  generatedAt: number;
  period: ReportPeriod;
  locale: string;
}) {
  const { report, scan, policy, user, apiVersion, generatedAt, period, locale } = props;
  const wabaNames = new Map(scan.wabas.map((w) => [w.id, w.name ?? '']));
  return (
    <article className="report stack">
      <style>{pageMarginsCss(report.evidenceSha256)}</style>
      <h1>{t('reportTitle')}</h1>
      <dl className="report-facts" aria-label={t('reportFactsLabel')}>
        <dt>{t('reportRunBy')}</dt>
        <dd className={user.ok ? 'run-by' : 'run-by unreadable'}>{runBy(user)}</dd>
        <dt>{t('reportCreated')}</dt>
        <dd>
          {t('reportCreatedAt', [
            iso(generatedAt),
            new Date(generatedAt).toLocaleString(locale, {
              dateStyle: 'long',
              timeStyle: 'long',
            }),
          ])}
        </dd>
        <dt>{t('reportPeriod')}</dt>
        <dd>
          {t('reportPeriodValue', [period.fromDay, period.toDay, iso(period.from), iso(period.to)])}
        </dd>
        <dt>{t('reportApiVersion')}</dt>
        <dd className="mono">{apiVersion}</dd>
        <dt>{t('reportScan')}</dt>
        <dd>
          {scan.finishedAt === undefined
            ? t('reportScanUnfinished', [iso(scan.startedAt)])
            : t('reportScanFinished', [iso(scan.startedAt), iso(scan.finishedAt)])}
        </dd>
      </dl>
      {!report.scanComplete && (
        <p className="notice warn" role="status">
          {t('reportScanIncomplete')}
        </p>
      )}

      <section className="stack" aria-labelledby="report-integrity">
        <h2 id="report-integrity">{t('reportIntegrityHeading')}</h2>
        <dl className="report-facts">
          <dt>{t('reportEvidenceHash')}</dt>
          <dd>
            <code className="hash" id="evidence-sha256">
              {report.evidenceSha256}
            </code>
          </dd>
        </dl>
        <p className="hint">{t('reportEvidenceHashHow')}</p>
        <ChainCheck verdict={report.chain} locale={locale} />
      </section>

      <section className="stack" aria-labelledby="report-policy">
        <h2 id="report-policy">{t('reportPolicyHeading')}</h2>
        <ReportPolicy
          policy={policy}
          labelledBy="report-policy"
          wabaNames={wabaNames}
          locale={locale}
        />
      </section>

      <section className="stack" aria-labelledby="report-summary">
        <h2 id="report-summary">{t('reportSummaryHeading')}</h2>
        <ReportCountsTable
          caption={t('reportByStorage')}
          groupHeader={t('columnStorage')}
          rows={report.byStorage.map((g) => ({
            key: `${g.status}:${g.region}`,
            label: storageName(g.status, g.region, locale),
            ...g,
          }))}
          total={report.totals}
          locale={locale}
        />
        <ReportCountsTable
          caption={t('reportByWaba')}
          groupHeader={t('fleetColumnWaba')}
          rows={report.byWaba.map((g) => ({
            key: g.wabaId,
            label: t('reportWaba', [g.wabaName || g.wabaId, g.wabaId]),
            ...g,
          }))}
          total={report.totals}
          locale={locale}
        />
      </section>

      <section className="stack" aria-labelledby="report-numbers">
        <h2 id="report-numbers">{t('reportNumbersHeading')}</h2>
        <p className="hint">{t('reportNumbersIntro')}</p>
        <ReportNumbers rows={report.rows} />
      </section>

      <section className="stack" aria-labelledby="report-history">
        <h2 id="report-history">{t('reportHistoryHeading')}</h2>
        <p className="hint">{t('reportHistoryIntro')}</p>
        <ReportHistory records={report.history} labelledBy="report-history" locale={locale} />
      </section>
    </article>
  );
}
