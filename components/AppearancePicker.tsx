import { useId } from 'react';
import { t } from '@/utils/i18n';
import { ask } from '@/utils/messaging/client';
import { type Appearance, useAppearance } from '@/utils/ui/appearance';

const APPEARANCE_KEYS = {
  auto: 'appearanceAuto',
  light: 'appearanceLight',
  dark: 'appearanceDark',
} as const;

/** Light, dark, or automatic (the system's; on Manager pages the page's), for every page. */
export function AppearancePicker() {
  const appearance = useAppearance();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('appearanceLabel')}</label>
      <select
        id={id}
        aria-describedby={`${id}-hint`}
        value={appearance}
        onChange={(event) =>
          void ask({
            type: 'preferences.update',
            patch: { appearance: event.target.value as Appearance },
          })
        }
      >
        {(Object.keys(APPEARANCE_KEYS) as Appearance[]).map((value) => (
          <option key={value} value={value}>
            {t(APPEARANCE_KEYS[value])}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="hint">
        {t('appearanceHint')}
      </p>
    </div>
  );
}
