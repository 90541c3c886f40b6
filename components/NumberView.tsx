import { type ReactNode, useState } from 'react';
import { t } from '@/utils/i18n';
import type { NumberStatusReply } from '@/utils/messaging/protocol';
import { copyText } from '@/utils/ui/clipboard';
import type { ViewState } from '@/utils/ui-store/view-store';
import { shownNumberId } from '@/utils/ui-store/view-store';
import { ErrorNotice } from './ErrorNotice';
import { LookUpForm } from './LookUpForm';
import { NumberStatus } from './NumberStatus';
import { UnfinishedChanges } from './UnfinishedChanges';
import { WabaNumbers } from './WabaNumbers';

export interface NumberViewProps {
  state: Pick<
    ViewState,
    'token' | 'context' | 'status' | 'waba' | 'manualId' | 'recent' | 'unfinished'
  >;
  locale: string;
  /** False in the panel, which announces its own one-line summary. */
  announce?: boolean;
  onRefresh(): void;
  onLookUp(phoneNumberId: string): void;
  onOpenOptions(): void;
  /** First-run token entry, shown when no token is stored (extension documents only). */
  firstRun?: ReactNode;
  /** The change flow for the number shown (extension documents only). */
  renderChange?(status: NumberStatusReply): ReactNode;
}

/** What Residency knows about the number in view, for the popup and the in-page panel. */
export function NumberView(props: NumberViewProps) {
  const id = shownNumberId(props.state);
  const others = props.state.unfinished.filter((f) => f.phoneNumberId !== id);
  return (
    <>
      <UnfinishedChanges flows={others} onOpen={props.onLookUp} />
      <NumberViewBody {...props} />
    </>
  );
}

function NumberViewBody({
  state,
  locale,
  announce,
  onRefresh,
  onLookUp,
  onOpenOptions,
  firstRun,
  renderChange,
}: NumberViewProps) {
  const ctx = state.context.data;
  const id = shownNumberId(state);
  const { status, waba } = state;

  if (state.token.data && !state.token.data.hasToken) {
    return (
      <div className="notice warn" role="status">
        <p>
          <strong>{t('noTokenTitle')}</strong>
        </p>
        <p>{t('noTokenBody')}</p>
        {firstRun}
        <button type="button" className={firstRun ? 'link' : 'primary'} onClick={onOpenOptions}>
          {t('actionOpenSettings')}
        </button>
      </div>
    );
  }

  if (ctx?.resolution === 'resolving') {
    return <p role="status">{t('resolvingNumber', [ctx.page?.phoneNumber?.raw ?? ''])}</p>;
  }
  if (ctx?.resolution === 'not-found') {
    return (
      <div className="notice warn" role="status">
        <p>{t('numberNotFound', [ctx.page?.phoneNumber?.raw ?? '', ctx.page?.wabaId ?? ''])}</p>
        <button type="button" onClick={onRefresh}>
          {t('actionRetry')}
        </button>
      </div>
    );
  }
  if (ctx?.resolution === 'error' && ctx.error) {
    return <ErrorNotice error={ctx.error} onRetry={onRefresh} />;
  }

  if (id) {
    if (status.data && status.data.phoneNumberId === id) {
      return (
        <div className="stack">
          {status.error && <ErrorNotice error={status.error} onRetry={onRefresh} />}
          <NumberStatus
            phoneNumberId={id}
            phone={status.data.phone}
            settings={status.data.settings}
            readAt={status.data.readAt}
            locale={locale}
            announce={announce}
            refreshing={status.loading || status.data.stale}
          />
          <NumberActions
            phoneNumberId={id}
            wabaId={ctx?.page?.wabaId}
            onRefresh={onRefresh}
            busy={status.loading}
          />
          {renderChange?.(status.data)}
        </div>
      );
    }
    if (status.error) return <ErrorNotice error={status.error} onRetry={onRefresh} />;
    return <p role="status">{t('loadingStatus')}</p>;
  }

  if (ctx?.resolution === 'waba') {
    if (waba.data) return <WabaNumbers waba={waba.data} locale={locale} onRetry={onRefresh} />;
    if (waba.error) return <ErrorNotice error={waba.error} onRetry={onRefresh} />;
    return <p role="status">{t('loadingWaba')}</p>;
  }

  return <LookUpForm recent={state.recent} onLookUp={onLookUp} />;
}

function NumberActions(props: {
  phoneNumberId: string;
  wabaId?: string;
  onRefresh(): void;
  busy: boolean;
}) {
  const [copyResult, setCopyResult] = useState<string>('');
  const copy = async (value: string, what: string) => {
    setCopyResult((await copyText(value)) ? t('copied', [what]) : t('copyFailed', [what, value]));
  };
  return (
    <div className="row">
      <button type="button" onClick={props.onRefresh} disabled={props.busy}>
        {t('actionRefresh')}
      </button>
      <button type="button" onClick={() => copy(props.phoneNumberId, t('fieldPhoneNumberId'))}>
        {t('actionCopyPhoneId')}
      </button>
      {props.wabaId && (
        <button type="button" onClick={() => props.wabaId && copy(props.wabaId, t('fieldWabaId'))}>
          {t('actionCopyWabaId')}
        </button>
      )}
      <span aria-live="polite" className="hint">
        {copyResult}
      </span>
    </div>
  );
}
