import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pngRows, screenshotBlankness } from '../tools/png-blank';

/** A minimal RGB PNG encoder: each row stored with the given filter (0-4), as browsers do. */
function encodePng(rows: number[][], filterOf: (y: number) => number = () => 0): Buffer {
  const height = rows.length;
  const width = (rows[0]?.length ?? 0) / 3;
  const bpp = 3;
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    return Buffer.concat([head, data, Buffer.alloc(4)]); // the CRC is not checked by the decoder
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw: number[] = [];
  rows.forEach((row, y) => {
    const filter = filterOf(y);
    const up = (y > 0 ? rows[y - 1] : undefined) ?? row.map(() => 0);
    raw.push(filter);
    const at = (values: number[], i: number) => (i >= 0 ? (values[i] ?? 0) : 0);
    row.forEach((value, i) => {
      const [left, above, upLeft] = [at(row, i - bpp), at(up, i), at(up, i - bpp)];
      const paeth = () => {
        const p = left + above - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - above), Math.abs(p - upLeft)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? above : upLeft;
      };
      const predictor = [0, left, above, (left + above) >> 1, paeth()][filter] ?? 0;
      raw.push((value - predictor) & 0xff);
    });
  });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from(raw))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const noisyRow = (y: number, width: number) =>
  Array.from({ length: width * 3 }, (_, i) => (i * 37 + y * 101 + ((i * y) % 13)) & 0xff);

describe('screenshot blankness', () => {
  it('undoes every PNG row filter', () => {
    const rows = Array.from({ length: 10 }, (_, y) => noisyRow(y, 7));
    const decoded = pngRows(encodePng(rows, (y) => y % 5));
    expect(decoded.rows.map((row) => [...row])).toEqual(rows);
  });

  it('calls a picture blank when one band of identical rows covers most of it', () => {
    const grey = Array.from({ length: 8 * 3 }, () => 200);
    const rows = [noisyRow(0, 8), noisyRow(1, 8), ...Array.from({ length: 18 }, () => grey)];
    const verdict = screenshotBlankness(encodePng(rows, (y) => y % 3));
    expect(verdict.blank).toBe(true);
    expect(verdict.flatShare).toBeCloseTo(0.9);
  });

  it('accepts a picture with content through its height', () => {
    const rows = Array.from({ length: 20 }, (_, y) =>
      y % 4 === 0 ? noisyRow(y, 8) : noisyRow(0, 8),
    );
    const verdict = screenshotBlankness(encodePng(rows, (y) => (y % 2) * 2));
    expect(verdict.blank).toBe(false);
    expect(verdict.width).toBe(8);
  });

  it('refuses what is not a PNG', () => {
    expect(() => screenshotBlankness(Buffer.from('GIF89a not a png at all, long enough'))).toThrow(
      'not a PNG',
    );
  });
});
