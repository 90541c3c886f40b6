// Runs the E2E suite of each browser in its own process, side by side: most of an E2E test's
// time is waiting (on the sandbox's latency, a resume's grace period, a page to draw), so two
// suites share two cores well and CI stays within its time. Firefox alone binds port 443, and
// each process writes its own screenshot index, so the two never collide. Arguments (test files,
// -t filters) go to both; E2E_BROWSERS picks one browser, as with vitest itself.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const browsers = (process.env.E2E_BROWSERS ?? 'chromium,firefox').split(',').filter(Boolean);
const args = ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)];

function run(browser: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('npx', args, {
      env: { ...process.env, E2E_BROWSERS: browser, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const prefix = (chunk: Buffer, out: NodeJS.WriteStream) => {
      for (const line of chunk.toString().split('\n'))
        if (line.trim()) out.write(`[${browser}] ${line}\n`);
    };
    child.stdout.on('data', (c: Buffer) => prefix(c, process.stdout));
    child.stderr.on('data', (c: Buffer) => prefix(c, process.stderr));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

for (const browser of browsers) rmSync(`test-results/flaky-${browser}.json`, { force: true });
const started = Date.now();
const codes = await Promise.all(browsers.map(run));
const failed = browsers.filter((_, i) => codes[i] !== 0);
// Tests that passed only on their second try (test/tools/flaky-reporter.ts), named once more.
for (const browser of browsers) {
  const file = `test-results/flaky-${browser}.json`;
  if (!existsSync(file)) continue;
  for (const f of JSON.parse(readFileSync(file, 'utf8')) as { file: string; test: string }[])
    console.log(`FLAKY in ${browser}: ${f.file} > ${f.test}`);
}
console.log(
  `E2E ${failed.length ? `failed in ${failed.join(' and ')}` : 'passed'} (${browsers.join(', ')}) in ${Math.round((Date.now() - started) / 1000)} s`,
);
process.exit(failed.length ? 1 : 0);
