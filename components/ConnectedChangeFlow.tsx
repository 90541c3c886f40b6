import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PhoneNumber, Settings } from '@/utils/graph/schemas';
import { isRegistered, storageCode } from '@/utils/graph/status';
import { uiLanguage } from '@/utils/i18n';
import { isOfflineByChange, numberState } from '@/utils/number-state';
import { selectChangeFlow, useFlowStore } from '@/utils/ui-store/flow-store';
import { ChangeFlow } from './ChangeFlow';

/** The change flow for the number in view, wired to the background. Extension documents only. */
export function ConnectedChangeFlow(props: {
  phoneNumberId: string;
  phone: PhoneNumber;
  settings: Settings;
}) {
  const flow = useFlowStore(useShallow(selectChangeFlow));
  const number = numberState({
    phone: props.phone,
    settings: props.settings,
    flow: flow.summary?.active,
  });
  useEffect(() => useFlowStore.getState().follow(props.phoneNumberId), [props.phoneNumberId]);
  return (
    <ChangeFlow
      state={flow}
      actions={flow}
      displayPhoneNumber={props.phone.display_phone_number ?? props.phoneNumberId}
      verifiedName={props.phone.verified_name}
      registered={isRegistered(props.phone)}
      currentStorage={storageCode(number.storage)}
      offline={isOfflineByChange(number)}
      locale={uiLanguage()}
    />
  );
}
