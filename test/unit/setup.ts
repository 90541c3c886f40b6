// Tests read the real English messages, so UI text is asserted as shipped.

import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setMessages } from '@/utils/i18n';
import messages from '../../public/_locales/en/messages.json';

beforeEach(() => {
  fakeBrowser.reset();
  setMessages('en', messages);
  Object.assign(fakeBrowser, {
    i18n: { ...fakeBrowser.i18n, getUILanguage: () => 'en-US' },
    // fakeBrowser has no commands API; the background only listens for the overlay shortcut.
    commands: { onCommand: { addListener() {}, removeListener() {}, hasListener: () => false } },
  });
});
