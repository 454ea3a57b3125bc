import { mkdirSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CheckReport } from '../../src/check/index.ts'
import { run } from '../../src/cli/run.ts'
import { stacks, type StackFix } from '../../src/stacks/index.ts'
import { launch, type BrowserPage, type BrowserSession } from '../support/browsers/index.ts'
import { defaultRequest, stackApps, workDir, type PageRequest, type StackApp } from './apps.ts'
import { startBackend } from './processes.ts'

/*
 * The proof of each stack's fix. A real app of the stack, with no CORS and with configurations
 * people write, is blocked by real Chromium on a credentialed, preflighted PUT that reads a response
 * header; `corslab check --stack ID` says so and prints the fix; the app, with the printed snippet
 * put where the snippet contract says, is restarted; Chromium then allows the request and check agrees.
 */

const workRoot = fileURLToPath(new URL('../../node_modules/.cache/corslab-stacks/', import.meta.url))

interface PageResult {
  outcome: 'allowed' | 'blocked'
  status?: number
  read?: string | null
  error?: string
}

/** Runs in the page: the request the fix is for, with credentials. */
const pageFetch = String(async ({ url, request }: { url: string; request: PageRequest }) => {
  try {
    const init: RequestInit = { method: request.method, credentials: 'include', headers: request.headers }
    if (request.body !== undefined) init.body = request.body
    const response = await fetch(url, init)
    await response.text()
    return { outcome: 'allowed', status: response.status, read: request.reads === undefined ? null : response.headers.get(request.reads) }
  } catch (error) {
    return { outcome: 'blocked', error: String(error) }
  }
})

interface CheckRun {
  code: number
  report: CheckReport & { fix: StackFix | null }
}

async function check(url: string, origin: string, request: PageRequest, stack?: string): Promise<CheckRun> {
  let stdout = ''
  let stderr = ''
  const argv = ['check', url, '--origin', origin, '-X', request.method, '--credentials', '--json', '--timeout', '15000']
  if (request.body !== undefined) argv.push('-d', request.body)
  if (request.reads !== undefined) argv.push('--expose', request.reads)
  for (const [name, value] of Object.entries(request.headers)) argv.push('-H', `${name}: ${value}`)
  if (stack !== undefined) argv.push('--stack', stack)
  const code = await run(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) })
  if (code === 2) throw new Error(`corslab check failed: ${stderr}`)
  return { code, report: JSON.parse(stdout) }
}

/**
 * One Chromium page for every app: each app state listens on a port of its own, so no preflight
 * cache or HTTP cache entry of another state applies, and each state's console lines name its URL.
 */
class SharedPage {
  private readonly lines: string[] = []
  private readonly page: BrowserPage
  constructor(page: BrowserPage) {
    this.page = page
  }

  goto(url: string): Promise<void> {
    return this.page.goto(url)
  }

  private collect(): string[] {
    this.lines.push(...(this.page.takeConsole() ?? []))
    return this.lines
  }

  async fetch(url: string, request: PageRequest): Promise<PageResult & { console: string[] }> {
    const result = await this.page.evaluate<PageResult>(pageFetch, { url, request })
    const mine = () => this.collect().filter((l) => l.includes(url))
    // Chromium's console line arrives a moment after the promise settles.
    for (let waited = 0; result.outcome === 'blocked' && waited < 10_000 && !mine().some((l) => l.includes('CORS policy')); waited += 50) {
      await new Promise((r) => setTimeout(r, 50))
    }
    return { ...result, console: mine() }
  }
}

/** At most `n` at once: the apps share two cores with Chromium. */
function limit(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0
  const waiting: Array<() => void> = []
  return async (task) => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve))
    active++
    try {
      return await task()
    } finally {
      active--
      waiting.shift()?.()
    }
  }
}

let backendPort = 0
const apps = stackApps(() => backendPort)
const only = process.env['CORSLAB_STACKS']?.split(',')
// The slowest start-ups first, so that they do not wait for a slot at the end.
const slowest = ['nextjs', 'rails', 'go', 'nestjs']
const rank = (app: StackApp) => (slowest.includes(app.stack) ? slowest.indexOf(app.stack) : slowest.length)
const chosen = (only ? apps.filter((a) => only.includes(a.stack)) : apps).toSorted((a, b) => rank(a) - rank(b))
const described = (app: StackApp) => {
  const { method, path, headers, reads } = app.request ?? defaultRequest
  const asks = `${method} ${path} with credentials and ${Object.keys(headers).join(', ')}${reads ? `, reading ${reads}` : ''}`
  return `${app.name ?? app.stack}: ${asks}; blocked with no CORS and with ${app.wrong.map((w) => w.name).join('; ')}; allowed with the printed fix`
}

describe('each stack fix, proven in a real app and real Chromium', () => {
  let session: BrowserSession
  let page: SharedPage
  let pageServer: http.Server
  let pageOrigin: string
  let backend: Awaited<ReturnType<typeof startBackend>>

  beforeAll(async () => {
    rmSync(workRoot, { recursive: true, force: true })
    mkdirSync(workRoot, { recursive: true })
    pageServer = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>page</title>'))
    await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve))
    pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`
    backend = await startBackend()
    backendPort = backend.port
    session = await launch('chromium')
    page = new SharedPage(await session.newPage())
    await page.goto(`${pageOrigin}/`)
  })

  afterAll(async () => {
    await session?.close()
    await backend?.close()
    await new Promise<void>((resolve) => (pageServer ? pageServer.close(() => resolve()) : resolve()))
  })

  it('proves every stack that corslab stacks calls proven, and only those', () => {
    expect([...new Set(apps.map((a) => a.stack))].sort()).toEqual(stacks.filter((s) => s.proof.proven).map((s) => s.id).sort())
    expect(new Set(apps.map((a) => a.stack)).size).toBeGreaterThanOrEqual(12)
  })

  /** One state of the app: started, asked by Chromium and by check, stopped. */
  async function observe(app: StackApp, name: string, cors: string | null, stack?: string) {
    const running = await app.start(workDir(workRoot, `${(app.name ?? app.stack).replace(/\W+/g, '-')}-${name}`), { cors })
    try {
      const request = app.request ?? defaultRequest
      const url = `${running.url}${request.path}`
      const browser = await page.fetch(url, request)
      const checked = await check(url, pageOrigin, request, stack)
      const recognised = stack === undefined ? checked : await check(url, pageOrigin, request)
      return { browser, checked, recognised, output: running.output() }
    } finally {
      await running.stop()
    }
  }

  function expectBlocked(state: Awaited<ReturnType<typeof observe>>) {
    const { browser, checked } = state
    expect(browser.outcome, `Chromium allowed it: ${JSON.stringify(browser)}`).toBe('blocked')
    expect(checked.code).toBe(1)
    const verdict = checked.report.browsers.chromium?.verdict
    expect(verdict?.outcome).toBe('blocked')
    // check agrees with Chromium: the console line Chromium printed is the one check gives.
    expect(browser.console, `Chromium printed:\n${browser.console.join('\n')}`).toContain(verdict?.message)
  }

  const slot = limit(Number(process.env['CORSLAB_STACKS_PARALLEL'] ?? 3))
  for (const app of chosen) {
    it.concurrent(described(app), async () => {
      const missing = app.missing()
      if (missing !== null) throw new Error(`${app.stack}: ${missing}`)

      // No CORS and the wrong configurations side by side, then the fix check printed for the first.
      const [none, ...wrongs] = await slot(() =>
        Promise.all([observe(app, 'none', null, app.stack), ...app.wrong.map((wrong, index) => observe(app, `wrong${index}`, wrong.cors))]),
      )
      expectBlocked(none!)
      expect(none!.recognised.report.fix?.stack ?? null, 'the stack recognised from the answers').toBe(app.recognisedAs)
      for (const state of wrongs) expectBlocked(state)

      const fix = none!.checked.report.fix
      expect(fix?.stack).toBe(app.stack)
      expect(fix?.snippet).toBeTruthy()
      const fixed = await slot(() => observe(app, 'fixed', fix!.snippet))
      const reads = (app.request ?? defaultRequest).reads
      expect(fixed.browser, `Chromium, with the fix:\n${fix!.snippet}\n${fixed.browser.console.join('\n')}\n${fixed.output}`).toMatchObject({
        outcome: 'allowed',
        status: 200,
        read: reads === undefined ? null : '2',
      })
      expect(fixed.checked.code).toBe(0)
      for (const result of Object.values(fixed.checked.report.browsers)) expect(result?.verdict.outcome).toBe('allowed')
      if (reads !== undefined) expect(fixed.checked.report.browsers.chromium?.verdict.exposedHeaders).toContain(reads)
      // The allowed origin is chosen per request: caches must key on it (OPTIONS answers are not cached).
      for (const exchange of fixed.checked.report.exchanges.filter((e) => e.kind === 'response')) {
        const vary = exchange.headers.filter(([n]) => n === 'vary').map(([, v]) => v).join(', ')
        expect(vary.toLowerCase().split(/\s*,\s*/), `Vary on the ${exchange.kind}`).toContain('origin')
      }
    }, 600_000)
  }
})
