import type { FormEvent } from 'react';
import { t } from '@/utils/i18n';
import type { TokenCheck } from '@/utils/messaging/protocol';
import type { SettingsState } from '@/utils/ui-store/settings-store';
import { ErrorNotice } from './ErrorNotice';

type Props = Pick<
  SettingsState,
  'info' | 'draft' | 'saving' | 'check' | 'checkError' | 'setDraft' | 'save' | 'clear' | 'recheck'
> & { locale: string };

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
          {t('tokenSavedAt', [new Date(info.savedAt).toLocaleString(locale), info.tokenHint ?? ''])}
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

/** Accounts listed by name; the rest are counted (a partner may reach hundreds). */
const SHOWN_WABAS = 10;

/** What a saved token can do: who it belongs to, which permissions it lacks, what it reaches. */
export function TokenCheckResult({ check }: { check: TokenCheck }) {
  const { wabas, wabasError } = check;
  return (
    <div className={check.missing.length ? 'notice warn' : 'notice ok'} role="status">
      <p>
        <strong>{t('tokenValidFor', [check.user.name ?? check.user.id, check.user.id])}</strong>
      </p>
      {check.missing.length === 0 ? (
        <p>{t('tokenPermissionsOk')}</p>
      ) : (
        <p>{t('tokenPermissionsMissing', [check.missing.join(', ')])}</p>
      )}
      {wabas && wabas.length === 0 && <p>{t('tokenReachesNone')}</p>}
      {wabas && wabas.length > 0 && (
        <>
          <p>{t('tokenReachesWabas', [String(wabas.length)])}</p>
          <ul className="indented">
            {wabas.slice(0, SHOWN_WABAS).map((waba) => (
              <li key={waba.id}>
                {waba.name ? t('wabaNameAndId', [waba.name, waba.id]) : waba.id}
              </li>
            ))}
          </ul>
          {wabas.length > SHOWN_WABAS && (
            <p>{t('tokenReachesMore', [String(wabas.length - SHOWN_WABAS)])}</p>
          )}
        </>
      )}
      {wabasError && <p>{t('tokenReachUnknown', [String(wabasError.code ?? '?')])}</p>}
    </div>
  );
}
