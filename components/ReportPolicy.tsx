import { t } from '@/utils/i18n';
import type { Policy, PolicyRule } from '@/utils/policy';
import { formatRegion } from '@/utils/regions';

/** The residency policy in force, one row per rule, in words that print in black and white. */
export function ReportPolicy(props: {
  policy: Policy;
  /** The id of the heading that names the table. */
  labelledBy: string;
  wabaNames: ReadonlyMap<string, string>;
  locale: string;
}) {
  const { policy, labelledBy, wabaNames, locale } = props;
  const rules: [string, string, PolicyRule][] = [
    ...(policy.all
      ? [['all', t('policyScopeAll'), policy.all] as [string, string, PolicyRule]]
      : []),
    ...Object.entries(policy.wabas).map(
      ([id, rule]) =>
        [id, t('reportWaba', [wabaNames.get(id) || id, id]), rule] as [string, string, PolicyRule],
    ),
  ];
  if (rules.length === 0) return <p>{t('reportPolicyNone')}</p>;
  const allowed = (yes: boolean) => t(yes ? 'reportAllowed' : 'reportNotAllowed');
  return (
    <table className="report-table" aria-labelledby={labelledBy}>
      <thead>
        <tr>
          <th scope="col">{t('reportPolicyScope')}</th>
          <th scope="col">{t('reportPolicyRegions')}</th>
          <th scope="col">{t('reportPolicyDefault')}</th>
          <th scope="col">{t('reportPolicyNoStorage')}</th>
        </tr>
      </thead>
      <tbody>
        {rules.map(([key, scope, rule]) => (
          <tr key={key}>
            <th scope="row">{scope}</th>
            <td>
              {rule.regions.length
                ? rule.regions.map((code) => formatRegion(code, locale)).join(', ')
                : t('reportNoRegions')}
            </td>
            <td>{allowed(rule.defaultStorageAllowed)}</td>
            <td>{allowed(rule.noStorageAllowed)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
