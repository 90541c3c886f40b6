import { describe, expect, it } from 'vitest';
import {
  dockedCorner,
  framedByManager,
  frameRect,
  frameStyle,
  isPanelLayoutMessage,
  MANAGER_ORIGIN,
  PANEL_LAYOUT_MESSAGE,
  pageScheme,
  schemeOfColor,
} from '@/utils/panel-frame';
import { pillState, storageCounts, storageShort } from '@/utils/panel-frame/pill-state';
import type { ViewState } from '@/utils/ui-store/view-store';

const LAPTOP = { width: 1366, height: 768 };
const pill = { width: 252, height: 32, corner: 'bottom-right' as const };

describe('frameRect', () => {
  it('docks the pill in its corner, a few percent of a 1366 x 768 window', () => {
    const r = frameRect(pill, LAPTOP);
    expect(r).toEqual({ left: 1098, top: 720, right: 1350, bottom: 752 });
    const share = ((r.right - r.left) * (r.bottom - r.top)) / (LAPTOP.width * LAPTOP.height);
    expect(share).toBeLessThan(0.03);
  });

  it.each([
    ['top-left', { left: 16, top: 16 }],
    ['top-right', { left: 1098, top: 16 }],
    ['bottom-left', { left: 16, top: 720 }],
  ] as const)('docks in the %s corner', (corner, at) => {
    expect(frameRect({ ...pill, corner }, LAPTOP)).toMatchObject(at);
  });

  it('never exceeds the window: a tall card in a narrow window fits with its margins', () => {
    const r = frameRect(
      { width: 420, height: 9000, corner: 'bottom-right' },
      { width: 360, height: 640 },
    );
    expect(r).toEqual({ left: 16, top: 16, right: 344, bottom: 624 });
  });

  it("moves along the edge past a control of the page's own in that corner", () => {
    const control = { left: 1200, top: 700, right: 1350, bottom: 752 };
    const r = frameRect(pill, LAPTOP, control);
    expect(r.bottom).toBeLessThanOrEqual(control.top);
    expect(r.left).toBe(1098);
  });

  it('stays put when moving would leave the window', () => {
    const everywhere = { left: 0, top: 0, right: 1366, bottom: 768 };
    expect(frameRect(pill, LAPTOP, everywhere)).toEqual(frameRect(pill, LAPTOP));
  });
});

describe('frameStyle', () => {
  it('sets every property !important and above every page layer', () => {
    const css = frameStyle({ left: 1, top: 2, right: 11, bottom: 22 }, true);
    for (const decl of css.split(';')) expect(decl).toMatch(/ !important$/);
    expect(css).toContain('position:fixed !important');
    expect(css).toContain('z-index:2147483647 !important');
    expect(css).toContain('width:10px !important');
    expect(css).toContain('height:20px !important');
  });

  it('hides a frame that has not measured itself yet without display:none', () => {
    const css = frameStyle({ left: 0, top: 0, right: 1, bottom: 1 }, false);
    expect(css).toContain('visibility:hidden !important');
    expect(css).toContain('display:block !important');
  });
});

describe('isPanelLayoutMessage', () => {
  const ok = {
    type: PANEL_LAYOUT_MESSAGE,
    width: 200,
    height: 40,
    corner: 'top-left',
    expanded: false,
    scheme: 'dark',
  };
  it('accepts a well-formed layout, including a very tall card', () => {
    expect(isPanelLayoutMessage(ok)).toBe(true);
    expect(isPanelLayoutMessage({ ...ok, height: 12_000, expanded: true })).toBe(true);
  });
  it.each([
    { ...ok, width: -1 },
    { ...ok, height: Number.NaN },
    { ...ok, corner: 'middle' },
    { ...ok, expanded: 'yes' },
    { ...ok, scheme: 'sepia' },
    { ...ok, scheme: undefined },
    { ...ok, type: 'other' },
    null,
    'residency:panel-layout',
  ])('refuses %j', (message) => {
    expect(isPanelLayoutMessage(message)).toBe(false);
  });
});

describe('frameStyle colour scheme', () => {
  it('gives the frame the scheme the panel draws in, so its backdrop stays transparent', () => {
    const rect = { left: 0, top: 0, right: 10, bottom: 10 };
    expect(frameStyle(rect, true, 'dark')).toContain('color-scheme:dark !important');
    expect(frameStyle(rect, true)).toContain('color-scheme:light !important');
  });
});

describe('dockedCorner', () => {
  it.each([
    ['bottom-right', 'rtl', 'bottom-left'],
    ['bottom-left', 'rtl', 'bottom-right'],
    ['top-right', 'rtl', 'top-left'],
    ['top-left', 'rtl', 'top-right'],
    ['bottom-right', 'ltr', 'bottom-right'],
    ['top-left', 'ltr', 'top-left'],
  ] as const)('%s on a %s page docks %s', (stored, direction, docked) => {
    expect(dockedCorner(stored, direction)).toBe(docked);
  });
  it('mirrors the frame to the other side of a right-to-left page', () => {
    const rect = frameRect({ ...pill, corner: dockedCorner('bottom-right', 'rtl') }, LAPTOP);
    expect(rect.left).toBe(16);
  });
});

describe('schemeOfColor', () => {
  it.each([
    ['rgb(255, 255, 255)', 'light'],
    ['rgb(240, 242, 245)', 'light'],
    ['rgb(24, 25, 26)', 'dark'],
    ['rgb(36, 37, 38)', 'dark'],
    ['rgba(24, 25, 26, 0.9)', 'dark'],
    ['rgb(24 25 26 / 90%)', 'dark'],
    // Mid grey: black text reads better on it than white.
    ['rgb(128, 128, 128)', 'light'],
    ['rgb(8, 102, 255)', 'dark'],
  ])('%s is %s', (color, scheme) => {
    expect(schemeOfColor(color)).toBe(scheme);
  });
  it.each(['rgba(0, 0, 0, 0)', 'transparent', 'rgba(255, 255, 255, 0.2)', 'oklch(0.2 0 0)', ''])(
    'cannot tell from %j',
    (color) => {
      expect(schemeOfColor(color)).toBeNull();
    },
  );
});

describe('pageScheme', () => {
  it('takes the first opaque background: the body over the document', () => {
    expect(pageScheme(['rgb(24, 25, 26)', 'rgb(255, 255, 255)'], 'normal')).toBe('dark');
    expect(pageScheme(['rgba(0, 0, 0, 0)', 'rgb(255, 255, 255)'], 'dark')).toBe('light');
  });
  it('falls back to the canvas the page asked for', () => {
    const none = ['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)'];
    expect(pageScheme(none, 'dark')).toBe('dark');
    expect(pageScheme(none, 'light dark')).toBe('light');
    expect(pageScheme(none, 'normal')).toBe('light');
    expect(pageScheme([], '')).toBe('light');
  });
});

describe('framedByManager', () => {
  const base = { framed: true, hasFrameToken: true, ancestorOrigins: [MANAGER_ORIGIN] };
  it('shows the panel directly inside a Manager page with a frame token', () => {
    expect(framedByManager(base)).toBe(true);
  });
  it('leaves the decision to the background where the browser names no ancestors (Firefox)', () => {
    expect(framedByManager({ ...base, ancestorOrigins: undefined })).toBe(true);
  });
  it.each([
    ['another site framing it', { ...base, ancestorOrigins: ['https://attacker.example'] }],
    [
      'a foreign frame inside a Manager tab',
      { ...base, ancestorOrigins: ['https://ads.example', MANAGER_ORIGIN] },
    ],
    ['no frame token', { ...base, hasFrameToken: false }],
    ['a top-level tab', { ...base, framed: false }],
  ])('refuses %s', (_what, doc) => {
    expect(framedByManager(doc)).toBe(false);
  });
});

const loaded = <T>(data: T) => ({ data, loading: false });
const phone = (platform: string) => ({
  id: '1',
  display_phone_number: '+55 11 4000-0002',
  platform_type: platform,
});
const base: Parameters<typeof pillState>[0] = {
  token: loaded({ hasToken: true, graphVersion: null, effectiveVersion: 'v26.0' }),
  context: loaded({
    tabId: 1,
    url: 'https://business.facebook.com/',
    page: null,
    resolution: 'resolved' as const,
    phoneNumberId: '1',
    updatedAt: 0,
  }),
  status: loaded({
    phoneNumberId: '1',
    phone: phone('CLOUD_API'),
    settings: {
      storage_configuration: {
        status: 'IN_COUNTRY_STORAGE_ENABLED',
        data_localization_region: 'BR',
      },
    },
    readAt: 0,
    stale: false,
  }),
  waba: { loading: false },
  unfinished: [],
} as unknown as Pick<
  ViewState,
  'token' | 'context' | 'status' | 'waba' | 'manualId' | 'unfinished'
>;

describe('pillState', () => {
  it('names the region by code and name, and the registration', () => {
    expect(pillState(base, 'en')).toMatchObject({
      tone: 'in-country',
      storage: 'BR Brazil',
      detail: 'Registered',
    });
  });

  it('says Default and Not registered for a plain unregistered number', () => {
    const status = loaded({ ...base.status.data, phone: phone('NOT_APPLICABLE'), settings: {} });
    expect(pillState({ ...base, status } as typeof base, 'en')).toMatchObject({
      tone: 'default',
      storage: 'Default',
      detail: 'Not registered',
    });
  });

  it('looks unmistakably offline while an unfinished move has the number deregistered', () => {
    const flow = {
      phoneNumberId: '1',
      kind: 'move',
      before: { registered: true, storage: 'BR' },
      steps: [
        { name: 'deregister', status: 'done' },
        { name: 'set-storage', status: 'failed' },
        { name: 'register', status: 'pending' },
      ],
    };
    const state = { ...base, unfinished: [flow] } as unknown as typeof base;
    expect(pillState(state, 'en')).toMatchObject({ tone: 'offline', storage: 'Offline' });
  });

  it('asks for attention when the token has expired', () => {
    const status = {
      loading: false,
      error: {
        kind: 'graph',
        code: 190,
        category: 'token-invalid',
        message: 'expired',
        isTransient: false,
      },
    };
    const state = { ...base, status } as unknown as typeof base;
    expect(pillState(state, 'en')).toMatchObject({
      tone: 'attention',
      storage: 'Access token expired',
    });
  });

  it('says it is still checking only until the number has been read', () => {
    const status = { loading: true };
    const state = { ...base, status } as unknown as typeof base;
    expect(pillState(state, 'en')).toMatchObject({ storage: 'Checking…', checking: true });
    expect(pillState(base, 'en').checking).toBeUndefined();
  });

  it('asks for attention when no token is stored', () => {
    const token = loaded({ hasToken: false, graphVersion: null, effectiveVersion: 'v26.0' });
    expect(pillState({ ...base, token } as typeof base, 'en')).toMatchObject({ tone: 'attention' });
  });
});

describe('storageCounts', () => {
  it('counts an account by storage, most first', () => {
    const br = {
      storage_configuration: {
        status: 'IN_COUNTRY_STORAGE_ENABLED',
        data_localization_region: 'BR',
      },
    };
    const rows = [{ settings: br }, { settings: {} }, { settings: br }, { error: {} }];
    expect(storageCounts(rows, 'en')).toEqual([
      { label: 'BR Brazil', count: 2 },
      { label: 'Could not read', count: 1 },
      { label: 'Default', count: 1 },
    ]);
    expect(storageShort({ kind: 'no-storage', retentionMinutes: 60 }, 'en')).toBe('No Storage');
  });
});
