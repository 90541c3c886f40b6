import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}', 'test/sandbox/**/*.test.ts'],
    setupFiles: ['test/unit/setup.ts'],
    restoreMocks: true,
    // Some tests start the whole background against the in-process sandbox; on a loaded
    // two-core machine the first of a file (which also loads the modules) can pass 5 s.
    testTimeout: 15_000,
  },
});
