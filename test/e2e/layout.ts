import type { Scope } from './ui';

// What a person sees of a page's layout: nothing wider than the window, no text cut off.

/**
 * Nothing is wider than the window, and every visible button and field is inside it, or inside
 * a box that scrolls on its own inside it (a data table may scroll sideways: WCAG 1.4.10).
 */
export const reflows = (scope: Scope) =>
  scope.evaluate(() => {
    const root = document.documentElement;
    const inScroller = (el: Element) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement)
        if (/auto|scroll/.test(getComputedStyle(up).overflowX)) return true;
      return false;
    };
    const outside = [...document.querySelectorAll('button, input, select, a[href], h1')]
      .filter(
        (el) => (el as HTMLElement).offsetParent !== null && !el.closest('details:not([open])'),
      )
      .filter((el) => !inScroller(el))
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && (box.left < -1 || box.right > root.clientWidth + 1);
      })
      .map((el) =>
        (el.textContent || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 40),
      );
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, outside };
  });

/**
 * Text a person cannot read whole: an element that hides its overflow (or ends it with an
 * ellipsis) while its content is wider or taller than its box. Empty when nothing is clipped.
 */
export const clippedText = (scope: Scope) =>
  scope.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((el) => {
        const e = el as HTMLElement;
        if (e.offsetParent === null || el.closest('details:not([open])')) return false;
        if (!e.textContent?.trim() || e.children.length > 0) return false;
        const style = getComputedStyle(e);
        const hides = /hidden|clip/.test(style.overflowX + style.overflowY);
        // Across, any pixel; down, more than a glyph's overhang (tall CJK fonts report their
        // ink a few pixels past a one-line box in Firefox, which cuts nothing a person reads).
        const clipped = e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 4;
        return hides && clipped && !el.closest('.visually-hidden');
      })
      .map((el) => (el.textContent ?? '').trim().slice(0, 60)),
  );
