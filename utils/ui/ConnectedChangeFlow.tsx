import { useEffect } from 'react';
import { ChangeFlow } from '@/components/ChangeFlow';
import {
  interpretStorage,
  isRegistered,
  type PhoneNumber,
  type Settings,
  storageCode,
} from '../graph';
import { uiLanguage } from '../i18n';
import { useFlowStore } from '../ui-store/flow-store';

/** The change flow for the number in view, wired to the background. Extension documents only. */
export function ConnectedChangeFlow(props: {
  phoneNumberId: string;
  phone: PhoneNumber;
  settings: Settings;
}) {
  const flow = useFlowStore();
  useEffect(() => useFlowStore.getState().follow(props.phoneNumberId), [props.phoneNumberId]);
  return (
    <ChangeFlow
      state={flow}
      actions={flow}
      displayPhoneNumber={props.phone.display_phone_number ?? props.phoneNumberId}
      verifiedName={props.phone.verified_name}
      registered={isRegistered(props.phone)}
      currentStorage={storageCode(interpretStorage(props.settings))}
      locale={uiLanguage()}
    />
  );
}
