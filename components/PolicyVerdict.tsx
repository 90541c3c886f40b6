import { browser } from 'wxt/browser';
import type { StorageStatus } from '@/utils/graph/status';
import { regionName, t } from '@/utils/i18n';
import { numberVerdict, type Policy } from '@/utils/policy';

/** Where a number stores its data, or a place a rule allows, in words. */
function placeWords(code: string, locale: string) {
  if (code === 'US') return t('statusDefault');
  if (code === 'NS') return t('statusNoStorage');
  return regionName(code, locale);
}

function storageCode(storage: StorageStatus) {
  if (storage.kind === 'in-country') return storage.region;
  return storage.kind === 'default' ? 'US' : 'NS';
}

/**
 * Whether the open number meets its WABA's residency policy, in words ("Meets your policy:
 * Germany allowed", "Breaks your policy: stored in Brazil, allowed: Germany, India"), with a
 * link to the fleet overview, where the policy is set.
 */
export function PolicyVerdict(props: {
  policy: Policy;
  wabaId?: string;
  storage?: StorageStatus;
  locale: string;
}) {
  const verdict = numberVerdict(props.policy, props.wabaId, props.storage);
  // Without a rule for its account there is nothing to meet: the view stays as it was.
  if (!verdict || verdict.result === 'no-policy') return null;
  const { locale, storage } = props;
  const list = new Intl.ListFormat(locale, { style: 'short', type: 'unit' });
  const allowed = verdict.allowed.length
    ? list.format(verdict.allowed.map((code) => placeWords(code, locale)))
    : t('policyAllowsNothing');
  const known = storage && verdict.result !== 'unknown' ? storageCode(storage) : undefined;
  let text: string;
  // A broken policy stands out as a warning; the other results are plain text.
  let notice = '';
  if (verdict.result === 'compliant' && known) {
    text = t('policyVerdictMeets', [placeWords(known, locale)]);
  } else if (verdict.result === 'non-compliant' && known) {
    text = t('policyVerdictBreaks', [placeWords(known, locale), allowed]);
    notice = ' notice warn';
  } else text = t('policyVerdictUnknown', [allowed]);
  return (
    <p className={`policy-verdict${notice}`} data-policy={verdict.result}>
      {text}{' '}
      <a href={browser.runtime.getURL('/overview.html')} target="_blank" rel="noreferrer">
        {t('policyVerdictOpenOverview')}
      </a>
    </p>
  );
}
