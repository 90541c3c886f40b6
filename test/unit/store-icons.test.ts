import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pngRows } from '../tools/png-blank';
import { ICON_SIZES } from '../tools/render-icons';

const ICONS = path.resolve(import.meta.dirname, '../../public/icon');

// The icons both stores and both browsers use, as rendered by `npm run icons`: every size there,
// of that size, and drawn (an opaque tile with a light pin on it), not an empty picture.
describe('the extension icons', () => {
  it.each(ICON_SIZES)('%i px: that size, an opaque tile with a white pin', (size) => {
    const { width, height, rows } = pngRows(readFileSync(path.join(ICONS, `${size}.png`)));
    expect({ width, height }).toEqual({ width: size, height: size });
    const pixel = (x: number, y: number) => [...(rows[y]?.subarray(x * 4, x * 4 + 4) ?? [])];
    const centre = Math.floor(size / 2);
    // The tile's middle edge is opaque teal; the pin below the hole is white.
    expect(pixel(1, centre)[3]).toBe(255);
    expect(pixel(1, centre).slice(0, 3)).not.toEqual([255, 255, 255]);
    expect(pixel(centre, Math.round(size * 0.66))).toEqual([255, 255, 255, 255]);
  });
});
