import { mkdirSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox';
import { FRAMER_HOSTS } from '../sandbox/manager-pages';
import { addToContactSheet, assertNotBlank } from './screenshots';

export type BrowserName = 'chromium' | 'firefox';
export const BROWSERS: BrowserName[] = (process.env.E2E_BROWSERS ?? 'chromium,firefox')
  .split(',')
  .map((b) => b.trim())
  .filter((b): b is BrowserName => b === 'chromium' || b === 'firefox');

const ROOT = path.resolve(import.meta.dirname, '../..');
export const CHROME_BUILD = path.join(ROOT, '.output/chrome-mv3');
export const FIREFOX_BUILD = path.join(ROOT, '.output/firefox-mv2');
export const SCREENSHOTS = path.join(ROOT, 'test-results/screenshots');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const GECKO_ID = 'residency@residency.tools';
// Fixed so tests can open moz-extension:// pages; Firefox otherwise picks a random one.
const FIREFOX_UUID = '5e5d1e7c-0000-4000-8000-00000000e2e0';

export interface ExtensionSession {
  name: BrowserName;
  browser: Browser;
  sandbox: Sandbox;
  /** URL of an extension page, e.g. extensionUrl('options.html'). */
  extensionUrl(page: string): string;
  /** Opens a new tab at a URL and waits for it to load. */
  open(url: string): Promise<Page>;
  /** A blank tab (Firefox: in the main window, see `openTabBeside`). */
  newTab(): Promise<Page>;
  /**
   * Saves a PNG of what the viewport shows (or of one element, e.g. the overlay's frame) under
   * test-results/screenshots, adds it to the contact sheet, and fails if it is blank.
   */
  screenshot(page: Page, name: string, element?: ElementHandle<Element>): Promise<string>;
  close(): Promise<void>;
}

export interface ChromiumSession extends ExtensionSession {
  /** Runs a function in the extension's service worker and returns its (JSON) result. */
  evaluateInWorker<T>(fn: () => T | Promise<T>): Promise<T>;
  /** Opens the real toolbar popup over the given tab and returns its page. */
  openPopup(over: Page): Promise<Page>;
  /** Stops the extension's service worker, as Chrome does when it is idle or killed. */
  stopServiceWorker(): Promise<void>;
  /** The toolbar badge of the (one) open Manager tab: its text and its tooltip. */
  managerTabBadge(): Promise<{ text: string; title: string }>;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface ChromiumOptions {
  headless?: boolean;
  /** A sandbox that outlives this browser (e.g. across a restart); closed by its owner. */
  sandbox?: Sandbox;
  /** A profile directory that outlives this browser, so a restart keeps extension storage. */
  userDataDir?: string;
}

/** Starts the sandbox and Chromium with the production build loaded. */
export async function launchChromium(options: ChromiumOptions = {}): Promise<ChromiumSession> {
  const sandbox = options.sandbox ?? (await startSandbox({ port: 0 }));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: options.headless ?? true,
    pipe: true,
    ...(options.userDataDir ? { userDataDir: options.userDataDir } : {}),
    enableExtensions: [CHROME_BUILD],
    args: [
      ...CHROMIUM_ARGS,
      `--host-resolver-rules=${['graph.facebook.com', 'business.facebook.com', ...FRAMER_HOSTS]
        .map((host) => `MAP ${host} 127.0.0.1:${sandbox.port}`)
        .join(', ')}`,
      `--ignore-certificate-errors-spki-list=${sandbox.spkiBase64}`,
    ],
    defaultViewport: { width: 1280, height: 860 },
  });
  const workerTarget = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'),
  );
  const extensionId = new URL(workerTarget.url()).host;
  const session = commonSession(
    'chromium',
    browser,
    sandbox,
    `chrome-extension://${extensionId}`,
    !options.sandbox,
  );
  /**
   * Runs a function in the extension's service worker through a short-lived DevTools session.
   * Nothing stays attached: a worker with a debugger attached is held at its next start, which
   * would hide exactly the restarts the tests are about.
   */
  async function evaluateInWorker<T>(fn: () => T | Promise<T>): Promise<T> {
    const target = await browser.waitForTarget(
      (t) =>
        t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`),
    );
    const cdp = await target.createCDPSession();
    try {
      // A worker that is still starting can be reached before Chrome has given it the extension
      // APIs (`chrome` undefined, seen right after launch on a loaded machine): wait for them.
      const end = Date.now() + 10_000;
      for (;;) {
        const { result } = await cdp.send('Runtime.evaluate', {
          expression: 'typeof chrome === "object" && !!chrome.storage && !!chrome.runtime.id',
          returnByValue: true,
        });
        if (result.value === true) break;
        if (Date.now() > end) throw new Error('the service worker never got the extension APIs');
        await new Promise((r) => setTimeout(r, 100));
      }
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
        expression: `(${fn.toString()})()`,
        awaitPromise: true,
        returnByValue: true,
        userGesture: true,
      });
      if (exceptionDetails)
        throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value as T;
    } finally {
      await cdp.detach().catch(() => undefined);
    }
  }
  async function stopServiceWorker() {
    // DevTools' "Stop" for service workers (ServiceWorker.stopWorker), driven from one of the
    // extension's own pages, which sees the extension's registration: the worker dies with its
    // globals and in-flight work; the next event (a message, a reconnecting port) starts it.
    const page = await browser.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    const cdp = await page.createCDPSession();
    const running = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerVersionUpdated', (event) => {
        const version = event.versions.find((v) => v.runningStatus === 'running');
        if (version) resolve(version.versionId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    const versionId = await Promise.race([
      running,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the extension service worker is not running')), 5000),
      ),
    ]);
    await cdp.send('ServiceWorker.stopWorker', { versionId });
    await cdp.detach();
    await page.close();
  }
  return {
    ...session,
    evaluateInWorker,
    stopServiceWorker,
    managerTabBadge: () =>
      evaluateInWorker(async () => {
        const chrome = (globalThis as any).chrome;
        const [tab] = await chrome.tabs.query({ url: 'https://business.facebook.com/*' });
        return {
          text: await chrome.action.getBadgeText({ tabId: tab.id }),
          title: await chrome.action.getTitle({ tabId: tab.id }),
        };
      }),
    async openPopup(over: Page) {
      await over.bringToFront();
      // Over the browser window, not over a change window the overlay opened (no toolbar).
      await evaluateInWorker(async () => {
        const chrome = (globalThis as any).chrome;
        const win = await chrome.windows.getLastFocused({ windowTypes: ['normal'] });
        await chrome.action.openPopup({ windowId: win.id });
      });
      const target = await browser.waitForTarget(
        (t) => t.type() === 'page' && t.url() === `chrome-extension://${extensionId}/popup.html`,
      );
      const popup = await target.asPage();
      await popup.setViewport({ width: 420, height: 600 });
      return popup;
    },
  };
}

/** Starts the sandbox on port 443 and Firefox ESR with the build installed as a temporary add-on. */
export async function launchFirefox(
  options: {
    headless?: boolean;
    /** Lets WebDriver BiDi open moz-extension:// pages (testing-notes.md); off by default. */
    extensionPages?: boolean;
  } = {},
): Promise<ExtensionSession> {
  // network.dns.forceResolve sends every host name to 127.0.0.1, with the URL's own port.
  const sandbox = await startSandbox({ port: 443 });
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: options.headless ?? true,
    acceptInsecureCerts: true,
    defaultViewport: { width: 1280, height: 860 },
    // Lets automation open moz-extension:// pages (the options page, the change window).
    args: ['-remote-allow-system-access'],
    extraPrefsFirefox: {
      'network.dns.forceResolve': '127.0.0.1',
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      'network.captive-portal-service.enabled': false,
      'browser.safebrowsing.update.enabled': false,
    },
  });
  await browser.installExtension(FIREFOX_BUILD);
  const [anchor] = await browser.pages();
  return commonSession(
    'firefox',
    browser,
    sandbox,
    `moz-extension://${FIREFOX_UUID}`,
    true,
    anchor,
  );
}

/**
 * Opens a tab in the window of `anchor`. Without a reference, Firefox's automation opens the
 * tab in the window last in front; when that is the change window (a popup window Residency
 * opened) closing at that moment, `browsingContext.create` never answers (seen in the BiDi
 * log of a hung test). Puppeteer's `newPage` cannot pass the reference, so this asks its BiDi
 * layer directly (puppeteer-core is pinned in the lock file).
 */
async function openTabBeside(browser: Browser, anchor: Page): Promise<Page> {
  const context = browser.defaultBrowserContext() as any;
  const reference = (anchor.mainFrame() as any).browsingContext;
  const created = await context.userContext.createBrowsingContext('tab', {
    referenceContext: reference,
  });
  const pages = await browser.pages();
  const page = pages.find((p) => (p.mainFrame() as any).browsingContext === created);
  if (!page) throw new Error('Firefox opened a tab that automation cannot see');
  // BiDi's own viewport command: puppeteer's setViewport also overrides the screen
  // orientation, a command Firefox ESR 140 does not know.
  await created.setViewport({ viewport: { width: 1280, height: 860 }, devicePixelRatio: null });
  return page;
}

/** The running test's name; none outside a test run (the demo uses this harness too). */
function testName(): string | undefined {
  try {
    return expect.getState().currentTestName;
  } catch {
    return undefined;
  }
}

export function launch(name: BrowserName, options: { headless?: boolean } = {}) {
  return name === 'chromium' ? launchChromium(options) : launchFirefox(options);
}

function commonSession(
  name: BrowserName,
  browser: Browser,
  sandbox: Sandbox,
  origin: string,
  ownsSandbox = true,
  /** Firefox: the first tab of the main window, next to which every new tab opens. */
  anchor?: Page,
): ExtensionSession {
  const newTab = () => (anchor ? openTabBeside(browser, anchor) : browser.newPage());
  return {
    name,
    browser,
    sandbox,
    extensionUrl: (page) => `${origin}/${page.replace(/^\//, '')}`,
    newTab,
    async open(url) {
      const page = await newTab();
      if (url.startsWith('moz-extension:')) {
        // Firefox never reports such a navigation as finished: wait for the page's own content.
        void page.goto(url).catch(() => undefined);
        // Polled, not waitForFunction: the wait must outlive the switch from about:blank.
        const end = Date.now() + 20_000;
        const rendered = () =>
          page.evaluate(() => !!document.querySelector('#root > *')).catch(() => false);
        while (!(await rendered())) {
          if (Date.now() > end) throw new Error(`${url} did not render within 20 s`);
          await new Promise((r) => setTimeout(r, 100));
        }
      } else {
        await page.goto(url, { waitUntil: 'load' });
      }
      return page;
    },
    async screenshot(page, shot, element) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const file = path.join(SCREENSHOTS, `${name}-${shot}.png`);
      // The viewport, as a person sees it (a full-page capture paints extension frames grey in
      // Chromium), or just the element asked for.
      if (element) await element.screenshot({ path: file });
      else await page.screenshot({ path: file });
      addToContactSheet(SCREENSHOTS, file, testName() ?? shot);
      assertNotBlank(file);
      return file;
    },
    async close() {
      await browser.close().catch(() => undefined);
      if (ownsSandbox) await sandbox.close();
    },
  };
}
