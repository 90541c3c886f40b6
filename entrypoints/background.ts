import { browser } from 'wxt/browser';
import { startFleetBackground } from '@/utils/background/fleet';
import {
  acceptViewPort,
  announceRecoveredFlows,
  broadcast,
  handleMessage,
  tabStartedLoading,
} from '@/utils/background/router';
import { forgetTab } from '@/utils/background/tabs';

export default defineBackground(() => {
  // A step cut off by a killed worker or a closed browser is marked unknown, never lost.
  announceRecoveredFlows();
  // Returning the promise is how webextension-polyfill sends an async reply.
  browser.runtime.onMessage.addListener((message, sender) => handleMessage(message, sender));
  browser.runtime.onConnect.addListener(acceptViewPort);
  // A fleet scan a stopped worker left unfinished continues (alarms wake it during waits).
  startFleetBackground(broadcast);
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    if (change.status === 'loading') tabStartedLoading(tabId, tab.url);
  });
});
