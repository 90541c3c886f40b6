import { isolateLtr } from '@/utils/bidi';
import { formatList, formatNumber, t, tPlural, uiLanguage } from '@/utils/i18n';
import type { TokenCheck } from '@/utils/messaging/protocol';
import { Ltr } from './Ltr';

/** Accounts listed by name; the rest are counted (a partner may reach hundreds). */
const SHOWN_WABAS = 10;

/** What a saved token can do: who it belongs to, which permissions it lacks, what it reaches. */
export function TokenCheckResult({ check }: { check: TokenCheck }) {
  const { wabas, wabasError } = check;
  return (
    <div className={check.missing.length ? 'notice warn' : 'notice ok'} role="status">
      <p>
        <strong>
          {t('tokenValidFor', [check.user.name ?? check.user.id, isolateLtr(check.user.id)])}
        </strong>
      </p>
      {check.missing.length === 0 ? (
        <p>{t('tokenPermissionsOk')}</p>
      ) : (
        <p>{t('tokenPermissionsMissing', [formatList(check.missing, uiLanguage())])}</p>
      )}
      {wabas && wabas.length === 0 && <p>{t('tokenReachesNone')}</p>}
      {wabas && wabas.length > 0 && (
        <>
          <p>{t('tokenReachesWabas', [formatNumber(wabas.length, uiLanguage())])}</p>
          <ul className="indented">
            {wabas.slice(0, SHOWN_WABAS).map((waba) => (
              <li key={waba.id}>
                {waba.name ? (
                  t('wabaNameAndId', [waba.name, isolateLtr(waba.id)])
                ) : (
                  <Ltr>{waba.id}</Ltr>
                )}
              </li>
            ))}
          </ul>
          {wabas.length > SHOWN_WABAS && (
            <p>{tPlural('tokenReachesMore', wabas.length - SHOWN_WABAS)}</p>
          )}
        </>
      )}
      {wabasError && <p>{t('tokenReachUnknown', [String(wabasError.code ?? '?')])}</p>}
    </div>
  );
}
