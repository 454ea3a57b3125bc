import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, plain, test } from './support/test.ts'

const put = { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }

interface NestedResult {
  status: string
  errors: string[]
}

interface JsonSuite {
  suites?: JsonSuite[]
  specs?: Array<{ title: string, tests: Array<{ results: Array<{ status: string, errors: Array<{ message?: string }> }> }> }>
}

/** Runs test/e2e/nested in a Playwright of its own; each test's status and error messages, by title. */
async function runNested(outputDir: string): Promise<Map<string, NestedResult>> {
  const cli = fileURLToPath(new URL('../../node_modules/@playwright/test/cli.js', import.meta.url))
  const config = fileURLToPath(new URL('nested/playwright.config.ts', import.meta.url))
  // This worker's own settings must not leak into the nested run.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TEST_|PW_|PLAYWRIGHT_)/.test(k) && k !== 'CI'))
  const child = spawn(process.execPath, [cli, 'test', '-c', config, '--reporter=json'], { env: { ...env, NESTED_OUTPUT_DIR: outputDir } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
  await new Promise((resolve) => child.on('close', resolve))
  let report: { suites: JsonSuite[] }
  try {
    report = JSON.parse(stdout)
  } catch {
    throw new Error(`the nested run printed no JSON report:\n${stdout}\n${stderr}`)
  }
  const results = new Map<string, NestedResult>()
  const walk = (suite: JsonSuite) => {
    for (const spec of suite.specs ?? []) {
      const result = spec.tests[0]?.results[0]
      results.set(spec.title, { status: result?.status ?? 'missing', errors: (result?.errors ?? []).map((e) => plain(e.message ?? '')) })
    }
    for (const child of suite.suites ?? []) walk(child)
  }
  for (const suite of report.suites) walk(suite)
  return results
}

test.describe('the interception guard', () => {
  test('fails a test whose preflights a route answered, and says what to do', async ({ browserName }, testInfo) => {
    test.skip(browserName !== 'chromium', 'the nested run drives Chromium; once is enough')
    // A nested Playwright, whose worker restarts after each failing test: slow on a busy machine.
    test.setTimeout(300_000)
    const results = await runNested(testInfo.outputPath('nested'))

    // The test's own failure (a matcher, with a note), then the guard's at the end of the test.
    const page = results.get('a page.route for another URL hides a missing preflight')
    expect(page?.status).toBe('failed')
    expect(page?.errors).toHaveLength(2)
    expect(page?.errors[0]).toContain('Received: nothing blocked')
    expect(page?.errors[0]).toMatch(/#1 \[missing-preflight\] PUT \/api\/items\/1 {2}→ 200 {2}allowed/)
    expect(page?.errors[0]).toMatch(/Note: #1 PUT \/api\/items\/1 needed a preflight \(method PUT and header content-type\) but reached corslab without one: a page\.route\(\) or context\.route\(\) is answering preflights/)
    const message = page?.errors[1] ?? ''
    expect(message).toMatch(/A request that needs a CORS preflight reached corslab \(http:\/\/127\.0\.0\.1:\d+\) with no OPTIONS preflight before it:/)
    expect(message).toMatch(/#1 PUT \/api\/items\/1 \(needs a preflight: method PUT and header content-type\)/)
    expect(message).toContain('A page.route() or context.route() is hiding CORS from this test.')
    expect(message).toContain('whatever its URL pattern, Playwright answers every CORS preflight itself')
    expect(message).toContain("Narrowing the route to your app's origin or calling route.fallback() for corslab's URL does not help")
    expect(message).toContain('await page.unrouteAll() (and context.unrouteAll())')

    const context = results.get("a context.route that falls back for corslab's URL hides it as well")
    expect(context?.status).toBe('failed')
    expect(context?.errors).toHaveLength(1)
    expect(context?.errors[0]).toContain('A page.route() or context.route() is hiding CORS from this test.')

    const unknown = results.get('an unknown corsScenario fails the test before it starts')
    expect(unknown?.status).toBe('failed')
    expect(unknown?.errors[0]).toMatch(/corsScenario "allow-everything": no scenario named "allow-everything"\. `npx corslab list` shows all \d+\./)
  })

  test('stays quiet once the routes are removed before the requests', async ({ call, corslab, page, context }) => {
    await corslab.use('missing-preflight')
    await page.route('**/analytics/**', (route) => route.fulfill({ status: 204 }))
    await context.route('**/fonts/**', (route) => route.abort())
    await page.unrouteAll()
    await context.unrouteAll()
    expect((await call('/api/items/1', put)).error).toMatch(/^TypeError/)
    await expect(corslab).toHaveBlocked({ stage: 'preflight', reason: 'preflight-invalid-status' })
  })

  test('leaves requests that need no preflight alone, route or not', async ({ call, corslab, page }) => {
    await page.route('**/analytics/**', (route) => route.fulfill({ status: 204 }))
    expect((await call('/api/items')).status).toBe(200)
    expect((await call('/api/items', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"name":"x"}' })).status).toBe(201)
    await expect(corslab).toHaveAllowed('/api/items')
  })

  test.describe(() => {
    test.use({ corsScenario: 'preflight-cache' })

    test('does not take a preflight the browser cached for a route', async ({ call, corslab }) => {
      for (let i = 0; i < 3; i++) expect((await call('/api/items/1', put)).status).toBe(200)
      expect((await corslab.journal()).map((r) => r.method)).toEqual(['OPTIONS', 'PUT', 'PUT', 'PUT'])
    })
  })
})
