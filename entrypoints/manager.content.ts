import { browser } from 'wxt/browser';
import { parseManagerUrl } from '@/utils/manager-page';
import { isPanelHeightMessage, panelAnchor } from '@/utils/panel-frame';

// Kept deliberately small: no React, no zod. It reports navigation to the background and
// frames the extension's own panel page; everything else happens in extension documents.
export default defineContentScript({
  matches: ['https://business.facebook.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    const panelUrl = browser.runtime.getURL('/panel.html');
    const panelOrigin = new URL(panelUrl).origin;
    let frame: HTMLIFrameElement | null = null;

    let reported = '';
    const report = (url: string) => {
      if (url === reported) return;
      reported = url;
      browser.runtime.sendMessage({ type: 'page.changed', url }).catch(() => undefined);
      if (parseManagerUrl(url)) ensureFrame();
      else removeFrame();
    };

    function ensureFrame() {
      if (frame?.isConnected) return;
      frame ??= createFrame();
      const { parent, before } = panelAnchor(document);
      parent.insertBefore(frame, before);
    }

    function removeFrame() {
      frame?.remove();
    }

    function createFrame() {
      const el = document.createElement('iframe');
      el.src = panelUrl;
      el.title = browser.i18n.getMessage('panelFrameTitle');
      el.setAttribute('data-residency-panel', '');
      // Lets the panel's "Copy phone number ID" use the Clipboard API inside the page.
      el.allow = 'clipboard-write';
      // Block-level and full width of its column: it pushes content down, never covers it.
      el.style.cssText =
        'display:block;width:100%;height:48px;border:0;margin:0 0 12px;color-scheme:normal;background:transparent;';
      return el;
    }

    ctx.addEventListener(window, 'message', (event) => {
      if (event.origin !== panelOrigin || event.source !== frame?.contentWindow) return;
      if (frame && isPanelHeightMessage(event.data))
        frame.style.height = `${Math.ceil(event.data.height)}px`;
    });

    // The Manager is a single-page app: follow pushState navigation with the URL the event
    // carries (location.href can still be the old one while the event is dispatched).
    ctx.addEventListener(window, 'wxt:locationchange', (event) => report(event.newUrl.href));
    // Where the Navigation API does not see the page's own pushState (Firefox content scripts),
    // a cheap string comparison catches the change.
    ctx.setInterval(() => report(location.href), 750);

    // The app may re-render its main column and drop our frame; put it back, cheaply.
    const observer = new MutationObserver(() => {
      if (frame && !frame.isConnected && parseManagerUrl(location.href)) ensureFrame();
    });
    observer.observe(document.body, { childList: true, subtree: true });
    ctx.onInvalidated(() => {
      observer.disconnect();
      removeFrame();
    });

    report(location.href);
  },
});
