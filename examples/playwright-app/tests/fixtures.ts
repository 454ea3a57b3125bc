import { test as base } from 'corslab/playwright'

export { expect } from 'corslab/playwright'

/**
 * corslab's `test`, with the page pointed at this test's corslab URL before the app's script runs.
 * The app reads window.API_BASE (see public/app.js); every test gets its own session URL.
 */
export const test = base.extend({
  page: async ({ page, corslab }, use) => {
    await page.addInitScript((url) => Object.assign(window, { API_BASE: url }), corslab.url)
    await use(page)
  },
})
