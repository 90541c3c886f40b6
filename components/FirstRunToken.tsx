import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { uiLanguage } from '@/utils/i18n';
import { selectTokenForm, useSettingsStore } from '@/utils/ui-store/settings-store';
import { TokenForm } from './TokenForm';

/** The token form for first run, inside the popup or the panel's extension frame. */
export function FirstRunToken() {
  const form = useSettingsStore(useShallow(selectTokenForm));
  useEffect(() => {
    const { load, watch } = useSettingsStore.getState();
    void load();
    return watch();
  }, []);
  return <TokenForm {...form} locale={uiLanguage()} />;
}
