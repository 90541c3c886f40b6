import { t } from '@/utils/i18n';
import { ask } from '@/utils/messaging/client';
import { usePreferences } from '@/utils/ui/use-preferences';

/** The choice to show Residency on Manager pages, so hiding it from the panel can be undone. */
export function OverlayVisibility() {
  const hidden = usePreferences()?.overlayHidden;
  if (hidden === undefined) return null;
  return (
    <label className="row plain">
      <input
        type="checkbox"
        checked={!hidden}
        onChange={(event) =>
          void ask({ type: 'preferences.update', patch: { overlayHidden: !event.target.checked } })
        }
      />
      {t('overlayShowOnManager')}
    </label>
  );
}
