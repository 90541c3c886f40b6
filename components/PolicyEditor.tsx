import { useEffect, useId, useState } from 'react';
import type { FleetWaba } from '@/utils/fleet/model';
import { t } from '@/utils/i18n';
import { type Policy, type PolicyRule, ruleFor } from '@/utils/policy';
import { formatRegion, REGION_CODES, type RegionCode } from '@/utils/regions';

const ALL = 'all';
const NEW_RULE: PolicyRule = { regions: [], defaultStorageAllowed: false, noStorageAllowed: true };

/** The rule shown for a scope: its own, or (for a WABA) none yet. */
function ruleOf(policy: Policy, scope: string): PolicyRule | null {
  return scope === ALL ? policy.all : (policy.wabas[scope] ?? null);
}

function withRule(policy: Policy, scope: string, rule: PolicyRule | null): Policy {
  if (scope === ALL) return { ...policy, all: rule };
  const { [scope]: _old, ...wabas } = policy.wabas;
  return { ...policy, wabas: rule ? { ...wabas, [scope]: rule } : wabas };
}

/**
 * Editing the residency policy: a rule for all WABAs and, where needed, a WABA's own rule
 * (allowed regions, default storage, No Storage). Import and export as a JSON file.
 */
export function PolicyEditor({
  policy,
  wabas,
  locale,
  importProblem,
  onSave,
  onExport,
  onImport,
}: {
  policy: Policy;
  wabas: FleetWaba[];
  locale: string;
  /** Why the last imported file was refused, in plain words. */
  importProblem?: string;
  onSave(policy: Policy): void;
  onExport(): void;
  onImport(file: File): void;
}) {
  const scopeId = useId();
  const [scope, setScope] = useState(ALL);
  const [draft, setDraft] = useState<PolicyRule | null>(ruleOf(policy, scope));
  useEffect(() => setDraft(ruleOf(policy, scope)), [policy, scope]);
  const inherited = scope !== ALL && !draft ? ruleFor(policy, scope) : null;
  const toggleRegion = (code: RegionCode, on: boolean) =>
    draft &&
    setDraft({
      ...draft,
      regions: on ? [...draft.regions, code] : draft.regions.filter((r) => r !== code),
    });

  return (
    <section className="stack" aria-labelledby="policy-heading">
      <h2 id="policy-heading">{t('policyHeading')}</h2>
      <p className="muted">{t('policyIntro')}</p>
      <div className="row">
        <label htmlFor={scopeId}>{t('policyScope')}</label>
        <select id={scopeId} value={scope} onChange={(e) => setScope(e.target.value)}>
          <option value={ALL}>{t('policyScopeAll')}</option>
          {wabas.map((w) => (
            <option key={w.id} value={w.id}>
              {policy.wabas[w.id] ? t('policyScopeOwn', [w.name ?? w.id]) : (w.name ?? w.id)}
            </option>
          ))}
        </select>
      </div>
      <label className="row">
        <input
          type="checkbox"
          checked={draft !== null}
          onChange={(e) => setDraft(e.target.checked ? (inherited?.rule ?? NEW_RULE) : null)}
        />
        {scope === ALL ? t('policyHasRuleAll') : t('policyHasRuleWaba')}
      </label>
      {inherited && <p className="muted">{t('policyInherits')}</p>}
      {draft && (
        <fieldset className="stack">
          <legend>{t('policyRegions')}</legend>
          <div className="policy-regions">
            {REGION_CODES.map((code) => (
              <label key={code} className="row">
                <input
                  type="checkbox"
                  checked={draft.regions.includes(code)}
                  onChange={(e) => toggleRegion(code, e.target.checked)}
                />
                {formatRegion(code, locale)}
              </label>
            ))}
          </div>
          <label className="row">
            <input
              type="checkbox"
              checked={draft.defaultStorageAllowed}
              onChange={(e) => setDraft({ ...draft, defaultStorageAllowed: e.target.checked })}
            />
            {t('policyDefaultAllowed')}
          </label>
          <label className="row">
            <input
              type="checkbox"
              checked={draft.noStorageAllowed}
              onChange={(e) => setDraft({ ...draft, noStorageAllowed: e.target.checked })}
            />
            {t('policyNoStorageAllowed')}
          </label>
        </fieldset>
      )}
      <div className="row">
        <button type="button" onClick={() => onSave(withRule(policy, scope, draft))}>
          {t('policySave')}
        </button>
        <button type="button" onClick={onExport}>
          {t('policyExport')}
        </button>
        <label className="button">
          {t('policyImport')}
          <input
            type="file"
            accept="application/json,.json"
            className="visually-hidden"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) onImport(file);
              e.target.value = '';
            }}
          />
        </label>
      </div>
      {importProblem && (
        <div className="notice error" role="alert">
          <p>
            <strong>{t('policyImportRefused')}</strong>
          </p>
          <p>{importProblem}</p>
          <p>{t('policyImportToDo')}</p>
        </div>
      )}
    </section>
  );
}
