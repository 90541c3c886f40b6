import { SettingSelect } from '@/components/SettingSelect';
import { liveVersions, versionWarningText } from '@/utils/graph/versions';
import { t } from '@/utils/i18n';

/** Chooses the Graph API version: "newest" or a pinned live version, warning near expiry. */
export function VersionPicker(props: {
  chosen: string | null;
  effective: string;
  locale: string;
  onChange(version: string | null): void;
}) {
  const now = new Date();
  const live = liveVersions(now);
  const warning = versionWarningText(props.effective, now, props.locale);
  return (
    <section aria-labelledby="version-heading" className="stack">
      <h2 id="version-heading">{t('graphVersionHeading')}</h2>
      <SettingSelect
        label={t('graphVersionLabel')}
        hint={t('graphVersionHint')}
        value={props.chosen ?? ''}
        onChange={(value) => props.onChange(value || null)}
      >
        <option value="">
          {t('graphVersionNewest', [live[live.length - 1] ?? props.effective])}
        </option>
        {live.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </SettingSelect>
      {warning && (
        <p className="notice warn" role="status">
          {warning}
        </p>
      )}
    </section>
  );
}
