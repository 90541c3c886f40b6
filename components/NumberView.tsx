import type { ReactNode } from 'react';
import type { NumberStatusReply } from '@/utils/messaging/protocol';
import type { ViewState } from '@/utils/ui-store/view-store';
import { shownNumberId } from '@/utils/ui-store/view-store';
import { NumberViewContent } from './NumberViewContent';
import { UnfinishedChanges } from './UnfinishedChanges';

export interface NumberViewProps {
  state: Pick<
    ViewState,
    'token' | 'context' | 'status' | 'waba' | 'manualId' | 'recent' | 'unfinished' | 'policy'
  >;
  locale: string;
  /** False in the panel, which announces its own one-line summary. */
  announce?: boolean;
  onRefresh(): void;
  onLookUp(phoneNumberId: string): void;
  onOpenOptions(): void;
  /** First-run token entry, shown when no token is stored (extension documents only). */
  firstRun?: ReactNode;
  /**
   * The change flow for the number shown (extension documents only). It shows the region list;
   * without it the list is shown read-only.
   */
  renderChange?(status: NumberStatusReply): ReactNode;
}

/** What Residency knows about the number in view, for the popup and the in-page panel. */
export function NumberView(props: NumberViewProps) {
  const id = shownNumberId(props.state);
  const others = props.state.unfinished.filter((f) => f.phoneNumberId !== id);
  return (
    <>
      <UnfinishedChanges flows={others} onOpen={props.onLookUp} />
      <NumberViewContent {...props} />
    </>
  );
}
