import { SettingSelect } from '@/components/SettingSelect';
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
  return (
    <SettingSelect
      label={t('appearanceLabel')}
      hint={t('appearanceHint')}
      value={appearance}
      onChange={(value) =>
        void ask({ type: 'preferences.update', patch: { appearance: value as Appearance } })
      }
    >
      {(Object.keys(APPEARANCE_KEYS) as Appearance[]).map((value) => (
        <option key={value} value={value}>
          {t(APPEARANCE_KEYS[value])}
        </option>
      ))}
    </SettingSelect>
  );
}
