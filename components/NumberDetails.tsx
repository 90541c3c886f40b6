import { Fragment } from 'react';
import type { PhoneNumber, Settings } from '@/utils/graph';
import { formatDateTime, t } from '@/utils/i18n';
import { type NumberState, numberFacts } from '@/utils/number-state';
import { REGISTRATION_KEYS } from './NumberStatus';

/**
 * Everything Meta reported about the number, in words, folded below the summary; Meta's own
 * values are one more disclosure down, for support.
 */
export function NumberDetails(props: {
  phoneNumberId: string;
  wabaId?: string;
  phone: PhoneNumber;
  settings: Settings;
  state: NumberState;
  readAt: number;
  locale: string;
}) {
  const { phone, state } = props;
  const facts = numberFacts(phone);
  const storage = props.settings.storage_configuration;
  const raw: [string, string | undefined][] = [
    ['platform_type', phone.platform_type ?? phone.host_platform],
    ...facts.map((f): [string, string] => [
      f.field === 'throughput' ? 'throughput.level' : f.field,
      f.raw,
    ]),
    ['storage_configuration.status', storage?.status],
    ['storage_configuration.data_localization_region', storage?.data_localization_region],
    [
      'storage_configuration.retention_minutes',
      storage?.retention_minutes === undefined ? undefined : String(storage.retention_minutes),
    ],
  ];
  return (
    <details className="disclosure">
      <summary>{t('numberDetailsSummary')}</summary>
      <dl className="facts">
        <dt>{t('fieldRegistration')}</dt>
        <dd>
          {t(REGISTRATION_KEYS[state.registration])}
          {state.registration === 'unknown' && state.registrationRaw
            ? ` (${state.registrationRaw})`
            : ''}
        </dd>
        {facts.map((fact) => (
          <Fragment key={fact.field}>
            <dt>{fact.label}</dt>
            <dd data-tone={fact.tone}>{fact.words}</dd>
          </Fragment>
        ))}
        <dt>{t('fieldPhoneNumberId')}</dt>
        <dd className="mono">{props.phoneNumberId}</dd>
        {props.wabaId && (
          <>
            <dt>{t('fieldWabaId')}</dt>
            <dd className="mono">{props.wabaId}</dd>
          </>
        )}
        <dt>{t('fieldReadAt')}</dt>
        <dd>
          <time dateTime={new Date(props.readAt).toISOString()}>
            {formatDateTime(props.readAt, props.locale)}
          </time>
        </dd>
      </dl>
      <details className="disclosure">
        <summary>{t('rawValuesSummary')}</summary>
        <dl className="facts">
          {raw
            .filter((entry): entry is [string, string] => entry[1] !== undefined)
            .map(([field, value]) => (
              <Fragment key={field}>
                <dt className="mono">{field}</dt>
                <dd className="mono">{value}</dd>
              </Fragment>
            ))}
        </dl>
      </details>
    </details>
  );
}
