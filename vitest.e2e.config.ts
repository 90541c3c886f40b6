import { defineConfig } from 'vitest/config';

// End-to-end tests drive the production build in real browsers against the sandbox.
// One file at a time: Firefox needs port 443 and the machine has two cores.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/browser-versions.ts'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    maxWorkers: 1,
    // A test that fails is tried once more before the run fails: two browsers share two cores,
    // and a one-off stumble there should not hide a whole run. The flaky reporter names every
    // test that needed it.
    retry: Number(process.env.E2E_RETRY ?? 1),
    reporters: ['default', './test/tools/flaky-reporter.ts'],
  },
});
