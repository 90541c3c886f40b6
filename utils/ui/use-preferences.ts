import { useEffect, useState } from 'react';
import { ask, onBroadcast } from '../messaging/client';
import type { Preferences } from '../storage';

/**
 * The settings as the background has them, kept current by its broadcasts; null until read.
 * Pages ask the background rather than read storage: the storage code and its schemas stay
 * out of their bundles, and the background is the one place that reads and upgrades them.
 */
export function usePreferences(): Preferences | null {
  const [preferences, setPreferences] = useState<Preferences | null>(null);
  useEffect(() => {
    let live = true;
    const read = () =>
      void ask({ type: 'preferences.get' })
        .then((next) => live && setPreferences(next))
        .catch(() => undefined);
    read();
    const stop = onBroadcast((message) => {
      if (message.type === 'preferences.changed') setPreferences(message.preferences);
      // Also sent when the port reconnects after the worker restarted: read them again.
      else if (message.type === 'token.changed') read();
    });
    return () => {
      live = false;
      stop();
    };
  }, []);
  return preferences;
}
