// The whole catalog over real HTTP, through one way of answering behind the scenario: every
// scenario's probe, under its /@NAME/ prefix and as the active scenario, against the table below.
// Split into one test file per way (scenarios-http-*.test.ts), so that Vitest runs them side by side.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { corsUnsafeRequestHeaderNames, preflightHeaders } from '../../src/engine/index.ts'
import { answer, catalog, getScenario } from '../../src/scenarios/index.ts'
import { startServer, type JournalEntry, type RunningServer, type ServerOptions } from '../../src/server/index.ts'
import type { Backend } from './backend.ts'
import { corsLines, send, values } from './http.ts'

const O = 'http://localhost:3000'

// What the server sends for each probe from origin O: the preflight's status (null: the probe needs
// none), the request's status, and its Access-Control-Allow-Origin lines. Written out by hand.
export const table: Record<string, { preflight: number | null, request: number, acao: string[] }> = {
  'allow-all': { preflight: 204, request: 200, acao: [O] },
  'allow-list': { preflight: null, request: 200, acao: [] },
  'missing-allow-origin': { preflight: null, request: 200, acao: [] },
  'allow-origin-mismatch': { preflight: null, request: 200, acao: ['https://app.example.com'] },
  'allow-origin-trailing-slash': { preflight: null, request: 200, acao: [`${O}/`] },
  'multiple-allow-origin': { preflight: null, request: 200, acao: [`https://app.example.com, ${O}`] },
  'duplicate-allow-origin': { preflight: null, request: 200, acao: [O, '*'] },
  'null-allow-origin': { preflight: null, request: 200, acao: ['null'] },
  'wildcard-with-credentials': { preflight: null, request: 401, acao: ['*'] },
  'missing-allow-credentials': { preflight: null, request: 401, acao: [O] },
  'invalid-allow-credentials': { preflight: null, request: 401, acao: [O] },
  'missing-preflight': { preflight: 404, request: 200, acao: [O] },
  'preflight-requires-auth': { preflight: 401, request: 200, acao: [O] },
  'preflight-error-status': { preflight: 405, request: 200, acao: [O] },
  'preflight-redirect': { preflight: 301, request: 201, acao: [O] },
  'disallowed-method': { preflight: 204, request: 200, acao: [O] },
  'fastify-cors-defaults': { preflight: 204, request: 200, acao: ['*'] },
  'disallowed-header': { preflight: 204, request: 201, acao: [O] },
  'wildcard-headers-authorization': { preflight: 204, request: 200, acao: ['*'] },
  'wildcard-with-credentials-preflight': { preflight: 204, request: 200, acao: [O] },
  'preflight-only-cors': { preflight: 204, request: 200, acao: [] },
  'error-responses-without-cors': { preflight: null, request: 500, acao: [] },
  'hidden-response-header': { preflight: null, request: 200, acao: [O] },
  'expose-headers-wildcard-with-credentials': { preflight: null, request: 200, acao: [O] },
  'redirect-cross-origin': { preflight: null, request: 302, acao: [O] },
  'preflight-cache': { preflight: 204, request: 200, acao: [O] },
  'vary-origin-missing': { preflight: null, request: 200, acao: ['https://app.example.com'] },
  'slow-preflight': { preflight: 204, request: 200, acao: [O] },
  'null-origin-allowed': { preflight: null, request: 200, acao: [O] },
  'unanchored-origin-pattern': { preflight: null, request: 200, acao: [O] },
  'suffix-match': { preflight: null, request: 200, acao: [O] },
}

export function scenariosOverHttp(mode: string, setUp: () => Promise<{ options: ServerOptions, backend?: Backend }>): void {
describe(`through ${mode}`, () => {
  let server: RunningServer
  let backend: Backend | undefined
  beforeAll(async () => {
    const setup = await setUp()
    backend = setup.backend
    server = await startServer({ port: 0, pagePort: false, ...setup.options })
  })
  afterAll(async () => {
    await server.close()
    await backend?.close()
  })

  async function journalSince(id: number): Promise<JournalEntry[]> {
    const entries = (await (await fetch(`${server.url}/__corslab/journal`)).json()) as JournalEntry[]
    return entries.filter((e) => e.id > id)
  }

  async function lastId(): Promise<number> {
    const entries = (await (await fetch(`${server.url}/__corslab/journal`)).json()) as JournalEntry[]
    return entries.at(-1)?.id ?? 0
  }

  async function exercise(name: string, prefixed: boolean) {
    const scenario = getScenario(name)
    const row = table[name]!
    const { probe } = scenario
    const base = prefixed ? `${server.url}/@${name}` : server.url
    const host = new URL(server.url).host
    const before = await lastId()
    const probeHeaders = Object.entries(probe.headers ?? {})

    if (row.preflight !== null) {
      expect(scenario.expect.chromium.preflight).toBe(true)
      const headers = preflightHeaders(probe.method, corsUnsafeRequestHeaderNames(probeHeaders), O)
      const res = await send(base + probe.path, { method: 'OPTIONS', headers })
      expect(res.status).toBe(row.preflight)
      const expected = answer(scenario, { method: 'OPTIONS', path: probe.path, headers: [['host', host], ...headers] }, { status: 404 })
      expect(corsLines(res.lines)).toEqual(corsLines(expected.headers))
      if (name === 'slow-preflight') expect(res.ms).toBeGreaterThanOrEqual(2900)
      if (name === 'preflight-redirect') expect(values(res.lines, 'location')).toEqual([`${probe.path}/`])
    }

    const headers: Array<[string, string]> = [...probeHeaders, ['origin', O]]
    const withBody = !['GET', 'HEAD'].includes(probe.method)
    const res = await send(base + probe.path, { method: probe.method, headers, ...(withBody ? { body: '{}' } : {}) })
    expect(res.status).toBe(row.request)
    expect(values(res.lines, 'access-control-allow-origin')).toEqual(row.acao)
    const expected = answer(scenario, { method: probe.method, path: probe.path, headers: [['host', host], ...headers] }, { status: row.request })
    expect(corsLines(res.lines)).toEqual(corsLines(expected.headers))

    const entries = await journalSince(before)
    expect(entries.map((e) => [e.scenario, e.preflight, e.status])).toEqual([
      ...(row.preflight === null ? [] : [[name, true, row.preflight]]),
      [name, false, row.request],
    ])
    const chromium = scenario.expect.chromium
    const judged = chromium.stage === 'preflight' ? entries[0] : entries.at(-1)
    if (name !== 'redirect-cross-origin') {
      expect(judged?.verdict).toMatchObject({ outcome: chromium.outcome, ...(chromium.reason ? { reason: chromium.reason, stage: chromium.stage } : {}) })
    }

    if (name === 'redirect-cross-origin') {
      const port = new URL(server.url).port
      const location = `http://localhost:${port}/@redirect-cross-origin/login?next=/api/items`
      expect(values(res.lines, 'location')).toEqual([location])
      // The browser follows it from another origin, so with Origin: null; the login page has no CORS.
      const login = await send(location.replace('localhost', '127.0.0.1'), { headers: [['host', `localhost:${port}`], ['origin', 'null']] })
      expect(login.status).toBe(404)
      expect(corsLines(login.lines)).toEqual([])
      const [, loginEntry] = await journalSince(before)
      expect(loginEntry?.verdict).toMatchObject({ outcome: 'blocked', stage: 'response', reason: 'missing-allow-origin' })
    }
  }

  test.each(catalog.map((s) => s.name))('%s under /@NAME/', async (name) => {
    await exercise(name, true)
  }, 20_000)

  test.each(catalog.map((s) => s.name))('%s as the active scenario', async (name) => {
    const put = await fetch(`${server.url}/__corslab/scenario`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) })
    expect(put.status).toBe(200)
    await exercise(name, false)
  }, 20_000)
})
}
