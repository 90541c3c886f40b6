// `npm run bench [-- --runs N] [--only popup,panel,fleet,content,sizes] [--write]`: measures the
// production build (.output; run `npm run build:all` after a change, this builds only when
// .output is missing) in Chromium against the sandbox and prints a markdown table of medians
// over N runs (default 3). `--write` puts the table, the date, the machine and how to
// reproduce it into docs/performance.md between its bench markers. It reports; it passes or
// fails nothing, and is not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { contentScriptOf, describeRun, measureContentScript } from '../bench/content-script';
import {
  fleetRuns,
  LATENCY_MS,
  type LookupRun,
  panelRuns,
  popupLoads,
  popupRuns,
} from '../bench/measure';
import { buildFiles, kb, ms, replaceSection, sizeOf, table, times } from '../bench/report';
import { median } from '../bench/stats';
import { CHROME_BUILD, launchChromium } from '../e2e/harness';
import { saveToken, waitForText } from '../e2e/ui';
import { SANDBOX_TOKEN, TOKEN_FLEET } from '../sandbox';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DOC = path.join(ROOT, 'docs/performance.md');
const PARTS = ['popup', 'panel', 'fleet', 'content', 'sizes'] as const;
type Part = (typeof PARTS)[number];

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
    write: { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Number(args.runs) || 3);
const only = new Set<Part>(
  (args.only?.split(',') ?? PARTS).filter((p): p is Part => PARTS.includes(p as Part)),
);

if (!existsSync(path.join(CHROME_BUILD, 'manifest.json'))) {
  console.log('No build in .output: running `npm run build:all` first.');
  const built = spawnSync('npm', ['run', 'build:all'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
} else {
  console.log('Measuring the build in .output (after a change: `npm run build:all` first).');
}

const log = (line: string) => console.log(`  ${line}`);
const sections: string[] = [];
const session = await launchChromium();
const browserVersion = await session.browser.version();
try {
  const saved = await saveToken(session, SANDBOX_TOKEN);
  await waitForText(saved.scope, 'Token works');
  await saved.close();

  const lookupRows: string[][] = [];
  const lookupRow = (what: string, list: LookupRun[]) => {
    const time = median(list.map((r) => r.ms));
    const floor = median(list.map((r) => r.floor));
    lookupRows.push([
      what,
      ms(time),
      ms(median(list.map((r) => r.fromFirstRequest))),
      `${floor} (${ms(floor * LATENCY_MS)})`,
      String(median(list.map((r) => r.chain))),
      String(median(list.map((r) => r.requests))),
      times(time / (floor * LATENCY_MS)),
    ]);
  };
  if (only.has('popup')) {
    console.log('Popup: time to status, cold and warm');
    const popup = await popupRuns(session, runs);
    for (const r of popup.cold)
      log(`cold ${ms(r.ms)}, chain ${r.chain}, floor ${r.floor}: ${r.timeline.join(', ')}`);
    log(`warm ${popup.warm.map(ms).join(', ')}`);
    lookupRows.push(['popup, warm (cached)', ms(median(popup.warm)), '–', '0', '0', '0', '–']);
    lookupRow(`popup, cold (${LATENCY_MS} ms latency, nothing cached)`, popup.cold);
  }
  if (only.has('panel')) {
    console.log('Panel: time to status after an in-page navigation');
    const panel = await panelRuns(session, runs);
    for (const r of panel) log(`${ms(r.ms)}, chain ${r.chain}, floor ${r.floor}`);
    lookupRow(`panel after in-page navigation (${LATENCY_MS} ms latency)`, panel);
  }
  if (lookupRows.length)
    sections.push(
      table(
        [
          'time to status',
          'median',
          'from first Graph request',
          'round-trip floor',
          'sequential round trips made',
          'Graph requests',
          'median / floor',
        ],
        lookupRows,
      ),
    );

  if (only.has('content')) {
    console.log('Content script: main-thread CPU over the load and 5 s after it');
    const { script, bytes } = contentScriptOf(CHROME_BUILD);
    const cost = await measureContentScript(session.browser, script, Math.max(runs, 5), (r, i) =>
      log(`run ${i + 1}: ${r.ms.toFixed(2)} ms (${describeRun(r)})`),
    );
    sections.push(
      table(
        ['content script', 'size', 'main-thread CPU (thread time), median'],
        [[`\`${script}\``, kb(bytes), `${median(cost.map((r) => r.ms)).toFixed(1)} ms`]],
      ),
    );
  }

  if (only.has('sizes')) {
    console.log('Popup: what it loads until idle');
    const loaded = await popupLoads(session);
    const sizes = loaded.map((f) => sizeOf(f.file, readFileSync(path.join(CHROME_BUILD, f.file))));
    const scripts = sizes.filter((f) => f.file.endsWith('.js'));
    const sum = (list: typeof sizes, key: 'raw' | 'gzip') => list.reduce((a, f) => a + f[key], 0);
    sections.push(
      table(
        ['popup loads until idle', 'files', 'raw', 'gzipped'],
        [
          ['JavaScript', scripts.length, kb(sum(scripts, 'raw')), kb(sum(scripts, 'gzip'))],
          ['everything', sizes.length, kb(sum(sizes, 'raw')), kb(sum(sizes, 'gzip'))],
        ],
      ),
    );
    log(sizes.map((f) => `${f.file} ${kb(f.gzip)}`).join(', '));
  }

  if (only.has('fleet')) {
    console.log(`Fleet scans at ${LATENCY_MS} ms latency`);
    const fleetRows: string[][] = [];
    const fleetRow = (what: string, list: Awaited<ReturnType<typeof fleetRuns>>) => {
      for (const r of list) log(`${what}: ${ms(r.ms)}, ${r.requests} requests, peak ${r.peak}`);
      fleetRows.push([
        what,
        String(median(list.map((r) => r.numbers))),
        ms(median(list.map((r) => r.ms))),
        String(median(list.map((r) => r.requests))),
        String(median(list.map((r) => r.peak))),
        String(Math.max(...list.map((r) => r.rateLimitErrors))),
        times(median(list.map((r) => r.ratioToSerial))),
      ]);
    };
    fleetRow(
      'SANDBOX_TOKEN: the 250-number WABA and the main one',
      await fleetRuns(session, SANDBOX_TOKEN, runs),
    );
    fleetRow('TOKEN_FLEET: 2,000 numbers in 20 WABAs', await fleetRuns(session, TOKEN_FLEET, runs));
    sections.push(
      table(
        [
          'fleet scan',
          'numbers',
          'wall time',
          'Graph requests',
          'peak concurrency',
          'rate-limit errors (most in a run)',
          'wall / one at a time',
        ],
        fleetRows,
      ),
    );
  }
} finally {
  await session.close();
}

if (only.has('sizes')) {
  for (const build of ['chrome-mv3', 'firefox-mv2']) {
    const files = buildFiles(path.join(ROOT, '.output', build));
    if (!files.length) {
      sections.push(`No \`.output/${build}\`: \`npm run build:all\` builds it.`);
      continue;
    }
    const total = files.reduce((a, f) => ({ raw: a.raw + f.raw, gzip: a.gzip + f.gzip }), {
      raw: 0,
      gzip: 0,
    });
    sections.push(
      table(
        [`\`.output/${build}\``, 'raw', 'gzipped'],
        [
          ...files.map((f) => [`\`${f.file}\``, kb(f.raw), kb(f.gzip)]),
          ['**all files**', kb(total.raw), kb(total.gzip)],
        ],
      ),
    );
  }
  const zips = buildFiles(path.join(ROOT, '.output')).filter(
    (f) => f.file.endsWith('.zip') && !f.file.includes('/'),
  );
  sections.push(
    zips.length
      ? table(
          ['zip', 'size'],
          zips.map((f) => [`\`${f.file}\``, kb(f.raw)]),
        )
      : 'No zips in `.output`: `npm run zip && npm run zip:firefox` makes them.',
  );
}

const cpus = os.cpus();
const about = [
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${browserVersion}, medians of ${runs} runs (the content script: ${Math.max(runs, 5)}), sandbox latency ${LATENCY_MS} ms on every Graph call where it says so.`,
  `Reproduce: \`npm run build:all && npm run zip && npm run zip:firefox && npm run bench -- --runs ${runs} --write\`.`,
].join('\n');
const report = [about, ...sections].join('\n\n');
console.log(`\n${report}\n`);
if (args.write) {
  writeFileSync(DOC, replaceSection(readFileSync(DOC, 'utf8'), report));
  console.log(`Written to ${path.relative(ROOT, DOC)}.`);
}
