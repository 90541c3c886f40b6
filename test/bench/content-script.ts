// What Residency's content script costs a Manager page's main thread, from a DevTools trace of
// the load and the 5 s after it (timers, observers and events included): the thread time (tdur,
// CPU, not wall time) of EvaluateScript, FunctionCall, v8.compile, TimerFire and EventDispatch
// events that name the content script, nested events counted once. Used by
// `npm run perf:content-script` and `npm run bench`.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { managerUrl } from '../e2e/manager-urls';
import { PHONES } from '../sandbox';

const COUNTED = new Set([
  'EvaluateScript',
  'FunctionCall',
  'v8.compile',
  'TimerFire',
  'EventDispatch',
]);

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

/** The content script a Chrome build declares, and its size in bytes. */
export function contentScriptOf(build: string): { script: string; bytes: number } {
  const manifest = JSON.parse(readFileSync(path.join(build, 'manifest.json'), 'utf8'));
  const script: string = manifest.content_scripts[0].js[0];
  return { script, bytes: statSync(path.join(build, script)).size };
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

export interface ContentScriptRun {
  ms: number;
  by: Record<string, number>;
}

/**
 * Opens a Manager profile page `runs` times in a browser that has the build loaded and a token
 * saved (so the script does its full work), tracing the load and the 5 s after it.
 */
export async function measureContentScript(
  browser: Browser,
  script: string,
  runs: number,
  onRun?: (run: ContentScriptRun, index: number) => void,
): Promise<ContentScriptRun[]> {
  const url = managerUrl.profile(PHONES.brazil.display_phone_number);
  const results: ContentScriptRun[] = [];
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
    const { total, by } = contentScriptThreadTime(trace.traceEvents, script);
    results.push({ ms: total, by });
    onRun?.({ ms: total, by }, run);
    await page.close();
  }
  return results;
}

/** Where the time went, largest first: "EvaluateScript 2.10, FunctionCall report 1.02". */
export const describeRun = (run: ContentScriptRun) =>
  Object.entries(run.by)
    .sort(([, a], [, b]) => b - a)
    .map(([what, t]) => `${what} ${t.toFixed(2)}`)
    .join(', ');
