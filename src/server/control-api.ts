import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isCorslabError } from '../errors.ts'
import { dashboardHtml } from './dashboard.ts'
import type { JournalEvent, JournalReader } from '../shared/journal.ts'
import { hostProblem, originProblem, ownOrigins, tokenMatches, tokenOf } from './access.ts'
import { sessionIdProblem, type ScenarioState } from './scenario-state.ts'

export const controlPrefix = '/__corslab'

export interface ControlContext {
  state: ScenarioState
  journal: JournalReader
  /** When set, every control request must carry it. */
  token: string | undefined
  /** The dashboard's own port (the "page origin"), whose pages may call the control API cross-origin. */
  pagePort: number | undefined
  /** The API's port, once it listens. */
  port: number | undefined
  /** The Host names the control API and dashboard answer (ownHostNames); any other gets a 403. */
  hostNames: string[]
  /** The dashboard's URL, for the page served on the API's own origin to link to. */
  pageUrl: string | undefined
  /** The backend behind --upstream, for the dashboard to name. */
  upstream?: string | undefined
}

const endpoints: Record<string, string[]> = {
  '/': ['GET'],
  '/scenarios': ['GET'],
  '/scenario': ['GET', 'PUT'],
  '/journal': ['GET', 'DELETE'],
  '/events': ['GET'],
  '/sessions': ['GET'],
  '/sessions/:id': ['GET', 'PUT', 'DELETE'],
}

// The endpoints key a control path falls under (`/sessions/abc` -> `/sessions/:id`).
function endpointOf(path: string): string {
  return /^\/sessions\/[^/]+$/.test(path) ? '/sessions/:id' : path
}

const keepAliveMs = 15_000

// The dashboard's exact origin, under each of the server's names: the page that may call cross-origin.
function allowedOrigin(ctx: ControlContext, origin: string | undefined): boolean {
  return origin !== undefined && ownOrigins(ctx.hostNames, [ctx.pagePort]).includes(origin)
}

function corsHeaders(ctx: ControlContext, request: FastifyRequest): Record<string, string> {
  const origin = request.headers.origin
  if (!allowedOrigin(ctx, origin)) return {}
  return { 'access-control-allow-origin': origin as string, vary: 'Origin' }
}

/**
 * Why a control request is refused: a Host that is not the server's own (DNS rebinding), or a page
 * on another origin (only the dashboard and the API's own pages may call; programs send no Origin).
 */
function accessProblem(ctx: ControlContext, request: FastifyRequest): string | undefined {
  const host = hostProblem(request.headers.host, { hostNames: ctx.hostNames, port: ctx.port })
  if (host !== undefined || ctx.port === undefined) return host
  return originProblem(request.headers.origin, ownOrigins(ctx.hostNames, [ctx.port, ctx.pagePort]))
}

function fail(reply: FastifyReply, status: number, error: string, extra: Record<string, unknown> = {}): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error, ...extra })
}

/** Reads a JSON body `{ [field]: "scenario-name" }`; every complaint shows the expected shape. */
function parseBody(body: unknown, field: string): { name: string } | { error: string } {
  const text = Buffer.isBuffer(body) ? body.toString('utf8').trim() : ''
  const shape = `Send a JSON body such as {"${field}": "missing-allow-origin"}`
  if (text === '') return { error: `the body is empty. ${shape}.` }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { error: `the body is not JSON (${(error as Error).message}). ${shape}.` }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: `the body must be a JSON object, not ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}. ${shape}.` }
  const unknown = Object.keys(value).filter((k) => k !== field)
  if (unknown.length > 0) return { error: `unknown field ${unknown.map((k) => JSON.stringify(k)).join(', ')}; the body has only "${field}". ${shape}.` }
  const name = (value as Record<string, unknown>)[field]
  if (name === undefined) return { error: `the body has no "${field}". ${shape}.` }
  if (typeof name !== 'string' || name === '') return { error: `"${field}" must be a scenario name (a string), got ${JSON.stringify(name)}. ${shape}.` }
  return { name }
}

/**
 * The control API under /__corslab/ (DESIGN.md): not subject to scenarios; answers only the
 * server's own Host names; callable cross-origin from the dashboard's exact origin and no other
 * page; behind the token when the server is reachable from elsewhere.
 */
export function registerControlApi(app: FastifyInstance, ctx: ControlContext): void {
  // Open event streams never end by themselves: closing the server ends them instead of waiting.
  const streams = new Set<import('node:http').ServerResponse>()
  app.addHook('preClose', async () => {
    for (const raw of streams) raw.end()
  })
  app.addHook('onRequest', async (request, reply) => {
    const url = request.raw.url ?? ''
    if (url !== controlPrefix && !url.startsWith(`${controlPrefix}/`) && !url.startsWith(`${controlPrefix}?`)) return
    const problem = accessProblem(ctx, request)
    if (problem !== undefined) return fail(reply, 403, problem)
    for (const [name, value] of Object.entries(corsHeaders(ctx, request))) reply.header(name, value)
    if (request.raw.method === 'OPTIONS') {
      if (allowedOrigin(ctx, request.headers.origin)) {
        reply.header('access-control-allow-methods', 'GET, PUT, DELETE')
        reply.header('access-control-allow-headers', 'content-type, authorization, x-corslab-token')
        reply.header('access-control-max-age', '600')
      }
      return reply.code(204).send()
    }
    if (ctx.token !== undefined && !tokenMatches(tokenOf(request.raw), ctx.token)) {
      return fail(reply, 401, 'this server is reachable from other machines, so the control API needs its token: add ?token=TOKEN to the URL or send Authorization: Bearer TOKEN (corslab serve printed the token).')
    }
  })

  app.get(controlPrefix, (request, reply) => reply.redirect(`${controlPrefix}/${(request.raw.url ?? '').includes('?') ? `?${(request.raw.url ?? '').split('?')[1]}` : ''}`))

  app.get(`${controlPrefix}/`, (request, reply) => {
    const html = dashboardHtml({
      api: '',
      token: ctx.token === undefined ? undefined : tokenOf(request.raw),
      crossOrigin: false,
      ...(ctx.pageUrl === undefined ? {} : { pageUrl: ctx.pageUrl }),
      ...(ctx.upstream === undefined ? {} : { upstream: ctx.upstream }),
    })
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html)
  })

  app.get(`${controlPrefix}/scenarios`, () => ctx.state.scenarios)

  app.get(`${controlPrefix}/scenario`, () => ctx.state.active)

  app.put(`${controlPrefix}/scenario`, (request, reply) => {
    const body = parseBody(request.body, 'name')
    if ('error' in body) return fail(reply, 400, body.error)
    try {
      return ctx.state.activate(body.name)
    } catch (error) {
      if (!isCorslabError(error, 'E_SCENARIO_NOT_FOUND')) throw error
      return fail(reply, 404, error.message.replace(/^\[corslab\] /, ''), { scenarios: ctx.state.scenarios.map((s) => s.name) })
    }
  })

  app.get(`${controlPrefix}/sessions`, () => ctx.state.sessions())

  app.get<{ Params: { id: string } }>(`${controlPrefix}/sessions/:id`, (request, reply) => {
    const { id } = request.params
    const scenario = ctx.state.session(id)
    if (scenario === undefined) return fail(reply, 404, `no session ${JSON.stringify(id)}; create it with PUT ${controlPrefix}/sessions/${id} and a body such as {"scenario": "allow-all"}.`)
    return { id, scenario: scenario.name }
  })

  // A session is a `/@ID/` prefix whose scenario a test re-points without changing its URLs.
  app.put<{ Params: { id: string } }>(`${controlPrefix}/sessions/:id`, (request, reply) => {
    const { id } = request.params
    const problem = sessionIdProblem(id, ctx.state.scenarios)
    if (problem !== undefined) return fail(reply, 400, problem)
    const body = parseBody(request.body, 'scenario')
    if ('error' in body) return fail(reply, 400, body.error)
    try {
      const { scenario, created } = ctx.state.setSession(id, body.name)
      return reply.code(created ? 201 : 200).send({ id, scenario: scenario.name })
    } catch (error) {
      if (!isCorslabError(error, 'E_SCENARIO_NOT_FOUND')) throw error
      return fail(reply, 404, error.message.replace(/^\[corslab\] /, ''), { scenarios: ctx.state.scenarios.map((s) => s.name) })
    }
  })

  app.delete<{ Params: { id: string } }>(`${controlPrefix}/sessions/:id`, (request, reply) => {
    const { id } = request.params
    if (!ctx.state.deleteSession(id)) return fail(reply, 404, `no session ${JSON.stringify(id)} to delete.`)
    return reply.code(204).send()
  })

  // `?session=ID` keeps one session's entries: what a test that owns that session saw.
  app.get<{ Querystring: { session?: string } }>(`${controlPrefix}/journal`, (request) => {
    const { session } = request.query
    const entries = ctx.journal.entries()
    return session === undefined ? entries : entries.filter((e) => e.session === session)
  })

  app.delete(`${controlPrefix}/journal`, (_request, reply) => {
    ctx.journal.clear()
    return reply.code(204).send()
  })

  app.get(`${controlPrefix}/events`, (request, reply) => {
    reply.hijack()
    const raw = reply.raw
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      ...corsHeaders(ctx, request),
    })
    raw.write(`event: hello\ndata: ${JSON.stringify({ scenario: ctx.state.active.name })}\n\n`)
    const send = (event: JournalEvent) => {
      if (!raw.destroyed) raw.write(`event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`)
    }
    const unsubscribe = ctx.journal.subscribe(send)
    const timer = setInterval(() => raw.destroyed || raw.write(': keep-alive\n\n'), keepAliveMs)
    streams.add(raw)
    request.raw.on('close', () => {
      streams.delete(raw)
      clearInterval(timer)
      unsubscribe()
    })
  })

  app.all(`${controlPrefix}/*`, (request, reply) => {
    const path = (request.raw.url ?? '').slice(controlPrefix.length).split('?')[0] ?? ''
    const methods = endpoints[endpointOf(path)]
    // Fastify matches no route for a parameter over 100 characters: that id is what is wrong.
    if (methods !== undefined && methods.includes(request.raw.method ?? '') && path.startsWith('/sessions/')) {
      const id = path.slice('/sessions/'.length)
      return fail(reply, 400, sessionIdProblem(id, ctx.state.scenarios) ?? `the session id ${JSON.stringify(id)} is not usable.`)
    }
    if (methods !== undefined) {
      reply.header('allow', methods.join(', '))
      return fail(reply, 405, `${request.raw.method} ${controlPrefix}${path} is not supported; use ${methods.join(' or ')}.`)
    }
    return fail(reply, 404, `no control endpoint ${controlPrefix}${path}.`, { endpoints: Object.entries(endpoints).map(([p, m]) => `${m.join('|')} ${controlPrefix}${p}`) })
  })
}
