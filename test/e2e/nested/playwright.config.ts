import { defineConfig } from '@playwright/test'
import { chromiumLaunchOptions } from '../support/browsers.ts'

/**
 * Tests that must fail, run by interception-guard.spec.ts in a Playwright of their own, which
 * reads how they failed (a fixture's teardown error cannot be caught from inside the test).
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.nested.ts',
  // Each failing test costs a worker restart (a browser launch): side by side, they cost one.
  fullyParallel: true,
  workers: 3,
  outputDir: process.env['NESTED_OUTPUT_DIR'] ?? 'test-results',
  use: { browserName: 'chromium', launchOptions: chromiumLaunchOptions() },
})
