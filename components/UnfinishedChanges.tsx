import { isolateLtr } from '@/utils/bidi';
import type { FlowState } from '@/utils/change-flow/machine';
import { isNumberOffline } from '@/utils/change-flow/machine';
import { t } from '@/utils/i18n';

/** Changes that were started and not finished, for numbers other than the one in view. */
export function UnfinishedChanges(props: {
  flows: FlowState[];
  onOpen(phoneNumberId: string): void;
}) {
  if (props.flows.length === 0) return null;
  return (
    <section className="notice warn stack" role="alert" aria-labelledby="unfinished-heading">
      <h2 id="unfinished-heading">{t('unfinishedHeading')}</h2>
      <ul className="indented">
        {props.flows.map((flow) => {
          const display = flow.displayPhoneNumber ?? flow.phoneNumberId;
          return (
            <li key={flow.id}>
              {isNumberOffline(flow)
                ? t('unfinishedOffline', [isolateLtr(display)])
                : t('unfinishedOther', [isolateLtr(display)])}{' '}
              <button
                type="button"
                className="link"
                onClick={() => props.onOpen(flow.phoneNumberId)}
              >
                {t('unfinishedOpen', [isolateLtr(display)])}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
