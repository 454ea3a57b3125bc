import { copyHeaderList, getFirst } from '../scenarios/headers.ts'
import { routeNotFound } from '../scenarios/answer.ts'
import type { RouteAnswer, ScenarioRequest } from '../scenarios/types.ts'
import { matchPath, splitPath } from './path-pattern.ts'
import { json, type RouteHandler, type RouteRequest } from './route-handler.ts'

interface Item {
  id: number
  name: string
  done: boolean
}

export const maxSlowMs = 30_000

const routeList = [
  'GET    /                 this index',
  'GET    /api/hello        a greeting',
  'GET    /api/items        the items, with x-total-count',
  'POST   /api/items        add an item (JSON body)',
  'GET    /api/items/:id    one item',
  'PUT    /api/items/:id    replace or create an item (JSON body)',
  'PATCH  /api/items/:id    change an item (JSON body)',
  'DELETE /api/items/:id    remove an item',
  'GET    /api/me           the signed-in user: needs a session cookie, else 401',
  'POST   /api/session      sign in: sets the session cookie (SameSite=Lax)',
  'DELETE /api/session      sign out: clears the session cookie',
  'GET    /api/slow?ms=N    answers after N milliseconds (at most 30000)',
  'ANY    /api/error/:status answers with that status (400-599)',
]

function seed(): Map<number, Item> {
  return new Map([
    [1, { id: 1, name: 'Reproduce the CORS error', done: true }],
    [2, { id: 2, name: 'Show the user a useful message', done: false }],
    [3, { id: 3, name: 'Fix the server', done: false }],
  ])
}

const decoder = new TextDecoder()

function readJson(body: Uint8Array | undefined): { value: Record<string, unknown> } | { error: RouteAnswer } {
  const text = body === undefined ? '' : decoder.decode(body).trim()
  if (text === '') return { value: {} }
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { value: value as Record<string, unknown> }
  } catch {}
  return { error: json(400, { error: 'the body must be a JSON object, such as {"name": "Buy milk"}' }) }
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return rest.join('=')
  }
  return undefined
}

/**
 * The default API: a small in-memory items store plus a few endpoints a UI needs to show its states
 * (a slow answer, an error status, a cookie-protected user). An OPTIONS nobody handles gets Fastify's
 * 404, as a real app without a preflight handler does.
 */
export interface MockApi extends RouteHandler {
  handle(request: RouteRequest): RouteAnswer
}

// The items, and their list as JSON, made again only after a change: GET /api/items is the request
// a page (and a load test) sends most.
class ItemStore extends Map<number, Item> {
  #listed: string | undefined

  list(): string {
    this.#listed ??= JSON.stringify([...this.values()])
    return this.#listed
  }

  override set(id: number, item: Item): this {
    this.#listed = undefined
    return super.set(id, item)
  }

  override delete(id: number): boolean {
    this.#listed = undefined
    return super.delete(id)
  }
}

export function createMockApi(): MockApi {
  const items = new ItemStore()
  for (const [id, item] of seed()) items.set(id, item)
  let nextId = items.size + 1

  const itemRoutes = (method: string, id: number, body: Uint8Array | undefined): RouteAnswer => {
    const item = items.get(id)
    const missing = () => json(404, { error: `no item ${id}` })
    switch (method) {
      case 'GET':
        return item ? json(200, item) : missing()
      case 'PUT': {
        const read = readJson(body)
        if ('error' in read) return read.error
        const next = { id, name: String(read.value.name ?? item?.name ?? `Item ${id}`), done: Boolean(read.value.done ?? false) }
        items.set(id, next)
        return json(item ? 200 : 201, next)
      }
      case 'PATCH': {
        if (!item) return missing()
        const read = readJson(body)
        if ('error' in read) return read.error
        const next = { ...item, ...(read.value.name === undefined ? {} : { name: String(read.value.name) }), ...(read.value.done === undefined ? {} : { done: Boolean(read.value.done) }) }
        items.set(id, next)
        return json(200, next)
      }
      case 'DELETE':
        if (!item) return missing()
        items.delete(id)
        return { status: 204 }
      default:
        return json(405, { error: `${method} is not supported here` }, [['Allow', 'GET, PUT, PATCH, DELETE']])
    }
  }

  const handle = (request: RouteRequest): RouteAnswer => {
    const method = request.method === 'HEAD' ? 'GET' : request.method
    const { pathname, search } = splitPath(request.path)
    if (method === 'OPTIONS') return routeNotFound(request.method, pathname)
    if (pathname === '/' && method === 'GET') return json(200, { name: 'corslab mock API', routes: routeList })
    if (pathname === '/api/hello' && method === 'GET') return json(200, { message: 'Hello from corslab' })
    if (pathname === '/api/items') {
      if (method === 'GET') {
        return { status: 200, headers: [['Content-Type', 'application/json; charset=utf-8'], ['X-Total-Count', String(items.size)]], body: items.list() }
      }
      if (method === 'POST') {
        const read = readJson(request.body)
        if ('error' in read) return read.error
        const item = { id: nextId++, name: String(read.value.name ?? 'New item'), done: Boolean(read.value.done ?? false) }
        items.set(item.id, item)
        return json(201, item, [['Location', `/api/items/${item.id}`]])
      }
      return json(405, { error: `${method} is not supported here` }, [['Allow', 'GET, POST']])
    }
    const itemMatch = matchPath('/api/items/:id', pathname)
    if (itemMatch !== null) {
      const id = Number(itemMatch.id)
      if (!Number.isInteger(id) || id < 1) return json(404, { error: `no item ${itemMatch.id}` })
      return itemRoutes(method, id, request.body)
    }
    if (pathname === '/api/me' && method === 'GET') {
      const session = cookie(getFirst(request.headers, 'cookie'), 'session')
      if (session === undefined || session === '') return json(401, { error: 'not signed in: POST /api/session first (with credentials), or send a session cookie' })
      return json(200, { user: 'demo', session })
    }
    if (pathname === '/api/session') {
      // A browser keeps the cookie only from a credentialed request (credentials: 'include').
      const cookie = (value: string, more = '') => ['Set-Cookie', `session=${value}; Path=/;${more} HttpOnly; SameSite=Lax`] as [string, string]
      if (method === 'POST') return json(200, { user: 'demo' }, [cookie('demo')])
      if (method === 'DELETE') return { status: 204, headers: [cookie('', ' Max-Age=0;')] }
      return json(405, { error: `${method} is not supported here` }, [['Allow', 'POST, DELETE']])
    }
    if (pathname === '/api/slow' && method === 'GET') {
      const ms = Number(new URLSearchParams(search).get('ms') ?? '1000')
      if (!Number.isInteger(ms) || ms < 0 || ms > maxSlowMs) return json(400, { error: `ms must be a whole number from 0 to ${maxSlowMs}` })
      return { ...json(200, { waitedMs: ms }), delayMs: ms }
    }
    const errorMatch = matchPath('/api/error/:status', pathname)
    if (errorMatch !== null) {
      const status = Number(errorMatch.status)
      if (!Number.isInteger(status) || status < 400 || status > 599) return json(400, { error: 'the status must be a number from 400 to 599, as in /api/error/503' })
      return json(status, { error: `a ${status}, as asked` })
    }
    return routeNotFound(request.method, pathname)
  }

  return { handle, describe: () => routeList }
}

/** A fresh default API as a probe's route, to simulate a probe against what the server would answer. */
export function mockApiRoute(api: MockApi = createMockApi()): (request: ScenarioRequest) => RouteAnswer {
  return (request) => api.handle({ method: request.method, path: request.path, headers: copyHeaderList(request.headers) })
}
