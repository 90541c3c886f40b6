/**
 * The panel on Manager pages is an extension page (panel.html) in a fixed-position frame over
 * the page, so nothing Residency shows or asks for lives in the page's DOM and nothing of the
 * page moves. Pure: the content script imports this file and nothing heavier.
 */

/** The corners the pill can dock in, the first one by default. */
export const OVERLAY_CORNERS = ['bottom-right', 'bottom-left', 'top-right', 'top-left'] as const;
export type OverlayCorner = (typeof OVERLAY_CORNERS)[number];
/** Where the pill docks until the person picks another corner. */
export const DEFAULT_OVERLAY_CORNER: OverlayCorner = 'bottom-right';

/** Frame → content script: the size the panel needs and where it docks. */
export const PANEL_LAYOUT_MESSAGE = 'residency:panel-layout';
/** Content script → frame: open the card and take the focus (the keyboard shortcut). */
export const PANEL_OPEN_MESSAGE = 'residency:panel-open';
/** Content script → frame: the frame has the focus again; put it on the card or the pill. */
export const PANEL_FOCUS_MESSAGE = 'residency:panel-focus';
/** Background → content script: the keyboard shortcut was pressed in this tab. */
export const OPEN_OVERLAY_COMMAND = 'open-overlay';
/** Background → content scripts: the person chose to show or hide Residency on Manager pages. */
export const OVERLAY_VISIBILITY_MESSAGE = 'residency:overlay-visibility';
/**
 * Content script → frame: the Manager page's colour scheme or direction changed (in-page
 * navigation). `{ type, scheme, direction }`.
 */
export const PANEL_PAGE_SCHEME_MESSAGE = 'residency:page-scheme';
/** The query parameter of the frame's URL with the Manager page's colour scheme at start. */
export const PAGE_SCHEME_PARAM = 'scheme';
/** The query parameter of the frame's URL with the Manager page's direction (ltr, rtl) at start. */
export const PAGE_DIRECTION_PARAM = 'dir';

/** Light or dark, as a page looks or as Residency draws itself. */
export const COLOR_SCHEMES = ['light', 'dark'] as const;
export type ColorScheme = (typeof COLOR_SCHEMES)[number];
export const isColorScheme = (v: unknown): v is ColorScheme =>
  (COLOR_SCHEMES as readonly unknown[]).includes(v);

export interface PanelLayoutMessage {
  type: typeof PANEL_LAYOUT_MESSAGE;
  /** The pill's or the card's natural size, in CSS pixels. */
  width: number;
  height: number;
  corner: OverlayCorner;
  expanded: boolean;
  /** How the panel draws itself, so the frame's `color-scheme` matches (else it turns opaque). */
  scheme: ColorScheme;
}

const size = (v: unknown, max: number) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= max;

export function isPanelLayoutMessage(data: unknown): data is PanelLayoutMessage {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  return (
    m.type === PANEL_LAYOUT_MESSAGE &&
    size(m.width, 4000) &&
    // A 250-number card is tall; the frame is clamped to the viewport and scrolls inside.
    size(m.height, 1_000_000) &&
    (OVERLAY_CORNERS as readonly unknown[]).includes(m.corner) &&
    typeof m.expanded === 'boolean' &&
    isColorScheme(m.scheme)
  );
}

/**
 * The corner the pill docks in on this page. The stored corner is written for a left-to-right
 * page; on a right-to-left Manager page its sides swap, so "bottom-right" is the end corner
 * in both.
 * @example dockedCorner('bottom-right', 'rtl') // 'bottom-left'
 */
export function dockedCorner(stored: OverlayCorner, pageDirection: string): OverlayCorner {
  if (pageDirection !== 'rtl') return stored;
  const [vertical, side] = stored.split('-');
  return `${vertical}-${side === 'right' ? 'left' : 'right'}` as OverlayCorner;
}

/**
 * Light or dark, from a computed CSS colour (`rgb()`/`rgba()`), by its relative luminance
 * (WCAG 2); null for a transparent or translucent colour, or one in another notation.
 * @example schemeOfColor('rgb(24, 25, 26)') // 'dark'
 */
export function schemeOfColor(color: string): ColorScheme | null {
  const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+)(%?))?\s*\)$/.exec(
    color.trim(),
  );
  if (!m) return null;
  const alpha = m[4] === undefined ? 1 : Number(m[4]) / (m[5] ? 100 : 1);
  if (alpha < 0.5) return null;
  const linear = (c: string | undefined) => {
    const v = Number(c) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * linear(m[1]) + 0.7152 * linear(m[2]) + 0.0722 * linear(m[3]);
  // Where black and white text have the same contrast: below it, light text reads better.
  return luminance < 0.179 ? 'dark' : 'light';
}

/**
 * How a page looks: the first opaque background among the given ones (the body's, then the
 * document's) decides; with none, the page's `color-scheme` (the browser paints the canvas
 * dark only for a page that allows dark and not light).
 * @example pageScheme(['rgba(0, 0, 0, 0)', 'rgb(255, 255, 255)'], 'normal') // 'light'
 */
export function pageScheme(backgrounds: string[], colorScheme: string): ColorScheme {
  for (const background of backgrounds) {
    const scheme = schemeOfColor(background);
    if (scheme) return scheme;
  }
  const words = colorScheme.split(/\s+/);
  return words.includes('dark') && !words.includes('light') ? 'dark' : 'light';
}

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The widest the pill gets (theme.css, .overlay-pill max-inline-size), in CSS pixels. */
export const PILL_MAX_WIDTH = 340;

/** Distance from the viewport's edges. */
export const OVERLAY_MARGIN = 16;

/**
 * Where the frame goes: docked in its corner, never larger than the viewport, and moved along
 * the edge past a control of the page's own that sits in that corner (`avoid`), when it fits.
 * @example frameRect({ width: 200, height: 40, corner: 'bottom-right' }, { width: 1366, height: 768 })
 *   // { left: 1150, top: 712, right: 1350, bottom: 752 }
 */
export function frameRect(
  layout: Pick<PanelLayoutMessage, 'width' | 'height' | 'corner'>,
  viewport: { width: number; height: number },
  avoid: Rect | null = null,
): Rect {
  const m = OVERLAY_MARGIN;
  const width = Math.max(0, Math.min(Math.ceil(layout.width), viewport.width - 2 * m));
  const height = Math.max(0, Math.min(Math.ceil(layout.height), viewport.height - 2 * m));
  const atRight = layout.corner.endsWith('right');
  const atBottom = layout.corner.startsWith('bottom');
  const left = atRight ? viewport.width - m - width : m;
  let top = atBottom ? viewport.height - m - height : m;
  if (avoid && overlaps({ left, top, right: left + width, bottom: top + height }, avoid)) {
    const shifted = atBottom ? avoid.top - m / 2 - height : avoid.bottom + m / 2;
    if (shifted >= m && shifted + height <= viewport.height - m) top = shifted;
  }
  return { left, top, right: left + width, bottom: top + height };
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * The frame's inline style. Every property is `!important` so the page's own CSS (resets,
 * `iframe { display: none }`, transforms) can neither restyle nor hide it; the z-index is the
 * highest there is, above the Manager's own layers. `left`/`top` are measured viewport
 * coordinates, not sides, so they stay physical on right-to-left pages (see `dockedCorner`).
 */
export function frameStyle(rect: Rect, visible: boolean, scheme: ColorScheme = 'light'): string {
  const props: [string, string][] = [
    ['position', 'fixed'],
    ['left', `${rect.left}px`],
    ['top', `${rect.top}px`],
    ['width', `${rect.right - rect.left}px`],
    ['height', `${rect.bottom - rect.top}px`],
    ['right', 'auto'],
    ['bottom', 'auto'],
    ['z-index', '2147483647'],
    ['display', 'block'],
    // Hidden, not display:none: the panel must lay out to measure itself.
    ['visibility', visible ? 'visible' : 'hidden'],
    ['opacity', '1'],
    ['border', '0'],
    ['margin', '0'],
    ['padding', '0'],
    ['max-width', 'none'],
    ['max-height', 'none'],
    ['min-width', '0'],
    ['min-height', '0'],
    ['transform', 'none'],
    ['filter', 'none'],
    ['clip-path', 'none'],
    ['background', 'transparent'],
    // The same scheme as the panel inside: a frame whose scheme differs from its document's
    // gets an opaque backdrop, which would show around the pill's rounded ends.
    ['color-scheme', scheme],
    ['box-shadow', 'none'],
    ['pointer-events', 'auto'],
  ];
  return props.map(([k, v]) => `${k}:${v} !important`).join(';');
}

/** The only origin that may frame the panel. */
export const MANAGER_ORIGIN = 'https://business.facebook.com';

/** The query parameter of the panel frame's URL that carries its one-time frame token. */
export const FRAME_TOKEN_PARAM = 'frame';

/** The frame token a panel's URL carries, if any. */
export function frameTokenOf(url: string | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  return new URL(url).searchParams.get(FRAME_TOKEN_PARAM) ?? undefined;
}

/**
 * May the panel show itself here? Only in a frame whose URL carries a frame token, and, where
 * the browser tells (Chrome's `location.ancestorOrigins`; Firefox has none), only directly
 * inside a Manager page: not at top level, not under someone else's frame in a Manager tab.
 * The background checks the token against the tab; this keeps a foreign framer from even
 * seeing the panel's layout.
 */
export function framedByManager(doc: {
  framed: boolean;
  ancestorOrigins: ArrayLike<string> | undefined;
  hasFrameToken: boolean;
}): boolean {
  if (!doc.framed || !doc.hasFrameToken) return false;
  if (!doc.ancestorOrigins) return true;
  return doc.ancestorOrigins.length === 1 && doc.ancestorOrigins[0] === MANAGER_ORIGIN;
}
