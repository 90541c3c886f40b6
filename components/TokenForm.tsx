import type { FormEvent } from 'react';
import { formatDateTime, t } from '@/utils/i18n';
import type { TokenFormState } from '@/utils/ui-store/settings-store';
import { ErrorNotice } from './ErrorNotice';
import { TokenCheckResult } from './TokenCheckResult';

type Props = TokenFormState & { locale: string };

/** Access token entry. Only ever rendered in extension pages, never in a web page. */
export function TokenForm(props: Props) {
  const { info, check, checkError, locale } = props;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void props.save();
  };
  return (
    <section aria-labelledby="token-heading" className="stack">
      <h2 id="token-heading">{t('tokenHeading')}</h2>
      {info?.hasToken && info.savedAt !== undefined && (
        <p role="status">
          {t('tokenSavedAt', [formatDateTime(info.savedAt, locale), info.tokenHint ?? ''])}
        </p>
      )}
      {info && !info.hasToken && <p role="status">{t('tokenNone')}</p>}
      <form onSubmit={submit} className="stack">
        <div className="field">
          <label htmlFor="token-input">{t('tokenLabel')}</label>
          <input
            id="token-input"
            type="password"
            autoComplete="off"
            spellCheck={false}
            className="full-width"
            value={props.draft}
            aria-describedby="token-hint"
            onChange={(e) => props.setDraft(e.target.value)}
          />
          <p id="token-hint" className="hint">
            {t('tokenHint')}
          </p>
        </div>
        <div className="row">
          <button type="submit" className="primary" disabled={props.saving || !props.draft.trim()}>
            {props.saving ? t('tokenChecking') : t('actionSaveToken')}
          </button>
          {info?.hasToken && (
            <>
              <button type="button" onClick={() => void props.recheck()} disabled={props.saving}>
                {t('actionCheckToken')}
              </button>
              <button type="button" className="danger" onClick={() => void props.clear()}>
                {t('actionClearToken')}
              </button>
            </>
          )}
        </div>
      </form>
      {check && <TokenCheckResult check={check} />}
      {checkError && <ErrorNotice error={checkError} />}
    </section>
  );
}
