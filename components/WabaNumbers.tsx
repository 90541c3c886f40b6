import type { FlowState } from '@/utils/change-flow/machine';
import { explainError, GraphError } from '@/utils/graph/errors';
import { formatNumber, t, tPlural } from '@/utils/i18n';
import type { WabaNumbersReply } from '@/utils/messaging/protocol';
import { describeNumberState, numberState } from '@/utils/number-state';
import { ErrorNotice } from './ErrorNotice';
import { REGISTRATION_KEYS } from './NumberStatus';

/**
 * Every number of a WABA with its Local Storage status; a number an unfinished change left
 * offline says so, as its own view does.
 */
export function WabaNumbers({
  waba,
  unfinished,
  locale,
  onRetry,
}: {
  waba: WabaNumbersReply;
  /** Unfinished changes (of any number), so a row agrees with the number's own view. */
  unfinished: FlowState[];
  locale: string;
  onRetry(): void;
}) {
  const failed = waba.numbers.filter((row) => row.error);
  return (
    <section aria-labelledby="waba-heading">
      {failed.length > 0 && failed[0]?.error && (
        <ErrorNotice
          error={failed[0].error}
          onRetry={onRetry}
          summary={
            failed.length === waba.numbers.length
              ? undefined
              : tPlural('wabaSomeFailed', waba.numbers.length, [
                  formatNumber(failed.length, locale),
                  formatNumber(waba.numbers.length, locale),
                ])
          }
        />
      )}
      <h2 id="waba-heading">{t('wabaHeading', [formatNumber(waba.numbers.length, locale)])}</h2>
      <p role="status" className="visually-hidden">
        {tPlural('wabaLoaded', waba.numbers.length)}
      </p>
      <table className="numbers">
        <thead>
          <tr>
            <th scope="col">{t('columnNumber')}</th>
            <th scope="col">{t('columnName')}</th>
            <th scope="col">{t('columnStorage')}</th>
            <th scope="col">{t('columnRegistration')}</th>
          </tr>
        </thead>
        <tbody>
          {waba.numbers.map((row) => {
            const state = numberState({
              phone: row.phone,
              settings: row.settings,
              flow: unfinished.find((f) => f.phoneNumberId === row.phone.id),
            });
            return (
              <tr key={row.phone.id}>
                <td>{row.phone.display_phone_number ?? row.phone.id}</td>
                <td>{row.phone.verified_name ?? ''}</td>
                {row.settings ? (
                  <td data-tone={state.tone}>{describeNumberState(state, locale).headline}</td>
                ) : (
                  <td>{row.error ? explainError(GraphError.fromJSON(row.error)).title : ''}</td>
                )}
                <td>{t(REGISTRATION_KEYS[state.registration])}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
