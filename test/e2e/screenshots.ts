import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { screenshotBlankness } from '../tools/png-blank';

/** Fails when a screenshot shows nothing: the picture must prove what the test claims. */
export function assertNotBlank(file: string) {
  const verdict = screenshotBlankness(readFileSync(file));
  if (verdict.blank)
    throw new Error(
      `The screenshot ${path.basename(file)} looks blank or cut off: ${Math.round(verdict.flatShare * 100)}% of its height is one flat band`,
    );
}

/**
 * Records a screenshot under the test that took it and rewrites the contact sheet: one HTML
 * page in test-results/ with every screenshot and its test's name, to look at them all.
 */
export function addToContactSheet(dir: string, file: string, testName: string) {
  mkdirSync(dir, { recursive: true });
  // One index per test process (the browsers' suites run side by side); the sheet shows all.
  const indexFile = path.join(dir, `index-${process.env.E2E_BROWSERS ?? 'all'}.json`);
  const own: Record<string, string> = existsSync(indexFile)
    ? JSON.parse(readFileSync(indexFile, 'utf8'))
    : {};
  own[path.basename(file)] = testName;
  writeFileSync(indexFile, `${JSON.stringify(own, null, 2)}\n`);
  const index: Record<string, string> = {};
  for (const name of readdirSync(dir).filter((f) => /^index-.+\.json$/.test(f)))
    try {
      Object.assign(index, JSON.parse(readFileSync(path.join(dir, name), 'utf8')));
    } catch {
      // The other process is writing its index at this moment: its shots join at its next one.
    }
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
