import { browser } from 'wxt/browser';
import {
  acceptViewPort,
  announceRecoveredFlows,
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
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));
  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    if (change.status === 'loading') tabStartedLoading(tabId, tab.url);
  });
});
