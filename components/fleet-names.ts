import type { StatusFilter } from '@/utils/fleet/view';
import type { RegistrationState } from '@/utils/graph';
import { type MessageKey, t } from '@/utils/i18n';
import type { PolicyResult } from '@/utils/policy';

/** UI words for the fleet's codes; the codes themselves stay in URLs and exports. */

const POLICY_KEYS = {
  compliant: 'fleetPolicyCompliant',
  'non-compliant': 'fleetPolicyNonCompliant',
  unknown: 'fleetPolicyUnknown',
  'no-policy': 'fleetPolicyNone',
} as const;
export const policyResultName = (result: PolicyResult) => t(POLICY_KEYS[result]);

const STATUS_KEYS = {
  registered: 'registrationRegistered',
  unregistered: 'registrationUnregistered',
  failed: 'fleetStatusFailed',
  pending: 'fleetStatusPending',
} as const;
export const statusFilterName = (status: StatusFilter) => t(STATUS_KEYS[status]);

/** US is Meta's default storage, NS No Storage. */
export const placeName = (code: string) =>
  code === 'US' ? t('statusDefault') : code === 'NS' ? t('statusNoStorage') : code;

const REGISTRATION_KEYS: Record<RegistrationState, MessageKey> = {
  'registered-cloud': 'registrationCloud',
  'registered-on-premise': 'registrationOnPremise',
  unregistered: 'registrationUnregistered',
  unknown: 'registrationUnknown',
};
/** A registrationState word for people; a word Residency does not know is shown as it is. */
export const registrationName = (state: string) =>
  state in REGISTRATION_KEYS ? t(REGISTRATION_KEYS[state as RegistrationState]) : state;
