import { type Browser, browser } from 'wxt/browser';
import { listAudit } from '../audit';
import { journal } from '../change-flow/journal';
import { isActive } from '../change-flow/machine';
import { GraphError, MeSchema, PermissionsSchema } from '../graph';
import { MANAGER_HOST } from '../manager-page';
import {
  BROADCAST_PORT,
  type Broadcast,
  type Envelope,
  isFramedPage,
  type OverlayVisibility,
  REQUIRED_PERMISSIONS,
  type ReplyOf,
  type Request,
  type RequestOf,
  RequestSchema,
  type RequestType,
  type SenderInfo,
  senderMayAsk,
  type TokenCheck,
} from '../messaging/protocol';
import { frameTokenOf, OVERLAY_VISIBILITY_MESSAGE } from '../panel-frame';
import { managerPageKeyOf, overlayHiddenAt, withPageHidden } from '../panel-frame/hidden-pages';
import {
  type Preferences,
  preferencesItem,
  preferencesStore,
  recentNumbersStore,
  statusCacheStore,
  storedDataReport,
  tokenStore,
} from '../storage';
import { fleetHandlers, forgetFleetScan } from './fleet';
import { createBackgroundRunner, flowSummary, recoverJournal } from './flows';
import { frameTokenValid, issueFrameToken } from './frame-tokens';
import { effectiveVersion, graph } from './graph';
import {
  cachedNumberStatus,
  fetchNumberStatus,
  forgetWabaLists,
  freshNumberStatus,
  listAssignedWabas,
  numberReadInFlight,
  wabaNumbersWithSettings,
} from './numbers';
import { getTabContext, lookedUpMomentsAgo, refreshBadgesFor, updateTab } from './tabs';
import { forgetCheckEstimate, watchHandlers } from './watch';

type Sender = { url?: string; id?: string; frameId?: number; tab?: { id?: number; url?: string } };
type Handlers = {
  [T in RequestType]: (request: RequestOf<T>, tabId: number | undefined) => Promise<ReplyOf<T>>;
};

const viewPorts = new Set<Browser.runtime.Port>();

/** Who sent a message, with a framed panel's frame token checked against its tab. */
async function senderInfo(sender: Sender): Promise<SenderInfo> {
  const info: SenderInfo = {
    url: sender.url,
    id: sender.id,
    tabId: sender.tab?.id,
    tabUrl: sender.tab?.url,
    frameId: sender.frameId,
  };
  if (isFramedPage(info))
    info.frameTokenValid = await frameTokenValid(info.tabId, info.frameId, frameTokenOf(info.url));
  return info;
}

/** Keeps the ports of open views (popup, panel, options) to send them broadcasts. */
export async function acceptViewPort(port: Browser.runtime.Port) {
  if (port.name !== BROADCAST_PORT || port.sender?.id !== browser.runtime.id) return;
  // Only extension documents may listen, and a framed one only where it may ask: a content
  // script or a panel framed by some other page has no use for these.
  const info = await senderInfo(port.sender);
  const mayListen = senderMayAsk(
    { type: 'tab.context' },
    info,
    browser.runtime.getURL('/'),
    browser.runtime.id,
  );
  if (!mayListen) return port.disconnect();
  viewPorts.add(port);
  port.onDisconnect.addListener(() => viewPorts.delete(port));
}

export function broadcast(message: Broadcast) {
  for (const port of viewPorts) {
    try {
      port.postMessage(message);
    } catch {
      viewPorts.delete(port);
    }
  }
}
const notifyTab = (tabId: number) => broadcast({ type: 'context.changed', tabId });

/** Reads a number again and tells the views, e.g. after a call that changed it. */
function rereadNumber(phoneNumberId: string) {
  void fetchNumberStatus(phoneNumberId).then(
    (fresh) => {
      broadcast({ type: 'status.changed', phoneNumberId });
      return refreshBadgesFor(phoneNumberId, fresh.settings);
    },
    // Offline or refused: the cached status stays, with its read time; the flow reports errors.
    () => undefined,
  );
}

// Each journaled step is announced and the badges follow it. After a call that changed the
// number the status is read again, so it never says "Registered" for a deregistered number.
const runner = createBackgroundRunner(
  (state) => {
    const { phoneNumberId } = state;
    broadcast({ type: 'flow.changed', phoneNumberId });
    // Completed: the read-back step has just read and cached the number.
    if (state.phase === 'completed') broadcast({ type: 'status.changed', phoneNumberId });
    void cachedNumberStatus(phoneNumberId).then((cached) => {
      if (cached) void refreshBadgesFor(phoneNumberId, cached.settings);
    });
  },
  (state) => rereadNumber(state.phoneNumberId),
);

async function checkToken(): Promise<TokenCheck> {
  const [user, permissions] = await Promise.all([
    graph.get('me', MeSchema, { query: { fields: 'id,name' } }),
    graph.get('me/permissions', PermissionsSchema),
  ]);
  const granted = permissions.data.filter((p) => p.status === 'granted').map((p) => p.permission);
  const missing = REQUIRED_PERMISSIONS.filter((p) => !granted.includes(p));
  // What the token reaches. Only worth asking with the permissions in place; a failure here
  // is shown beside the check, it does not make a working token fail.
  const reach = missing.length
    ? {}
    : await listAssignedWabas(user.id).then(
        (wabas) => ({ wabas }),
        (error) => ({ wabasError: GraphError.serialize(error) }),
      );
  return { user, granted, missing, ...reach, checkedAt: Date.now() };
}

/** Tells a Manager tab's content script whether Residency shows on the page it is on. */
function tellTab(tabId: number, hidden: boolean) {
  void browser.tabs
    .sendMessage(tabId, { type: OVERLAY_VISIBILITY_MESSAGE, hidden }, { frameId: 0 })
    .catch(() => undefined);
}

/** Content scripts on Manager pages learn a new show/hide choice at once. */
async function tellManagerTabs(prefs: Preferences) {
  const tabs = await browser.tabs.query({ url: `https://${MANAGER_HOST}/*` });
  for (const tab of tabs)
    if (tab.id !== undefined) tellTab(tab.id, overlayHiddenAt(prefs, tab.url));
}

/** After a settings write: every view hears it, and Manager tabs whether to show Residency. */
function preferencesChanged(next: Preferences, visibilityChanged: boolean) {
  if (visibilityChanged) void tellManagerTabs(next);
  broadcast({ type: 'preferences.changed', preferences: next });
}

async function tabUrl(tabId: number | undefined): Promise<string | undefined> {
  if (tabId === undefined || tabId < 0) return undefined;
  return browser.tabs.get(tabId).then(
    (tab) => tab.url,
    () => undefined,
  );
}

async function overlayVisibility(tabId: number | undefined): Promise<OverlayVisibility> {
  const [prefs, url] = await Promise.all([preferencesStore.get(), tabUrl(tabId)]);
  const key = managerPageKeyOf(url);
  return {
    everywhere: prefs.overlayHidden,
    pages: prefs.overlayHiddenPages,
    ...(key ? { here: { key, hidden: prefs.overlayHiddenPages.includes(key) } } : {}),
  };
}

async function refreshAllTabs() {
  const tabs = await browser.tabs.query({ url: `https://${MANAGER_HOST}/*` });
  await Promise.all(
    tabs.map((tab) => tab.id !== undefined && tab.url && updateTab(tab.id, tab.url, notifyTab)),
  );
}

/** Another token may see other accounts: nothing read with the old one is reused. */
async function forgetWhatTheTokenRead() {
  await statusCacheStore.clear();
  forgetWabaLists();
  await forgetFleetScan();
  await forgetCheckEstimate();
}

const handlers: Handlers = {
  'page.changed': async (request, tabId) => {
    if (tabId === undefined) return null;
    if (!lookedUpMomentsAgo(tabId, request.url)) void updateTab(tabId, request.url, notifyTab);
    // In-page navigation may lead to a page where the person hid Residency, or away from one.
    tellTab(tabId, overlayHiddenAt(await preferencesStore.get(), request.url));
    return null;
  },
  'panel.frameToken': async ({ evenIfHidden }, tabId) => {
    const hidden = overlayHiddenAt(await preferencesStore.get(), await tabUrl(tabId));
    if (hidden && !evenIfHidden) return { hidden: true };
    // senderMayAsk lets only a content script with a tab ask for one.
    return { hidden: false, token: await issueFrameToken(tabId ?? -1) };
  },
  'tab.context': async (request, tabId) => {
    const id = request.tabId ?? tabId;
    const context = id === undefined ? null : await getTabContext(id);
    const number = context?.resolution === 'resolved' ? context.phoneNumberId : undefined;
    // A read under way is joined by the view's own number.status; a fresh cached answer
    // comes along at once.
    if (!context || !number || numberReadInFlight(number)) return context;
    const status = await cachedNumberStatus(number);
    return status && !status.stale ? { ...context, status } : context;
  },
  'tab.refresh': async (request, tabId) => {
    const id = request.tabId ?? tabId;
    if (id === undefined) return null;
    const context = await getTabContext(id);
    if (context) await updateTab(id, context.url, notifyTab, true);
    return getTabContext(id);
  },
  'number.status': async ({ phoneNumberId, force }) => {
    // A read already under way (the tab's own lookup, another view's) is joined; its starter
    // updates the badges.
    const joined = force ? undefined : numberReadInFlight(phoneNumberId);
    if (joined) return joined;
    const cached = force ? null : await cachedNumberStatus(phoneNumberId);
    if (cached && !cached.stale) return cached;
    if (cached) {
      // Stale: answer at once and refresh behind the scenes.
      void fetchNumberStatus(phoneNumberId)
        .then((fresh) => {
          broadcast({ type: 'status.changed', phoneNumberId });
          return refreshBadgesFor(phoneNumberId, fresh.settings);
        })
        .catch((error) =>
          broadcast({
            type: 'status.refreshFailed',
            phoneNumberId,
            error: GraphError.serialize(error),
          }),
        );
      return cached;
    }
    // Answered as soon as Meta has: caching it and the badges follow.
    const fresh = await ((!force && numberReadInFlight(phoneNumberId)) ||
      freshNumberStatus(phoneNumberId));
    void refreshBadgesFor(phoneNumberId, fresh.settings).catch(() => undefined);
    return fresh;
  },
  'waba.numbers': ({ wabaId, force }) => wabaNumbersWithSettings(wabaId, force),
  'token.info': async () => {
    const [token, prefs] = await Promise.all([tokenStore.get(), preferencesStore.get()]);
    return {
      hasToken: !!token,
      savedAt: token?.savedAt,
      tokenHint: token ? token.value.slice(-4) : undefined,
      graphVersion: prefs.graphVersion,
      effectiveVersion: await effectiveVersion(),
    };
  },
  'token.save': async ({ token }) => {
    const previous = await tokenStore.get();
    await tokenStore.set(token);
    try {
      const check = await checkToken();
      await forgetWhatTheTokenRead();
      broadcast({ type: 'token.changed' });
      void refreshAllTabs();
      return check;
    } catch (error) {
      // Keep the last working token rather than one Graph refused outright.
      if (error instanceof GraphError && error.category === 'token-invalid') {
        if (previous) await tokenStore.set(previous.value, previous.savedAt);
        else await tokenStore.clear();
      } else {
        broadcast({ type: 'token.changed' });
      }
      throw error;
    }
  },
  'token.check': () => checkToken(),
  'token.clear': async () => {
    await tokenStore.clear();
    await forgetWhatTheTokenRead();
    broadcast({ type: 'token.changed' });
    void refreshAllTabs();
    return null;
  },
  'preferences.get': () => preferencesStore.get(),
  'preferences.update': async ({ patch }) => {
    const next = await preferencesStore.update(patch);
    preferencesChanged(
      next,
      patch.overlayHidden !== undefined || patch.overlayHiddenPages !== undefined,
    );
    return next;
  },
  'overlay.visibility': async (request, tabId) => overlayVisibility(request.tabId ?? tabId),
  'overlay.setHidden': async ({ hidden, scope, pageKey, tabId: asked }, tabId) => {
    const where = asked ?? tabId;
    let next: Preferences;
    if (scope === 'everywhere') {
      next = await preferencesStore.update({ overlayHidden: hidden });
    } else {
      const key = pageKey ?? managerPageKeyOf(await tabUrl(where));
      if (!key) throw new Error('This tab does not show a WhatsApp Manager page.');
      next = await preferencesItem.update((current) => ({
        ...current,
        overlayHiddenPages: withPageHidden(current.overlayHiddenPages, key, hidden),
      }));
    }
    preferencesChanged(next, true);
    return overlayVisibility(where);
  },
  'recent.list': () => recentNumbersStore.get(),
  'window.openChange': async (_request, tabId) => {
    // A top-level extension window for the sender's tab: the PIN is never typed in a frame.
    await browser.windows.create({
      url: browser.runtime.getURL(`/change.html?tab=${tabId ?? ''}`),
      type: 'popup',
      width: 460,
      height: 720,
    });
    return null;
  },
  'flow.summary': ({ phoneNumberId }) => flowSummary(phoneNumberId),
  'flow.start': async ({ kind, phoneNumberId, target, pin }) => {
    await recoverJournal();
    try {
      return await runner.start({ kind, phoneNumberId, target }, pin);
    } catch (error) {
      // Registered (or not) meanwhile: the runner's fresh read is cached; the views show it,
      // so the form they offer fits the number as it is now.
      if (
        error instanceof GraphError &&
        (error.category === 'registered-use-move' || error.category === 'wrong-kind')
      )
        broadcast({ type: 'status.changed', phoneNumberId });
      throw error;
    }
  },
  'flow.resume': async ({ flowId, pin }) => {
    await recoverJournal();
    return runner.resume(flowId, pin);
  },
  'flow.goBack': async ({ flowId, pin }) => {
    await recoverJournal();
    return runner.goBack(flowId, pin);
  },
  'flow.dismiss': ({ flowId }) => runner.dismiss(flowId),
  'flow.requestCode': ({ flowId, method, language }) =>
    runner.requestCode(flowId, method, language),
  'flow.verifyCode': ({ flowId, code, pin }) => runner.verifyCode(flowId, code, pin),
  'me.read': async () => {
    const me = await graph.read('me', MeSchema, { query: { fields: 'id,name' } });
    return { user: me.data, apiVersion: me.version, traceId: me.traceId, readAt: Date.now() };
  },
  'audit.list': () => listAudit(),
  'storage.report': () => storedDataReport(),
  'flow.listActive': async () => {
    await recoverJournal();
    return Object.values(await journal.all()).filter(isActive);
  },
  ...fleetHandlers,
  ...watchHandlers,
};

/**
 * Tells open views about flows the start-up recovery changed, and reads those numbers again:
 * the cached status predates whatever the cut-off call did at Meta.
 */
export function announceRecoveredFlows() {
  void recoverJournal().then((flows) => {
    for (const { phoneNumberId } of flows) {
      broadcast({ type: 'flow.changed', phoneNumberId });
      rereadNumber(phoneNumberId);
    }
  });
}

/**
 * A tab began loading a document. A Manager page's number is looked up at once, while the page
 * loads (its content script reports it only once the page is idle, which on the real Manager is
 * seconds later); anywhere else (a URL Residency may not even see) the tab no longer shows a
 * number, so the popup must not keep offering the last one.
 */
export function tabStartedLoading(tabId: number, url: string | undefined) {
  void updateTab(tabId, url ?? '', notifyTab);
}

/** Validates, authorizes and answers one runtime message. Never throws. */
export async function handleMessage(message: unknown, sender: Sender): Promise<Envelope> {
  const parsed = RequestSchema.safeParse(message);
  if (!parsed.success) return refuse('Residency refused a message it does not understand.');
  const request: Request = parsed.data;
  const info = await senderInfo(sender);
  if (!senderMayAsk(request, info, browser.runtime.getURL('/'), browser.runtime.id)) {
    return refuse('Residency refused a request from a page that may not make it.');
  }
  try {
    const handler = handlers[request.type] as (r: Request, tabId?: number) => Promise<unknown>;
    return { ok: true, data: await handler(request, info.tabId) };
  } catch (error) {
    return { ok: false, error: GraphError.serialize(error) };
  }
}

function refuse(message: string): Envelope {
  return { ok: false, error: GraphError.internal(message).toJSON() };
}
