import { useShallow } from 'zustand/react/shallow';
import { uiLanguage } from '@/utils/i18n';
import { useViewStore } from '@/utils/ui-store/view-store';
import { ConnectedChangeFlow } from './ConnectedChangeFlow';
import { FirstRunResult } from './FirstRunResult';
import { FirstRunToken } from './FirstRunToken';
import { NumberView } from './NumberView';

/**
 * The number view wired to the view store, the change flow and the first-run token prompt:
 * what the popup and the panel show below their own headers. Extension documents only.
 */
export function ConnectedNumberView(props: { announce?: boolean; onOpenOptions(): void }) {
  const state = useViewStore(
    useShallow((s) => ({
      token: s.token,
      context: s.context,
      status: s.status,
      waba: s.waba,
      manualId: s.manualId,
      recent: s.recent,
      unfinished: s.unfinished,
      policy: s.policy,
    })),
  );
  const refresh = useViewStore((s) => s.refresh);
  const lookUp = useViewStore((s) => s.lookUp);
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
        onRefresh={() => void refresh(true)}
        onLookUp={(id) => void lookUp(id)}
        onOpenOptions={props.onOpenOptions}
      />
    </>
  );
}
