import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { catalog } from '../../src/scenarios/index.ts'
import { startServer, type JournalEntry, type RunningServer } from '../../src/server/index.ts'
import { chromiumPath } from '../support/browsers/chromium.ts'
import { ensureBrowser } from '../support/browsers/index.ts'
import { readJournal } from './support.ts'

/*
 * The README's quick start in real Chromium: open the dashboard (on its own origin), switch the
 * active scenario, run `missing-allow-origin` in the browser and see it blocked, then `allow-all`
 * and see it allowed, with the journal filling in live over server-sent events.
 *
 * The steps share one page and run in order. With CORSLAB_SCREENSHOT=1 the last step writes
 * docs/dashboard.png (the README's picture); otherwise it only checks the page can be captured.
 */

const screenshotPath = fileURLToPath(new URL('../../docs/dashboard.png', import.meta.url))

let server: RunningServer
let browser: Browser
let context: BrowserContext
let page: Page
// What Chromium itself printed: the browser's words, to hold the dashboard's against.
const consoleLines: string[] = []

beforeAll(async () => {
  ensureBrowser('chromium')
  server = await startServer({ port: 0, log: () => {} })
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60_000,
  })
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' })
  page = await context.newPage()
  page.on('console', (message) => {
    if (message.type() === 'error') consoleLines.push(message.text())
  })
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await server?.close()
})

async function activeScenario(): Promise<string> {
  const response = await fetch(`${server.url}/__corslab/scenario`)
  return ((await response.json()) as { name: string }).name
}

// Polls wait this long: the page, its event stream and the probes are quick, but the machine may be busy.
const wait = { timeout: 15_000 }

const journalRows = () => page.locator('#journal tbody tr[data-entry]')
const row = (entry: JournalEntry): Locator => page.locator(`#journal tbody tr[data-entry="${entry.id}"]`)

/** The journal on the page must show, live, a row for each entry the server has, newest first. */
async function expectJournalShown(): Promise<JournalEntry[]> {
  const entries = await readJournal(server.url)
  await expect.poll(() => journalRows().evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-entry')))), wait).toEqual(entries.map((e) => e.id).reverse())
  return entries
}

test('the dashboard loads from its own origin, with the catalog and the live journal', async () => {
  const pageOrigin = new URL(server.pageUrl as string).origin
  expect(pageOrigin).not.toBe(server.url)
  await page.goto(server.pageUrl as string)
  await expect.poll(() => page.locator('#catalog tbody tr[data-scenario]').count(), wait).toBe(catalog.length)
  await expect.poll(() => page.locator('body').getAttribute('data-live'), wait).toBe('true')
  expect(await page.locator('[data-switcher]').inputValue()).toBe('allow-all')
  expect(await page.locator('tr.active').getAttribute('data-scenario')).toBe('allow-all')
  // Each scenario shows its summary and what each browser is expected to do.
  const missing = page.locator('tr[data-scenario="missing-allow-origin"]')
  await expect.poll(() => missing.innerText(), wait).toContain('chromium: blocked at response (missing-allow-origin)')
  expect(await missing.innerText()).toContain(catalog.find((s) => s.name === 'missing-allow-origin')?.title ?? '(no title)')
  expect(await journalRows().count()).toBe(0)
  // Scenarios unsafe in production say so, with the finding corslab audit reports; the others say nothing.
  expect(await page.locator('tr[data-scenario="allow-all"] .security').innerText()).toMatch(/^insecure in production: origin-reflected \(critical\) Right for a mock/)
  expect(await page.locator('tr[data-scenario="wildcard-with-credentials"] .security').innerText()).toMatch(/^security: wildcard-origin \(info\)/)
  expect(await page.locator('.security.insecure').count()).toBe(catalog.filter((s) => s.security && ['critical', 'high', 'medium'].includes(s.security.severity)).length)
  expect(await missing.locator('.security').count()).toBe(0)
}, 45_000)

test('the switcher changes the active scenario on the server, and the journal shows requests live', async () => {
  await page.locator('[data-switcher]').selectOption('missing-allow-origin')
  await expect.poll(activeScenario, wait).toBe('missing-allow-origin')
  await expect.poll(() => page.locator('tr.active').getAttribute('data-scenario'), wait).toBe('missing-allow-origin')

  // A request from elsewhere (no prefix, so under the active scenario) appears without a reload.
  const response = await fetch(`${server.url}/api/items`, { headers: { origin: 'http://app.example.test' } })
  expect(response.headers.get('access-control-allow-origin')).toBeNull()
  const [entry] = await expectJournalShown()
  expect(entry?.scenario).toBe('missing-allow-origin')
  const text = await row(entry as JournalEntry).innerText()
  expect(text).toContain('missing-allow-origin')
  expect(text).toContain('GET /api/items \u2192 200')
  expect(text).toContain('blocked (missing-allow-origin)')
  expect(text).toContain("from origin 'http://app.example.test' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header")
}, 45_000)

test('"Run it in this browser" on missing-allow-origin: Chromium blocks it, in its own words', async () => {
  const before = (await readJournal(server.url)).length
  consoleLines.length = 0
  await page.locator('[data-run="missing-allow-origin"]').click()
  const result = page.locator('[data-result="missing-allow-origin"]')
  await expect.poll(() => result.getAttribute('data-outcome'), wait).toBe('blocked')
  const text = await result.innerText()
  expect(text).toContain('this browser (chromium): blocked (TypeError: Failed to fetch), preflights seen: 0')
  expect(text).toContain('corslab expected: blocked at response (missing-allow-origin)')
  expect(text).toContain('✓ as predicted')

  // The journal row of the probe, live: the request the page sent, and the engine's verdict on it.
  const entries = await expectJournalShown()
  const probe = entries.slice(before)
  expect(probe.map((e) => [e.scenario, e.method, e.path, e.preflight, e.origin])).toEqual([
    ['missing-allow-origin', 'GET', '/api/items', false, new URL(server.pageUrl as string).origin],
  ])
  const rowText = await row(probe[0] as JournalEntry).innerText()
  expect(rowText).toContain('blocked (missing-allow-origin)')

  // The words shown are Chromium's own console line for the blocked fetch.
  await expect.poll(() => consoleLines.filter((l) => l.startsWith('Access to fetch at')), wait).toHaveLength(1)
  const printed = consoleLines.find((l) => l.startsWith('Access to fetch at'))
  expect(await result.locator('.msg').innerText()).toBe(printed)
  expect(rowText).toContain(printed)
}, 45_000)

test('"Run it in this browser" on allow-all: the preflight and the request pass', async () => {
  const before = (await readJournal(server.url)).length
  consoleLines.length = 0
  await page.locator('[data-run="allow-all"]').click()
  const result = page.locator('[data-result="allow-all"]')
  await expect.poll(() => result.getAttribute('data-outcome'), wait).toBe('allowed')
  const text = await result.innerText()
  expect(text).toContain('this browser (chromium): allowed 200, preflights seen: 1')
  expect(text).toContain('corslab expected: allowed, preflight')
  expect(text).toContain('✓ as predicted')
  // Nothing was refused, so no refusal text (and no stray "null" where there is none).
  expect(await result.locator('.msg').count()).toBe(0)
  expect(text).not.toMatch(/\bnull\b/)

  const entries = await expectJournalShown()
  const probe = entries.slice(before)
  expect(probe.map((e) => [e.scenario, e.method, e.path, e.preflight, e.status])).toEqual([
    ['allow-all', 'OPTIONS', '/api/items/1', true, 204],
    ['allow-all', 'PUT', '/api/items/1', false, 200],
  ])
  const preflightRow = await row(probe[0] as JournalEntry).innerText()
  expect(preflightRow).toContain('OPTIONS /api/items/1 (preflight) \u2192 204')
  expect(preflightRow).toContain('access-control-request-method: PUT')
  expect(preflightRow).toContain('access-control-request-headers: authorization,content-type')
  const requestRow = await row(probe[1] as JournalEntry).innerText()
  expect(requestRow).toContain('PUT /api/items/1 \u2192 200')
  expect(requestRow).toContain('allowed')
  expect(consoleLines).toEqual([])
}, 45_000)

test('the dashboard after that story, captured', async () => {
  // The blocked run's row at the top, beside the journal (which stays in view as the catalog scrolls).
  await page.locator('tr[data-scenario="missing-allow-origin"]').evaluate((row) => row.scrollIntoView({ block: 'start' }))
  await expect.poll(() => page.locator('#journal').evaluate((journal) => journal.getBoundingClientRect().top), wait).toBeLessThan(100)
  const image = await page.screenshot({ fullPage: false })
  expect(image.length).toBeGreaterThan(10_000)
  if (process.env['CORSLAB_SCREENSHOT'] === '1') {
    await mkdir(fileURLToPath(new URL('../../docs/', import.meta.url)), { recursive: true })
    await page.screenshot({ path: screenshotPath, fullPage: false })
  }
  if (process.env['CORSLAB_SCREENSHOT_TOP'] !== undefined) {
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: process.env['CORSLAB_SCREENSHOT_TOP'] })
  }
}, 45_000)
