import { useEffect, useState } from 'react';
import { t } from '@/utils/i18n';
import { ask } from '@/utils/messaging/client';
import { preferencesStore } from '@/utils/storage';

/** The choice to show Residency on Manager pages, so hiding it from the panel can be undone. */
export function OverlayVisibility() {
  const [hidden, setHidden] = useState<boolean | null>(null);
  useEffect(() => {
    void preferencesStore.get().then((p) => setHidden(p.overlayHidden));
    return preferencesStore.watch((p) => setHidden(p.overlayHidden));
  }, []);
  if (hidden === null) return null;
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
