// Measures what Residency's content script costs a Manager page's main thread: `npm run
// perf:content-script [-- <chrome build dir> [runs]]`. For each run it opens a Manager page of
// the sandbox in Chromium with the build loaded (a token saved, so the script does its full
// work), records a DevTools trace of the load and the 5 s after it, and sums the content
// script's thread time (test/bench/content-script.ts). Prints each run, the median, and the
// script's size.
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { contentScriptOf, describeRun, measureContentScript } from '../bench/content-script';
import { median } from '../bench/stats';
import { clickButton, fillLabelled, waitForText } from '../e2e/ui';
import { SANDBOX_TOKEN, startSandbox } from '../sandbox';

const ROOT = path.resolve(import.meta.dirname, '../..');
const build = path.resolve(process.argv[2] ?? path.join(ROOT, '.output/chrome-mv3'));
const runs = Number(process.argv[3] ?? 7);
const { script, bytes } = contentScriptOf(build);

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

  const results = await measureContentScript(browser, script, runs, (run, i) =>
    console.log(`run ${i + 1}: ${run.ms.toFixed(2)} ms (${describeRun(run)})`),
  );
  console.log(
    `${script}: ${(bytes / 1024).toFixed(1)} KB; main-thread CPU over load + 5 s, median of ${runs}: ${median(results.map((r) => r.ms)).toFixed(2)} ms`,
  );
} finally {
  await browser.close();
  await sandbox.close();
}
