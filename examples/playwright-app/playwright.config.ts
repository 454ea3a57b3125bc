import { existsSync } from 'node:fs'
import { chromium, defineConfig } from '@playwright/test'
import type { CorsTestOptions, CorsWorkerOptions } from 'corslab/playwright'

// Playwright's own Chromium when `npx playwright install chromium` has put it there; else the
// system's (a Debian container has /usr/bin/chromium), with the flags it needs there.
const systemChromium = !existsSync(chromium.executablePath()) && existsSync('/usr/bin/chromium')

export default defineConfig<CorsTestOptions, CorsWorkerOptions>({
  testDir: 'tests',
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  // The app on its own origin; corslab serves the API on another one, a port per worker.
  webServer: { command: 'node server.js', url: 'http://127.0.0.1:5174/', reuseExistingServer: !process.env.CI },
  use: {
    baseURL: 'http://localhost:5174',
    // The scenario each test starts with; test.use({ corsScenario }) changes it for a file or a group.
    corsScenario: 'allow-all',
  },
  projects: [
    {
      name: 'chromium',
      use: systemChromium ? { browserName: 'chromium', launchOptions: { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] } } : { browserName: 'chromium' },
    },
  ],
})
