import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exitCodeOf, formatReport, runCheck, type CheckReport } from '../../src/check/index.ts'
import type { ReasonId, Stage } from '../../src/engine/index.ts'
import { launch, type BrowserPage, type BrowserSession } from '../support/browsers/index.ts'
import { servers, startPage, type ApiServer, type Seen, type ServerId } from './servers.ts'

/*
 * `corslab check` against real APIs built with Express + cors, Fastify + @fastify/cors, Hono's cors
 * and hand-written node:http, each compared with real Chromium: the page at http://127.0.0.1:<p>
 * runs the same fetch against http://localhost:<api>, and what the page saw, what Chromium printed
 * and which requests reached the server are the ground truth check's Chromium verdict must match.
 */

interface Case {
  server: ServerId
  method: string
  path: string
  headers?: Record<string, string>
  credentials?: boolean
  /** What Chromium does (checked against Chromium too, so a case cannot silently stop covering it). */
  chromium: { outcome: 'allowed' } | { outcome: 'blocked'; stage: Stage; reason: ReasonId }
}

const json = { 'content-type': 'application/json' }
const auth = { authorization: 'Bearer t0ken' }
const allowed = { outcome: 'allowed' } as const
function bodyOf(c: Case): string | undefined {
  if (c.method !== 'PUT' && c.method !== 'POST') return undefined
  return c.headers?.['content-type'] === 'application/json' ? '{"name":"x"}' : 'x'
}
const blocked = (stage: Stage, reason: ReasonId) => ({ outcome: 'blocked', stage, reason }) as const

const cases: Case[] = [
  // Express + cors
  { server: 'expressDefaults', method: 'GET', path: '/api/items', chromium: allowed },
  { server: 'expressDefaults', method: 'PUT', path: '/api/items/1', headers: json, chromium: allowed },
  { server: 'expressDefaults', method: 'GET', path: '/api/items', credentials: true, chromium: blocked('response', 'wildcard-origin-with-credentials') },
  { server: 'expressDefaults', method: 'DELETE', path: '/api/items/1', headers: auth, credentials: true, chromium: blocked('preflight', 'wildcard-origin-with-credentials') },
  { server: 'expressOtherOrigin', method: 'GET', path: '/api/items', chromium: blocked('response', 'allow-origin-mismatch') },
  { server: 'expressOtherOrigin', method: 'PUT', path: '/api/items/1', headers: json, chromium: blocked('preflight', 'allow-origin-mismatch') },
  { server: 'expressReflectCredentials', method: 'GET', path: '/api/items', credentials: true, chromium: allowed },
  { server: 'expressReflectCredentials', method: 'PUT', path: '/api/items/1', headers: { ...json, ...auth }, credentials: true, chromium: allowed },
  { server: 'expressGetOnly', method: 'GET', path: '/api/items', chromium: allowed },
  { server: 'expressGetOnly', method: 'DELETE', path: '/api/items/1', chromium: blocked('preflight', 'method-not-allowed') },
  { server: 'expressGetOnly', method: 'POST', path: '/api/items', headers: { 'content-type': 'text/plain' }, chromium: allowed },
  { server: 'expressPerRoute', method: 'GET', path: '/api/items', chromium: allowed },
  { server: 'expressPerRoute', method: 'PUT', path: '/api/items/1', headers: json, chromium: blocked('preflight', 'missing-allow-origin') },
  // Fastify + @fastify/cors
  { server: 'fastifyDefaults', method: 'GET', path: '/api/items', chromium: allowed },
  { server: 'fastifyDefaults', method: 'PUT', path: '/api/items/1', headers: json, chromium: blocked('preflight', 'method-not-allowed') },
  { server: 'fastifyDefaults', method: 'DELETE', path: '/api/items/1', chromium: blocked('preflight', 'method-not-allowed') },
  { server: 'fastifyDefaults', method: 'POST', path: '/api/items', headers: json, chromium: allowed },
  { server: 'fastifyReflectCredentials', method: 'GET', path: '/api/items', credentials: true, chromium: allowed },
  { server: 'fastifyReflectCredentials', method: 'PUT', path: '/api/items/1', headers: json, credentials: true, chromium: blocked('preflight', 'method-not-allowed') },
  { server: 'fastifyContentTypeOnly', method: 'PUT', path: '/api/items/1', headers: { ...json, ...auth }, chromium: blocked('preflight', 'header-not-allowed') },
  { server: 'fastifyContentTypeOnly', method: 'PUT', path: '/api/items/1', headers: json, chromium: allowed },
  { server: 'fastifyContentTypeOnly', method: 'GET', path: '/api/items', headers: { 'x-request-id': 'r-42' }, chromium: blocked('preflight', 'header-not-allowed') },
  { server: 'fastifyWildcardCredentials', method: 'GET', path: '/api/items', credentials: true, chromium: blocked('response', 'wildcard-origin-with-credentials') },
  { server: 'fastifyWildcardCredentials', method: 'GET', path: '/api/items', chromium: allowed },
  { server: 'fastifyWildcardCredentials', method: 'POST', path: '/api/items', headers: json, credentials: true, chromium: blocked('preflight', 'wildcard-origin-with-credentials') },
  { server: 'fastifyStrictPreflight', method: 'PUT', path: '/api/items/1', headers: { ...json, 'x-request-id': 'r-42' }, chromium: allowed },
  { server: 'fastifyStarHeaders', method: 'PUT', path: '/api/items/1', headers: { 'x-request-id': 'r-42' }, chromium: allowed },
  { server: 'fastifyStarHeaders', method: 'PUT', path: '/api/items/1', headers: auth, chromium: allowed },
  { server: 'fastifyNoPreflight', method: 'PUT', path: '/api/items/1', headers: json, chromium: blocked('preflight', 'preflight-invalid-status') },
  { server: 'fastifyNoPreflight', method: 'GET', path: '/api/items', chromium: allowed },
  // Hono + hono/cors
  { server: 'honoDefaults', method: 'GET', path: '/api/items', chromium: allowed },
  { server: 'honoDefaults', method: 'DELETE', path: '/api/items/1', headers: auth, chromium: allowed },
  { server: 'honoDefaults', method: 'GET', path: '/api/items', credentials: true, chromium: blocked('response', 'wildcard-origin-with-credentials') },
  { server: 'honoGetPost', method: 'PUT', path: '/api/items/1', headers: json, chromium: blocked('preflight', 'method-not-allowed') },
  { server: 'honoGetPost', method: 'POST', path: '/api/items', headers: json, chromium: allowed },
  { server: 'honoWildcardCredentials', method: 'PUT', path: '/api/items/1', headers: json, credentials: true, chromium: blocked('preflight', 'wildcard-origin-with-credentials') },
  { server: 'honoListExpose', method: 'GET', path: '/api/items', credentials: true, chromium: allowed },
  { server: 'honoListExpose', method: 'GET', path: '/api/items', headers: { 'x-request-id': 'r-42' }, credentials: true, chromium: allowed },
  // node:http with classic mistakes
  { server: 'nodeTrailingSlash', method: 'GET', path: '/api/items', chromium: blocked('response', 'allow-origin-mismatch') },
  { server: 'nodeTrailingSlash', method: 'PUT', path: '/api/items/1', headers: json, chromium: blocked('preflight', 'allow-origin-mismatch') },
  { server: 'nodeDuplicateOrigin', method: 'GET', path: '/api/items', chromium: blocked('response', 'multiple-allow-origin') },
  { server: 'nodeDuplicateOrigin', method: 'DELETE', path: '/api/items/1', chromium: blocked('preflight', 'multiple-allow-origin') },
  { server: 'nodeAuthBeforeCors', method: 'GET', path: '/api/items', headers: auth, chromium: blocked('preflight', 'missing-allow-origin') },
  { server: 'nodeAuthAfterCors', method: 'GET', path: '/api/items', headers: auth, chromium: blocked('preflight', 'preflight-invalid-status') },
  { server: 'nodeRedirectOptions', method: 'PUT', path: '/api/items/1', headers: json, chromium: blocked('preflight', 'preflight-redirect') },
  { server: 'nodeRedirectOptions', method: 'GET', path: '/api/items', chromium: allowed },
  { server: 'nodeErrorsWithoutCors', method: 'GET', path: '/api/items/1', chromium: allowed },
  { server: 'nodeErrorsWithoutCors', method: 'GET', path: '/api/items/404', chromium: blocked('response', 'missing-allow-origin') },
  { server: 'nodeErrorsWithoutCors', method: 'DELETE', path: '/api/items/404', headers: { 'x-request-id': 'r-42' }, chromium: blocked('response', 'missing-allow-origin') },
]

/** Chromium's console text → reason id: the ground truth, read from what Chromium prints, not from the engine. */
const chromiumReasons: Array<[RegExp, ReasonId]> = [
  [/No 'Access-Control-Allow-Origin' header is present on the requested resource\./, 'missing-allow-origin'],
  [/The 'Access-Control-Allow-Origin' header has a value '[^']*' that is not equal to the supplied origin\./, 'allow-origin-mismatch'],
  [/The 'Access-Control-Allow-Origin' header contains multiple values '[^']*', but only one is allowed\./, 'multiple-allow-origin'],
  [/The 'Access-Control-Allow-Origin' header contains the invalid value/, 'invalid-allow-origin'],
  [/must not be the wildcard '\*' when the request's credentials mode is 'include'/, 'wildcard-origin-with-credentials'],
  [/'Access-Control-Allow-Credentials' header in the response is '[^']*' which must be 'true'/, 'invalid-allow-credentials'],
  [/It does not have HTTP ok status\./, 'preflight-invalid-status'],
  [/Redirect is not allowed for a preflight request\./, 'preflight-redirect'],
  [/Method \S+ is not allowed by Access-Control-Allow-Methods in preflight response\./, 'method-not-allowed'],
  [/Request header field \S+ is not allowed by Access-Control-Allow-Headers in preflight response\./, 'header-not-allowed'],
  [/Cannot parse Access-Control-Allow-Methods/, 'invalid-allow-methods'],
  [/Cannot parse Access-Control-Allow-Headers/, 'invalid-allow-headers'],
]

/** The header a fix for each server-side reason must name. */
const fixHeader: Partial<Record<ReasonId, string>> = {
  'missing-allow-origin': 'Access-Control-Allow-Origin',
  'allow-origin-mismatch': 'Access-Control-Allow-Origin',
  'invalid-allow-origin': 'Access-Control-Allow-Origin',
  'multiple-allow-origin': 'Access-Control-Allow-Origin',
  'wildcard-origin-with-credentials': 'Access-Control-Allow-Origin',
  'invalid-allow-credentials': 'Access-Control-Allow-Credentials',
  'method-not-allowed': 'Access-Control-Allow-Methods',
  'invalid-allow-methods': 'Access-Control-Allow-Methods',
  'header-not-allowed': 'Access-Control-Allow-Headers',
  'invalid-allow-headers': 'Access-Control-Allow-Headers',
}

interface PageResult {
  outcome: 'allowed' | 'blocked'
  status?: number
  headerNames?: string[]
  error?: string
}

/** Runs in the page. */
const pageFetch = String(async ({ url, init }: { url: string; init: RequestInit }) => {
  try {
    const r = await fetch(url, init)
    await r.arrayBuffer().catch(() => null)
    return { outcome: 'allowed', status: r.status, headerNames: [...r.headers.keys()] }
  } catch (e) {
    const err = e as Error
    return { outcome: 'blocked', error: `${err.name}: ${err.message}` }
  }
})

const isPreflight = (s: Seen) => s.method === 'OPTIONS' && s.headers['access-control-request-method'] !== undefined

/** What identifies a request for CORS: method, path, Origin, the Access-Control-Request-* lines, and the page's own headers. */
function signature(s: Seen, pageHeaders: string[]): string {
  const pick = ['origin', 'access-control-request-method', 'access-control-request-headers', ...(isPreflight(s) ? [] : pageHeaders)]
  return [`${s.method} ${s.path}`, ...pick.map((n) => `${n}=${s.headers[n] ?? '(none)'}`)].join(' ')
}

interface Observed {
  result: PageResult
  console: string[]
  seen: Seen[]
}

/** The same fetch, run by real Chromium from the page origin. */
async function inChromium(page: BrowserPage, api: ApiServer, c: Case, url: string): Promise<Observed> {
  page.takeConsole()
  api.clear()
  const init: RequestInit = { method: c.method, headers: c.headers ?? {}, credentials: c.credentials ? 'include' : 'same-origin' }
  const body = bodyOf(c)
  if (body !== undefined) init.body = body
  const result = await page.evaluate<PageResult>(pageFetch, { url, init })
  // Chromium's console lines arrive a moment after the promise settles: a blocked fetch's CORS line
  // is waited for (console events, up to 3 s); for an allowed one, what is printed within 200 ms.
  const lines: string[] = []
  const deadline = Date.now() + (result.outcome === 'allowed' ? 200 : 3000)
  for (;;) {
    lines.push(...(page.takeConsole() ?? []))
    if ((result.outcome !== 'allowed' && lines.some((l) => l.includes('CORS policy'))) || Date.now() >= deadline) break
    await page.nextConsole(deadline - Date.now())
  }
  return { result, console: lines, seen: [...api.seen] }
}

describe('check agrees with real Chromium on real CORS middleware', () => {
  let session: BrowserSession
  let page: BrowserPage
  let pageServer: Awaited<ReturnType<typeof startPage>>
  const apis = new Map<ServerId, ApiServer>()

  beforeAll(async () => {
    pageServer = await startPage()
    session = await launch('chromium')
    // One page for every case: each case fetches its own URL (?case=N), so no preflight-cache or
    // HTTP-cache entry of another case applies (a new context per case costs ~2 s here).
    page = await session.newPage()
    await page.goto(`${pageServer.origin}/`)
    for (const id of new Set(cases.map((c) => c.server))) apis.set(id, await servers[id].start(pageServer.origin))
  })

  afterAll(async () => {
    await page?.close()
    await session?.close()
    for (const api of apis.values()) await api.close()
    await pageServer?.close()
  })

  it('covers allowed and blocked, simple and preflighted, credentials, authorization and custom headers on every framework', () => {
    expect(cases.length).toBeGreaterThanOrEqual(24)
    for (const framework of ['express', 'fastify', 'hono', 'node'] as const) {
      const mine = cases.filter((c) => servers[c.server].framework === framework)
      expect(mine.some((c) => c.chromium.outcome === 'allowed'), framework).toBe(true)
      expect(mine.some((c) => c.chromium.outcome === 'blocked'), framework).toBe(true)
    }
    const reasons = new Set(cases.map((c) => (c.chromium.outcome === 'blocked' ? c.chromium.reason : 'allowed')))
    expect(reasons.size).toBeGreaterThanOrEqual(9)
    expect(cases.some((c) => c.credentials && c.chromium.outcome === 'allowed')).toBe(true)
    expect(cases.some((c) => c.headers?.['authorization'])).toBe(true)
    expect(cases.some((c) => c.headers?.['x-request-id'])).toBe(true)
  })

  for (const [index, c] of cases.entries()) {
    const flags = [c.headers ? Object.keys(c.headers).join('+') : '', c.credentials ? 'credentials' : ''].filter(Boolean).join(', ')
    const expectation = c.chromium.outcome === 'allowed' ? 'allowed' : `${c.chromium.stage}: ${c.chromium.reason}`
    it(`${servers[c.server].name} | ${c.method} ${c.path}${flags ? ` (${flags})` : ''} -> ${expectation}`, async () => {
      const api = apis.get(c.server) as ApiServer
      const url = `${api.url}${c.path}?case=${index}`
      const observed = await inChromium(page, api, c, url)

      api.clear()
      const report: CheckReport = await runCheck({
        url,
        origin: pageServer.origin,
        method: c.method,
        headers: Object.entries(c.headers ?? {}),
        credentials: c.credentials ?? false,
        timeoutMs: 5000,
        // The same body the page sends: Fastify's JSON parser refuses an empty one with 400.
        ...(bodyOf(c) === undefined ? {} : { body: bodyOf(c) as string }),
      })
      const checkSeen = [...api.seen]

      // What Chromium did, read from the page, its console and the server's log.
      const browserPreflights = observed.seen.filter(isPreflight)
      const browserRequests = observed.seen.filter((s) => !isPreflight(s))
      const corsLine = observed.console.find((l) => l.includes('CORS policy'))
      const chromiumStage: Stage | undefined =
        observed.result.outcome === 'allowed' ? undefined : browserRequests.length > 0 ? 'response' : browserPreflights.length > 0 ? 'preflight' : 'request'
      const chromiumReason = corsLine === undefined ? undefined : chromiumReasons.find(([re]) => re.test(corsLine))?.[1]

      // The case is what it says it is, in the browser.
      expect(observed.result.outcome, `Chromium: ${observed.result.error ?? ''} ${observed.console.join(' | ')}`).toBe(c.chromium.outcome)
      if (c.chromium.outcome === 'blocked') {
        expect(corsLine, observed.console.join('\n')).toBeDefined()
        expect({ stage: chromiumStage, reason: chromiumReason }).toEqual({ stage: c.chromium.stage, reason: c.chromium.reason })
      } else {
        expect(observed.console.filter((l) => l.includes('CORS'))).toEqual([])
      }

      // check's Chromium verdict is what Chromium did.
      const chromium = report.browsers.chromium
      expect(chromium, 'check gave no Chromium verdict').toBeDefined()
      const verdict = chromium!.verdict
      expect({ outcome: verdict.outcome, stage: verdict.stage, reason: verdict.reason }).toEqual({
        outcome: observed.result.outcome,
        stage: chromiumStage,
        reason: chromiumReason,
      })
      if (verdict.outcome === 'blocked') {
        expect(observed.console, 'Chromium did not print the message check gave').toContain(verdict.message)
        expect(report.outcome).toBe('blocked')
      } else {
        expect(observed.result.status, 'Chromium saw an error status').toBeLessThan(300)
        expect(verdict.status).toBe(observed.result.status)
        expect([...(verdict.exposedHeaders ?? [])].sort()).toEqual([...(observed.result.headerNames ?? [])].sort())
        expect(verdict.message).toBeUndefined()
      }

      // check sent the browser's preflight, and the request only where the browser sends it too.
      const pageHeaders = Object.keys(c.headers ?? {})
      expect(report.preflight.due).toBe(browserPreflights.length > 0)
      expect(verdict.preflight === null).toBe(browserPreflights.length === 0)
      const everyPreflightRefused = Object.values(report.browsers).every((r) => r?.verdict.outcome === 'blocked' && r.verdict.stage === 'preflight')
      if (everyPreflightRefused) {
        expect(checkSeen.filter((s) => !isPreflight(s)), 'check sent a request every preflight refused').toEqual([])
      }
      if (browserRequests.length === 0 && !everyPreflightRefused) {
        // Another browser's preflight passed, so check sent the request for it: only the preflights must match.
        expect(checkSeen.filter(isPreflight).map((s) => signature(s, pageHeaders))).toEqual(browserPreflights.map((s) => signature(s, pageHeaders)))
      } else {
        expect(checkSeen.map((s) => signature(s, pageHeaders))).toEqual(observed.seen.map((s) => signature(s, pageHeaders)))
      }
      const preflightExchange = report.exchanges.find((e) => e.kind === 'preflight')
      if (browserPreflights[0]) {
        const sent = Object.fromEntries(preflightExchange?.requestHeaders ?? [])
        expect(sent['access-control-request-method']).toBe(browserPreflights[0].headers['access-control-request-method'])
        expect(sent['access-control-request-headers']).toBe(browserPreflights[0].headers['access-control-request-headers'])
      } else {
        expect(preflightExchange).toBeUndefined()
      }

      // The fix: none when allowed; for a header the server must send, that header, named in the text.
      if (verdict.outcome === 'allowed') {
        expect(chromium!.fix).toBeNull()
        return
      }
      const fix = chromium!.fix
      expect(fix).not.toBeNull()
      const header = fixHeader[verdict.reason as ReasonId]
      if (header) {
        expect(fix!.header).toBe(header)
        expect(fix!.text).toContain(header)
        expect(fix!.where).toBe(verdict.stage)
        if (header === 'Access-Control-Allow-Origin') expect(fix!.value).toBe(pageServer.origin)
        if (verdict.reason === 'method-not-allowed') expect(fix!.value).toBe(c.method)
        if (verdict.reason === 'header-not-allowed') expect(corsLine).toContain(`Request header field ${fix!.value} is not allowed`)
      } else {
        // A preflight refused for its status or a redirect: the fix is on the OPTIONS answer itself.
        expect(fix!.where).toBe('preflight')
        expect(fix!.text).toMatch(/OPTIONS/)
      }
    }, 30_000)
  }

  it('with redirect manual, check stops at the redirect and gives the opaque-redirect outcome fetch() resolves with; exit 0', async () => {
    const api = apis.get('nodeRedirectOptions') as ApiServer
    api.clear()
    const url = `${api.url}/api/items?manual`
    // Chromium: fetch(url, { redirect: 'manual' }) resolves with the opaque-redirect response, the redirect not followed.
    const inChromium = await page.evaluate<{ type: string; status: number }>(
      String(async ({ url }: { url: string }) => {
        const r = await fetch(url, { redirect: 'manual' })
        return { type: r.type, status: r.status }
      }),
      { url },
    )
    expect(inChromium).toEqual({ type: 'opaqueredirect', status: 0 })
    expect(api.seen.map((s) => `${s.method} ${s.path}`)).toEqual(['GET /api/items?manual'])
    api.clear()
    const report = await runCheck({ url, origin: pageServer.origin, redirect: 'manual' })
    expect(api.seen.map((s) => `${s.method} ${s.path}`)).toEqual(['GET /api/items?manual'])
    expect(report.outcome).toBe('opaque')
    for (const result of Object.values(report.browsers)) expect(result?.verdict).toMatchObject({ outcome: 'opaque', status: 0, redirected: false })
    expect(exitCodeOf(report)).toBe(0)
    expect(formatReport(report)).toMatch(/Chromium, Firefox, WebKit: OPAQUE REDIRECT/)
  })

  it('with redirect error, check stops at the redirect: a network error in every browser; exit 1', async () => {
    const api = apis.get('nodeRedirectOptions') as ApiServer
    api.clear()
    const url = `${api.url}/api/items?error`
    const inChromium = await page.evaluate<string>(
      String(async ({ url }: { url: string }) => fetch(url, { redirect: 'error' }).then((r) => `resolved ${r.status}`, (e: Error) => `${e.name}: ${e.message}`)),
      { url },
    )
    expect(inChromium).toBe('TypeError: Failed to fetch')
    api.clear()
    const report = await runCheck({ url, origin: pageServer.origin, redirect: 'error' })
    expect(api.seen.map((s) => `${s.method} ${s.path}`)).toEqual(['GET /api/items?error'])
    expect(report.browsers.chromium?.verdict.error).toBe(inChromium.replace('TypeError: ', ''))
    expect(report.outcome).toBe('blocked')
    for (const result of Object.values(report.browsers)) expect(result?.verdict).toMatchObject({ outcome: 'blocked', stage: 'redirect', reason: 'network-error' })
    expect(exitCodeOf(report)).toBe(1)
  })
})
