// Renders Residency's icon (test/store/icon*.svg) into public/icon/<size>.png at every size the
// stores and browsers use, each from the drawing made for its grid (16 and 32 px have their own,
// pixel-fitted), and a preview of every size on light and dark toolbars to look at.
// Usage: npm run icons  (Debian's Chromium renders; the PNGs are committed)
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCES = path.join(ROOT, 'test/store');
const OUT = path.join(ROOT, 'public/icon');
const PREVIEW = path.join(ROOT, 'test-results/icons-preview.png');

/** Chrome Web Store and addons.mozilla.org, toolbar (16, 32), extensions page (48), listing (96, 128). */
export const ICON_SIZES = [16, 32, 48, 96, 128] as const;

/** The drawing for a size: the one fitted to its pixel grid, else the 128 px master. */
export const iconSource = (size: number) =>
  size === 16 ? 'icon-16.svg' : size === 32 ? 'icon-32.svg' : 'icon.svg';

const dataUrl = (file: string) =>
  `data:image/svg+xml;base64,${readFileSync(path.join(SOURCES, file)).toString('base64')}`;

// Toolbar colours: Chrome light and dark, Firefox light and dark.
const TOOLBARS = ['#ffffff', '#f1f3f4', '#35363a', '#202124', '#f9f9fb', '#2b2a33'];

async function main() {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--force-color-profile=srgb'],
  });
  try {
    const page = await browser.newPage();
    mkdirSync(OUT, { recursive: true });
    for (const size of ICON_SIZES) {
      await page.setViewport({ width: size, height: size, deviceScaleFactor: 1 });
      await page.setContent(
        `<html><body style="margin:0;background:transparent"><img src="${dataUrl(iconSource(size))}" width="${size}" height="${size}" style="display:block"></body></html>`,
      );
      await page.waitForFunction(() => document.images[0]?.complete);
      await page.screenshot({ path: path.join(OUT, `${size}.png`), omitBackground: true });
    }
    // Each size, as rendered, on each toolbar colour (shown at 1:1 and the small ones at 4x).
    const rows = TOOLBARS.map(
      (bg) =>
        `<div style="background:${bg};display:flex;gap:16px;align-items:center;padding:8px">${ICON_SIZES.map(
          (s) =>
            `<img src="data:image/png;base64,${readFileSync(path.join(OUT, `${s}.png`)).toString('base64')}" width="${s}" height="${s}">`,
        ).join(
          '',
        )}${[16, 32].map((s) => `<img src="data:image/png;base64,${readFileSync(path.join(OUT, `${s}.png`)).toString('base64')}" width="${s * 4}" height="${s * 4}" style="image-rendering:pixelated">`).join('')}</div>`,
    );
    await page.setViewport({ width: 640, height: 100, deviceScaleFactor: 1 });
    await page.setContent(`<html><body style="margin:0">${rows.join('')}</body></html>`);
    mkdirSync(path.dirname(PREVIEW), { recursive: true });
    await page.screenshot({ path: PREVIEW, fullPage: true });
    console.log(
      `icons: ${ICON_SIZES.map((s) => `${s}.png`).join(', ')} in public/icon; preview ${PREVIEW}`,
    );
  } finally {
    await browser.close();
  }
}

if (process.argv[1] === import.meta.filename) await main();
