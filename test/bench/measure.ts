// The benchmark's measurements in the production Chromium build against the sandbox: time to
// status (popup warm and cold, the panel after an in-page navigation), fleet scans, and what
// the popup loads. Times come from the pages' own clocks (performance.timeOrigin + now, which
// is wall-clock time on this machine, like the sandbox's request log).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'puppeteer-core';
import { regionName } from '../../utils/i18n/format';
import type { ChromiumSession } from '../e2e/harness';
import { CHROME_BUILD } from '../e2e/harness';
import { managerUrl } from '../e2e/manager-urls';
import { clickButton, panelFrame, saveToken, waitForText } from '../e2e/ui';
import { GRAPH_HOST, type LoggedRequest, PHONES, WABA_SCALE } from '../sandbox';
import { lookupFloor, observedChain, peakConcurrency, RATE_LIMIT_CODES } from './stats';

/** Sandbox latency of every Graph request in the cold measurements. */
export const LATENCY_MS = 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * When `text` is first in the document, by the page's clock in wall-clock ms; watched with a
 * MutationObserver, so it is the moment of the change, not of a poll. `already` says the text
 * was there when the watch began (the time is then an upper bound).
 */
export async function whenText(
  scope: Page | Frame,
  text: string,
  timeout = 60_000,
  /** Only a new appearance counts: text already shown must go away and come back. */
  fresh = false,
): Promise<{ at: number; origin: number; already: boolean }> {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      // tsx names functions with a __name helper the page lacks (see test/e2e/ui.ts).
      await scope.evaluate('globalThis.__name ??= (f) => f');
      return await scope.evaluate(
        (wanted: string, ms: number, fresh: boolean) =>
          new Promise<{ at: number; origin: number; already: boolean }>((resolve, reject) => {
            const has = () =>
              (document.body?.textContent ?? '').replace(/\s+/g, ' ').includes(wanted);
            const stamp = (already: boolean) => ({
              at: performance.timeOrigin + performance.now(),
              origin: performance.timeOrigin,
              already,
            });
            let gone = !fresh;
            if (has() && !fresh) return resolve(stamp(true));
            const watch = new MutationObserver(() => {
              if (!has()) {
                gone = true;
                return;
              }
              if (!gone) return;
              watch.disconnect();
              resolve(stamp(false));
            });
            watch.observe(document, { subtree: true, childList: true, characterData: true });
            setTimeout(() => {
              watch.disconnect();
              reject(new Error(`"${wanted}" did not appear within ${ms} ms`));
            }, ms);
          }),
        text,
        timeout,
        fresh,
      );
    } catch (error) {
      // The document was replaced while watching (about:blank, then the page): watch again.
      if (Date.now() > end || /did not appear/.test(String(error))) throw error;
      await sleep(20);
    }
  }
}

/**
 * Reloads a page and returns how long after its navigation start `text` first appeared,
 * watched from before the page's own scripts run (a script added to every new document).
 */
export async function textAfterReload(page: Page, text: string, timeout = 60_000) {
  const watch = `(() => {
    const wanted = ${JSON.stringify(text)};
    const has = () => (document.body?.textContent ?? '').replace(/\\s+/g, ' ').includes(wanted);
    new MutationObserver((_, watch) => {
      if (!has()) return;
      globalThis.__benchTextAt = performance.now();
      watch.disconnect();
    }).observe(document, { subtree: true, childList: true, characterData: true });
  })()`;
  const { identifier } = await page.evaluateOnNewDocument(watch);
  await page.reload({ waitUntil: 'load' });
  const end = Date.now() + timeout;
  try {
    for (;;) {
      const at = await page.evaluate('globalThis.__benchTextAt');
      if (typeof at === 'number') return at;
      if (Date.now() > end) throw new Error(`"${text}" did not appear within ${timeout} ms`);
      await sleep(50);
    }
  } finally {
    await page.removeScriptToEvaluateOnNewDocument(identifier);
  }
}

const graphRequests = (session: ChromiumSession, until = Number.POSITIVE_INFINITY) =>
  session.sandbox.requests().filter((r) => r.host === GRAPH_HOST && r.time <= until);

/** Empties the status cache and stops the worker, so no read of Meta is remembered. */
async function forgetEverything(session: ChromiumSession) {
  await session.evaluateInWorker(async () => {
    const chrome = (globalThis as any).chrome;
    await chrome.storage.local.remove('statusCache');
  });
  await session.stopServiceWorker();
}

export interface LookupRun {
  /** ms to the status being shown. */
  ms: number;
  /** ms from the first Graph request of the lookup to the status being shown. */
  fromFirstRequest: number;
  floor: number;
  chain: number;
  requests: number;
  /** Each request: path, and when it arrived and was answered, from the first one. */
  timeline: string[];
}

function lookupOf(requests: LoggedRequest[], statusAt: number, ms: number): LookupRun {
  const first = Math.min(...requests.map((r) => r.time));
  return {
    ms,
    fromFirstRequest: statusAt - first,
    floor: lookupFloor(requests),
    chain: observedChain(requests),
    requests: requests.length,
    timeline: [...requests]
      .sort((a, b) => a.time - b.time)
      .map((r) => `${r.method} ${r.path} ${r.time - first}-${(r.answeredAt ?? r.time) - first}`),
  };
}

const BRAZIL = PHONES.brazil;
/** Text the popup shows only once the number's fields have been read. */
const BRAZIL_STATUS = 'Quality: Yellow (medium)';

/**
 * Popup, cold: nothing cached (the status cache emptied, the worker stopped, so no number list
 * in memory either), latency on every Graph call. The popup is open over a blank tab, which
 * then goes to the number's page; the time runs from that page's navigation start to the
 * status in the popup: Residency's lookup and the popup's answer to it, without the ~300 ms
 * the harness takes to open a popup. Warm: that popup loaded again over the same tab (the
 * status is cached), from its own navigation start; its renderer is already running, as it
 * is for a popup opened a second time.
 */
export async function popupRuns(session: ChromiumSession, runs: number) {
  const cold: LookupRun[] = [];
  const warm: number[] = [];
  for (let run = 0; run < runs; run++) {
    session.sandbox.setLatency(undefined, LATENCY_MS);
    await forgetEverything(session);
    const page = await session.browser.newPage();
    const popup = await session.openPopup(page);
    await whenText(popup, 'Residency');
    // Whatever the popup asks for a blank tab is answered before the navigation.
    await sleep(500);
    session.sandbox.clearRequests();
    const shown = whenText(popup, BRAZIL_STATUS);
    await page.goto(managerUrl.profile(BRAZIL.display_phone_number), { waitUntil: 'load' });
    const tabStart = await page.evaluate(() => performance.timeOrigin);
    const { at } = await shown;
    cold.push(lookupOf(graphRequests(session, at), at, at - tabStart));
    session.sandbox.reset();
    await sleep(300);
    // The same popup loaded again over the same tab: the status is cached now.
    warm.push(await textAfterReload(popup, BRAZIL_STATUS));
    await popup.close();
    await page.close();
  }
  return { cold, warm };
}

/**
 * Numbers of the 250-number WABA stored in a country, each in a region the one before is not
 * in, with the pill's word for each (its region's English name): the panel measurement moves
 * from one to the next, each read for the first time, so none is cached and nothing is
 * emptied behind the extension's back.
 */
function panelTour(session: ChromiumSession, stops: number) {
  const tour: { display: string; word: string }[] = [];
  for (const phone of session.sandbox.state.phones.values()) {
    const region = phone.storage?.data_localization_region;
    if (phone.wabaId !== WABA_SCALE || phone.storage?.status !== 'IN_COUNTRY_STORAGE_ENABLED')
      continue;
    const word = regionName(region ?? '', 'en');
    if (tour.at(-1)?.word === word) continue;
    tour.push({ display: phone.display_phone_number, word });
    if (tour.length === stops) return tour;
  }
  throw new Error(`The sandbox has fewer than ${stops} numbers for the panel measurement`);
}

/**
 * The panel after an in-page navigation (history.pushState, as the Manager does) from one
 * number of the WABA to another that has not been read yet (its WABA's list has): from the
 * navigation to the pill showing the new number's storage.
 */
export async function panelRuns(session: ChromiumSession, runs: number) {
  const results: LookupRun[] = [];
  const [first, ...next] = panelTour(session, runs + 1);
  const page = await session.browser.newPage();
  await page.goto(managerUrl.profile(first?.display ?? '', WABA_SCALE), { waitUntil: 'load' });
  let frame = await panelFrame(page);
  await whenText(frame, first?.word ?? '');
  for (const to of next) {
    session.sandbox.setLatency(undefined, LATENCY_MS);
    session.sandbox.clearRequests();
    frame = await panelFrame(page);
    const shown = whenText(frame, to.word);
    const start = await page.evaluate(
      (url: string) => {
        const t = performance.timeOrigin + performance.now();
        history.pushState({}, '', url);
        return t;
      },
      managerUrl.profile(to.display, WABA_SCALE),
    );
    const { at: statusAt } = await shown;
    results.push(lookupOf(graphRequests(session, statusAt), statusAt, statusAt - start));
    session.sandbox.reset();
    // The sandbox's reset brings back its seed; the extension keeps what it read.
    await sleep(100);
  }
  await page.close();
  return results;
}

export interface FleetRun {
  ms: number;
  requests: number;
  numbers: number;
  peak: number;
  rateLimitErrors: number;
  /** Wall time against reading every request one after another at the sandbox's latency. */
  ratioToSerial: number;
}

/** One fleet scan from the overview page, at the given latency, for the token saved. */
async function fleetScan(session: ChromiumSession, overview: Page): Promise<FleetRun> {
  session.sandbox.setLatency(undefined, LATENCY_MS);
  session.sandbox.clearRequests();
  // The header's button says "Scan again" once the page has loaded an earlier scan.
  let label = '';
  for (let waited = 0; !label; waited += 100) {
    if (waited > 20_000) throw new Error('The overview shows no enabled scan button');
    label = await overview.evaluate(
      () =>
        [...document.querySelectorAll('header button')]
          .map((b) => ((b as HTMLButtonElement).disabled ? '' : (b.textContent ?? '')))
          .find((text) => text === 'Scan again' || text === 'Scan all numbers') ?? '',
    );
    if (!label) await sleep(100);
  }
  const finished = whenText(overview, 'Scan finished.', 300_000, true);
  await sleep(50);
  const start = Date.now();
  await clickButton(overview, label);
  const { at } = await finished;
  await sleep(200);
  const requests = graphRequests(session).filter((r) => r.time >= start - 5);
  session.sandbox.reset();
  return {
    ms: at - start,
    requests: requests.length,
    numbers: requests.filter((r) => /\/settings\/?$/.test(r.path)).length,
    peak: peakConcurrency(requests),
    rateLimitErrors: requests.filter((r) => RATE_LIMIT_CODES.has(r.errorCode ?? -1)).length,
    ratioToSerial: (at - start) / (requests.length * LATENCY_MS),
  };
}

/** Saves a token (as a person does, in the options page) and scans its fleet `runs` times. */
export async function fleetRuns(session: ChromiumSession, token: string, runs: number) {
  const saved = await saveToken(session, token);
  await waitForText(saved.scope, 'Token works');
  await saved.close();
  const overview = await session.open(session.extensionUrl('overview.html'));
  await waitForText(overview, 'Residency policy');
  const results: FleetRun[] = [];
  for (let run = 0; run < runs; run++) results.push(await fleetScan(session, overview));
  await overview.close();
  return results;
}

export interface LoadedFile {
  file: string;
  bytes: number;
}

/**
 * Everything the popup loads until it is idle (status shown, then no new resource for 500 ms),
 * as the browser lists it (DevTools' resource tree of the popup's frame: the page and each
 * script, module, style and other file it fetched). Resource timing does not list extension
 * files, so it cannot be asked.
 */
export async function popupLoads(session: ChromiumSession): Promise<LoadedFile[]> {
  const page = await session.browser.newPage();
  await page.goto(managerUrl.profile(BRAZIL.display_phone_number), { waitUntil: 'load' });
  const popup = await session.openPopup(page);
  await whenText(popup, BRAZIL_STATUS);
  const cdp = await popup.createCDPSession();
  let urls: string[] = [];
  for (let seen = -1; urls.length !== seen; await sleep(500)) {
    seen = urls.length;
    const { frameTree } = await cdp.send('Page.getResourceTree');
    urls = [frameTree.frame.url, ...frameTree.resources.map((r) => r.url)];
  }
  await cdp.detach();
  await popup.close();
  await page.close();
  return [...new Set(urls)]
    .map((url) => new URL(url).pathname)
    .map((file) => ({ file, bytes: readFileSync(path.join(CHROME_BUILD, file)).length }));
}
