import { t } from '@/utils/i18n';
import { REGION_GROUPS, type RegionCode, regionGroupName, regionName } from '@/utils/regions';

export type StorageTarget = RegionCode | 'disabled';

/** Radio buttons for the 14 regions (grouped), plus "turn in-country storage off" when offered. */
export function RegionPicker(props: {
  value: StorageTarget | null;
  current?: RegionCode;
  offerDisable: boolean;
  locale: string;
  onChange(target: StorageTarget): void;
}) {
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
                {regionName(code, props.locale)} ({code})
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
