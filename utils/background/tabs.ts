import { browser } from 'wxt/browser';
import { journal } from '../change-flow/journal';
import { badgeFor, GraphError, interpretStorage } from '../graph';
import { t, tPlural, uiLanguage } from '../i18n';
import { parseManagerUrl } from '../manager-page';
import type { TabContext } from '../messaging/protocol';
import { statusCacheStore, tabContextStore, tokenStore } from '../storage';
import { cachedNumberStatus, currentNumberStatus, resolvePhoneNumberId } from './numbers';

// Tab contexts live in session storage so a restarted service worker still knows every tab.
export const getTabContext = (tabId: number) => tabContextStore.get(tabId);

async function saveTabContext(context: TabContext, notify: (tabId: number) => void) {
  await tabContextStore.set(context);
  notify(context.tabId);
}

export async function forgetTab(tabId: number) {
  await tabContextStore.forget(tabId);
}

/**
 * A displayed number's phone number ID, and its status from the moment the ID is known (the
 * status cache is read side by side with the number list, not after it).
 */
function lookUpNumber(wabaId: string, digits: string, fresh: boolean) {
  const cache = statusCacheStore.getAll();
  cache.catch(() => undefined);
  const id = resolvePhoneNumberId(wabaId, digits, fresh);
  const status = id.then((found) => (found ? currentNumberStatus(found, cache) : null));
  return { id, status };
}

// Navigation can outrun lookups; only the newest URL per tab may write its result.
const latestUrl = new Map<number, { url: string; at: number }>();

/** How long a lookup started as the tab loaded stands for the content script's report of it. */
const SAME_PAGE_MS = 10_000;

/**
 * Whether this tab's page at `url` was looked up moments ago (as the tab started loading), so
 * the content script's report of the same page changes nothing.
 */
export function lookedUpMomentsAgo(tabId: number, url: string, now = Date.now()) {
  const latest = latestUrl.get(tabId);
  return latest?.url === url && now - latest.at < SAME_PAGE_MS;
}

/**
 * Works out what a Manager tab shows: parses the URL, resolves the displayed number to its
 * phone number ID through Graph, and reads its status. Each step is saved as it completes.
 */
export async function updateTab(
  tabId: number,
  url: string,
  notify: (tabId: number) => void,
  /** The person asked to look again: a number added moments ago must be found. */
  fresh = false,
) {
  const started = { url, at: Date.now() };
  latestUrl.set(tabId, started);
  const isCurrent = () => latestUrl.get(tabId) === started;
  const page = parseManagerUrl(url);
  const base = { tabId, url, page, updatedAt: Date.now() };

  if (!page) {
    await saveTabContext({ ...base, resolution: 'no-page' }, notify);
    await setBadge(tabId, null);
    return;
  }
  // The number is looked up, and read the moment its ID is known, while the token is checked
  // and the tab's steps are saved (with no token both fail at once, before any request).
  const { wabaId, phoneNumber } = page;
  const lookup = wabaId && phoneNumber ? lookUpNumber(wabaId, phoneNumber.digits, fresh) : null;
  lookup?.id.catch(() => undefined);
  lookup?.status.catch(() => undefined);
  if (!(await tokenStore.get())) {
    await saveTabContext({ ...base, resolution: 'no-token' }, notify);
    await setBadge(tabId, { text: '!', title: t('badgeNoToken') });
    return;
  }
  if (!lookup) {
    await saveTabContext({ ...base, resolution: wabaId ? 'waba' : 'no-page' }, notify);
    await setBadge(tabId, null);
    return;
  }

  const resolving = saveTabContext({ ...base, resolution: 'resolving' }, notify);
  resolving.catch(() => undefined);
  try {
    const phoneNumberId = await lookup.id;
    await resolving;
    if (!isCurrent()) return;
    if (!phoneNumberId) {
      await saveTabContext({ ...base, resolution: 'not-found', updatedAt: Date.now() }, notify);
      await setBadge(tabId, null);
      return;
    }
    await saveTabContext(
      { ...base, resolution: 'resolved', phoneNumberId, updatedAt: Date.now() },
      notify,
    );
    const status = await lookup.status;
    if (isCurrent() && status) await showStatusBadge(tabId, status.settings, phoneNumberId);
  } catch (error) {
    if (!isCurrent()) return;
    await saveTabContext(
      { ...base, resolution: 'error', error: GraphError.serialize(error), updatedAt: Date.now() },
      notify,
    );
    await setBadge(tabId, { text: '!', title: t('badgeError') });
  }
}

/** Updates the badge of every tab that shows this number. */
export async function refreshBadgesFor(
  phoneNumberId: string,
  settings: Parameters<typeof interpretStorage>[0],
) {
  for (const context of await tabContextStore.all()) {
    if (context.phoneNumberId === phoneNumberId) {
      await showStatusBadge(context.tabId, settings, phoneNumberId);
    }
  }
}

async function showStatusBadge(
  tabId: number,
  settings: Parameters<typeof interpretStorage>[0],
  phoneNumberId: string,
) {
  // An unfinished change outranks the region: the number may be offline.
  const active = await journal.activeFor(phoneNumberId);
  if (active) {
    await setBadge(tabId, { text: '…', title: t('badgeUnfinished'), color: '#b3261e' });
    return;
  }
  const badge = badgeFor(interpretStorage(settings), uiLanguage());
  // The tooltip says both: the open number's region, and the fleet's drift.
  const title = t(badge.titleKey, badge.titleSubstitutions);
  const drift = driftTitle();
  await setBadge(tabId, {
    text: badge.text,
    title: drift ? `${title}\n${drift}` : title,
    color: badge.color,
  });
}

// ---- The fleet watch's count, on every tab that shows no number of its own ---------------

let drifted = 0;
const DRIFT_COLOUR = '#8a4b00';

/** "3 numbers drifted since you last looked at the fleet overview", or nothing. */
const driftTitle = () => (drifted > 0 ? tPlural('badgeDrifted', drifted) : undefined);

/**
 * Shows how many numbers drifted since the person last looked at the watch's list as the
 * badge of every tab without a number (the global badge), and adds it to every tooltip.
 */
export async function showDriftOnBadge(count: number) {
  const changed = count !== drifted;
  drifted = count;
  try {
    await action().setBadgeBackgroundColor({ color: DRIFT_COLOUR });
    await action().setBadgeText({ text: count > 0 ? String(count) : '' });
    await action().setTitle({ title: driftTitle() ?? t('actionTitle') });
  } catch {
    // No toolbar button (a browser without one): nothing to show.
  }
  if (!changed) return;
  // Tabs with a badge of their own get the new count in their tooltip.
  for (const context of await tabContextStore.all()) {
    if (context.resolution !== 'resolved' || !context.phoneNumberId) continue;
    const status = await cachedNumberStatus(context.phoneNumberId).catch(() => null);
    if (status) await showStatusBadge(context.tabId, status.settings, context.phoneNumberId);
  }
}

// Firefox MV2 exposes the toolbar button as browserAction.
const action = () =>
  browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;

/** A tab's own badge, or none: then the tab shows the global one (the fleet's drift). */
async function setBadge(
  tabId: number,
  badge: { text: string; title: string; color?: string } | null,
) {
  try {
    if (!badge) return await clearTabBadge(tabId);
    if (badge.color) await action().setBadgeBackgroundColor({ tabId, color: badge.color });
    await action().setBadgeText({ tabId, text: badge.text });
    await action().setTitle({ tabId, title: badge.title });
  } catch {
    // The tab closed while we were working; nothing to show.
  }
}

/** Null removes a tab's own value, so the global one shows (both browsers document this). */
async function clearTabBadge(tabId: number) {
  const unset = null as unknown as string;
  await action().setBadgeText({ tabId, text: unset });
  // A browser that refuses null gets the global tooltip as the tab's own.
  await action()
    .setTitle({ tabId, title: unset })
    .catch(() => action().setTitle({ tabId, title: driftTitle() ?? t('actionTitle') }));
  await action()
    .setBadgeBackgroundColor({ tabId, color: unset })
    .catch(() => action().setBadgeBackgroundColor({ tabId, color: DRIFT_COLOUR }));
}
