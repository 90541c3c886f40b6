import { useState } from 'react';
import type { ChainProblem, ChainVerdict } from '@/utils/audit/chain';
import { recordWords } from '@/utils/audit/readable';
import { formatNumber, t, tPlural } from '@/utils/i18n';
import { copyText } from '@/utils/ui/clipboard';

const PROBLEM_TEXT = {
  edited: 'auditChainEdited',
  removed: 'auditChainRemoved',
  added: 'auditChainAdded',
  reordered: 'auditChainReordered',
} as const satisfies Record<ChainProblem, string>;

/** The result of checking the change history's hash chain: intact with its head, or where not. */
export function ChainCheck(props: { verdict?: ChainVerdict; locale: string }) {
  const { verdict, locale } = props;
  const [copyResult, setCopyResult] = useState('');

  if (!verdict) return <p role="status">{t('auditChainChecking')}</p>;
  if (verdict.state === 'intact' && verdict.count === 0)
    return <p className="hint">{t('auditChainEmpty')}</p>;

  if (verdict.state === 'intact') {
    const copy = async () => {
      const what = t('auditChainHeadName');
      setCopyResult(
        (await copyText(verdict.headHash))
          ? t('copied', [what])
          : t('copyFailed', [what, verdict.headHash]),
      );
    };
    return (
      <section className="notice ok stack" aria-labelledby="chain-heading">
        <h3 id="chain-heading">{t('auditChainHeading')}</h3>
        <p role="status">
          {verdict.trims > 0
            ? tPlural('auditChainIntactWithTrims', verdict.trims, [
                formatNumber(verdict.calls, locale),
                formatNumber(verdict.trims, locale),
              ])
            : verdict.count === 1
              ? t('auditChainIntactOne')
              : tPlural('auditChainIntact', verdict.count)}
        </p>
        <dl className="stack head-hash">
          <dt>{t('auditChainHeadLabel')}</dt>
          <dd className="stack">
            <code className="hash">{verdict.headHash}</code>
            <span className="row">
              <button type="button" onClick={copy}>
                {t('auditChainCopyHead')}
              </button>
              <span aria-live="polite" className="hint">
                {copyResult}
              </span>
            </span>
          </dd>
        </dl>
        <p className="hint">{t('auditChainHeadHint')}</p>
      </section>
    );
  }

  const which = recordWords(verdict.record, locale);
  return (
    <section className="notice error stack" aria-labelledby="chain-heading">
      <h3 id="chain-heading">{t('auditChainHeading')}</h3>
      <p role="alert">
        {t('auditChainBroken', [
          formatNumber(verdict.position, locale),
          formatNumber(verdict.count, locale),
          t(PROBLEM_TEXT[verdict.problem]),
        ])}{' '}
        {which}
      </p>
      <p>{t('auditChainWhatToDo')}</p>
      <details>
        <summary>{t('auditChainDetails')}</summary>
        <p className="mono">{t('auditChainExpected', [verdict.expected, verdict.found])}</p>
      </details>
    </section>
  );
}
