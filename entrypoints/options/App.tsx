import { useEffect } from 'react';
import { TokenForm } from '@/components/TokenForm';
import { VersionPicker } from '@/components/VersionPicker';
import { t, uiLanguage } from '@/utils/i18n';
import { useSettingsStore } from '@/utils/ui-store/settings-store';

export function App() {
  const settings = useSettingsStore();
  const locale = uiLanguage();

  useEffect(() => {
    const { load, watch } = useSettingsStore.getState();
    void load();
    return watch();
  }, []);

  return (
    <main className="stack" style={{ maxInlineSize: 720, margin: '0 auto', padding: 24 }}>
      <h1>{t('optionsTitle')}</h1>
      <p className="muted">{t('optionsIntro')}</p>
      <div className="card">
        <TokenForm {...settings} locale={locale} />
      </div>
      {settings.info && (
        <div className="card">
          <VersionPicker
            chosen={settings.info.graphVersion}
            effective={settings.info.effectiveVersion}
            locale={locale}
            onChange={(v) => void settings.setVersion(v)}
          />
        </div>
      )}
      <div className="card stack">
        <h2>{t('privacyHeading')}</h2>
        <p>{t('privacyBody')}</p>
      </div>
    </main>
  );
}
