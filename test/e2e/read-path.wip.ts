import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BUSINESS_ID,
  PHONES,
  SANDBOX_TOKEN,
  TOKEN_EXPIRED,
  TOKEN_FIRST_WABA_ONLY,
  TOKEN_NO_PERMISSION,
  WABA_MAIN,
  WABA_SCALE,
} from '../sandbox';
import { BROWSERS, type ChromiumSession, type ExtensionSession, launch } from './harness';
import { clickButton, fillLabelled, panelFrame, role, waitForStatus, waitForText } from './ui';

const manager = {
  /** /wa/manage/ shape, digits-only phone_number. */
  profile: (display: string, waba = WABA_MAIN) =>
    `https://business.facebook.com/wa/manage/phone-numbers/?business_id=${BUSINESS_ID}&waba_id=${waba}&childRoute=PHONE_PROFILE%2FPROFILE&phone_number=${display.replace(/\D/g, '')}`,
  /** /latest/ shape, formatted and URL-encoded phone_number, params reordered. */
  latestProfile: (display: string, waba = WABA_MAIN) =>
    `https://business.facebook.com/latest/whatsapp_manager/phone_numbers/?asset_id=${waba}&business_id=${BUSINESS_ID}&tab=phone-numbers&nav_ref=whatsapp_manager&childRoute=PHONE_PROFILE%2FINSIGHTS&phone_number=${encodeURIComponent(display.replace(/^\+/, ''))}`,
  list: (waba = WABA_MAIN) =>
    `https://business.facebook.com/wa/manage/phone-numbers/?business_id=${BUSINESS_ID}&waba_id=${waba}`,
};

/** Each seeded number and what a person must see for it. */
const SEEDED = [
  { key: 'usDefault', status: /Default storage \(United States\)/, region: undefined, badge: 'US' },
  { key: 'brazil', status: /In-country storage: Brazil \(BR\)/, region: 'BR', badge: 'BR' },
  {
    key: 'unregistered',
    status: /Default storage \(United States\)/,
    region: undefined,
    badge: 'US',
  },
  { key: 'noStorage', status: /No Storage/, region: undefined, badge: 'NS' },
  {
    key: 'needsVerification',
    status: /Default storage \(United States\)/,
    region: undefined,
    badge: 'US',
  },
  { key: 'onPremise', status: /Default storage \(United States\)/, region: undefined, badge: 'US' },
  { key: 'india', status: /In-country storage: India \(IN\)/, region: 'IN', badge: 'IN' },
] as const;

async function saveToken(session: ExtensionSession, token: string) {
  const options = await session.open(session.extensionUrl('options.html'));
  await fillLabelled(options, 'System user access token', token);
  await clickButton(options, 'Save and check token');
  return options;
}

async function expandPanel(page: Page) {
  const frame = await panelFrame(page);
  const show = await frame.$(role('button', 'Show details'));
  if (show) await show.click();
  return frame;
}

describe.each(BROWSERS)('read path in %s', (browserName) => {
  let session: ExtensionSession;
  beforeAll(async () => {
    session = await launch(browserName);
  });
  afterAll(async () => {
    await session?.close();
  });

  describe('with a working token', () => {
    beforeAll(async () => {
      session.sandbox.reset();
      const options = await saveToken(session, SANDBOX_TOKEN);
      await waitForText(options, 'Token works');
      await options.close();
    });
    beforeEach(() => session.sandbox.reset());

    it.each(SEEDED)(
      'the panel shows $key with its status and region',
      async ({ key, status, region }) => {
        const phone = PHONES[key];
        const page = await session.open(manager.latestProfile(phone.display_phone_number));
        const frame = await expandPanel(page);
        const text = await waitForStatus(frame, status);
        expect(text).toContain(phone.display_phone_number);
        if (region) {
          const current = await frame.$eval(
            'li[aria-current="true"]',
            (el) => el.textContent ?? '',
          );
          expect(current).toContain(`(${region})`);
        } else {
          expect(await frame.$('li[aria-current="true"]')).toBeNull();
        }
        await session.screenshot(page, `panel-${key}`);
        await page.close();
      },
    );

    it('follows in-page navigation to another number without a reload', async () => {
      const page = await session.open(manager.list());
      const frame = await panelFrame(page);
      await waitForStatus(frame, /8 numbers in this account/);
      await page.evaluate(() => {
        (window as unknown as { __marker: number }).__marker = 1;
      });
      const link = await page.waitForSelector(`::-p-text(${PHONES.brazil.display_phone_number})`);
      await link?.click();
      await waitForStatus(frame, /In-country storage: Brazil \(BR\)/);
      const back = await page.waitForSelector('::-p-text(Back to phone numbers)');
      await back?.click();
      const india = await page.waitForSelector(`::-p-text(${PHONES.india.display_phone_number})`);
      await india?.click();
      await waitForStatus(frame, /India \(IN\)/);
      // Same document: the marker set before navigating is still there.
      expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(
        1,
      );
      await page.close();
    });

    it('lists every number of a WABA page, all 250 of a large one', async () => {
      const page = await session.open(manager.list(WABA_SCALE));
      const frame = await expandPanel(page);
      await waitForStatus(frame, /250 numbers in this account/, 60_000);
      const rows = await frame.$$eval('table.numbers tbody tr', (trs) => trs.length);
      expect(rows).toBe(250);
      await session.screenshot(page, 'panel-waba-250');
      await page.close();
    });

    it('shows a clear message when the network drops, a 5xx or malformed JSON comes back, and recovers', async () => {
      for (const [fault, message] of [
        ['drop', /Could not reach|connection/i],
        ['http500', /Meta|server|temporar/i],
        ['malformed-json', /could not be read|unexpected|malformed/i],
      ] as const) {
        session.sandbox.reset();
        // Enough faults to outlast the GET retries, so the error reaches the person.
        session.sandbox.injectFault({ kind: fault, count: 20, match: { path: '/settings' } });
        const page = await session.open(manager.profile(PHONES.brazil.display_phone_number));
        const frame = await expandPanel(page);
        await frame.waitForSelector('[role="alert"]', { timeout: 30_000 });
        const alert = await frame.$eval('[role="alert"]', (el) => el.textContent ?? '');
        expect(alert).toMatch(message);
        await session.screenshot(page, `panel-error-${fault}`);
        session.sandbox.reset();
        await clickButton(frame, 'Try again');
        await waitForStatus(frame, /Brazil \(BR\)/);
        await page.close();
      }
    });

    it('keeps the token out of the Manager page, its storage, its URL and non-Graph hosts', async () => {
      const page = await session.open(manager.profile(PHONES.brazil.display_phone_number));
      const frame = await expandPanel(page);
      await waitForStatus(frame, /Brazil/);
      const pageView = await page.evaluate(() => ({
        html: document.documentElement.outerHTML,
        url: location.href,
        local: JSON.stringify({ ...localStorage }),
        session: JSON.stringify({ ...sessionStorage }),
        cookie: document.cookie,
      }));
      for (const value of Object.values(pageView)) expect(value).not.toContain(SANDBOX_TOKEN);
      const log = session.sandbox.requests();
      expect(log.some((r) => r.host === 'graph.facebook.com' && r.auth === 'SANDBOX_TOKEN')).toBe(
        true,
      );
      expect(log.filter((r) => r.host !== 'graph.facebook.com' && r.tokenSeen)).toEqual([]);
      expect(log.filter((r) => JSON.stringify(r.query).includes(SANDBOX_TOKEN))).toEqual([]);
      await page.close();
    });

    if (browserName === 'chromium') {
      it('the toolbar popup shows the tab’s number, follows navigation, and the badge shows the region', async () => {
        const chromium = session as ChromiumSession;
        const page = await session.open(manager.profile(PHONES.brazil.display_phone_number));
        await waitForStatus(await panelFrame(page), /Brazil/);
        const popup = await chromium.openPopup(page);
        expect(await waitForStatus(popup, /In-country storage: Brazil \(BR\)/)).toContain(
          PHONES.brazil.display_phone_number,
        );
        await session.screenshot(popup, 'popup-brazil');
        const worker = await chromium.serviceWorker();
        const badge = await worker.evaluate(async (url: string) => {
          const chrome = (globalThis as any).chrome;
          const [tab] = await chrome.tabs.query({ url: `${url.split('?')[0]}*` });
          return {
            text: await chrome.action.getBadgeText({ tabId: tab?.id }),
            title: await chrome.action.getTitle({ tabId: tab?.id }),
          };
        }, page.url());
        expect(badge.text).toBe('BR');
        expect(badge.title).toMatch(/Brazil/);
        await popup.close();

        // In-page navigation: the popup opened afterwards follows the new number.
        await page.evaluate((display: string) => {
          const url = new URL(location.href);
          url.searchParams.set('phone_number', display.replace(/\D/g, ''));
          history.pushState({}, '', url);
          dispatchEvent(new PopStateEvent('popstate'));
        }, PHONES.usDefault.display_phone_number);
        await waitForStatus(await panelFrame(page), /Default storage/);
        const popup2 = await chromium.openPopup(page);
        await waitForStatus(popup2, /Default storage \(United States\)/);
        await popup2.close();
        await page.close();
      });
    }

    it('the popup looks up a pasted phone number ID', async () => {
      const popup = await session.open(session.extensionUrl('popup.html'));
      await fillLabelled(popup, 'Phone number ID', PHONES.noStorage.id);
      await clickButton(popup, 'Show status');
      await waitForStatus(popup, /No Storage/);
      await session.screenshot(popup, 'popup-lookup');
      await popup.close();
    });
  });

  describe('token problems', () => {
    beforeEach(() => session.sandbox.reset());

    it('explains an expired token (190) and names the fix', async () => {
      const options = await saveToken(session, TOKEN_EXPIRED);
      await waitForText(options, 'expired');
      await session.screenshot(options, 'options-token-expired');
      await options.close();
    });

    it('names the missing permission (200)', async () => {
      const options = await saveToken(session, TOKEN_NO_PERMISSION);
      await waitForText(
        options,
        'It is missing: whatsapp_business_management, whatsapp_business_messaging',
      );
      await options.close();
      const page = await session.open(manager.profile(PHONES.usDefault.display_phone_number));
      const frame = await expandPanel(page);
      await frame.waitForSelector('[role="alert"]');
      expect(await frame.$eval('[role="alert"]', (el) => el.textContent ?? '')).toMatch(
        /permission/i,
      );
      await page.close();
    });

    it('says when the token cannot see a WABA, and recovers after a better token is saved', async () => {
      const options = await saveToken(session, TOKEN_FIRST_WABA_ONLY);
      await waitForText(options, 'Token works');
      const page = await session.open(manager.list(WABA_SCALE));
      const frame = await expandPanel(page);
      await frame.waitForSelector('[role="alert"]');
      expect(await frame.$eval('[role="alert"]', (el) => el.textContent ?? '')).toMatch(
        /cannot see|access/i,
      );
      await fillLabelled(options, 'System user access token', SANDBOX_TOKEN);
      await clickButton(options, 'Save and check token');
      await waitForText(options, 'Token works');
      await clickButton(frame, 'Try again');
      await waitForStatus(frame, /250 numbers/, 60_000);
      await options.close();
      await page.close();
    });

    it('asks for a token when none is stored', async () => {
      const options = await session.open(session.extensionUrl('options.html'));
      const remove = await options.$(role('button', 'Remove token'));
      if (remove) await remove.click();
      await waitForText(options, 'No token saved yet.');
      const page = await session.open(manager.profile(PHONES.usDefault.display_phone_number));
      const frame = await expandPanel(page);
      await waitForText(frame, 'Residency needs an access token');
      await options.close();
      await page.close();
    });
  });
});
