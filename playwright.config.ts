import { defineConfig, type PlaywrightTestConfig } from '@playwright/test'
import type { CorsTestOptions, CorsWorkerOptions } from './src/playwright/index.ts'
import { chromiumLaunchOptions, firefoxInstalled } from './test/e2e/support/browsers.ts'

// The example app's static server: the page's origin, which must differ from corslab's.
const examplePort = Number(process.env['EXAMPLE_PORT'] ?? 5174)

const suites: NonNullable<PlaywrightTestConfig<CorsTestOptions, CorsWorkerOptions>['projects']> = [
  // The fixture's own tests import it from src/ and run on corslab's TypeScript as is.
  { name: 'fixture', testDir: 'test/e2e', testMatch: '*.spec.ts' },
  // The example imports corslab/playwright, as a user would: the package's dist/ (npm run build).
  { name: 'example', testDir: 'examples/playwright-app/tests', use: { baseURL: `http://localhost:${examplePort}` } },
]

const browsers = [
  { browserName: 'chromium' as const, launchOptions: chromiumLaunchOptions() },
  // Only where Playwright's own Firefox is installed (npx playwright install firefox).
  ...(firefoxInstalled() ? [{ browserName: 'firefox' as const }] : []),
]

export default defineConfig<CorsTestOptions, CorsWorkerOptions>({
  forbidOnly: !!process.env['CI'],
  retries: process.env['CI'] ? 1 : 0,
  reporter: 'list',
  webServer: {
    command: 'node examples/playwright-app/server.js',
    url: `http://127.0.0.1:${examplePort}/`,
    env: { PORT: String(examplePort) },
    reuseExistingServer: !process.env['CI'],
  },
  projects: browsers.flatMap(({ browserName, ...use }) =>
    suites.map((suite) => ({ ...suite, name: `${suite.name}-${browserName}`, use: { ...suite.use, browserName, ...use } })),
  ),
})
