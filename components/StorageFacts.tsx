import { t } from '@/utils/i18n';

/** The facts users ask about, from Meta's Local Storage pages. */
export function StorageFacts() {
  return (
    <details className="disclosure">
      <summary>{t('factsSummary')}</summary>
      <ul>
        <li>{t('factTtl')}</li>
        <li>{t('factRetention')}</li>
        <li>{t('factLocalized')}</li>
        <li>{t('factMedia')}</li>
        <li>{t('factUnregistered')}</li>
      </ul>
    </details>
  );
}
