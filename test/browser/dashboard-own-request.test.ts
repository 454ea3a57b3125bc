import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startServer, type JournalEntry, type RunningServer } from '../../src/server/index.ts'
import { startBackend, type Backend } from '../server/backend.ts'
import { chromiumPath } from '../support/browsers/chromium.ts'
import { ensureBrowser } from '../support/browsers/index.ts'
import { readJournal } from './support.ts'

/*
 * In front of a real backend (--upstream) in real Chromium: the dashboard sends a request of the
 * user's own (method, path, headers, credentials) under a scenario, and says which answers came from
 * the upstream; a catalog probe whose path reaches the backend says so too. On the API's own origin
 * the page says why it runs nothing, and loading it asks for no favicon.
 */

let backend: Backend
let server: RunningServer
let browser: Browser
let page: Page

interface OwnResult { outcome: string, status?: number, error?: string, upstream: boolean, entries: JournalEntry[] }

beforeAll(async () => {
  ensureBrowser('chromium')
  backend = await startBackend()
  server = await startServer({ port: 0, upstream: backend.url, log: () => {} })
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60_000,
  })
  page = await (await browser.newContext()).newPage()
  await page.goto(server.pageUrl as string)
  await page.waitForSelector('body[data-live="true"]', { timeout: 15_000 })
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await backend?.close()
})

test('a request of your own, typed into the form, goes to the upstream and is marked as its answer', async () => {
  await page.fill('#own-method', 'POST')
  await page.fill('#own-path', '/api/items')
  await page.fill('#own-headers', 'X-Request-ID: 42')
  await page.fill('#own-body', '{"name":"milk"}')
  await page.selectOption('#own-scenario', 'allow-all')
  await page.click('#own-run')
  await page.waitForSelector('#own-result[data-outcome]', { timeout: 15_000 })
  const text = await page.locator('#own-result').innerText()
  expect(text).toContain(`POST ${server.url}/@allow-all/api/items: this browser (chromium): allowed 201`)
  expect(text).toContain(`Answered by the upstream (${backend.url}), with the scenario's CORS headers.`)
  // The preflight is the scenario's CORS layer's; the POST went through to the backend.
  expect(text).toMatch(/OPTIONS \/api\/items \(preflight\) → 204\s+Chromium: allowed/)
  expect(text).toMatch(/POST \/api\/items → 201 from upstream\s+Chromium: allowed/)
  expect(backend.seen.at(-1)).toMatchObject({ method: 'POST', path: '/api/items', body: '{"name":"milk"}' })
}, 45_000)

test('under a blocking scenario the browser blocks it, with the engine\'s words for Chromium', async () => {
  const result = await page.evaluate(() => (window as unknown as { corslab: { runOwn: (r: unknown) => Promise<OwnResult> } }).corslab.runOwn({
    method: 'DELETE', path: '/api/items/3', headers: { 'x-request-id': '1' }, credentials: 'include', scenario: 'disallowed-header',
  }))
  expect(result).toMatchObject({ outcome: 'blocked', error: 'TypeError: Failed to fetch', upstream: false })
  expect(result.entries.map((e) => [e.method, e.preflight, e.verdict?.reason])).toEqual([['OPTIONS', true, 'header-not-allowed']])
  expect(await page.locator('#own-result').innerText()).toContain('Answered by corslab (the scenario\'s CORS layer, or the upstream could not be reached).')
}, 45_000)

test('a catalog probe whose path reaches the upstream says its status is the backend\'s', async () => {
  await page.locator('[data-run="hidden-response-header"]').click()
  const result = page.locator('[data-result="hidden-response-header"]')
  await expect.poll(() => result.getAttribute('data-upstream'), { timeout: 15_000 }).toBe('true')
  expect(await result.innerText()).toContain(`The answer came from the upstream (${backend.url}): the probe called GET /api/items on your backend`)
  const entries = await readJournal(server.url)
  expect(entries.at(-1)?.responseHeaders).toContainEqual(['via', '1.1 corslab'])
}, 45_000)

test('on the API\'s own origin the Run buttons say why they are off, and no favicon is asked for', async () => {
  const before = (await readJournal(server.url)).length
  const same = await browser.newPage()
  await same.goto(`${server.url}/__corslab/`)
  await same.waitForSelector('body[data-live="true"]', { timeout: 15_000 })
  const run = same.locator('[data-run="missing-allow-origin"]')
  expect(await run.isDisabled()).toBe(true)
  expect(await run.getAttribute('title')).toBe(`Disabled: this page is on the API's own origin, so a probe from it is same-origin and the browser applies no CORS at all. Open the dashboard on its own origin: ${server.pageUrl}`)
  expect(await same.locator('.banner').innerText()).toContain('The Run buttons are off here')
  await same.reload()
  await same.waitForSelector('body[data-live="true"]', { timeout: 15_000 })
  // The page's loads went to the control API only: nothing reached the scenario routes (no /favicon.ico).
  expect((await readJournal(server.url)).slice(before).map((e) => e.path)).toEqual([])
  expect(backend.seen.some((r) => r.path === '/favicon.ico')).toBe(false)
  await same.close()
}, 45_000)
