// fakeBrowser has no i18n; give tests the real English messages so UI text is asserted as shipped.

import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import messages from '../../public/_locales/en/messages.json';

type Messages = Record<string, { message: string }>;

function getMessage(key: string, substitutions?: string | string[]): string {
  const entry = (messages as Messages)[key];
  if (!entry) return '';
  const subs =
    substitutions === undefined
      ? []
      : Array.isArray(substitutions)
        ? substitutions
        : [substitutions];
  return entry.message.replace(/\$(\d)/g, (_m, n: string) => subs[Number(n) - 1] ?? '');
}

beforeEach(() => {
  fakeBrowser.reset();
  Object.assign(fakeBrowser, {
    i18n: { ...fakeBrowser.i18n, getMessage, getUILanguage: () => 'en' },
    // fakeBrowser has no commands API; the background only listens for the overlay shortcut.
    commands: { onCommand: { addListener() {}, removeListener() {}, hasListener: () => false } },
  });
});
