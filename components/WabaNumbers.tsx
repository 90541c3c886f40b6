import {
  describeStorage,
  explainError,
  GraphError,
  interpretStorage,
  registrationState,
} from '@/utils/graph';
import { t } from '@/utils/i18n';
import type { WabaNumbersReply } from '@/utils/messaging/protocol';
import { ErrorNotice } from './ErrorNotice';

/** Every number of a WABA with its Local Storage status. */
export function WabaNumbers({
  waba,
  locale,
  onRetry,
}: {
  waba: WabaNumbersReply;
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
              : t('wabaSomeFailed', [String(failed.length), String(waba.numbers.length)])
          }
        />
      )}
      <h2 id="waba-heading">{t('wabaHeading', [String(waba.numbers.length)])}</h2>
      <p role="status" className="visually-hidden">
        {t('wabaLoaded', [String(waba.numbers.length)])}
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
          {waba.numbers.map((row) => (
            <tr key={row.phone.id}>
              <td>{row.phone.display_phone_number ?? row.phone.id}</td>
              <td>{row.phone.verified_name ?? ''}</td>
              <td>
                {row.settings
                  ? describeStorage(interpretStorage(row.settings), locale)
                  : row.error
                    ? explainError(GraphError.fromJSON(row.error)).title
                    : ''}
              </td>
              <td>
                {registrationState(row.phone).state === 'unregistered'
                  ? t('registrationUnregistered')
                  : registrationState(row.phone).state === 'unknown'
                    ? t('registrationUnknown')
                    : t('registrationRegistered')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
