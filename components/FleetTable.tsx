import { type UIEvent, useState } from 'react';
import {
  type FleetFilters as Filters,
  type FleetRowView,
  type SortKey,
  windowOf,
} from '@/utils/fleet/view';
import { explainError, GraphError } from '@/utils/graph/errors';
import { describeStorage } from '@/utils/graph/status';
import { formatDateTime, type MessageKey, t } from '@/utils/i18n';
import { factWords } from '@/utils/number-state';
import { policyResultName, registrationName } from './fleet-names';
import { Ltr } from './Ltr';

/** Fixed row height: what makes rendering only the visible rows possible. */
export const FLEET_ROW_HEIGHT = 40;
const VIEWPORT_HEIGHT = 560;

const COLUMNS: { key: SortKey; label: MessageKey }[] = [
  { key: 'number', label: 'columnNumber' },
  { key: 'name', label: 'columnName' },
  { key: 'waba', label: 'fleetColumnWaba' },
  { key: 'registration', label: 'columnRegistration' },
  { key: 'storage', label: 'columnStorage' },
  { key: 'quality', label: 'fleetColumnQuality' },
  { key: 'read', label: 'fleetColumnRead' },
  { key: 'policy', label: 'fleetColumnPolicy' },
];

function StorageCell({
  view,
  locale,
  retrying,
  onRetry,
}: {
  view: FleetRowView;
  locale: string;
  retrying: boolean;
  onRetry(): void;
}) {
  const { row } = view;
  if (row.state === 'done' && view.storage) return <>{describeStorage(view.storage, locale)}</>;
  if (row.state === 'failed' && row.error) {
    const explained = explainError(GraphError.fromJSON(row.error));
    return (
      <span className="fleet-failed">
        <span title={explained.whatToDo}>
          {t('fleetRowFailed', [explained.title])}
          {explained.code !== undefined && (
            <>
              {' ('}
              <Ltr>{explained.code}</Ltr>)
            </>
          )}
        </span>{' '}
        <button
          type="button"
          className="link"
          disabled={retrying}
          aria-label={t('fleetRetryRow', [view.number])}
          onClick={onRetry}
        >
          {t('actionRetry')}
        </button>
      </span>
    );
  }
  return <span className="muted">{t('fleetStatusPending')}</span>;
}

/**
 * Every number of the fleet, sortable by each column. Only the rows in view (and a margin)
 * are in the page: thousands of rows stay fast. `aria-rowcount`/`aria-rowindex` tell
 * assistive technology how many there are and where each one is.
 */
export function FleetTable({
  rows,
  filters,
  locale,
  retrying,
  drifted,
  onSort,
  onRetry,
}: {
  rows: FleetRowView[];
  filters: Filters;
  locale: string;
  retrying: ReadonlySet<string>;
  /** Numbers the watch saw change: their rows are marked. */
  drifted: ReadonlySet<string>;
  onSort(sort: SortKey, dir: 'asc' | 'desc'): void;
  onRetry(phoneNumberId: string): void;
}) {
  const [scrollTop, setScrollTop] = useState(0);
  const { start, end } = windowOf(rows.length, scrollTop, VIEWPORT_HEIGHT, FLEET_ROW_HEIGHT);
  const onScroll = (e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop);
  return (
    <section
      className="fleet-table"
      aria-label={t('fleetTableLabel')}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
      tabIndex={0}
      style={{ maxHeight: VIEWPORT_HEIGHT }}
      onScroll={onScroll}
    >
      <table className="numbers" aria-rowcount={rows.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
            {COLUMNS.map(({ key, label }) => {
              const sorted = filters.sort === key;
              const next = sorted && filters.dir === 'asc' ? 'desc' : 'asc';
              return (
                <th
                  key={key}
                  scope="col"
                  aria-sort={sorted ? (filters.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" className="link" onClick={() => onSort(key, next)}>
                    {t(label)}
                    {sorted ? (filters.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {start > 0 && (
            <tr className="fleet-spacer" style={{ height: start * FLEET_ROW_HEIGHT }}>
              <td colSpan={COLUMNS.length} />
            </tr>
          )}
          {rows.slice(start, end).map((view, i) => (
            <tr
              key={view.id}
              aria-rowindex={start + i + 2}
              data-phone-number-id={view.id}
              data-state={view.row.state}
              data-policy={view.policy}
              data-drifted={drifted.has(view.id) || undefined}
              className={drifted.has(view.id) ? 'fleet-drifted' : undefined}
              style={{ height: FLEET_ROW_HEIGHT }}
            >
              <td className="mono">
                {view.number}
                {drifted.has(view.id) && (
                  <span className="drift-mark" title={t('watchRowDriftedTitle')}>
                    {' '}
                    {t('watchRowDrifted')}
                  </span>
                )}
              </td>
              <td>{view.name}</td>
              <td>{view.wabaName}</td>
              <td>{registrationName(view.registration)}</td>
              <td>
                <StorageCell
                  view={view}
                  locale={locale}
                  retrying={retrying.has(view.id)}
                  onRetry={() => onRetry(view.id)}
                />
              </td>
              <td>{view.quality && factWords('quality_rating', view.quality).words}</td>
              <td>{view.readAt === undefined ? '' : formatDateTime(view.readAt, locale)}</td>
              <td className={`policy-${view.policy}`}>{policyResultName(view.policy)}</td>
            </tr>
          ))}
          {end < rows.length && (
            <tr className="fleet-spacer" style={{ height: (rows.length - end) * FLEET_ROW_HEIGHT }}>
              <td colSpan={COLUMNS.length} />
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
