import { useState } from 'react';
import { formatTime, t } from '@/utils/i18n';
import { copyText } from '@/utils/ui/clipboard';

/** Refresh and copy the IDs support asks for; when the number was last read. */
export function NumberActions(props: {
  phoneNumberId: string;
  wabaId?: string;
  readAt: number;
  locale: string;
  refreshing: boolean;
  busy: boolean;
  onRefresh(): void;
}) {
  const [copyResult, setCopyResult] = useState<string>('');
  const copy = async (value: string, what: string) => {
    setCopyResult((await copyText(value)) ? t('copied', [what]) : t('copyFailed', [what, value]));
  };
  const { wabaId } = props;
  return (
    <div className="stack tight">
      <div className="row">
        <button type="button" onClick={props.onRefresh} disabled={props.busy}>
          {t('actionRefresh')}
        </button>
        <button type="button" onClick={() => copy(props.phoneNumberId, t('fieldPhoneNumberId'))}>
          {t('actionCopyPhoneId')}
        </button>
        {wabaId && (
          <button type="button" onClick={() => copy(wabaId, t('fieldWabaId'))}>
            {t('actionCopyWabaId')}
          </button>
        )}
      </div>
      <p className="hint flush">
        {t('readAtHint', [formatTime(props.readAt, props.locale)])}
        {props.refreshing ? ` · ${t('refreshing')}` : ''}
      </p>
      <p aria-live="polite" className="hint flush">
        {copyResult}
      </p>
    </div>
  );
}
