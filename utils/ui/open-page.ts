import { browser } from 'wxt/browser';

/**
 * Opens one of Residency's pages in a new tab next to this one. Through the tabs API, not a
 * link's target="_blank", which Firefox may hold back as a popup.
 * @example await openExtensionPage('/report.html')
 */
export async function openExtensionPage(path: `/${string}.html${string}`) {
  await browser.tabs.create({ url: browser.runtime.getURL(path as '/report.html') });
}
