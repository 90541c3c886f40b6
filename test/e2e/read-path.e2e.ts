import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  PHONES,
  SANDBOX_TOKEN,
  TOKEN_EXPIRED,
  TOKEN_FIRST_WABA_ONLY,
  TOKEN_NO_PERMISSION,
  WABA_MAIN,
  WABA_SCALE,
} from '../sandbox';
import { BROWSERS, type ChromiumSession, type ExtensionSession, launch } from './harness';
import { managerUrl } from './manager-urls';
import {
  clickButton,
  clickLink,
  fillLabelled,
  findByRole,
  OVERLAY_FRAME,
  openCard,
  panelFrame,
  pasteInto,
  pressButton,
  saveToken,
  waitForAlert,
  waitForStatus,
  waitForText,
} from './ui';

const digitsOf = (display: string) => display.replace(/\D/g, '');
const manager = managerUrl;

/** Each seeded number and what a person must see for it. */
const SEEDED = [
  { key: 'usDefault', status: /Default storage \(United States\)/, region: null },
  { key: 'brazil', status: /In-country storage: Brazil \(BR\)/, region: 'BR' },
  { key: 'unregistered', status: /Default storage \(United States\)/, region: null },
  { key: 'noStorage', status: /No Storage \(messages kept 60 minutes\)/, region: null },
  { key: 'needsVerification', status: /Default storage \(United States\)/, region: null },
  { key: 'onPremise', status: /Default storage \(United States\)/, region: null },
  { key: 'india', status: /In-country storage: India \(IN\)/, region: 'IN' },
  { key: 'notVerifiedRegistered', status: /In-country storage: Singapore \(SG\)/, region: 'SG' },
  { key: 'expiredRegistered', status: /Default storage \(United States\)/, region: null },
] as const;

/** Meta's values that must reach people as words (they stay in the folded details for support). */
const RAW_CODES =
  /\b(CONNECTED|connected|DISCONNECTED|NOT_VERIFIED|VERIFIED|CLOUD_API|NOT_APPLICABLE|ON_PREMISE|YELLOW|GREEN|green|NA)\b/;
/** Words a person must see at a glance for some seeded numbers. */
const WORDS: Partial<Record<(typeof SEEDED)[number]['key'], string[]>> = {
  brazil: ['Registered (Cloud API)', 'Connected', 'Quality: Yellow (medium)'],
  india: ['Connected', 'Quality: Green (high)'],
  needsVerification: ['Not registered', 'Not verified', 'Quality: Not rated yet'],
  onPremise: ['Registered (On-Premises API)'],
};

/** The region marked current in the allowed-regions list, if any. */
const currentRegion = (scope: Page | Frame) =>
  scope.evaluate(() => document.querySelector('li[aria-current="true"]')?.textContent ?? null);

const pageText = (scope: Page | Frame) => scope.evaluate(() => document.body.innerText);

describe.each(BROWSERS)('read path in %s', (browserName) => {
  let session: ExtensionSession;
  beforeAll(async () => {
    session = await launch(browserName);
  });
  afterAll(async () => {
    await session?.close();
  });

  describe('without a token', () => {
    it('says a token is needed, calls nothing, then shows the number once one is saved', async () => {
      const page = await session.open(manager.profile(PHONES.brazil.display_phone_number));
      const frame = await panelFrame(page);
      // The pill asks for attention; the card says what to do, and sends to the settings.
      await waitForStatus(frame, /Access token needed/);
      const card = await openCard(page);
      expect(await waitForStatus(card, /needs an access token/)).toMatch(/graph\.facebook\.com/);
      // The token is never typed in a frame inside someone else's page.
      expect(
        await card.evaluate(() => document.querySelector('input[type="password"], textarea')),
      ).toBeNull();
      await findByRole(card, 'button', 'Open settings');
      expect(session.sandbox.requests().filter((r) => r.host === 'graph.facebook.com')).toEqual([]);
      if (browserName === 'chromium') {
        // The toolbar popup's first-run prompt; the open overlay follows without a reload.
        const popup = await (session as ChromiumSession).openPopup(page);
        await waitForStatus(popup, /needs an access token/);
        await fillLabelled(popup, 'System user access token', SANDBOX_TOKEN);
        await clickButton(popup, 'Save and check token');
        await waitForText(popup, 'Token works');
        await waitForStatus(popup, /In-country storage: Brazil \(BR\)/);
        await session.screenshot(popup, 'popup-first-run-saved');
        await popup.close();
      } else {
        const saved = await saveToken(session, SANDBOX_TOKEN);
        await waitForText(saved.scope, 'Token works');
        await saved.close();
      }
      await waitForStatus(card, /In-country storage: Brazil \(BR\)/);
      await page.close();
    });
  });

  describe('with a working token', () => {
    beforeAll(async () => {
      const saved = await saveToken(session, SANDBOX_TOKEN);
      await waitForText(saved.scope, 'Token works');
      await saved.close();
    });
    beforeEach(() => session.sandbox.reset());

    it.each(SEEDED)(
      'the panel and the popup show $key with its status and region',
      async ({ key, status, region }) => {
        const phone = PHONES[key];
        const page = await session.open(manager.latestProfile(phone.display_phone_number));
        const frame = await openCard(page);
        expect(await waitForStatus(frame, status)).toContain(phone.display_phone_number);
        await waitForText(frame, phone.verified_name);
        for (const words of WORDS[key] ?? []) await waitForText(frame, words);
        expect(await pageText(frame)).not.toMatch(RAW_CODES);
        const marked = await currentRegion(frame);
        if (region) expect(marked).toContain(`(${region})`);
        else expect(marked).toBeNull();
        await session.screenshot(page, `panel-${key}`);
        await session.screenshot(
          page,
          `panel-${key}-frame`,
          (await page.$(OVERLAY_FRAME)) ?? undefined,
        );
        if (browserName === 'chromium') {
          // The real toolbar popup over the same tab says the same.
          const popup = await (session as ChromiumSession).openPopup(page);
          expect(await waitForStatus(popup, status)).toContain(phone.display_phone_number);
          await waitForText(popup, phone.verified_name);
          for (const words of WORDS[key] ?? []) await waitForText(popup, words);
          expect(await pageText(popup)).not.toMatch(RAW_CODES);
          expect(await currentRegion(popup)).toBe(marked);
          await session.screenshot(popup, `popup-${key}`);
          await popup.close();
        }
        await page.close();
      },
    );

    it('follows in-page navigation to another number without a reload', async () => {
      const page = await session.open(manager.list());
      const frame = await panelFrame(page);
      await waitForStatus(frame, /10 numbers/);
      await page.evaluate(() => {
        (window as unknown as { marker: number }).marker = 1;
      });
      await clickLink(page, PHONES.brazil.display_phone_number);
      await waitForStatus(frame, /BR Brazil/);
      await clickLink(page, 'Back to phone numbers');
      await clickLink(page, PHONES.india.display_phone_number);
      await waitForStatus(frame, /IN India/);
      // The same document all along: the marker set before navigating is still there.
      expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
      await page.close();
    });

    it.each([
      ['drop', /Could not reach Meta/],
      ['http500', /temporary problem/],
      ['malformed-json', /answer could not be read/],
      ['html-error', /server failed/],
    ] as const)(
      'explains a %s fault in plain words and recovers on retry',
      async (fault, message) => {
        const page = await session.open(manager.profile(PHONES.onPremise.display_phone_number));
        let frame = await openCard(page);
        await waitForStatus(frame, /Default storage/);
        // Forget what was read before, as on a first visit, then fail every settings read
        // (more faults than the GET retries, and Firefox's own retries of reset connections,
        // so the failure reaches the person).
        await frame.evaluate(() => (globalThis as any).browser.storage.local.remove('statusCache'));
        session.sandbox.injectFault({ kind: fault, count: 100, match: { path: '/settings' } });
        await page.reload({ waitUntil: 'load' });
        frame = await openCard(page);
        expect(await waitForAlert(frame)).toMatch(message);
        await session.screenshot(page, `panel-error-${fault}`);
        session.sandbox.reset();
        await clickButton(frame, 'Try again');
        await waitForStatus(frame, /Default storage/);
        expect(await frame.evaluate(() => document.querySelector('[role="alert"]'))).toBeNull();
        await page.close();
      },
    );

    it('copies the phone number ID from the panel (and, in Chromium, the WABA ID from the popup)', async () => {
      const page = await session.open(manager.profile(PHONES.brazil.display_phone_number));
      const frame = await openCard(page);
      await waitForStatus(frame, /Brazil/);
      await pressButton(frame, 'Copy phone number ID');
      await waitForText(frame, 'Phone number ID copied');
      if (browserName === 'chromium') {
        // What was copied, pasted where a person would use it (Firefox cannot open that page).
        const chromium = session as ChromiumSession;
        const paste = async () => {
          const lookUp = await session.open(session.extensionUrl('popup.html'));
          const value = await pasteInto(lookUp, 'Phone number ID');
          await lookUp.close();
          return value;
        };
        expect(await paste()).toBe(PHONES.brazil.id);
        const popup = await chromium.openPopup(page);
        await waitForStatus(popup, /Brazil/);
        await pressButton(popup, 'Copy WABA ID');
        await waitForText(popup, 'WhatsApp Business Account ID copied');
        await popup.close();
        expect(await paste()).toBe(WABA_MAIN);
      }
      await page.close();
    });

    it('keeps showing the last status when a refresh fails, with the reason', async () => {
      const page = await session.open(manager.profile(PHONES.brazil.display_phone_number));
      const frame = await openCard(page);
      await waitForStatus(frame, /Brazil \(BR\)/);
      // Let the refresh of a stale cached status finish before failing the next one.
      await vi.waitFor(async () => expect(await pageText(frame)).not.toContain('refreshing'), {
        timeout: 10_000,
      });
      session.sandbox.injectFault({ kind: 'http503', count: 20, match: { path: '/settings' } });
      await clickButton(frame, 'Refresh');
      expect(await waitForAlert(frame)).toMatch(/server failed/);
      expect(await pageText(frame)).toContain('In-country storage: Brazil (BR)');
      session.sandbox.reset();
      await clickButton(frame, 'Refresh');
      await waitForStatus(frame, /Brazil \(BR\)/);
      await page.close();
    });

    it('keeps the token out of the Manager page, its storage, its URL and non-Graph hosts', async () => {
      const page = await session.open(manager.profile(PHONES.brazil.display_phone_number));
      const frame = await openCard(page);
      await waitForStatus(frame, /Brazil/);
      await clickButton(frame, 'Refresh');
      await vi.waitFor(() =>
        expect(session.sandbox.requests().some((r) => r.path.endsWith('/settings'))).toBe(true),
      );
      const seen = await page.evaluate(() => ({
        html: document.documentElement.outerHTML,
        url: location.href,
        local: JSON.stringify({ ...localStorage }),
        session: JSON.stringify({ ...sessionStorage }),
        cookie: document.cookie,
      }));
      for (const value of Object.values(seen)) expect(value).not.toContain(SANDBOX_TOKEN);
      const log = session.sandbox.requests();
      expect(log.some((r) => r.host === 'graph.facebook.com' && r.auth === 'SANDBOX_TOKEN')).toBe(
        true,
      );
      expect(log.filter((r) => r.host !== 'graph.facebook.com' && r.tokenSeen)).toEqual([]);
      expect(
        log.filter(
          (r) => r.host === 'graph.facebook.com' && JSON.stringify(r.query).includes('EAAR'),
        ),
      ).toEqual([]);
      await page.close();
    });

    if (browserName === 'chromium') {
      it('the toolbar popup shows the tab’s number and follows navigation; the badge shows the region', async () => {
        const chromium = session as ChromiumSession;
        const page = await session.open(manager.profile(PHONES.brazil.display_phone_number));
        await waitForStatus(await panelFrame(page), /Brazil/);
        const popup = await chromium.openPopup(page);
        expect(await waitForStatus(popup, /In-country storage: Brazil \(BR\)/)).toContain(
          '+55 11 4000-0002',
        );
        await findByRole(popup, 'button', 'Copy phone number ID');
        await session.screenshot(popup, 'popup-brazil');
        await popup.close();

        const badge = () => chromium.managerTabBadge();
        expect(await badge()).toEqual({ text: 'BR', title: expect.stringMatching(/Brazil|BR/) });

        await page.evaluate((digits: string) => {
          const url = new URL(location.href);
          url.searchParams.set('phone_number', digits);
          history.pushState({}, '', url);
        }, digitsOf(PHONES.usDefault.display_phone_number));
        await waitForStatus(await panelFrame(page), /Default/);
        const popup2 = await chromium.openPopup(page);
        await waitForStatus(popup2, /Default storage \(United States\)/);
        await popup2.close();
        await vi.waitFor(async () => expect((await badge()).text).toBe('US'), { timeout: 10_000 });

        // The tab leaves the Manager: the popup no longer offers the number it showed.
        await page.goto('data:text/html,<title>Elsewhere</title><h1>Elsewhere</h1>');
        const popup3 = await chromium.openPopup(page);
        await findByRole(popup3, 'button', 'Show status');
        expect(await popup3.evaluate(() => document.body.innerText)).not.toContain(
          'Default storage',
        );
        await popup3.close();
        await page.close();
      });

      it('offers only live Graph API versions and warns when the chosen one expires within 60 days', async () => {
        const options = await session.open(session.extensionUrl('options.html'));
        const select = await findByRole(options, 'combobox', 'Version used for every call');
        const offered = await select.evaluate((el) =>
          [...(el as HTMLSelectElement).options].map((o) => o.value).filter(Boolean),
        );
        expect(offered).toEqual(['v21.0', 'v22.0', 'v23.0', 'v24.0', 'v25.0', 'v26.0']);
        await select.select('v21.0');
        await waitForText(options, 'Graph API v21.0 expires on');
        await session.screenshot(options, 'options-version-warning');
        session.sandbox.clearRequests();
        const page = await session.open(manager.profile(PHONES.brazil.display_phone_number));
        await clickButton(await openCard(page), 'Refresh');
        await vi.waitFor(() =>
          expect(session.sandbox.requests().some((r) => r.path.startsWith('/v21.0/'))).toBe(true),
        );
        await (await findByRole(options, 'combobox', 'Version used for every call')).select('');
        await page.close();
        await options.close();
      });

      it('the popup looks up a pasted phone number ID', async () => {
        const popup = await session.open(session.extensionUrl('popup.html'));
        await fillLabelled(popup, 'Phone number ID', PHONES.noStorage.id);
        await clickButton(popup, 'Show status');
        await waitForStatus(popup, /No Storage/);
        await session.screenshot(popup, 'popup-lookup');
        await popup.close();
      });
    }
  });

  describe('token problems', () => {
    beforeEach(() => session.sandbox.reset());

    it('explains an expired token (190/463) and names the fix', async () => {
      const saved = await saveToken(session, TOKEN_EXPIRED);
      expect(await waitForAlert(saved.scope)).toMatch(/expired/);
      await saved.close();
    });

    it('names the missing permission (200)', async () => {
      const saved = await saveToken(session, TOKEN_NO_PERMISSION);
      await waitForText(
        saved.scope,
        'It is missing: whatsapp_business_management and whatsapp_business_messaging',
      );
      await saved.close();
      const page = await session.open(manager.profile(PHONES.usDefault.display_phone_number));
      expect(await waitForAlert(await openCard(page))).toMatch(/permission/i);
      await page.close();
    });

    it('says when the token cannot see a WABA, and recovers after a better token is saved', async () => {
      const saved = await saveToken(session, TOKEN_FIRST_WABA_ONLY);
      await waitForText(saved.scope, 'Token works');
      // The check already says which accounts the token reaches: only the first.
      await waitForText(saved.scope, 'WhatsApp Business Accounts it reaches (1):');
      expect(await saved.scope.evaluate(() => document.body.innerText)).not.toContain('Globex');
      await saved.close();
      const page = await session.open(manager.list(WABA_SCALE));
      const frame = await openCard(page);
      expect(await waitForAlert(frame)).toMatch(/cannot see/);
      if (browserName === 'chromium') {
        // A number of that account, pasted in the popup: the same clear answer.
        const popup = await session.open(session.extensionUrl('popup.html'));
        await fillLabelled(popup, 'Phone number ID', '400000000000001');
        await clickButton(popup, 'Show status');
        expect(await waitForAlert(popup)).toMatch(/cannot see/);
        await popup.close();
      }
      const better = await saveToken(session, SANDBOX_TOKEN);
      await waitForText(better.scope, 'Token works');
      await better.close();
      const again = await session.open(manager.list(WABA_SCALE));
      await waitForStatus(await openCard(again), /250 numbers/, 60_000);
      await again.close();
      await page.close();
    });
  });
});
