// Playwright configuration for the tests that launch the real Electron app (main + preload).
// Run: npx playwright test -c test/electron/playwright.config.ts
// Without an Electron binary every test reports as skipped, and the reason is printed once.
import { defineConfig } from '@playwright/test';
import { findElectronRuntime } from './electron-runtime.js';

const runtime = findElectronRuntime();
// Workers load this file too; TEST_WORKER_INDEX is set only there.
if (!runtime.ok && process.env['TEST_WORKER_INDEX'] === undefined) {
  process.stderr.write(`Electron tests skipped: ${runtime.reason}\n`);
}

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 60_000,
  workers: 1,
  fullyParallel: false,
  reporter: [['list']],
  outputDir: '../../test-results/electron',
});
