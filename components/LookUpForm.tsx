import { type FormEvent, useState } from 'react';
import { t } from '@/utils/i18n';
import type { RecentNumber } from '@/utils/storage';
import { Ltr } from './Ltr';

/** For tabs where no number can be detected: paste a phone number ID or pick a recent one. */
export function LookUpForm({
  recent,
  onLookUp,
}: {
  recent: RecentNumber[];
  onLookUp(id: string): void;
}) {
  const [value, setValue] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const id = value.trim();
    if (!/^\d{5,30}$/.test(id)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    onLookUp(id);
  };
  return (
    <div className="stack">
      <p role="status">{t('noNumberDetected')}</p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="lookup-id">{t('lookUpLabel')}</label>
          <div className="row">
            <input
              id="lookup-id"
              inputMode="numeric"
              autoComplete="off"
              value={value}
              aria-invalid={invalid || undefined}
              aria-describedby="lookup-hint"
              onChange={(e) => setValue(e.target.value)}
            />
            <button type="submit" className="primary">
              {t('actionLookUp')}
            </button>
          </div>
          <p id="lookup-hint" className={invalid ? 'notice error' : 'hint'}>
            {invalid ? t('lookUpInvalid') : t('lookUpHint')}
          </p>
        </div>
      </form>
      {recent.length > 0 && (
        <section aria-labelledby="recent-heading">
          <h2 id="recent-heading" className="label-heading">
            {t('recentHeading')}
          </h2>
          <ul className="plain">
            {recent.map((r) => (
              <li key={r.phoneNumberId}>
                <button type="button" className="link" onClick={() => onLookUp(r.phoneNumberId)}>
                  <Ltr>{r.displayPhoneNumber ?? r.phoneNumberId}</Ltr>
                  {r.verifiedName ? ` · ${r.verifiedName}` : ''}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
