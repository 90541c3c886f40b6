import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { acceptViewPort, handleMessage, tabStartedLoading } from '@/utils/background/router';
import { getTabContext } from '@/utils/background/tabs';
import { BROADCAST_PORT } from '@/utils/messaging/port';
import { tokenStore } from '@/utils/storage';

// The background's router and tab resolution, run for real against a small Graph stand-in
// behind fetch (the network boundary). The E2E tests cover the same path with the real sandbox.

const EXT = `chrome-extension://${fakeBrowser.runtime.id}/`;
const popup = { id: fakeBrowser.runtime.id, url: `${EXT}popup.html` };
const contentScript = (tabId: number) => ({
  id: fakeBrowser.runtime.id,
  url: 'https://business.facebook.com/wa/manage/home/',
  tab: { id: tabId },
});

const numbers = [
  { id: '111', display_phone_number: '+1 555-010-0001', platform_type: 'CLOUD_API' },
  { id: '222', display_phone_number: '+55 11 4000-0002', platform_type: 'CLOUD_API' },
];
const settings: Record<string, unknown> = {
  '111': {},
  '222': {
    storage_configuration: { status: 'IN_COUNTRY_STORAGE_ENABLED', data_localization_region: 'BR' },
  },
};

function graphStandIn(token: string) {
  return vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const auth = new Headers(init?.headers).get('authorization');
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
    if (auth !== `Bearer ${token}`)
      return json(
        { error: { message: 'Invalid OAuth access token', code: 190, fbtrace_id: 'T1' } },
        400,
      );
    const path = url.pathname.replace(/^\/v\d+\.0\//, '');
    if (path === 'me') return json({ id: '9', name: 'System User' });
    if (path === 'me/permissions')
      return json({ data: [{ permission: 'whatsapp_business_management', status: 'granted' }] });
    if (path === '500/phone_numbers')
      return json({ data: numbers, paging: { cursors: { after: 'x' } } });
    const [id, edge] = path.split('/');
    const phone = numbers.find((n) => n.id === id);
    if (phone && edge === 'settings') return json(settings[phone.id]);
    if (phone && !edge) return json(phone);
    return json(
      { error: { message: 'Unsupported get request', code: 100, error_subcode: 33 } },
      400,
    );
  });
}

beforeEach(async () => {
  vi.stubGlobal('fetch', graphStandIn('GOOD'));
});

/** The Manager page of the Brazilian number (222), as the content script reports it. */
const BRAZIL_PAGE =
  'https://business.facebook.com/wa/manage/phone-numbers/?waba_id=500&phone_number=551140000002';

/** A tab's content script reports the Brazilian number's page; resolves once the tab knows it. */
async function showBrazilIn(tabId: number) {
  await tokenStore.set('GOOD');
  await handleMessage({ type: 'page.changed', url: BRAZIL_PAGE }, contentScript(tabId));
  await vi.waitFor(async () => expect((await getTabContext(tabId))?.resolution).toBe('resolved'));
}

describe('handleMessage', () => {
  it('refuses state-changing requests from a content script, and unknown messages', async () => {
    const reply = await handleMessage({ type: 'token.save', token: 'x' }, contentScript(1));
    expect(reply).toMatchObject({ ok: false });
    expect(await tokenStore.get()).toBeNull();
    expect(await handleMessage({ type: 'drop.tables' }, popup)).toMatchObject({ ok: false });
  });

  it('saves a token after checking it and names missing permissions', async () => {
    const reply = await handleMessage({ type: 'token.save', token: 'GOOD' }, popup);
    expect(reply).toMatchObject({
      ok: true,
      data: { user: { id: '9' }, missing: ['whatsapp_business_messaging'] },
    });
    expect((await tokenStore.get())?.value).toBe('GOOD');
  });

  it('lists the accounts a fully permitted token reaches, over every page', async () => {
    const standIn = graphStandIn('GOOD');
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
        const url = new URL(String(input));
        const path = url.pathname.replace(/^\/v\d+\.0\//, '');
        const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
        if (path === 'me/permissions')
          return json({
            data: ['whatsapp_business_management', 'whatsapp_business_messaging'].map(
              (permission) => ({ permission, status: 'granted' }),
            ),
          });
        if (path === '9/assigned_whatsapp_business_accounts') {
          return url.searchParams.get('after') === 'p2'
            ? json({ data: [{ id: '502', name: 'Second' }], paging: { cursors: { after: 'x' } } })
            : json({
                data: [{ id: '501', name: 'First', tasks: ['MANAGE'] }],
                paging: { cursors: { after: 'p2' }, next: 'https://graph.facebook.com/next' },
              });
        }
        return standIn(input, init);
      }),
    );
    const reply = await handleMessage({ type: 'token.save', token: 'GOOD' }, popup);
    expect(reply).toMatchObject({
      ok: true,
      data: {
        missing: [],
        wabas: [
          { id: '501', name: 'First' },
          { id: '502', name: 'Second' },
        ],
      },
    });
  });

  it('keeps a working token when its accounts cannot be listed, and says why', async () => {
    const standIn = graphStandIn('GOOD');
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
        const path = new URL(String(input)).pathname.replace(/^\/v\d+\.0\//, '');
        if (path === 'me/permissions')
          return new Response(
            JSON.stringify({
              data: [
                { permission: 'whatsapp_business_management', status: 'granted' },
                { permission: 'whatsapp_business_messaging', status: 'granted' },
              ],
            }),
          );
        return standIn(input, init);
      }),
    );
    const reply = await handleMessage({ type: 'token.save', token: 'GOOD' }, popup);
    expect(reply).toMatchObject({ ok: true, data: { missing: [], wabasError: { code: 100 } } });
    expect((await tokenStore.get())?.value).toBe('GOOD');
  });

  it('keeps the previous token when Graph rejects a new one', async () => {
    await tokenStore.set('GOOD');
    const reply = await handleMessage({ type: 'token.save', token: 'BAD' }, popup);
    expect(reply).toMatchObject({ ok: false, error: { code: 190, category: 'token-invalid' } });
    expect((await tokenStore.get())?.value).toBe('GOOD');
  });

  it("reads the token's system user for the evidence report, or says why not", async () => {
    await tokenStore.set('GOOD');
    const reply = await handleMessage({ type: 'me.read' }, popup);
    expect(reply).toMatchObject({
      ok: true,
      data: {
        user: { id: '9', name: 'System User' },
        apiVersion: expect.stringMatching(/^v\d+\.0$/),
      },
    });
    await tokenStore.set('EXPIRED');
    expect(await handleMessage({ type: 'me.read' }, popup)).toMatchObject({
      ok: false,
      error: { code: 190, fbtraceId: 'T1' },
    });
  });

  it('resolves the number a Manager tab shows to its phone number ID', async () => {
    await showBrazilIn(4);
    expect((await getTabContext(4))?.phoneNumberId).toBe('222');
    const status = await handleMessage({ type: 'number.status', phoneNumberId: '222' }, popup);
    expect(status).toMatchObject({
      ok: true,
      data: {
        settings: { storage_configuration: { data_localization_region: 'BR' } },
        stale: false,
      },
    });
  });

  it("brings a fresh cached status along with the tab's context, one message for a view", async () => {
    await showBrazilIn(8);
    // The tab's lookup also read the number; once it is cached, the context carries it.
    await vi.waitFor(async () =>
      expect(await handleMessage({ type: 'tab.context', tabId: 8 }, popup)).toMatchObject({
        ok: true,
        data: {
          resolution: 'resolved',
          phoneNumberId: '222',
          status: { phoneNumberId: '222', stale: false },
        },
      }),
    );
  });

  it('forgets what a tab showed once it loads a page elsewhere, not when it reloads the Manager', async () => {
    await showBrazilIn(7);
    tabStartedLoading(7, BRAZIL_PAGE);
    await new Promise((r) => setTimeout(r, 20));
    expect((await getTabContext(7))?.resolution).toBe('resolved');
    // Another site: its URL is not even visible to Residency.
    tabStartedLoading(7, undefined);
    await vi.waitFor(async () => expect((await getTabContext(7))?.resolution).toBe('no-page'));
    expect((await getTabContext(7))?.phoneNumberId).toBeUndefined();
  });

  it('looks up a Manager page as the tab starts loading, before its content script reports', async () => {
    await tokenStore.set('GOOD');
    tabStartedLoading(9, BRAZIL_PAGE);
    await vi.waitFor(async () => expect((await getTabContext(9))?.phoneNumberId).toBe('222'));
  });

  it("takes the content script's report of the page it just looked up as nothing new", async () => {
    await tokenStore.set('GOOD');
    tabStartedLoading(10, BRAZIL_PAGE);
    await vi.waitFor(async () => expect((await getTabContext(10))?.resolution).toBe('resolved'));
    const looked = await getTabContext(10);
    await handleMessage({ type: 'page.changed', url: BRAZIL_PAGE }, contentScript(10));
    await new Promise((r) => setTimeout(r, 20));
    // Not saved again (no "resolving" in between for the views to show).
    expect(await getTabContext(10)).toEqual(looked);
    // Another page of the same tab is looked up.
    await handleMessage({ type: 'page.changed', url: `${BRAZIL_PAGE}&tab=2` }, contentScript(10));
    await vi.waitFor(async () =>
      expect((await getTabContext(10))?.url).toBe(`${BRAZIL_PAGE}&tab=2`),
    );
  });

  it('records a failed lookup as an error the views can explain', async () => {
    await tokenStore.set('GOOD');
    await handleMessage(
      {
        type: 'page.changed',
        url: 'https://business.facebook.com/wa/manage/phone-numbers/?waba_id=999&phone_number=15550100001',
      },
      contentScript(5),
    );
    await vi.waitFor(async () => expect((await getTabContext(5))?.resolution).toBe('error'));
    expect((await getTabContext(5))?.error).toMatchObject({ code: 100, category: 'not-visible' });
  });

  it('asks for a token before resolving anything', async () => {
    await handleMessage(
      {
        type: 'page.changed',
        url: 'https://business.facebook.com/wa/manage/phone-numbers/?waba_id=500&phone_number=15550100001',
      },
      contentScript(6),
    );
    await vi.waitFor(async () => expect((await getTabContext(6))?.resolution).toBe('no-token'));
  });

  it('answers the settings to extension pages and tells open views when they change', async () => {
    const received: unknown[] = [];
    const port = {
      name: BROADCAST_PORT,
      sender: popup,
      postMessage: (message: unknown) => received.push(message),
      onDisconnect: { addListener: () => undefined },
      disconnect: () => undefined,
    };
    await acceptViewPort(port as unknown as Parameters<typeof acceptViewPort>[0]);
    const before = await handleMessage({ type: 'preferences.get' }, popup);
    expect(before).toMatchObject({ ok: true, data: { overlayCorner: 'bottom-right' } });
    const after = await handleMessage(
      { type: 'preferences.update', patch: { overlayCorner: 'top-left' } },
      popup,
    );
    expect(after).toMatchObject({ ok: true, data: { overlayCorner: 'top-left' } });
    expect(received).toContainEqual({
      type: 'preferences.changed',
      preferences: expect.objectContaining({ overlayCorner: 'top-left' }),
    });
    expect(await handleMessage({ type: 'preferences.get' }, popup)).toMatchObject({
      data: { overlayCorner: 'top-left' },
    });
  });
});
