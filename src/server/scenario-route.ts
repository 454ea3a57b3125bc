import type { IncomingMessage, ServerResponse } from 'node:http'
import type { HeaderList } from '../engine/index.ts'
import { prepareAnswer } from '../scenarios/answer.ts'
import { unknownScenarioMessage } from '../scenarios/did-you-mean.ts'
import { sameName } from '../scenarios/headers.ts'
import type { RouteAnswer, Scenario, ScenarioAnswer } from '../scenarios/types.ts'
import type { Journal } from '../shared/journal.ts'
import { json, type RouteHandler } from '../shared/route-handler.ts'
import { splitScenarioPrefix } from '../shared/scenario-prefix.ts'
import { rawHeaderList, sendableLine } from './raw-headers.ts'
import { sessionIdProblem, type ScenarioState } from './scenario-state.ts'
import type { Served } from './served-entry.ts'

export interface ScenarioRouteContext {
  state: ScenarioState
  journal: Journal<Served>
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

// Node computes these per message; a scenario cannot set them.
function managed(name: string): boolean {
  return sameName(name, 'content-length') || sameName(name, 'transfer-encoding') || sameName(name, 'connection') || sameName(name, 'keep-alive')
}

function sleep(ms: number, request: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      request.off('close', done)
      resolve()
    }
    request.once('close', done)
  })
}

// The flat lines Node can send (a name that is a token, a value of visible Latin-1 characters).
function sendable(flat: string[]): string[] {
  const kept: string[] = []
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const line: [string, string] = [flat[i] as string, flat[i + 1] as string]
    if (sendableLine(line)) kept.push(line[0], line[1])
  }
  return kept
}

/**
 * Sends an answer exactly: repeated lines kept, in order; lines Node cannot send are left out.
 * Returns the lines sent, flat (`[name, value, name, value, ...]`).
 */
export function sendAnswer(res: ServerResponse, status: number, headers: HeaderList, body: string | Uint8Array | undefined): string[] {
  let flat: string[] = []
  let hadLength = false
  for (const line of headers) {
    if (managed(line[0])) {
      hadLength ||= sameName(line[0], 'content-length')
      continue
    }
    flat.push(line[0], line[1])
  }
  const bodyless = status === 204 || status === 304
  // One string for the head and the body: Node then writes both in one packet (a Buffer body goes
  // out as a second write). latin1 keeps the bytes of a binary body as they are.
  let text = ''
  if (!bodyless && body !== undefined) {
    text = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1')
  }
  if (!bodyless) flat.push('Content-Length', String(typeof body === 'string' ? Buffer.byteLength(body) : text.length))
  else if (hadLength) flat.push('Content-Length', '0')
  if (res.destroyed) return sendable(flat)
  // Node checks every line as it writes the head, and refuses the whole head for one it cannot
  // send (a scenario's value with a character beyond Latin-1): only then are the lines sorted out,
  // so that an answer is not checked twice on its way out.
  try {
    res.writeHead(status, flat)
  } catch {
    flat = sendable(flat)
    res.writeHead(status, flat)
  }
  if (bodyless || text === '') res.end()
  else if (typeof body === 'string') res.end(text)
  else res.end(text, 'latin1')
  return flat
}

const routeFailed = (error: unknown): RouteAnswer => json(500, { error: `the route failed: ${(error as Error).message}` })

// The default API answers at once: no promise unless the route makes one (an upstream does).
function routeAnswer(routes: RouteHandler, method: string, path: string, headers: HeaderList, body: Uint8Array | undefined): RouteAnswer | Promise<RouteAnswer> {
  try {
    const answer = routes.handle(body === undefined ? { method, path, headers } : { method, path, headers, body })
    return answer instanceof Promise ? answer.catch(routeFailed) : answer
  } catch (error) {
    return routeFailed(error)
  }
}

function unknownPrefix(state: ScenarioState, name: string): RouteAnswer {
  const names = state.scenarios.map((s) => s.name)
  const orSession = sessionIdProblem(name, state.scenarios) === undefined ? `create the session first with PUT /__corslab/sessions/${name}` : ''
  const error = json(404, {
    error: `${unknownScenarioMessage(name, names, ` and no session with that id (from the path prefix /@${name}/)`)}${orSession ? ` Or ${orSession}.` : ''}`,
    scenarios: names,
  })
  return { ...error, headers: [...(error.headers as HeaderList), ['Access-Control-Allow-Origin', '*']] }
}

/**
 * Serves one request under a scenario (the `/@NAME/` prefix's, the `/@SESSION/` prefix's current
 * one, or the active one): the scenario's answer around the route's, sent as is, then written to the
 * journal as what was seen (its entry and verdict are worked out when someone reads it). `url` is the
 * request target in origin form.
 */
export function serveScenario(ctx: ScenarioRouteContext, url: string, req: IncomingMessage, res: ServerResponse, body: Uint8Array | undefined): void | Promise<void> {
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
      const error = unknownPrefix(ctx.state, name)
      sendAnswer(res, error.status, error.headers as HeaderList, error.body)
      return
    }
    scenario = found
    if (named === undefined) session = name
  }

  const headers = rawHeaderList(req.rawHeaders)
  const method = req.method ?? 'GET'
  const prepared = prepareAnswer(scenario, { method, path, headers })
  const route = prepared.fromCors ? undefined : routeAnswer(ctx.routes, method, path, headers, body)
  // Without a route that takes time or a delay, the answer goes out in this call, with no promise.
  const finish = (answer: ScenarioAnswer) => {
    const sent = sendAnswer(res, answer.status, answer.headers, answer.body)
    ctx.journal.add([scenario.name, scenario.probe.credentials ?? 'omit', session ?? null, method, url, path, answer.preflight, answer.status, req.rawHeaders, sent])
  }
  const delayed = (answer: ScenarioAnswer) => (answer.delayMs === undefined ? finish(answer) : sleep(answer.delayMs, req).then(() => finish(answer)))
  return route instanceof Promise ? route.then((answer) => delayed(prepared.complete(answer))) : delayed(prepared.complete(route))
}
