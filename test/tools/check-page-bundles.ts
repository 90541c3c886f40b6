// Fails when an extension page that only shows what the background validated loads zod or
// WXT's storage module: pages trust the background's typed replies and read settings through
// it (docs/performance.md, "The popup's JavaScript"); and when the popup's JavaScript comes in
// more files than POPUP_MAX_SCRIPTS (wxt.config.ts, popupInOneChunk). Reads the Chrome build.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const OUT = '.output/chrome-mv3';
/** The overview parses an imported policy file, so it keeps zod; every other page stays light. */
const MAY_USE_ZOD = 'overview.html';
/** The popup's own code, rolldown's runtime helpers and the chunk of what it imports. */
const POPUP_MAX_SCRIPTS = 3;
/** Only in the popup's own code (entrypoints/popup/main.tsx), which no other page may run. */
const POPUP_ONLY = 'toolbar-popup';
const MARKERS = {
  zod: 'ZodError',
  "WXT's storage module": 'Storage key should be in the form',
};

if (!existsSync(OUT)) {
  console.error(`No build in ${OUT}: run npm run build first.`);
  process.exit(1);
}
const problems: string[] = [];
const pages = readdirSync(OUT).filter((file) => file.endsWith('.html'));
for (const page of pages) {
  const html = readFileSync(path.join(OUT, page), 'utf8');
  const scripts = [...new Set(html.match(/chunks\/[^"]+\.js/g) ?? [])];
  if (page === 'popup.html' && scripts.length > POPUP_MAX_SCRIPTS)
    problems.push(`popup.html loads ${scripts.length} scripts: ${scripts.join(', ')}`);
  for (const script of scripts) {
    const code = readFileSync(path.join(OUT, script), 'utf8');
    if (page !== MAY_USE_ZOD)
      for (const [what, marker] of Object.entries(MARKERS))
        if (code.includes(marker)) problems.push(`${page} loads ${what} (in ${script})`);
    if (page !== 'popup.html' && code.includes(POPUP_ONLY))
      problems.push(`${page} loads the popup's own code (in ${script})`);
  }
}
if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(
  `Page bundles (${pages.join(', ')}): none but ${MAY_USE_ZOD} loads zod or WXT's storage module; the popup loads at most ${POPUP_MAX_SCRIPTS} scripts, and no other page runs its code.`,
);
