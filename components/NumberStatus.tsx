import {
  describeStorage,
  interpretStorage,
  type PhoneNumber,
  registrationState,
  type Settings,
} from '@/utils/graph';
import { t } from '@/utils/i18n';
import { RegionList } from './RegionList';
import { StorageFacts } from './StorageFacts';

export interface NumberStatusProps {
  phoneNumberId: string;
  phone: PhoneNumber;
  settings: Settings;
  readAt: number;
  locale: string;
  /** False where the page already announces a summary (the panel): one live region per document. */
  announce?: boolean;
  refreshing?: boolean;
}

const REGISTRATION_KEYS = {
  'registered-cloud': 'registrationCloud',
  'registered-on-premise': 'registrationOnPremise',
  unregistered: 'registrationUnregistered',
  unknown: 'registrationUnknown',
} as const;

/** One number's Local Storage status and the facts around it. */
export function NumberStatus(props: NumberStatusProps) {
  const { phone, settings, locale } = props;
  const storage = interpretStorage(settings);
  const registration = registrationState(phone);
  const readAt = new Date(props.readAt).toLocaleString(locale);
  const display = phone.display_phone_number ?? props.phoneNumberId;

  return (
    <div className="stack">
      <div
        role={props.announce === false ? undefined : 'status'}
        aria-busy={props.refreshing || undefined}
      >
        <p className="muted flush">
          {display}
          {phone.verified_name ? ` · ${phone.verified_name}` : ''}
        </p>
        <p className="status-line" data-kind={storage.kind}>
          {describeStorage(storage, locale)}
        </p>
      </div>
      <dl className="facts">
        <dt>{t('fieldRegistration')}</dt>
        <dd>
          {t(REGISTRATION_KEYS[registration.state])}
          {registration.state === 'unknown' && registration.raw ? ` (${registration.raw})` : ''}
        </dd>
        {phone.status && (
          <>
            <dt>{t('fieldConnection')}</dt>
            <dd>{phone.status}</dd>
          </>
        )}
        {phone.quality_rating && (
          <>
            <dt>{t('fieldQuality')}</dt>
            <dd>{phone.quality_rating}</dd>
          </>
        )}
        {phone.code_verification_status && (
          <>
            <dt>{t('fieldVerification')}</dt>
            <dd>{phone.code_verification_status}</dd>
          </>
        )}
        <dt>{t('fieldPhoneNumberId')}</dt>
        <dd className="mono">{props.phoneNumberId}</dd>
        <dt>{t('fieldReadAt')}</dt>
        <dd>
          <time dateTime={new Date(props.readAt).toISOString()}>{readAt}</time>
          {props.refreshing ? ` · ${t('refreshing')}` : ''}
        </dd>
      </dl>
      <RegionList
        current={storage.kind === 'in-country' ? storage.region : undefined}
        locale={locale}
      />
      <StorageFacts />
    </div>
  );
}
