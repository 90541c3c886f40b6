import { useEffect } from 'react';
import { TokenForm } from '@/components/TokenForm';
import { uiLanguage } from '@/utils/i18n';
import { useSettingsStore } from '@/utils/ui-store/settings-store';

/** The token form for first run, inside the popup or the panel's extension frame. */
export function FirstRunToken() {
  const settings = useSettingsStore();
  useEffect(() => {
    const { load, watch } = useSettingsStore.getState();
    void load();
    return watch();
  }, []);
  return <TokenForm {...settings} locale={uiLanguage()} />;
}
