import { useId, useState } from 'react';
import { explainError, GraphError } from '@/utils/graph/errors';
import { formatNumber, localeTag, regionName, t, tPlural } from '@/utils/i18n';
import type { WatchView } from '@/utils/messaging/protocol';
import {
  eventsToShow,
  eventTime,
  WATCH_INTERVALS,
  type WatchEvent,
  type WatchSettings,
} from '@/utils/watch';
import { placeName, registrationName } from './fleet-names';

/** "1 hour", "15 minutes", in the UI language. */
function intervalName(minutes: number, locale: string) {
  const hours = minutes >= 60 && minutes % 60 === 0;
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: hours ? 'hour' : 'minute',
    unitDisplay: 'long',
  }).format(hours ? minutes / 60 : minutes);
}

/** A storage place (region code, US, NS) or a registration word, for people. */
function valueName(field: 'storage' | 'registration', value: string, locale: string) {
  if (field === 'registration') return registrationName(value);
  if (value === 'US' || value === 'NS') return placeName(value);
  return value === '?' ? t('watchValueUnknown') : regionName(value, locale);
}

function EventText({
  event,
  at,
  locale,
}: {
  event: WatchEvent;
  at: (ms: number) => string;
  locale: string;
}) {
  if (event.kind === 'change') {
    const key = event.field === 'storage' ? 'watchChangeStorage' : 'watchChangeRegistration';
    return (
      <>
        {t(key, [
          event.number,
          valueName(event.field, event.before, locale),
          valueName(event.field, event.after, locale),
          at(event.since),
          at(event.observedAt),
        ])}
      </>
    );
  }
  const from = at(event.from);
  const to = at(event.to);
  switch (event.reason) {
    case 'missed':
      return <>{t('watchGapMissed', [from, to])}</>;
    case 'failed': {
      const why = event.error ? explainError(GraphError.fromJSON(event.error)).title : '';
      const code = event.error?.code !== undefined ? ` (${event.error.code})` : '';
      return <>{t('watchGapFailed', [from, to, `${why}${code}`])}</>;
    }
    case 'over-cap':
      return <>{t('watchGapOverCap', [to, String(event.count ?? '?'), String(event.cap ?? '')])}</>;
    case 'cap-reached':
      return (
        <>
          {t('watchGapCapReached', [from, to, String(event.count ?? ''), String(event.cap ?? '')])}
        </>
      );
    case 'partial':
      return (
        <>
          {tPlural('watchGapPartial', event.count ?? 0, [
            formatNumber(event.count ?? 0, localeTag()),
            from,
            to,
          ])}
        </>
      );
    case 'replaced':
      return <>{t('watchGapReplaced', [from, to])}</>;
  }
}

/**
 * The fleet watch: whether it runs and how often, the calls each check makes and their cap,
 * "Check now", and every change and gap it recorded, newest first, filterable by number.
 */
export function FleetWatch(props: {
  watch: WatchView;
  locale: string;
  busy: boolean;
  onConfigure(patch: Partial<WatchSettings>): void;
  onCheckNow(): void;
}) {
  const { watch, locale } = props;
  const { settings, estimate, lastCalls } = watch;
  const ids = { enabled: useId(), interval: useId(), cap: useId(), filter: useId() };
  const [search, setSearch] = useState('');
  const [cap, setCap] = useState(String(settings.callCap));
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
  const at = (ms: number) => format.format(ms);
  const shown = eventsToShow(watch.events, search);
  const running = watch.running !== undefined;
  const overCap = estimate !== undefined && estimate.total > settings.callCap;
  const count = (n: number) => n.toLocaleString(locale);

  return (
    <section className="stack" aria-labelledby="watch-heading">
      <h2 id="watch-heading">{t('watchHeading')}</h2>
      <p className="muted">{t('watchIntro')}</p>
      <div className="row">
        <label htmlFor={ids.enabled} className="row">
          <input
            id={ids.enabled}
            type="checkbox"
            checked={settings.enabled}
            disabled={props.busy}
            onChange={(e) => props.onConfigure({ enabled: e.target.checked })}
          />
          {t('watchEnabled')}
        </label>
        <label htmlFor={ids.interval}>{t('watchInterval')}</label>
        <select
          id={ids.interval}
          value={settings.intervalMinutes}
          onChange={(e) => props.onConfigure({ intervalMinutes: Number(e.target.value) })}
        >
          {WATCH_INTERVALS.map((m) => (
            <option key={m} value={m}>
              {intervalName(m, locale)}
            </option>
          ))}
        </select>
      </div>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          const value = Number(cap);
          if (Number.isInteger(value) && value > 0) props.onConfigure({ callCap: value });
        }}
      >
        <label htmlFor={ids.cap}>{t('watchCallCap')}</label>
        <input
          id={ids.cap}
          type="number"
          min={1}
          step={1}
          value={cap}
          onChange={(e) => setCap(e.target.value)}
        />
        <button type="submit">{t('watchCallCapSave')}</button>
      </form>
      <p>
        {estimate
          ? tPlural('watchCallsEstimate', estimate.total, [
              formatNumber(estimate.total, localeTag()),
              count(estimate.numbers),
              count(estimate.pages),
              count(estimate.account),
            ])
          : t('watchCallsUnknown')}{' '}
        {lastCalls && watch.lastCheckAt !== undefined
          ? tPlural('watchLastCheck', lastCalls.total, [
              formatNumber(lastCalls.total, localeTag()),
              at(watch.lastCheckAt),
            ])
          : ''}{' '}
        {watch.nextCheckAt !== undefined ? t('watchNextCheck', [at(watch.nextCheckAt)]) : ''}
      </p>
      {overCap && (
        <p className="notice warn" role="status">
          {t('watchOverCap', [count(estimate.total), count(settings.callCap)])}
        </p>
      )}
      <div className="row">
        <button type="button" disabled={running || props.busy} onClick={props.onCheckNow}>
          {t('watchCheckNow')}
        </button>
        {running && <span role="status">{t('watchChecking')}</span>}
      </div>
      <h3>{t('watchListHeading')}</h3>
      <label htmlFor={ids.filter} className="fleet-filter">
        {t('watchFilter')}
        <input
          id={ids.filter}
          type="search"
          inputMode="tel"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </label>
      {shown.length === 0 ? (
        <p>{t('watchNothing')}</p>
      ) : (
        <ol className="watch-events" aria-label={t('watchListHeading')}>
          {shown.map((event) => (
            <li
              key={event.id}
              data-kind={event.kind}
              className={event.kind === 'gap' ? 'watch-gap' : undefined}
            >
              {eventTime(event) > watch.seenAt && event.kind === 'change' && (
                <strong>{t('watchNew')} </strong>
              )}
              <EventText event={event} at={at} locale={locale} />
            </li>
          ))}
        </ol>
      )}
      {watch.trimmed.removed > 0 && (
        <p className="muted">
          {t('watchTrimmed', [
            count(watch.events.length),
            count(watch.trimmed.removed),
            watch.trimmed.through !== undefined ? at(watch.trimmed.through) : '',
          ])}
        </p>
      )}
    </section>
  );
}
