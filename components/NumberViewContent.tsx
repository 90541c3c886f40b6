import { isolateLtr } from '@/utils/bidi';
import { t } from '@/utils/i18n';
import { numberState } from '@/utils/number-state';
import { shownNumberId, shownWabaId } from '@/utils/ui-store/view-store';
import { ErrorNotice } from './ErrorNotice';
import { LookUpForm } from './LookUpForm';
import { NumberActions } from './NumberActions';
import { NumberDetails } from './NumberDetails';
import { NumberStatus } from './NumberStatus';
import type { NumberViewProps } from './NumberView';
import { PolicyVerdict } from './PolicyVerdict';
import { RegionList } from './RegionList';
import { StorageFacts } from './StorageFacts';
import { WabaNumbers } from './WabaNumbers';

/**
 * The view for what the tab shows: a token prompt, a lookup, an account's numbers, or one
 * number. A number's summary, any warning and the way to change it come first; its details,
 * folded, below.
 */
export function NumberViewContent({
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
    return (
      <p role="status">{t('resolvingNumber', [isolateLtr(ctx.page?.phoneNumber?.raw ?? '')])}</p>
    );
  }
  if (ctx?.resolution === 'not-found') {
    return (
      <div className="notice warn" role="status">
        <p>
          {t('numberNotFound', [
            isolateLtr(ctx.page?.phoneNumber?.raw ?? ''),
            isolateLtr(ctx.page?.wabaId ?? ''),
          ])}
        </p>
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
      const shown = status.data;
      const numberNow = numberState({
        phone: shown.phone,
        settings: shown.settings,
        flow: state.unfinished.find((f) => f.phoneNumberId === id),
      });
      const current =
        numberNow.storage.kind === 'in-country' ? numberNow.storage.region : undefined;
      const refreshing = status.loading || shown.stale;
      return (
        <div className="stack">
          {status.error && <ErrorNotice error={status.error} onRetry={onRefresh} />}
          <NumberStatus
            phoneNumberId={id}
            phone={shown.phone}
            state={numberNow}
            locale={locale}
            announce={announce}
            refreshing={refreshing}
          />
          {state.policy && (
            <PolicyVerdict
              policy={state.policy}
              wabaId={shownWabaId(state)}
              storage={numberNow.storage}
              locale={locale}
            />
          )}
          {renderChange ? (
            renderChange(shown)
          ) : (
            <RegionList mode="view" current={current} locale={locale} />
          )}
          <NumberActions
            phoneNumberId={id}
            wabaId={ctx?.page?.wabaId}
            readAt={shown.readAt}
            locale={locale}
            refreshing={refreshing}
            busy={status.loading}
            onRefresh={onRefresh}
          />
          <NumberDetails
            phoneNumberId={id}
            wabaId={ctx?.page?.wabaId}
            phone={shown.phone}
            settings={shown.settings}
            state={numberNow}
            readAt={shown.readAt}
            locale={locale}
          />
          <StorageFacts />
        </div>
      );
    }
    if (status.error) return <ErrorNotice error={status.error} onRetry={onRefresh} />;
    return <p role="status">{t('loadingStatus')}</p>;
  }

  if (ctx?.resolution === 'waba') {
    if (waba.data)
      return (
        <WabaNumbers
          waba={waba.data}
          unfinished={state.unfinished}
          locale={locale}
          onRetry={onRefresh}
        />
      );
    if (waba.error) return <ErrorNotice error={waba.error} onRetry={onRefresh} />;
    return <p role="status">{t('loadingWaba')}</p>;
  }

  return <LookUpForm recent={state.recent} onLookUp={onLookUp} />;
}
