import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { AuditLog } from '@/components/AuditLog';
import { StoredData } from '@/components/StoredData';
import { TokenForm } from '@/components/TokenForm';
import { VersionPicker } from '@/components/VersionPicker';
import { type AuditEntry, toCsv, toJson } from '@/utils/audit';
import { t, uiLanguage } from '@/utils/i18n';
import { ask, onBroadcast } from '@/utils/messaging/client';
import type { StoredDataReport } from '@/utils/storage';
import { selectTokenForm, useSettingsStore } from '@/utils/ui-store/settings-store';

export function App() {
  const tokenForm = useSettingsStore(useShallow(selectTokenForm));
  const info = useSettingsStore((s) => s.info);
  const setVersion = useSettingsStore((s) => s.setVersion);
  const locale = uiLanguage();
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [stored, setStored] = useState<StoredDataReport>();

  useEffect(() => {
    const load = () => {
      void ask({ type: 'audit.list' }).then(setAudit, () => undefined);
      void ask({ type: 'storage.report' }).then(setStored, () => undefined);
    };
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
        <TokenForm {...tokenForm} locale={locale} />
      </div>
      {info && (
        <div className="card">
          <VersionPicker
            chosen={info.graphVersion}
            effective={info.effectiveVersion}
            locale={locale}
            onChange={(v) => void setVersion(v)}
          />
        </div>
      )}
      <div className="card">
        <AuditLog
          entries={audit}
          retention={stored?.auditRetention}
          locale={locale}
          onExportCsv={() => download('residency-audit.csv', 'text/csv', toCsv(audit))}
          onExportJson={() => download('residency-audit.json', 'application/json', toJson(audit))}
        />
      </div>
      {stored && (
        <div className="card">
          <StoredData
            report={stored}
            locale={locale}
            onExport={() =>
              download(
                'residency-kept-aside.json',
                'application/json',
                `${JSON.stringify(stored.keptAside, null, 2)}\n`,
              )
            }
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

/** Saves text as a file through the browser's own download of a blob URL. */
function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
