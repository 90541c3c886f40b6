import { SettingSelect } from '@/components/SettingSelect';
import { localeTag, nativeLanguageName, t, UI_LOCALES, type UiLocale } from '@/utils/i18n';

/**
 * Chooses the UI language: the browser's (named as it resolves) or one of the eleven, each named
 * in its own language so a person finds theirs whatever the page is shown in.
 */
export function LanguagePicker(props: {
  chosen: 'auto' | UiLocale;
  /** The locale the browser's language gives. */
  browserLocale: UiLocale;
  onChange(language: 'auto' | UiLocale): void;
  /** A language whose texts could not be loaded (English is shown instead). */
  failed?: UiLocale | null;
}) {
  return (
    <section aria-labelledby="language-heading" className="stack">
      <h2 id="language-heading">{t('languageHeading')}</h2>
      <SettingSelect
        label={t('languageLabel')}
        hint={t('languageHint')}
        value={props.chosen}
        onChange={(value) => props.onChange(value as 'auto' | UiLocale)}
      >
        <option value="auto">{t('languageAuto', [nativeLanguageName(props.browserLocale)])}</option>
        {UI_LOCALES.map((l) => (
          <option key={l} value={l} lang={localeTag(l)}>
            {nativeLanguageName(l)}
          </option>
        ))}
      </SettingSelect>
      {props.failed && (
        <p className="notice warn" role="alert">
          {t('languageLoadFailed', [nativeLanguageName(props.failed)])}
        </p>
      )}
    </section>
  );
}
