// Says, after the run, which E2E tests passed only when tried again (vitest's `retry`), so a
// flaky test is never silent: the run stays green for a one-off stumble of a loaded machine,
// and the list (also written to test-results/) shows what to look into.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export default class FlakyReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]) {
    const flaky: { file: string; test: string; tries: number; errors: string[] }[] = [];
    for (const module of modules)
      for (const test of module.children.allTests()) {
        const diagnostic = test.diagnostic();
        const result = test.result();
        if (result.state === 'passed' && diagnostic?.flaky)
          flaky.push({
            file: module.moduleId.replace(`${process.cwd()}/`, ''),
            test: test.fullName,
            tries: diagnostic.retryCount + 1,
            // What went wrong on the failed tries (vitest keeps them on a retried pass).
            errors: (result.errors ?? []).map((e) => e.message.split('\n')[0] ?? ''),
          });
      }
    const browser = process.env.E2E_BROWSERS ?? 'all';
    mkdirSync('test-results', { recursive: true });
    writeFileSync(`test-results/flaky-${browser}.json`, `${JSON.stringify(flaky, null, 2)}\n`);
    if (!flaky.length) return;
    console.log(`\nPassed only when tried again (${flaky.length}), look into these:`);
    for (const f of flaky) {
      console.log(`  FLAKY ${f.file} > ${f.test} (passed on try ${f.tries})`);
      for (const error of f.errors) console.log(`    first tries: ${error}`);
    }
  }
}
