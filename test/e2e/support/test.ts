import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { stripVTControlCharacters } from 'node:util'
import { expect, test as corsTest } from '../../../src/playwright/index.ts'

/** What a fetch() from the page came to: a status, or the TypeError a blocked request rejects with. */
export interface CallResult {
  status?: number
  error?: string
  /** Response headers the page can read. */
  headers?: Record<string, string>
}

/** The fetch() options the tests use (what crosses into the page must be plain data). */
export interface CallInit {
  method?: string
  headers?: Record<string, string>
  body?: string
  credentials?: 'omit' | 'same-origin' | 'include'
}

export interface PageFixtures {
  /** Opens the blank page on the app origin (once per test) and runs fetch(corslab.url + path, init) in it. */
  call: (path: string, init?: CallInit) => Promise<CallResult>
}

/**
 * The fixture under test plus a blank page on an origin of its own (`http://localhost:PORT`), so the
 * page's requests to corslab (`http://127.0.0.1:PORT2`) are cross-origin and Chromium enforces CORS.
 */
export const test = corsTest.extend<PageFixtures, { appOrigin: string }>({
  appOrigin: [
    // Playwright reads a fixture's dependencies from its first parameter: none is written `{}`.
    // oxlint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>app</title><h1>app</h1>')
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      await use(`http://localhost:${(server.address() as AddressInfo).port}`)
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
    { scope: 'worker' },
  ],

  call: async ({ page, appOrigin, corslab }, use) => {
    let opened = false
    await use(async (path, init) => {
      if (!opened) await page.goto(`${appOrigin}/`)
      opened = true
      return page.evaluate(async ([url, init]) => {
        try {
          const response = await fetch(url, init)
          return { status: response.status, headers: Object.fromEntries(response.headers) }
        } catch (error) {
          return { error: String(error) }
        }
      }, [`${corslab.url}${path}`, init ?? {}] as const)
    })
  },
})

export { expect }

/** Terminal colours out of a message, to compare its text. */
export function plain(text: string): string {
  return stripVTControlCharacters(text)
}
