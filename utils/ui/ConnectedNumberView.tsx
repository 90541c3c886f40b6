import { NumberView } from '@/components/NumberView';
import { uiLanguage } from '../i18n';
import { useViewStore } from '../ui-store/view-store';
import { ConnectedChangeFlow } from './ConnectedChangeFlow';
import { FirstRunResult, FirstRunToken } from './FirstRunToken';

/**
 * The number view wired to the view store, the change flow and the first-run token prompt:
 * what the popup and the panel show below their own headers. Extension documents only.
 */
export function ConnectedNumberView(props: { announce?: boolean; onOpenOptions(): void }) {
  const state = useViewStore();
  return (
    <>
      <FirstRunResult />
      <NumberView
        state={state}
        locale={uiLanguage()}
        announce={props.announce}
        firstRun={<FirstRunToken />}
        renderChange={(status) => (
          <ConnectedChangeFlow
            phoneNumberId={status.phoneNumberId}
            phone={status.phone}
            settings={status.settings}
          />
        )}
        onRefresh={() => void state.refresh(true)}
        onLookUp={(id) => void state.lookUp(id)}
        onOpenOptions={props.onOpenOptions}
      />
    </>
  );
}
