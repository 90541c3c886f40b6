import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { parseManagerUrl } from '@/utils/manager-page';
import {
  type ColorScheme,
  dockedCorner,
  FRAME_TOKEN_PARAM,
  frameRect,
  frameStyle,
  isPanelLayoutMessage,
  OPEN_OVERLAY_COMMAND,
  OVERLAY_VISIBILITY_MESSAGE,
  PAGE_DIRECTION_PARAM,
  PAGE_SCHEME_PARAM,
  PANEL_FOCUS_MESSAGE,
  PANEL_OPEN_MESSAGE,
  PANEL_PAGE_SCHEME_MESSAGE,
  type PanelLayoutMessage,
  PILL_MAX_WIDTH,
  pageScheme,
  type Rect,
} from '@/utils/panel-frame';

/**
 * The content script on Manager pages, declared in wxt.config.ts. Kept deliberately small and
 * quiet: no React, no zod, no webextension-polyfill (the browser's own `browser`/`chrome`
 * object), no WXT content-script context (its start-up message and event would tell pages that
 * Residency is installed). It reports navigation to the background and puts the extension's
 * panel page in a fixed-position frame over the page, which moves nothing of the page.
 */
type Ext = typeof import('wxt/browser').browser;
type Envelope = { ok?: boolean; data?: { token?: unknown; hidden?: unknown } } | undefined;

export default defineUnlistedScript(() => {
  const globals = globalThis as { browser?: Ext; chrome?: Ext };
  const ext = (globals.browser ?? globals.chrome) as Ext;
  const panelUrl = ext.runtime.getURL('/panel.html');
  // Chrome hands out the panel at a per-session address (use_dynamic_url) while the loaded
  // document has the extension id's origin; Firefox uses one origin for both.
  const panelOrigins = new Set([
    new URL(panelUrl).origin,
    `${new URL(panelUrl).protocol}//${ext.runtime.id}`,
  ]);
  let panelOrigin = '';
  let frame: HTMLIFrameElement | null = null;
  let layout: PanelLayoutMessage | null = null;
  /** The person chose to hide Residency on Manager pages (the background says so). */
  let hidden = false;
  /** The keyboard shortcut asked for the overlay on this page even so. */
  let evenIfHidden = false;
  let reported = '';
  let requesting = false;
  let openWhenReady = false;
  /**
   * The focus belongs in the frame once it shows again: a frame drawn hidden for a move loses
   * the focus, so the panel puts it back where it was (the card that just opened, the pill it
   * closed to, the field the person was in).
   */
  let focusOnShow = false;
  /** What had the focus before the keyboard shortcut moved it into the card. */
  let returnFocus: Element | null = null;
  /**
   * How the Manager page looks and which way it runs, read at start and on in-page navigation
   * (two computed styles, no observer): the card follows the page's light or dark, and the
   * pill's corner mirrors on a right-to-left page.
   */
  let scheme: ColorScheme = 'light';
  let direction = 'ltr';
  const readPage = () => {
    const root = getComputedStyle(document.documentElement);
    const body = document.body ? getComputedStyle(document.body).backgroundColor : '';
    const next = pageScheme([body, root.backgroundColor], root.colorScheme ?? '');
    if (next === scheme && root.direction === direction) return;
    scheme = next;
    direction = root.direction;
    if (panelOrigin)
      frame?.contentWindow?.postMessage(
        { type: PANEL_PAGE_SCHEME_MESSAGE, scheme, direction },
        panelOrigin,
      );
  };

  /**
   * Resolves just after the page's next paint, when reading its styles and geometry is free. A
   * tab in the background paints nothing (no animation frames): there, on the next task.
   */
  const afterPaint = () =>
    new Promise<void>((resolve) =>
      document.hidden
        ? setTimeout(resolve, 0)
        : requestAnimationFrame(() => setTimeout(resolve, 0)),
    );

  const alive = () => {
    if (ext.runtime?.id) return true;
    // The extension was reloaded or removed: this script is an orphan now.
    frame?.remove();
    frame = null;
    return false;
  };

  const send = (message: {
    type: string;
    url?: string;
    evenIfHidden?: boolean;
  }): Promise<Envelope> => {
    try {
      return (ext.runtime.sendMessage(message) as Promise<Envelope>).catch(() => undefined);
    } catch {
      return Promise.resolve(undefined);
    }
  };

  const report = (url: string) => {
    if (!alive() || url === reported) return;
    reported = url;
    void send({ type: 'page.changed', url });
    // Before the frame exists nothing needs the page's look: createFrame reads it then.
    if (frame) void afterPaint().then(readPage);
    update();
  };

  const wanted = () => !hidden && !!parseManagerUrl(reported);

  function update() {
    if (!wanted()) {
      frame?.remove();
      frame = null;
      layout = null;
    } else if (frame) {
      if (!frame.isConnected) document.documentElement.append(frame);
    } else void createFrame();
  }

  async function createFrame() {
    if (requesting) return;
    requesting = true;
    const reply = await send({ type: 'panel.frameToken', evenIfHidden });
    if (reply?.ok && reply.data?.hidden === true) hidden = true;
    const token = reply?.ok ? reply.data?.token : undefined;
    // The page's look goes into the frame's address: read just after a paint, when its styles
    // are fresh, so the read costs no extra style pass.
    if (typeof token === 'string' && !frame && wanted()) await afterPaint();
    requesting = false;
    if (typeof token !== 'string' || frame || !wanted()) return;
    readPage();
    placedAt = '';
    frame = document.createElement('iframe');
    frame.src = `${panelUrl}?${FRAME_TOKEN_PARAM}=${encodeURIComponent(token)}&${PAGE_SCHEME_PARAM}=${scheme}&${PAGE_DIRECTION_PARAM}=${direction}`;
    // The product's name, not translated: no i18n lookup on the page's main thread.
    frame.title = 'Residency';
    // Lets the panel's "Copy phone number ID" use the Clipboard API inside the page.
    frame.allow = 'clipboard-write';
    place();
    // Beside the body, not in it: the Manager re-renders its own root and layers freely.
    document.documentElement.append(frame);
  }

  /** A control of the page's own where the pill would dock, so the pill can sit beside it. */
  function pageControlUnder(rect: Rect): Rect | null {
    // Along the middle line, not at the corners: rounded controls do not take clicks there.
    const y = (rect.top + rect.bottom) / 2;
    const width = rect.right - rect.left;
    for (const share of [0.03, 0.5, 0.97]) {
      for (const el of document.elementsFromPoint(rect.left + share * width, y)) {
        if (el === frame) continue;
        const control = el.closest('button, a[href], input, select, textarea, [role="button"]');
        if (control) return control.getBoundingClientRect();
        break;
      }
    }
    return null;
  }

  /** Where the frame was last put; a move is drawn hidden first, so it is no layout shift. */
  let placedAt = '';
  let moving = false;
  let reveal = 0;
  // Measured once and on resize: reading the page's geometry forces its layout, which the page
  // pays for on its main thread.
  let viewport = { width: 0, height: 0 };
  const measureViewport = () => {
    viewport = { width: document.documentElement.clientWidth || innerWidth, height: innerHeight };
  };
  /**
   * The page control in a corner's docking band (as wide as the widest pill), looked at once
   * per corner: hit testing the page is work on its main thread.
   */
  const controlUnder = new Map<string, Rect | null>();
  function avoiding(docked: PanelLayoutMessage) {
    const key = `${direction},${docked.corner},${docked.height}`;
    if (!controlUnder.has(key)) {
      const band = frameRect({ ...docked, width: PILL_MAX_WIDTH }, viewport);
      controlUnder.set(key, pageControlUnder(band));
    }
    return controlUnder.get(key) ?? null;
  }

  function place() {
    if (!frame) return;
    if (!layout) {
      // Until the panel has measured itself: invisible, and too small to catch a click.
      frame.style.cssText = frameStyle({ left: 0, top: 0, right: 1, bottom: 1 }, false);
      return;
    }
    // Every read of the page's layout first, then one write: a read after a write would make
    // the page lay out again.
    if (!viewport.width) measureViewport();
    const docked = { ...layout, corner: dockedCorner(layout.corner, direction) };
    const rect = frameRect(docked, viewport, layout.expanded ? null : avoiding(docked));
    // A visible element whose start moves counts as a layout shift in the page's own score
    // (Cumulative Layout Shift); one that appears does not. So a move shows one frame later,
    // and the first placement shows at once.
    const at = `${rect.left},${rect.top}`;
    if (at !== placedAt) {
      cancelAnimationFrame(reveal);
      moving = placedAt !== '';
      placedAt = at;
      if (moving) {
        if (document.activeElement === frame) focusOnShow = true;
        reveal = requestAnimationFrame(() => {
          reveal = requestAnimationFrame(() => {
            moving = false;
            place();
          });
        });
      }
    }
    frame.style.cssText = frameStyle(rect, !moving, layout.scheme);
    if (focusOnShow && !moving) focusPanel();
  }

  /**
   * Places the frame just after the page has drawn a frame, when its layout is fresh: reading
   * geometry then costs nothing, where reading it earlier would make the page lay out twice.
   */
  let placing = false;
  function placeAfterPaint() {
    if (placing) return;
    placing = true;
    void afterPaint().then(() => {
      placing = false;
      place();
    });
  }

  function onPanelLayout(next: PanelLayoutMessage) {
    const toggled = !!layout && layout.expanded !== next.expanded;
    const same =
      layout?.width === next.width &&
      layout.height === next.height &&
      layout.corner === next.corner &&
      layout.scheme === next.scheme &&
      !toggled;
    layout = next;
    if (!same) placeAfterPaint();
    if (openWhenReady) openPanel();
    if (
      toggled &&
      !next.expanded &&
      returnFocus instanceof HTMLElement &&
      returnFocus.isConnected
    ) {
      // Closed after the shortcut opened it: back where the person was on the page.
      focusOnShow = false;
      returnFocus.focus();
      returnFocus = null;
    }
  }

  /** Gives the frame the focus and asks the panel to put it on the card or the pill. */
  function focusPanel() {
    focusOnShow = false;
    frame?.focus();
    frame?.contentWindow?.postMessage({ type: PANEL_FOCUS_MESSAGE }, panelOrigin);
  }

  function openPanel() {
    if (!frame?.contentWindow || !layout || !panelOrigin) {
      openWhenReady = true;
      return;
    }
    openWhenReady = false;
    if (document.activeElement !== frame) returnFocus = document.activeElement;
    frame.focus();
    frame.contentWindow.postMessage({ type: PANEL_OPEN_MESSAGE }, panelOrigin);
  }

  addEventListener('message', (event) => {
    if (!frame || event.source !== frame.contentWindow || !panelOrigins.has(event.origin)) return;
    panelOrigin = event.origin;
    if (isPanelLayoutMessage(event.data)) onPanelLayout(event.data);
  });
  addEventListener('resize', () => {
    viewport.width = 0;
    controlUnder.clear();
    placeAfterPaint();
  });

  // From the background: the keyboard shortcut (commands in wxt.config.ts), and the choice to
  // show or hide Residency on Manager pages (no storage access here: its API costs the page).
  ext.runtime.onMessage.addListener((message: unknown, sender) => {
    if (sender.id !== ext.runtime.id) return;
    const m = message as { type?: unknown; hidden?: unknown } | null;
    if (m?.type === OVERLAY_VISIBILITY_MESSAGE) {
      hidden = m.hidden === true;
      evenIfHidden = false;
      update();
    } else if (m?.type === OPEN_OVERLAY_COMMAND) {
      // Hidden by choice: the shortcut shows it on this page until it is reloaded.
      evenIfHidden = true;
      hidden = false;
      update();
      openPanel();
    }
  });

  // The Manager is a single-page app. The Navigation API sees its pushState navigations (the
  // event fires before the URL commits, so the destination is what counts); where content
  // scripts have no Navigation API (Firefox), a cheap string comparison once a second does.
  const navigation = (globalThis as { navigation?: EventTarget }).navigation;
  if (navigation) {
    navigation.addEventListener('navigate', (event) =>
      report((event as Event & { destination: { url: string } }).destination.url),
    );
  } else {
    setInterval(() => location.href !== reported && report(location.href), 1000);
  }

  // The app may replace the document's children; put the frame back when it goes.
  new MutationObserver(() => {
    if (frame && !frame.isConnected && alive()) update();
  }).observe(document.documentElement, { childList: true });

  report(location.href);
});
