import { explainError, GraphError, type SerializedGraphError } from '@/utils/graph/errors';
import { t } from '@/utils/i18n';

/** An error in plain words: what happened, what to do, and Meta's code and trace id for support. */
export function ErrorNotice({
  error,
  onRetry,
  retryLabel,
  summary,
  compact,
}: {
  error: SerializedGraphError;
  onRetry?: () => void;
  retryLabel?: string;
  /** A sentence put before the explanation, e.g. how many rows this error hit. */
  summary?: string;
  /** Title and what to do only; what happened goes into the details (where space is short). */
  compact?: boolean;
}) {
  const explained = explainError(GraphError.fromJSON(error));
  return (
    <div className="notice error" role="alert">
      {summary && <p>{summary}</p>}
      <p>
        <strong>{explained.title}</strong>
      </p>
      {!compact && <p>{explained.whatHappened}</p>}
      <p>{explained.whatToDo}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {retryLabel ?? t('actionRetry')}
        </button>
      )}
      {(compact ||
        explained.code !== undefined ||
        explained.fbtraceId ||
        explained.metaMessage ||
        explained.detail) && (
        <details>
          <summary>{t('supportDetails')}</summary>
          <dl className="facts">
            {compact && (
              <>
                <dt>{t('supportWhatHappened')}</dt>
                <dd>{explained.whatHappened}</dd>
              </>
            )}
            {explained.code !== undefined && (
              <>
                <dt>{t('supportCode')}</dt>
                <dd className="mono">
                  {explained.code}
                  {error.subcode !== undefined ? ` / ${error.subcode}` : ''}
                </dd>
              </>
            )}
            {explained.fbtraceId && (
              <>
                <dt>{t('supportTrace')}</dt>
                <dd className="mono">{explained.fbtraceId}</dd>
              </>
            )}
            {explained.detail && (
              <>
                <dt>{t('supportDetail')}</dt>
                <dd>{explained.detail}</dd>
              </>
            )}
            {explained.metaMessage && (
              <>
                <dt>{t('supportMetaMessage')}</dt>
                <dd>{explained.metaMessage}</dd>
              </>
            )}
          </dl>
        </details>
      )}
    </div>
  );
}
