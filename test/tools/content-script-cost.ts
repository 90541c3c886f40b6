// Measures what Residency's content script costs a Manager page's main thread: `npm run
// perf:content-script [-- <chrome build dir> [runs]]`. For each run it opens a Manager page of
// the sandbox in Chromium with the build loaded (a token saved, so the script does its full
// work), records a DevTools trace of the load and the 5 s after it (timers, observers and
// events included), and sums the thread time (tdur, CPU, not wall time) of EvaluateScript,
// FunctionCall, v8.compile, TimerFire and EventDispatch events that name the content script,
// nested events counted once. Prints each run, the median, and the script's size.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { managerUrl } from '../e2e/manager-urls';
import { clickButton, fillLabelled, waitForText } from '../e2e/ui';
import { PHONES, SANDBOX_TOKEN, startSandbox } from '../sandbox';

const ROOT = path.resolve(import.meta.dirname, '../..');
const build = path.resolve(process.argv[2] ?? path.join(ROOT, '.output/chrome-mv3'));
const runs = Number(process.argv[3] ?? 7);
const COUNTED = new Set([
  'EvaluateScript',
  'FunctionCall',
  'v8.compile',
  'TimerFire',
  'EventDispatch',
]);

const manifest = JSON.parse(readFileSync(path.join(build, 'manifest.json'), 'utf8'));
const script: string = manifest.content_scripts[0].js[0];
const scriptBytes = statSync(path.join(build, script)).size;

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  tid: number;
  pid: number;
  args?: { data?: { url?: string; stackTrace?: { url?: string }[] } };
}

/**
 * Thread time of the content script's own work in one trace, in milliseconds, with where it
 * went (by event, and by the function a call entered).
 */
export function contentScriptThreadTime(
  events: TraceEvent[],
  scriptPath: string,
): { total: number; by: Record<string, number> } {
  const ours = events
    .filter(
      (e) =>
        e.ph === 'X' &&
        COUNTED.has(e.name) &&
        typeof e.tdur === 'number' &&
        (e.args?.data?.url ?? '').endsWith(`/${scriptPath}`),
    )
    .sort((a, b) => a.tid - b.tid || a.ts - b.ts);
  let total = 0;
  let end = -1;
  let tid = -1;
  const by: Record<string, number> = {};
  for (const e of ours) {
    // A v8.compile inside an EvaluateScript, a FunctionCall inside a TimerFire: counted once.
    if (e.tid === tid && e.ts < end) continue;
    tid = e.tid;
    end = e.ts + (e.dur ?? 0);
    total += e.tdur ?? 0;
    const data = e.args?.data as { functionName?: string } | undefined;
    const key = `${e.name}${data?.functionName ? ` ${data.functionName}` : ''}`;
    by[key] = (by[key] ?? 0) + (e.tdur ?? 0) / 1000;
  }
  return { total: total / 1000, by };
}

const sandbox = await startSandbox({ port: 0 });
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  pipe: true,
  enableExtensions: [build],
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    `--host-resolver-rules=MAP graph.facebook.com 127.0.0.1:${sandbox.port}, MAP business.facebook.com 127.0.0.1:${sandbox.port}`,
    `--ignore-certificate-errors-spki-list=${sandbox.spkiBase64}`,
  ],
  defaultViewport: { width: 1366, height: 768 },
});
try {
  const worker = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().endsWith('/background.js'),
  );
  const options = await browser.newPage();
  await options.goto(`chrome-extension://${new URL(worker.url()).host}/options.html`);
  await fillLabelled(options, 'System user access token', SANDBOX_TOKEN);
  await clickButton(options, 'Save and check token');
  await waitForText(options, 'Token works');
  await options.close();

  const url = managerUrl.profile(PHONES.brazil.display_phone_number);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const page = await browser.newPage();
    await page.tracing.start({
      categories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'v8',
        'disabled-by-default-v8.compile',
      ],
    });
    await page.goto(url, { waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, 5000));
    const raw = await page.tracing.stop();
    const trace = JSON.parse(raw ? Buffer.from(raw).toString('utf8') : '{"traceEvents":[]}');
    const { total: ms, by } = contentScriptThreadTime(trace.traceEvents, script);
    times.push(ms);
    const parts = Object.entries(by)
      .sort(([, a], [, b]) => b - a)
      .map(([what, t]) => `${what} ${t.toFixed(2)}`)
      .join(', ');
    console.log(`run ${run + 1}: ${ms.toFixed(2)} ms (${parts})`);
    await page.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  console.log(
    `${script}: ${(scriptBytes / 1024).toFixed(1)} KB; main-thread CPU over load + 5 s, median of ${runs}: ${median.toFixed(2)} ms`,
  );
} finally {
  await browser.close();
  await sandbox.close();
}
