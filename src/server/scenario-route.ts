import type { FastifyReply, FastifyRequest } from 'fastify'
import type { HeaderList } from '../engine/index.ts'
import { getFirst, headerNameMatcher } from '../scenarios/headers.ts'
import { answer, type RouteAnswer, type Scenario, type ScenarioRequest } from '../scenarios/index.ts'
import type { Journal } from './journal.ts'
import { rawHeaderList, sendableLine } from './raw-headers.ts'
import { json, type RouteHandler, type RouteRequest } from './route-types.ts'
import { sessionIdProblem, type ScenarioState } from './scenario-state.ts'
import { judge } from './verdict.ts'

export interface ScenarioRouteContext {
  state: ScenarioState
  journal: Journal
  routes: RouteHandler
}

/** A request target in absolute form (`http://host/path?q`, RFC 9112 3.2.2) as its path and query. */
export function originForm(target: string): string {
  if (target.startsWith('/') || target === '*') return target
  try {
    const url = new URL(target)
    return `${url.pathname}${url.search}`
  } catch {
    return target
  }
}

/** `/@NAME/rest` → NAME (a scenario or session) and `/rest`; any other path → no name. */
export function splitScenarioPrefix(url: string): { name?: string, path: string } {
  const match = /^\/@([^/?]*)(.*)$/.exec(url)
  if (match === null) return { path: url }
  const rest = match[2] ?? ''
  let name = match[1] ?? ''
  try {
    name = decodeURIComponent(name)
  } catch {}
  return { name, path: rest.startsWith('/') ? rest : `/${rest}` }
}

// Node computes these per message; a scenario cannot set them.
const managed = ['content-length', 'transfer-encoding', 'connection', 'keep-alive'].map(headerNameMatcher)
const accessControlRequest = headerNameMatcher('access-control-request-*')

function bodyBytes(body: string | Uint8Array | undefined): Buffer {
  if (body === undefined) return Buffer.alloc(0)
  return typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
}

function sleep(ms: number, request: FastifyRequest): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      request.raw.off('close', done)
      resolve()
    }
    request.raw.once('close', done)
  })
}

/** Sends an answer exactly: repeated lines kept, in order; lines Node cannot send are left out. */
export function sendAnswer(reply: FastifyReply, status: number, headers: HeaderList, body: string | Uint8Array | undefined): HeaderList {
  reply.hijack()
  const bytes = bodyBytes(body)
  const lines = headers.filter((line) => sendableLine(line) && !managed.some((m) => m(line[0])))
  if (status !== 204 && status !== 304) lines.push(['Content-Length', String(bytes.length)])
  else if (headers.some(([n]) => n.toLowerCase() === 'content-length')) lines.push(['Content-Length', '0'])
  const raw = reply.raw
  if (raw.destroyed) return lines
  raw.writeHead(status, lines.flat())
  raw.end(status === 204 || status === 304 ? undefined : bytes)
  return lines
}

async function routeAnswer(routes: RouteHandler, request: RouteRequest): Promise<RouteAnswer> {
  try {
    return await routes.handle(request)
  } catch (error) {
    return json(500, { error: `the route failed: ${(error as Error).message}` })
  }
}

/**
 * Serves one request under a scenario (the `/@NAME/` prefix's, the `/@SESSION/` prefix's current
 * one, or the active one): the scenario's
 * answer around the route's, sent as is, then written to the journal with the engine's verdict.
 */
export async function serveScenario(ctx: ScenarioRouteContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const url = originForm(request.raw.url ?? '/')
  const { name, path } = splitScenarioPrefix(url)
  let scenario: Scenario
  let session: string | undefined
  if (name === undefined) {
    scenario = ctx.state.active
  } else {
    // A scenario name wins over a session id (ids that are scenario names are refused anyway).
    const named = ctx.state.find(name)
    const found = named ?? ctx.state.session(name)
    if (found === undefined) {
      const names = ctx.state.scenarios.map((s) => s.name)
      const orSession = sessionIdProblem(name, ctx.state.scenarios) === undefined ? `, or create the session first with PUT /__corslab/sessions/${name}` : ''
      const error = json(404, {
        error: `no scenario named ${JSON.stringify(name)} and no session with that id (from the path prefix /@${name}/). Use one of the names listed${orSession}.`,
        scenarios: names,
      })
      sendAnswer(reply, 404, [...(error.headers as HeaderList), ['Access-Control-Allow-Origin', '*']], error.body)
      return
    }
    scenario = found
    if (named === undefined) session = name
  }

  const headers = rawHeaderList(request.raw.rawHeaders)
  const method = request.raw.method ?? 'GET'
  const scenarioRequest: ScenarioRequest = { method, path, headers }
  let result = answer(scenario, scenarioRequest)
  if (result.from === 'route') {
    const body = Buffer.isBuffer(request.body) ? new Uint8Array(request.body) : undefined
    const routeRequest: RouteRequest = { method, path, headers, ...(body === undefined ? {} : { body }) }
    result = answer(scenario, scenarioRequest, await routeAnswer(ctx.routes, routeRequest))
  }
  if (result.delayMs !== undefined) await sleep(result.delayMs, request)
  const sent = sendAnswer(reply, result.status, result.headers, result.body)

  const requestHeaders: Record<string, string> = {}
  for (const [n, v] of headers) {
    if (accessControlRequest(n)) requestHeaders[n.toLowerCase()] = requestHeaders[n.toLowerCase()] === undefined ? v : `${requestHeaders[n.toLowerCase()]}, ${v}`
  }
  ctx.journal.add({
    scenario: scenario.name,
    method,
    path,
    ...(session === undefined ? {} : { session }),
    origin: getFirst(headers, 'origin') ?? null,
    preflight: result.preflight,
    requestHeaders,
    status: result.status,
    responseHeaders: sent,
    verdict: judge({
      url: `http://${getFirst(headers, 'host') ?? 'localhost'}${url}`,
      method,
      requestHeaders: headers,
      preflight: result.preflight,
      status: result.status,
      responseHeaders: sent,
      probeCredentials: scenario.probe.credentials ?? 'omit',
    }),
  })
}
