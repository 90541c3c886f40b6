import { t } from '@/utils/i18n';
import type { ManagerSection } from '@/utils/manager-page';
import { parseManagerPageKey } from '@/utils/panel-frame/hidden-pages';

const SECTION_KEYS = {
  'phone-profile': 'hiddenPagePhone',
  'phone-numbers': 'hiddenPageNumbers',
  home: 'hiddenPageHome',
  'message-templates': 'hiddenPageTemplates',
  other: 'hiddenPageOther',
} as const satisfies Record<ManagerSection, string>;

/** A hidden Manager page in words: "The profile of +15556682460 (account 1022…)". */
export function HiddenPageName(props: { pageKey: string }) {
  const page = parseManagerPageKey(props.pageKey);
  if (!page) return <span>{t('hiddenPageUnknown')}</span>;
  const number = page.phoneDigits ? `+${page.phoneDigits}` : '';
  return (
    <span>
      {t(SECTION_KEYS[page.section], [number])}
      {page.wabaId && (
        <>
          {' '}
          <span className="muted">{t('hiddenPageAccount', [page.wabaId])}</span>
        </>
      )}
    </span>
  );
}
