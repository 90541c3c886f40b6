import { useId, useMemo, useState } from 'react';
import type { ChainVerdict } from '@/utils/audit/chain';
import type { AuditRecord, ChainedEntry } from '@/utils/audit/entry';
import {
  describeCall,
  describeGroup,
  describeTrim,
  filterHistory,
  groupHistory,
  type HistoryFilter,
  type HistoryGroup,
  historyNumbers,
  historyPeriod,
  historyTime,
} from '@/utils/audit/readable';
import { formatDateTime, formatNumber, t, tPlural } from '@/utils/i18n';
import type { StoredDataReport } from '@/utils/storage';
import { copyText } from '@/utils/ui/clipboard';
import { ChainCheck } from './ChainCheck';

const TONE = { success: 'ok', error: 'danger', unknown: 'warn' } as const;

/**
 * The local record of every state-changing call, grouped by change (newest first), in words,
 * filterable by number and period, with the check of its hash chain and exports.
 */
export function AuditLog(props: {
  entries: AuditRecord[];
  /** The chain's check; absent while it runs. */
  verdict?: ChainVerdict;
  /** The retention rule, and what it has removed so far. */
  retention?: StoredDataReport['auditRetention'];
  locale: string;
  onExportCsv(): void;
  onExportJson(): void;
}) {
  const { entries, locale } = props;
  const [filter, setFilter] = useState<HistoryFilter>({});
  const [copyResult, setCopyResult] = useState('');
  const brokenId = props.verdict?.state === 'broken' ? props.verdict.record.id : undefined;
  const numbers = useMemo(() => historyNumbers(entries), [entries]);
  const all = useMemo(() => groupHistory(entries), [entries]);
  const shown = useMemo(() => groupHistory(filterHistory(entries, filter)), [entries, filter]);
  const calls = entries.filter((e) => !('kind' in e)).length;
  const filtered = !!(filter.phoneNumberId || filter.from || filter.to);

  const copyTrace = async (traceId: string) => {
    const what = t('auditColTrace');
    setCopyResult(
      (await copyText(traceId)) ? t('copied', [what]) : t('copyFailed', [what, traceId]),
    );
  };

  return (
    <section aria-labelledby="audit-heading" className="stack audit">
      <h2 id="audit-heading">{t('auditHeading')}</h2>
      <p className="hint">{t('auditIntro')}</p>
      {props.retention && (
        <p className="hint">
          {tPlural('auditRetention', props.retention.limit, [
            formatNumber(props.retention.limit, locale),
            formatNumber(props.retention.batch, locale),
          ])}
          {props.retention.removed > 0 &&
            ` ${tPlural('auditRetentionRemoved', props.retention.removed, [
              formatNumber(props.retention.removed, locale),
              props.retention.removedThrough
                ? formatDateTime(props.retention.removedThrough, locale)
                : '',
            ])}`}
        </p>
      )}
      {entries.length > 0 && <ChainCheck verdict={props.verdict} locale={locale} />}
      <div className="row">
        <button type="button" onClick={props.onExportCsv} disabled={calls === 0}>
          {t('auditExportCsv')}
        </button>
        <button type="button" onClick={props.onExportJson} disabled={calls === 0}>
          {t('auditExportJson')}
        </button>
      </div>
      {calls === 0 ? (
        <p role="status">{t('auditEmpty')}</p>
      ) : (
        <>
          <HistoryFilters
            filter={filter}
            numbers={numbers}
            filtered={filtered}
            onChange={setFilter}
          />
          <p role="status" className="hint">
            {t('auditShown', [
              shown.length.toLocaleString(locale),
              all.length.toLocaleString(locale),
            ])}
          </p>
          <p aria-live="polite" className="hint">
            {copyResult}
          </p>
          {shown.length === 0 ? (
            <p>{t('auditFilterNone')}</p>
          ) : (
            <ol className="audit-groups">
              {shown.map((group) => (
                <li key={group.id}>
                  <Group
                    group={group}
                    locale={locale}
                    brokenId={brokenId}
                    onCopyTrace={(id) => void copyTrace(id)}
                  />
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}

function HistoryFilters(props: {
  filter: HistoryFilter;
  numbers: { phoneNumberId: string; label: string }[];
  filtered: boolean;
  onChange(filter: HistoryFilter): void;
}) {
  const id = useId();
  const { filter, onChange } = props;
  return (
    <fieldset className="bare audit-filters">
      <legend className="strong">{t('auditFilterHeading')}</legend>
      <div className="audit-filter-fields">
        <div>
          <label htmlFor={`${id}-number`}>{t('auditFilterNumber')}</label>
          <select
            id={`${id}-number`}
            value={filter.phoneNumberId ?? ''}
            onChange={(e) => onChange({ ...filter, phoneNumberId: e.target.value || undefined })}
          >
            <option value="">{t('auditFilterAllNumbers')}</option>
            {props.numbers.map((n) => (
              <option key={n.phoneNumberId} value={n.phoneNumberId}>
                {n.label}
              </option>
            ))}
          </select>
        </div>
        {(['from', 'to'] as const).map((end) => (
          <div key={end}>
            <label htmlFor={`${id}-${end}`}>
              {t(end === 'from' ? 'auditFilterFrom' : 'auditFilterTo')}
            </label>
            <input
              id={`${id}-${end}`}
              type="date"
              value={filter[end] ?? ''}
              // The period cannot end before it starts.
              {...(end === 'from' ? { max: filter.to } : { min: filter.from })}
              onChange={(e) => onChange({ ...filter, [end]: e.target.value || undefined })}
            />
          </div>
        ))}
      </div>
      {props.filtered && (
        <button type="button" className="link" onClick={() => onChange({})}>
          {t('auditFilterClear')}
        </button>
      )}
    </fieldset>
  );
}

function Group(props: {
  group: HistoryGroup;
  locale: string;
  brokenId?: string;
  onCopyTrace(traceId: string): void;
}) {
  const { group, locale } = props;
  const headingId = useId();
  if (group.kind === 'trim') {
    return (
      <article className="audit-group audit-trim" aria-labelledby={headingId}>
        <h3 id={headingId} className="audit-group-heading">
          {t('auditTrimHeading')}
        </h3>
        <p className="flush">{describeTrim(group.trim, locale)}</p>
        <p className="hint flush">
          <time dateTime={group.trim.at}>{historyTime(group.trim.at, locale)}</time>
        </p>
        {group.trim.id === props.brokenId && (
          <strong className="broken">{t('auditChainRowBroken')}</strong>
        )}
      </article>
    );
  }
  const words = describeGroup(group, locale);
  const time = historyPeriod(words.from, words.to, locale);
  return (
    <article className="audit-group" aria-labelledby={headingId}>
      <h3 id={headingId} className="audit-group-heading">
        <span className="nowrap" dir="ltr">
          {words.number}
        </span>
        {words.storage && <span className="audit-group-storage">{words.storage}</span>}
      </h3>
      <p className="hint flush">
        <span data-tone={TONE[words.outcome]}>{words.result}</span>
        {' · '}
        {time}
        {group.loose && ` · ${t('auditGroupLoose')}`}
      </p>
      <ol className="audit-calls">
        {group.calls.map((call) => (
          <Call
            key={call.id}
            call={call}
            locale={locale}
            broken={call.id === props.brokenId}
            onCopyTrace={props.onCopyTrace}
          />
        ))}
      </ol>
    </article>
  );
}

function Call(props: {
  call: ChainedEntry;
  locale: string;
  broken: boolean;
  onCopyTrace(traceId: string): void;
}) {
  const words = describeCall(props.call, props.locale);
  return (
    <li className="audit-call" data-outcome={words.outcome}>
      <dl className="audit-call-facts">
        <dt className="visually-hidden">{t('auditColTime')}</dt>
        <dd className="audit-call-time">
          <time dateTime={words.at}>{historyTime(words.at, props.locale)}</time>
        </dd>
        <dt className="visually-hidden">{t('auditColAction')}</dt>
        <dd className="audit-call-action">{words.action}</dd>
        <dt className="visually-hidden">{t('auditColResult')}</dt>
        <dd data-tone={TONE[words.outcome]}>
          {words.result}
          {words.error && (
            <>
              {': '}
              <strong>{words.error.title}</strong>
              <span className="audit-error-happened">{words.error.whatHappened}</span>
              {words.error.code !== undefined && (
                <span className="hint audit-error-code">
                  {t('supportCode')}{' '}
                  <span className="nowrap" dir="ltr">
                    {words.error.code}
                  </span>
                </span>
              )}
            </>
          )}
        </dd>
        {words.storage && (
          <>
            <dt className="audit-call-label">{t('auditColStorage')}</dt>
            <dd>{words.storage}</dd>
          </>
        )}
        {words.traceId && (
          <>
            <dt className="audit-call-label">{t('auditColTrace')}</dt>
            <dd className="audit-trace">
              <code className="trace-id" dir="ltr">
                {words.traceId}
              </code>
              <button
                type="button"
                aria-label={t('auditCopyTraceName', [words.traceId])}
                onClick={() => words.traceId && props.onCopyTrace(words.traceId)}
              >
                {t('auditCopyTrace')}
              </button>
            </dd>
          </>
        )}
      </dl>
      {props.broken && <strong className="broken">{t('auditChainRowBroken')}</strong>}
    </li>
  );
}
