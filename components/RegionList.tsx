import { t } from '@/utils/i18n';
import { REGION_GROUPS, type RegionCode, regionGroupName, regionName } from '@/utils/regions';

/** The 14 allowed Local Storage regions, grouped as Meta groups them; the current one marked. */
export function RegionList({ current, locale }: { current?: RegionCode; locale: string }) {
  return (
    <section aria-labelledby="regions-heading">
      <h2 id="regions-heading" className="label-heading">
        {t('allowedRegionsHeading')}
      </h2>
      <div className="regions">
        {REGION_GROUPS.map((group) => (
          <div key={group.id}>
            <h3 className="muted group-heading" id={`group-${group.id}`}>
              {regionGroupName(group.id)}
            </h3>
            <ul aria-labelledby={`group-${group.id}`}>
              {group.regions.map((code) => (
                <li key={code} aria-current={code === current ? 'true' : undefined}>
                  {regionName(code, locale)} <span className="muted">({code})</span>
                  {code === current && (
                    <span className="visually-hidden"> {t('allowedRegionsCurrent')}</span>
                  )}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}
