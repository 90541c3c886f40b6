import { useEffect } from 'react';
import { TokenCheckResult, TokenForm } from '@/components/TokenForm';
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

/** After a first-run save the form goes away with the no-token view; the result stays here. */
export function FirstRunResult() {
  const check = useSettingsStore((s) => s.check);
  return check ? <TokenCheckResult check={check} /> : null;
}
