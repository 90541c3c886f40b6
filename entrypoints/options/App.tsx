import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { AuditLog } from '@/components/AuditLog';
import { TokenForm } from '@/components/TokenForm';
import { VersionPicker } from '@/components/VersionPicker';
import { type AuditEntry, toCsv, toJson } from '@/utils/audit';
import { t, uiLanguage } from '@/utils/i18n';
import { ask, onBroadcast } from '@/utils/messaging/client';
import { download } from '@/utils/ui/download';
import { useSettingsStore } from '@/utils/ui-store/settings-store';

export function App() {
  const settings = useSettingsStore();
  const locale = uiLanguage();
  const [audit, setAudit] = useState<AuditEntry[]>([]);

  useEffect(() => {
    const load = () => void ask({ type: 'audit.list' }).then(setAudit, () => undefined);
    load();
    return onBroadcast((m) => m.type === 'flow.changed' && load());
  }, []);

  useEffect(() => {
    const { load, watch } = useSettingsStore.getState();
    void load();
    return watch();
  }, []);

  return (
    <main className="page stack">
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
      <div className="card">
        <AuditLog
          entries={audit}
          locale={locale}
          onExportCsv={() => download('residency-audit.csv', 'text/csv', toCsv(audit))}
          onExportJson={() => download('residency-audit.json', 'application/json', toJson(audit))}
        />
      </div>
      <div className="card stack">
        <h2>{t('fleetHeading')}</h2>
        <p>{t('fleetIntro')}</p>
        <a href={browser.runtime.getURL('/overview.html')} target="_blank" rel="noreferrer">
          {t('fleetOpen')}
        </a>
      </div>
      <div className="card stack">
        <h2>{t('privacyHeading')}</h2>
        <p>{t('privacyBody')}</p>
      </div>
    </main>
  );
}
