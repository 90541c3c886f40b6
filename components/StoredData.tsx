import { formatDateTime, formatNumber, type MessageKey, t } from '@/utils/i18n';
import type { StoredDataReport } from '@/utils/storage';

const ITEM_NAMES: Readonly<Record<string, MessageKey>> = {
  'local:token': 'storedItemToken',
  'local:preferences': 'storedItemPreferences',
  'local:recentNumbers': 'storedItemRecentNumbers',
  'local:statusCache': 'storedItemStatusCache',
  'local:flowJournal': 'storedItemFlowJournal',
  'local:auditLog': 'storedItemAuditLog',
  'local:keptAside': 'storedItemKeptAside',
};

/** A stored item's name for people; the storage key for one this build does not name. */
const itemName = (key: string) => {
  const name = ITEM_NAMES[key];
  return name ? t(name) : key;
};

/**
 * Stored data this build could not use: values a newer Residency saved (read-only here) and
 * values it could not read, which were set aside instead of deleted, with an export.
 */
export function StoredData(props: { report: StoredDataReport; locale: string; onExport(): void }) {
  const { keptAside, newer } = props.report;
  return (
    <section aria-labelledby="kept-aside-heading" className="stack">
      <h2 id="kept-aside-heading">{t('keptAsideHeading')}</h2>
      {newer.map((n) => (
        <p key={n.item} className="notice warn" role="status">
          {t('storedByNewer', [
            itemName(n.item),
            formatNumber(n.storedVersion, props.locale),
            formatNumber(n.knownVersion, props.locale),
          ])}
        </p>
      ))}
      {keptAside.length === 0 ? (
        <p role="status">{t('keptAsideNone')}</p>
      ) : (
        <>
          <p className="hint">{t('keptAsideIntro')}</p>
          <div className="row">
            <button type="button" onClick={props.onExport}>
              {t('keptAsideExport')}
            </button>
          </div>
          <table className="numbers">
            <caption className="visually-hidden">{t('keptAsideHeading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('keptAsideColWhen')}</th>
                <th scope="col">{t('keptAsideColItem')}</th>
                <th scope="col">{t('keptAsideColWhere')}</th>
                <th scope="col">{t('keptAsideColWhy')}</th>
              </tr>
            </thead>
            <tbody>
              {keptAside.map((k) => (
                <tr key={k.id}>
                  <td>
                    <time dateTime={new Date(k.keptAt).toISOString()}>
                      {formatDateTime(k.keptAt, props.locale)}
                    </time>
                  </td>
                  <td>{itemName(k.item)}</td>
                  <td className="mono">{k.entry ?? t('keptAsideWhole')}</td>
                  <td>
                    {k.reason}
                    {k.secret ? ` ${t('keptAsideSecret')}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
