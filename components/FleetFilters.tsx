import { useId } from 'react';
import type { FleetWaba } from '@/utils/fleet/model';
import { type FleetFilters as Filters, PLACE_CODES, STATUS_FILTERS } from '@/utils/fleet/view';
import { t } from '@/utils/i18n';
import { POLICY_RESULTS } from '@/utils/policy';
import { formatRegion, isRegionCode } from '@/utils/regions';
import { placeName, policyResultName, statusFilterName } from './fleet-names';

/** One labelled choice, "All" first. */
function Choice({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: { value: string; text: string }[];
  onChange(value: string): void;
}) {
  const id = useId();
  return (
    <div className="fleet-filter">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('fleetFilterAll')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Narrowing the fleet: by WABA, place of storage, status, policy result, and a search. */
export function FleetFilters({
  filters,
  wabas,
  locale,
  onChange,
}: {
  filters: Filters;
  wabas: FleetWaba[];
  locale: string;
  onChange(patch: Partial<Filters>): void;
}) {
  const searchId = useId();
  return (
    <form className="fleet-filters row" onSubmit={(e) => e.preventDefault()}>
      <div className="fleet-filter">
        <label htmlFor={searchId}>{t('fleetFilterSearch')}</label>
        <input
          id={searchId}
          type="search"
          value={filters.q}
          onChange={(e) => onChange({ q: e.target.value })}
        />
      </div>
      <Choice
        label={t('fleetFilterWaba')}
        value={filters.waba}
        options={wabas.map((w) => ({ value: w.id, text: w.name ?? w.id }))}
        onChange={(waba) => onChange({ waba })}
      />
      <Choice
        label={t('fleetFilterRegion')}
        value={filters.region}
        options={PLACE_CODES.map((code) => ({
          value: code,
          text: isRegionCode(code) ? formatRegion(code, locale) : placeName(code),
        }))}
        onChange={(region) => onChange({ region })}
      />
      <Choice
        label={t('fleetFilterStatus')}
        value={filters.status}
        options={STATUS_FILTERS.map((s) => ({ value: s, text: statusFilterName(s) }))}
        onChange={(status) => onChange({ status: status as Filters['status'] })}
      />
      <Choice
        label={t('fleetFilterPolicy')}
        value={filters.policy}
        options={POLICY_RESULTS.map((p) => ({ value: p, text: policyResultName(p) }))}
        onChange={(policy) => onChange({ policy: policy as Filters['policy'] })}
      />
    </form>
  );
}
