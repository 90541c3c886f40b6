import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';

/**
 * The share of a PNG's height taken by its longest band of identical rows. A screenshot that
 * is mostly one flat band is almost always blank (a frame not painted) or cut off.
 */
export function longestFlatBandShare(png: Buffer): number {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const channels = ({ 6: 4, 2: 3, 0: 1, 4: 2 } as Record<number, number>)[png[25] ?? 6] ?? 4;
  const bpp = channels * ((png[24] ?? 8) / 8);
  const parts: Buffer[] = [];
  for (let p = 8; p < png.length; ) {
    const length = png.readUInt32BE(p);
    if (png.toString('ascii', p + 4, p + 8) === 'IDAT')
      parts.push(png.subarray(p + 8, p + 8 + length));
    p += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(parts));
  const stride = width * bpp + 1;
  let run = 0;
  let best = 0;
  for (let y = 0; y < height; y++) {
    const row = raw.subarray(y * stride, (y + 1) * stride);
    const filter = row[0];
    // Filter 2 (up) with all-zero bytes is a row equal to the one above; filter 1 (sub) with
    // zeros after the first pixel is a row of one colour.
    let flat = filter === 1 || filter === 2;
    for (let i = filter === 1 ? 1 + bpp : 1; flat && i < row.length; i++)
      if (row[i] !== 0) flat = false;
    run = flat ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return height ? best / height : 1;
}

/** Fails when a screenshot shows nothing: the picture must prove what the test claims. */
export function assertNotBlank(file: string) {
  const share = longestFlatBandShare(readFileSync(file));
  if (share >= 0.6)
    throw new Error(
      `The screenshot ${path.basename(file)} looks blank or cut off: ${Math.round(share * 100)}% of its height is one flat band`,
    );
}

/**
 * Records a screenshot under the test that took it and rewrites the contact sheet: one HTML
 * page in test-results/ with every screenshot and its test's name, to look at them all.
 */
export function addToContactSheet(dir: string, file: string, testName: string) {
  mkdirSync(dir, { recursive: true });
  const indexFile = path.join(dir, 'index.json');
  const index: Record<string, string> = existsSync(indexFile)
    ? JSON.parse(readFileSync(indexFile, 'utf8'))
    : {};
  index[path.basename(file)] = testName;
  writeFileSync(indexFile, `${JSON.stringify(index, null, 2)}\n`);
  const html = (s: string) =>
    s.replace(
      /[&<>"]/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
    );
  const shots = Object.entries(index)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([
        name,
        test,
      ]) => `<figure><a href="screenshots/${html(name)}"><img src="screenshots/${html(name)}" alt="${html(test)}" loading="lazy"></a>
<figcaption><strong>${html(name)}</strong><br>${html(test)}</figcaption></figure>`,
    );
  writeFileSync(
    path.join(path.dirname(dir), 'contact-sheet.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Residency E2E screenshots</title>
<style>body{font:13px system-ui,sans-serif;margin:16px}main{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:16px}
figure{margin:0;border:1px solid #ccc;padding:8px}img{max-width:100%;border:1px solid #eee}</style></head>
<body><h1>Residency E2E screenshots (${shots.length})</h1><main>
${shots.join('\n')}
</main></body></html>
`,
  );
}
