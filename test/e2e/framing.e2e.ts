import type { Frame, Page } from 'puppeteer-core';
import { afterEach, describe, expect, it } from 'vitest';
import { PHONES } from '../sandbox';
import { useSessionWithToken } from './fixtures';
import { BROWSERS, type ExtensionSession, launch } from './harness';
import { managerUrl } from './manager-urls';
import { OVERLAY_FRAME, panelFrame, waitForStatus, waitForText } from './ui';

// Only a Manager page may frame Residency's panel. Another site framing it, or a foreign frame
// inside a Manager tab (even one that copied the real frame's token), sees nothing of a number
// and can change nothing.

/** Every frame of the page that holds Residency's panel document, with the frame it sits in. */
async function panelDocuments(page: Page): Promise<{ frame: Frame; parentUrl: string }[]> {
  const found: { frame: Frame; parentUrl: string }[] = [];
  for (const frame of page.frames()) {
    const isPanel = await frame
      .evaluate(
        () => location.pathname === '/panel.html' && location.protocol.endsWith('-extension:'),
      )
      .catch(() => false);
    if (isPanel) found.push({ frame, parentUrl: frame.parentFrame()?.url() ?? '' });
  }
  return found;
}

/** What a framed panel document gets when it asks the background itself. */
const askFrom = (frame: Frame, message: object) =>
  frame.evaluate(async (m: object) => {
    const ext = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
    const reply = (await ext.runtime.sendMessage(m)) as { ok: boolean };
    return reply.ok;
  }, message);

declare const chrome: any;

describe.each(BROWSERS)('who may frame the panel, in %s', (browserName) => {
  let session: ExtensionSession;
  const opened: Page[] = [];
  useSessionWithToken(
    () => launch(browserName),
    (s) => (session = s),
  );
  afterEach(async () => {
    for (const page of opened.splice(0)) await page.close().catch(() => undefined);
  });

  const open = async (url: string) => {
    const page = await session.open(url);
    opened.push(page);
    return page;
  };

  /** Asserts a foreign panel shows no number and every request it makes is refused. */
  async function expectNothingFrom(frame: Frame) {
    await new Promise((r) => setTimeout(r, 1500));
    const text = await frame.evaluate(() => document.body.innerText);
    expect(text).not.toMatch(/Brazil|Default|Registered|numbers/);
    for (const request of [
      { type: 'tab.context' },
      { type: 'number.status', phoneNumberId: PHONES.brazil.id },
      { type: 'token.info' },
      { type: 'preferences.update', patch: { overlayHidden: true } },
      { type: 'flow.dismiss', flowId: '00000000-0000-4000-8000-000000000000' },
      { type: 'token.clear' },
    ])
      expect(await askFrom(frame, request), request.type).toBe(false);
  }

  it('another site framing panel.html gets no panel, and nothing it asks for', async () => {
    const src = `${session.extensionUrl('panel.html')}?frame=guessed`;
    const page = await open(`https://framer.example/?src=${encodeURIComponent(src)}`);
    await waitForText(page, 'Another site');
    await new Promise((r) => setTimeout(r, 1500));
    const panels = await panelDocuments(page);
    if (browserName === 'chromium') {
      // Chrome does not even load it: the resource is web-accessible to Manager pages only.
      expect(panels).toEqual([]);
    } else {
      // Firefox MV2 lets every site load it; the panel and the background refuse.
      expect(panels).toHaveLength(1);
      const [panel] = panels;
      if (panel) await expectNothingFrom(panel.frame);
    }
    await session.screenshot(page, 'framing-other-site');
  });

  it('a foreign frame in a Manager tab gets nothing, even with the real frame token', async () => {
    const page = await open(managerUrl.profile(PHONES.brazil.display_phone_number));
    const ours = await panelFrame(page);
    await waitForStatus(ours, /BR Brazil/);
    const src = await page.$eval(OVERLAY_FRAME, (el) => (el as HTMLIFrameElement).src);
    // A frame of another origin inside the Manager (the page's CSP admits *.fbsbx.com) that
    // frames panel.html with the token copied from Residency's own frame.
    await page.evaluate((url: string) => {
      const foreign = document.createElement('iframe');
      foreign.src = `https://ads.fbsbx.com/?src=${encodeURIComponent(url)}`;
      foreign.title = 'Foreign frame';
      document.body.append(foreign);
    }, src);
    await new Promise((r) => setTimeout(r, 2500));
    const foreign = (await panelDocuments(page)).filter((p) => p.parentUrl.includes('fbsbx'));
    if (browserName === 'chromium') {
      expect(foreign).toEqual([]);
    } else {
      expect(foreign).toHaveLength(1);
      const [panel] = foreign;
      if (panel) await expectNothingFrom(panel.frame);
    }
    // Residency's own frame still works.
    await waitForStatus(ours, /BR Brazil/);
    expect(await askFrom(ours, { type: 'token.info' })).toBe(true);
  });

  if (browserName === 'chromium')
    it("loads the panel from Chrome's per-session address, and every check accepts it", async () => {
      const page = await open(managerUrl.profile(PHONES.india.display_phone_number));
      const frame = await panelFrame(page);
      const src = await page.$eval(OVERLAY_FRAME, (el) => (el as HTMLIFrameElement).src);
      const extensionHost = new URL(session.extensionUrl('panel.html')).host;
      // The page sees a per-session address, not the extension's id...
      expect(new URL(src).host).not.toBe(extensionHost);
      expect(new URL(src).host).toMatch(/^[0-9a-f-]{36}$/);
      // ...and the size message, the broadcasts and the background's checks all work with it.
      await waitForStatus(frame, /IN India/);
      expect(await askFrom(frame, { type: 'number.status', phoneNumberId: PHONES.india.id })).toBe(
        true,
      );
    });
});
