// Tells whether a screenshot shows nothing: a PNG whose longest band of identical rows covers
// most of its height is blank or cut off (an unpainted frame, content below the fold, an empty
// grey page). Used by the demo and the E2E harness so a picture that proves nothing fails.
import { inflateSync } from 'node:zlib';

export interface BlankVerdict {
  blank: boolean;
  /** Share of the height taken by the longest run of identical rows, 0..1. */
  flatShare: number;
  width: number;
  height: number;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** Decodes a non-interlaced 8-bit PNG into its rows (one Buffer per row, filters undone). */
export function pngRows(png: Buffer): { width: number; height: number; rows: Buffer[] } {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG file');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const [bitDepth, colourType = -1, , , interlace] = png.subarray(24, 29);
  const channels = CHANNELS[colourType];
  if (bitDepth !== 8 || !channels || interlace !== 0)
    throw new Error(`unsupported PNG (depth ${bitDepth}, colour type ${colourType})`);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('ascii', at + 4, at + 8) === 'IDAT')
      idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rows: Buffer[] = [];
  let previous = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const start = y * (stride + 1);
    const filter = raw[start];
    const row = Buffer.from(raw.subarray(start + 1, start + 1 + stride));
    const byte = (buffer: Buffer, i: number) => (i >= 0 ? (buffer[i] ?? 0) : 0);
    for (let i = 0; i < stride; i++) {
      const left = byte(row, i - channels);
      const up = byte(previous, i);
      const upLeft = byte(previous, i - channels);
      let add = 0;
      if (filter === 1) add = left;
      else if (filter === 2) add = up;
      else if (filter === 3) add = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        add = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      row[i] = (byte(row, i) + add) & 0xff;
    }
    rows.push(row);
    previous = row;
  }
  return { width, height, rows };
}

/** Blank when one band of identical rows covers at least `threshold` of a picture's height. */
export function screenshotBlankness(png: Buffer, threshold = 0.6): BlankVerdict {
  const { width, height, rows } = pngRows(png);
  let best = 1;
  let run = 1;
  for (let y = 1; y < rows.length; y++) {
    run = rows[y]?.equals(rows[y - 1] ?? Buffer.alloc(0)) ? run + 1 : 1;
    best = Math.max(best, run);
  }
  const flatShare = height ? best / height : 1;
  return { blank: flatShare >= threshold, flatShare, width, height };
}
