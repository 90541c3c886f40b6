import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { startFleetBackground } from '@/utils/background/fleet';
import { forgetFrameToken } from '@/utils/background/frame-tokens';
import {
  acceptViewPort,
  announceRecoveredFlows,
  broadcast,
  handleMessage,
  tabStartedLoading,
} from '@/utils/background/router';
import { forgetTab } from '@/utils/background/tabs';
import { startWatchBackground } from '@/utils/background/watch';
import { startLanguage } from '@/utils/i18n/active';
import { storedLanguage } from '@/utils/i18n/stored-language';
import { OPEN_OVERLAY_COMMAND } from '@/utils/panel-frame';
import { prepareStoredData } from '@/utils/storage';

export default defineBackground(() => {
  // Stored data is brought to this build's shape first; nothing is written before.
  const storageReady = prepareStoredData();
  // Badge tooltips and any text the background writes use the language the pages use. Its
  // messages load while stored data is prepared (reading the setting writes nothing): a
  // message that woke the worker waits for the longer of the two, not for both in turn.
  const languageReady = Promise.all([storageReady, startLanguage(storedLanguage, () => undefined)]);
  const whenReady =
    <A extends unknown[], R>(task: (...args: A) => R) =>
    (...args: A) =>
      languageReady.then(() => task(...args));

  // A step cut off by a killed worker or a closed browser is marked unknown, never lost.
  void storageReady.then(announceRecoveredFlows);
  // Returning the promise is how webextension-polyfill sends an async reply.
  browser.runtime.onMessage.addListener(whenReady(handleMessage));
  browser.runtime.onConnect.addListener(acceptViewPort);
  // A fleet scan a stopped worker left unfinished continues (alarms wake it during waits).
  startFleetBackground(broadcast, storageReady);
  // The watch's periodic check, and one at start-up when one came due while the browser was closed.
  startWatchBackground(broadcast, storageReady);
  browser.tabs.onRemoved.addListener(
    whenReady((tabId: number) => {
      void forgetTab(tabId);
      void forgetFrameToken(tabId);
    }),
  );
  // The keyboard shortcut opens the overlay of the Manager page in front (its content script
  // is the only listener; elsewhere nothing answers).
  browser.commands.onCommand.addListener(async (command, tab) => {
    if (command !== OPEN_OVERLAY_COMMAND) return;
    const id = tab?.id ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
    if (id !== undefined)
      await browser.tabs.sendMessage(id, { type: OPEN_OVERLAY_COMMAND }).catch(() => undefined);
  });
  browser.tabs.onUpdated.addListener(
    whenReady((tabId: number, change: { status?: string }, tab: { url?: string }) => {
      if (change.status === 'loading') tabStartedLoading(tabId, tab.url);
    }),
  );
});
