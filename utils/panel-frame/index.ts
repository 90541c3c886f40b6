/**
 * The panel on Manager pages is an extension page (panel.html) in an iframe, so nothing
 * Residency shows or asks for lives in the page's DOM. The frame reports its height to the
 * content script with this message; the page only ever sees a number.
 */
export const PANEL_HEIGHT_MESSAGE = 'residency:panel-height';

export interface PanelHeightMessage {
  type: typeof PANEL_HEIGHT_MESSAGE;
  height: number;
}

export function isPanelHeightMessage(data: unknown): data is PanelHeightMessage {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  return (
    m.type === PANEL_HEIGHT_MESSAGE &&
    typeof m.height === 'number' &&
    Number.isFinite(m.height) &&
    m.height >= 0 &&
    m.height < 5000
  );
}

/**
 * Where to put the panel: first in the body, in normal flow. The Manager re-renders its own
 * root and main column freely; a frame placed inside them would be thrown away and reloaded on
 * every navigation. At the top of the body it pushes the page down and covers nothing.
 */
export function panelAnchor(doc: Document): { parent: Element; before: Node | null } {
  return { parent: doc.body, before: doc.body.firstChild };
}
