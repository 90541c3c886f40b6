import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { useShallow } from 'zustand/react/shallow';
import { AppearancePicker } from '@/components/AppearancePicker';
import { AuditLog } from '@/components/AuditLog';
import { LanguagePicker } from '@/components/LanguagePicker';
import { OverlayVisibility } from '@/components/OverlayVisibility';
import { StoredData } from '@/components/StoredData';
import { TokenForm } from '@/components/TokenForm';
import { VersionPicker } from '@/components/VersionPicker';
import { type ChainVerdict, verifyChain } from '@/utils/audit/chain';
import type { AuditRecord } from '@/utils/audit/entry';
import { toCsv, toJson } from '@/utils/audit/export';
import { t, type UiLocale, uiLanguage } from '@/utils/i18n';
import { browserLocale, languageLoadFailure } from '@/utils/i18n/active';
import { ask, onBroadcast } from '@/utils/messaging/client';
import type { StoredDataReport } from '@/utils/storage';
import { download } from '@/utils/ui/download';
import { usePreferences } from '@/utils/ui/use-preferences';
import { selectTokenForm, useSettingsStore } from '@/utils/ui-store/settings-store';

export function App() {
  const tokenForm = useSettingsStore(useShallow(selectTokenForm));
  const info = useSettingsStore((s) => s.info);
  const setVersion = useSettingsStore((s) => s.setVersion);
  const locale = uiLanguage();
  const [audit, setAudit] = useState<AuditRecord[]>([]);
  const [verdict, setVerdict] = useState<ChainVerdict>();
  const [stored, setStored] = useState<StoredDataReport>();
  // The stored choice, as the background has it; a new choice redraws the whole page in that
  // language (utils/ui/mount.tsx), so the list shows the choice at once until the broadcast.
  const preferences = usePreferences();
  const [chosenLanguage, setLanguage] = useState<'auto' | UiLocale>();
  const language = chosenLanguage ?? preferences?.language;

  useEffect(() => {
    const load = () => {
      void ask({ type: 'audit.list' }).then(setAudit, () => undefined);
      void ask({ type: 'storage.report' }).then(setStored, () => undefined);
    };
    load();
    return onBroadcast((m) => m.type === 'flow.changed' && load());
  }, []);

  // The check runs here, on what storage holds, whenever the history changes.
  useEffect(() => {
    let current = true;
    setVerdict(undefined);
    void verifyChain(audit).then((v) => current && setVerdict(v));
    return () => {
      current = false;
    };
  }, [audit]);

  const exportAudit = async (format: 'csv' | 'json') => {
    const check = verdict ?? (await verifyChain(audit));
    const at = new Date().toISOString();
    if (format === 'csv') download('residency-audit.csv', 'text/csv', toCsv(audit, check, at));
    else download('residency-audit.json', 'application/json', toJson(audit, check, at));
  };

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
      <div className="card">
        <OverlayVisibility listPages />
      </div>
      <div className="card">
        <AppearancePicker />
      </div>
      {language && (
        <div className="card">
          <LanguagePicker
            chosen={language}
            browserLocale={browserLocale()}
            failed={languageLoadFailure()}
            onChange={(choice) => {
              setLanguage(choice);
              void ask({ type: 'preferences.update', patch: { language: choice } });
            }}
          />
        </div>
      )}
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
          verdict={verdict}
          retention={stored?.auditRetention}
          locale={locale}
          onExportCsv={() => void exportAudit('csv')}
          onExportJson={() => void exportAudit('json')}
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
