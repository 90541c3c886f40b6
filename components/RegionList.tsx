import { formatNumber, t } from '@/utils/i18n';
import {
  formatRegion,
  REGION_CODES,
  REGION_GROUPS,
  type RegionCode,
  regionGroupName,
} from '@/utils/regions';

/** A storage choice: one of the 14 regions, or in-country storage off. */
export type StorageTarget = RegionCode | 'disabled';

export type RegionListProps = {
  /** The region the number uses now, marked in the list (and not offered as a choice). */
  current?: RegionCode;
  locale: string;
} & (
  | { mode: 'view' }
  | {
      mode: 'pick';
      value: StorageTarget | null;
      /** Offer "turn in-country storage off" (only when it is on). */
      offerDisable: boolean;
      onChange(target: StorageTarget): void;
    }
);

/**
 * The 14 allowed Local Storage regions, grouped as Meta groups them. One list in two modes: it
 * shows the current region (folded away, so it does not push the change controls down), and
 * becomes the choice of regions when the person starts a change.
 */
export function RegionList(props: RegionListProps) {
  if (props.mode === 'view') {
    return (
      <details className="disclosure">
        <summary>
          {t('allowedRegionsSummary', [formatNumber(REGION_CODES.length, props.locale)])}
          {props.current && (
            <span className="muted">
              {' '}
              · {t('allowedRegionsCurrentIs', [formatRegion(props.current, props.locale)])}
            </span>
          )}
        </summary>
        <div className="regions">
          {REGION_GROUPS.map((group) => (
            <div key={group.id}>
              <h3 className="muted group-heading" id={`group-${group.id}`}>
                {regionGroupName(group.id)}
              </h3>
              <ul aria-labelledby={`group-${group.id}`}>
                {group.regions.map((code) => (
                  <li key={code} aria-current={code === props.current ? 'true' : undefined}>
                    {formatRegion(code, props.locale)}
                    {code === props.current && (
                      <span className="visually-hidden"> {t('allowedRegionsCurrent')}</span>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </details>
    );
  }

  return (
    <fieldset className="stack bare">
      <legend className="strong">{t('pickRegionLegend')}</legend>
      <div className="regions">
        {REGION_GROUPS.map((group) => (
          <fieldset key={group.id} aria-labelledby={`pick-${group.id}`} className="bare">
            <h3 id={`pick-${group.id}`} className="muted group-heading">
              {regionGroupName(group.id)}
            </h3>
            {group.regions.map((code) => (
              <label key={code} className="plain">
                <input
                  type="radio"
                  name="region"
                  value={code}
                  checked={props.value === code}
                  disabled={code === props.current}
                  onChange={() => props.onChange(code)}
                />{' '}
                {formatRegion(code, props.locale)}
                {code === props.current ? ` ${t('allowedRegionsCurrent')}` : ''}
              </label>
            ))}
          </fieldset>
        ))}
      </div>
      {props.offerDisable && (
        <label className="plain">
          <input
            type="radio"
            name="region"
            value="disabled"
            checked={props.value === 'disabled'}
            onChange={() => props.onChange('disabled')}
          />{' '}
          {t('pickDisable')}
        </label>
      )}
    </fieldset>
  );
}
