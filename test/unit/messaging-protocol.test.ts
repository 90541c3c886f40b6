import { describe, expect, it } from 'vitest';
import { type Request, RequestSchema, senderMayAsk } from '@/utils/messaging/protocol';

const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXT_ID}/`;
const popup = { id: EXT_ID, url: `${ORIGIN}popup.html` };
const MANAGER_TAB = 'https://business.facebook.com/wa/manage/home/?waba_id=1';
/** The panel framed by the content script in a Manager tab, with the token issued for it. */
const panel = {
  id: EXT_ID,
  url: `${ORIGIN}panel.html?frame=t1`,
  tabId: 7,
  tabUrl: MANAGER_TAB,
  frameId: 3,
  frameTokenValid: true,
};
const content = {
  id: EXT_ID,
  url: 'https://business.facebook.com/wa/manage/home/?waba_id=1',
  tabId: 7,
};
const otherExtension = {
  id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz',
  url: 'chrome-extension://zzzz/x.html',
};

const requests: Request[] = [
  { type: 'page.changed', url: 'https://business.facebook.com/' },
  { type: 'tab.context' },
  { type: 'number.status', phoneNumberId: '300000000000001' },
  { type: 'waba.numbers', wabaId: '200000000000001' },
  { type: 'token.info' },
  { type: 'token.save', token: 'EAAB' },
  { type: 'token.clear' },
  { type: 'preferences.update', patch: { overlayCorner: 'top-left' } },
  { type: 'overlay.setHidden', hidden: true, scope: 'page' },
];

const isToken = (r: Request) => r.type.startsWith('token.') && r.type !== 'token.info';

describe('senderMayAsk', () => {
  it.each(requests)('lets top-level extension pages make $type except page.changed', (request) => {
    expect(senderMayAsk(request, popup, ORIGIN, EXT_ID)).toBe(request.type !== 'page.changed');
  });

  it.each(requests)(
    'lets the framed panel make $type except page.changed and token changes',
    (request) => {
      expect(senderMayAsk(request, panel, ORIGIN, EXT_ID)).toBe(
        request.type !== 'page.changed' && !isToken(request),
      );
    },
  );

  it.each(requests)("refuses a framed panel without its tab's frame token ($type)", (request) => {
    const stolen = { ...panel, frameTokenValid: false };
    expect(senderMayAsk(request, stolen, ORIGIN, EXT_ID)).toBe(false);
  });

  it.each([
    ['another site', 'https://attacker.example/'],
    ['a page the browser does not name', undefined],
  ])('refuses a framed panel in a tab that shows %s', (_what, tabUrl) => {
    const elsewhere = { ...panel, tabUrl };
    expect(senderMayAsk({ type: 'tab.context' }, elsewhere, ORIGIN, EXT_ID)).toBe(false);
  });

  it('treats panel.html opened at the top of a tab as framed: it needs the token too', () => {
    const top = { id: EXT_ID, url: `${ORIGIN}panel.html`, tabId: 8, frameId: 0 };
    expect(senderMayAsk({ type: 'tab.context' }, top, ORIGIN, EXT_ID)).toBe(false);
  });

  it("accepts Chrome's per-session address of the panel (use_dynamic_url) as ours", () => {
    const dynamic = {
      ...panel,
      url: 'chrome-extension://0ce66f62-c373-4311-bf92-2892a77dad11/panel.html?frame=t1',
    };
    expect(
      senderMayAsk({ type: 'number.status', phoneNumberId: '1' }, dynamic, ORIGIN, EXT_ID),
    ).toBe(true);
  });

  it('lets a content script ask for a frame token for its tab, and nothing else from an extension page', () => {
    expect(senderMayAsk({ type: 'panel.frameToken' }, content, ORIGIN, EXT_ID)).toBe(true);
    expect(senderMayAsk({ type: 'panel.frameToken' }, popup, ORIGIN, EXT_ID)).toBe(false);
    expect(senderMayAsk({ type: 'panel.frameToken' }, panel, ORIGIN, EXT_ID)).toBe(false);
  });

  it.each(requests)('lets a content script make only page.changed ($type)', (request) => {
    expect(senderMayAsk(request, content, ORIGIN, EXT_ID)).toBe(request.type === 'page.changed');
  });

  it('refuses a content-script message that has no tab', () => {
    const { tabId: _ignored, ...noTab } = content;
    expect(senderMayAsk(requests[0] as Request, noTab, ORIGIN, EXT_ID)).toBe(false);
  });

  it.each(requests)('refuses other extensions ($type)', (request) => {
    expect(senderMayAsk(request, otherExtension, ORIGIN, EXT_ID)).toBe(false);
  });

  it('does not treat a page whose URL merely contains the extension origin as an extension page', () => {
    const spoof = { id: EXT_ID, url: `https://business.facebook.com/?next=${ORIGIN}`, tabId: 3 };
    expect(senderMayAsk({ type: 'token.info' }, spoof, ORIGIN, EXT_ID)).toBe(false);
  });
});

describe('RequestSchema', () => {
  it.each([
    [{ type: 'number.status', phoneNumberId: '12a' }],
    [{ type: 'number.status', phoneNumberId: '../me' }],
    [{ type: 'waba.numbers' }],
    [{ type: 'token.save', token: '   ' }],
    [{ type: 'preferences.update', patch: { graphVersion: 'v21' } }],
    [{ type: 'nope' }],
    ['page.changed'],
    [null],
  ])('refuses malformed message %j', (message) => {
    expect(RequestSchema.safeParse(message).success).toBe(false);
  });

  it('accepts well-formed messages, ignoring unknown extra fields', () => {
    const parsed = RequestSchema.parse({
      type: 'number.status',
      phoneNumberId: '1',
      force: true,
      extra: 1,
    });
    expect(parsed).toEqual({ type: 'number.status', phoneNumberId: '1', force: true });
  });
});

describe('flow.start', () => {
  const start = (target?: string) =>
    RequestSchema.safeParse({ type: 'flow.start', kind: 'enable', phoneNumberId: '1', target })
      .success;
  it('accepts only the 14 regions and default storage as a target', () => {
    expect(start('BR')).toBe(true);
    expect(start('default')).toBe(true);
    expect(start(undefined)).toBe(true);
    for (const bad of ['US', 'XX', 'br', 'no-storage', '']) expect(start(bad)).toBe(false);
  });
});
