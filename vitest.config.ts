import { configDefaults, defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Four projects, one command (`npm test`): unit (pure logic, next to the code or in tests/unit),
// extension (code that needs WXT's modules, on a fake browser), integration (proxy + embedded
// sandboxes over real HTTP), e2e (puppeteer driving Chromium with the built extension; built once in
// global setup).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'shared/**/*.test.ts',
            'proxy/**/*.test.ts',
            'extension/**/*.test.{ts,tsx}',
            'tests/unit/**/*.test.{ts,tsx}',
          ],
          // These need WXT's plugin: the extension project runs them.
          exclude: [...configDefaults.exclude, 'extension/**/*.browser.test.ts'],
          environment: 'node',
          setupFiles: ['fake-indexeddb/auto'],
        },
        esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
      },
      {
        // Extension code that imports WXT's virtual modules (#imports): WXT's plugin resolves them and
        // puts @webext-core/fake-browser behind the extension APIs.
        plugins: [WxtVitest()],
        test: {
          name: 'extension',
          include: ['extension/**/*.browser.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/integration/store-contract/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The store's contract, run against SQLite and a real PostgreSQL started once for the project.
        test: {
          name: 'store-contract',
          include: ['tests/integration/store-contract/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/integration/store-contract/pg-cluster.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.spec.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts', 'tests/e2e/firefox/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
