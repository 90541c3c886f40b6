import type { PhoneNumber } from '@/utils/graph';
import { t } from '@/utils/i18n';
import {
  describeNumberState,
  isOfflineByChange,
  type NumberFact,
  type NumberState,
  numberFacts,
  type Tone,
} from '@/utils/number-state';
import { Ltr } from './Ltr';

export interface NumberStatusProps {
  phoneNumberId: string;
  phone: PhoneNumber;
  state: NumberState;
  locale: string;
  /** False where the page already announces a summary (the panel): one live region per document. */
  announce?: boolean;
  refreshing?: boolean;
}

export const REGISTRATION_KEYS = {
  'registered-cloud': 'registrationCloud',
  'registered-on-premise': 'registrationOnPremise',
  unregistered: 'registrationUnregistered',
  unknown: 'registrationUnknown',
} as const;

/** Facts shown at a glance; the rest are in the number's details. */
const GLANCE = new Set(['status', 'quality_rating', 'code_verification_status']);
/** Verified is the usual case: at a glance only when it is not. */
const atAGlance = (fact: NumberFact) =>
  GLANCE.has(fact.field) &&
  !(fact.field === 'code_verification_status' && fact.raw.toUpperCase() === 'VERIFIED');

/**
 * The number at a glance: which number, where its data is stored (or that a change left it
 * offline), and its registration, connection, quality and verification as coloured words.
 */
export function NumberStatus(props: NumberStatusProps) {
  const { phone, state, locale } = props;
  const words = describeNumberState(state, locale);
  const registrationTone: Tone = isOfflineByChange(state)
    ? 'danger'
    : state.registration.startsWith('registered-')
      ? 'ok'
      : 'neutral';
  const chips = numberFacts(phone)
    .filter(atAGlance)
    .map((fact) => ({
      key: fact.field,
      tone: fact.tone,
      text: fact.field === 'quality_rating' ? t('qualityChip', [fact.words]) : fact.words,
    }));

  return (
    <div className="stack tight">
      <div
        role={props.announce === false ? undefined : 'status'}
        aria-busy={props.refreshing || undefined}
      >
        <p className="muted flush">
          <Ltr>{phone.display_phone_number ?? props.phoneNumberId}</Ltr>
          {phone.verified_name ? ` · ${phone.verified_name}` : ''}
        </p>
        <p className="status-line" data-tone={state.tone}>
          {words.headline}
        </p>
        {words.detail && <p className="status-detail">{words.detail}</p>}
      </div>
      <ul className="chips" aria-label={t('glanceLabel')}>
        <li data-tone={registrationTone}>
          {t(REGISTRATION_KEYS[state.registration])}
          {state.registration === 'unknown' && state.registrationRaw
            ? ` (${state.registrationRaw})`
            : ''}
        </li>
        {chips.map((chip) => (
          <li key={chip.key} data-tone={chip.tone}>
            {chip.text}
          </li>
        ))}
      </ul>
    </div>
  );
}
