import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors'
import cors from 'cors'
import express, { type RequestHandler } from 'express'
import Fastify from 'fastify'
import { Hono } from 'hono'
import { cors as honoCors } from 'hono/cors'

/*
 * Small real API servers for `corslab check`, each built with the CORS middleware people use, in a
 * configuration that passes or fails. Every one listens on 127.0.0.1, port 0, and is reached as
 * http://localhost:<port>, a different origin from the page (http://127.0.0.1:<pagePort>).
 * Every server records each request that reaches it, before any middleware sees it.
 */

/** One request as it reached the server: method, path and header lines (lower-case names). */
export interface Seen {
  method: string
  path: string
  headers: Record<string, string>
}

export interface ApiServer {
  /** http://localhost:<port> */
  readonly url: string
  /** Requests received since the last `clear()`, in arrival order. */
  readonly seen: Seen[]
  clear(): void
  close(): Promise<void>
}

export type Framework = 'express' | 'fastify' | 'hono' | 'node'

export interface ServerConfig {
  /** What the configuration is, as a developer would write it. */
  name: string
  framework: Framework
  /** `page` is the page's origin, for configurations that name it. */
  start(page: string): Promise<ApiServer>
}

const items = [
  { id: 1, name: 'first' },
  { id: 2, name: 'second' },
]

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.removeListener('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

function recorder(): { seen: Seen[]; record: (req: http.IncomingMessage) => void } {
  const seen: Seen[] = []
  const record = (req: http.IncomingMessage) => {
    const headers: Record<string, string> = {}
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      const name = (req.rawHeaders[i] as string).toLowerCase()
      const value = req.rawHeaders[i + 1] as string
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value
    }
    seen.push({ method: req.method ?? '', path: req.url ?? '', headers })
  }
  return { seen, record }
}

/** Serves a node request listener, recording every request before the listener sees it. */
async function serveListener(listener: http.RequestListener): Promise<ApiServer> {
  const { seen, record } = recorder()
  const server = http.createServer((req, res) => {
    record(req)
    listener(req, res)
  })
  const port = await listen(server)
  return { url: `http://localhost:${port}`, seen, clear: () => void seen.splice(0), close: () => closeServer(server) }
}

// ---------------------------------------------------------------- Express + cors

function expressApp(configure: (app: express.Express) => void): express.Express {
  const app = express()
  configure(app)
  return app
}

function expressRoutes(app: express.Express, ...middleware: RequestHandler[]): void {
  app.get('/api/items', ...middleware, (_req, res) => {
    res.set('x-total-count', String(items.length)).json(items)
  })
  app.post('/api/items', ...middleware, (_req, res) => {
    res.status(201).json({ id: 3 })
  })
  app.put('/api/items', ...middleware, (_req, res) => {
    res.json(items)
  })
  app.delete('/api/items', ...middleware, (_req, res) => {
    res.status(204).end()
  })
  app.get('/api/items/:id', ...middleware, (req, res) => {
    res.json({ id: Number(req.params['id']), name: 'item' })
  })
  app.put('/api/items/:id', ...middleware, (req, res) => {
    res.json({ id: Number(req.params['id']), name: 'updated' })
  })
  app.post('/api/items/:id', ...middleware, (req, res) => {
    res.json({ id: Number(req.params['id']) })
  })
  app.delete('/api/items/:id', ...middleware, (_req, res) => {
    res.status(204).end()
  })
}

function expressServer(name: string, configure: (app: express.Express, page: string) => void): ServerConfig {
  return {
    name,
    framework: 'express',
    start: (page) => serveListener(expressApp((app) => configure(app, page))),
  }
}

// ---------------------------------------------------------------- Fastify + @fastify/cors

function fastifyServer(name: string, options: (page: string) => FastifyCorsOptions): ServerConfig {
  return {
    name,
    framework: 'fastify',
    async start(page) {
      const { seen, record } = recorder()
      const app = Fastify({
        serverFactory: (handler) =>
          http.createServer((req, res) => {
            record(req)
            handler(req, res)
          }),
      })
      await app.register(fastifyCors, options(page))
      app.get('/api/items', async (_req, reply) => reply.header('x-total-count', String(items.length)).send(items))
      app.post('/api/items', async (_req, reply) => reply.code(201).send({ id: 3 }))
      app.put('/api/items', async () => items)
      app.delete('/api/items', async (_req, reply) => reply.code(204).send())
      app.get<{ Params: { id: string } }>('/api/items/:id', async (req) => ({ id: Number(req.params.id), name: 'item' }))
      app.put<{ Params: { id: string } }>('/api/items/:id', async (req) => ({ id: Number(req.params.id), name: 'updated' }))
      app.post<{ Params: { id: string } }>('/api/items/:id', async (req) => ({ id: Number(req.params.id) }))
      app.delete('/api/items/:id', async (_req, reply) => reply.code(204).send())
      await app.listen({ port: 0, host: '127.0.0.1' })
      const port = (app.server.address() as AddressInfo).port
      return { url: `http://localhost:${port}`, seen, clear: () => void seen.splice(0), close: () => app.close() }
    },
  }
}

// ---------------------------------------------------------------- Hono + hono/cors

type HonoCorsOptions = NonNullable<Parameters<typeof honoCors>[0]>

function honoServer(name: string, options: (page: string) => HonoCorsOptions | undefined): ServerConfig {
  return {
    name,
    framework: 'hono',
    start(page) {
      const app = new Hono()
      app.use('/api/*', honoCors(options(page)))
      app.get('/api/items', (c) => c.json(items, 200, { 'x-total-count': String(items.length) }))
      app.post('/api/items', (c) => c.json({ id: 3 }, 201))
      app.put('/api/items', (c) => c.json(items))
      app.delete('/api/items', (c) => c.body(null, 204))
      app.get('/api/items/:id', (c) => c.json({ id: Number(c.req.param('id')), name: 'item' }))
      app.put('/api/items/:id', (c) => c.json({ id: Number(c.req.param('id')), name: 'updated' }))
      app.post('/api/items/:id', (c) => c.json({ id: Number(c.req.param('id')) }))
      app.delete('/api/items/:id', (c) => c.body(null, 204))
      return serveListener(getRequestListener(app.fetch))
    },
  }
}

// ---------------------------------------------------------------- node:http, hand-written CORS

/** What a hand-written server does: `cors(req, res)` adds its headers, or answers by itself (returns true). */
type HandCors = (req: http.IncomingMessage, res: http.ServerResponse, page: string) => boolean

const itemPath = /^\/api\/items(?:\/(\d+))?\/?$/

/** The API behind a hand-written CORS layer; `onError` runs before an error answer is written. */
function handWritten(req: http.IncomingMessage, res: http.ServerResponse, onError?: (res: http.ServerResponse) => void): void {
  const json = (status: number, body: unknown, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...extra }).end(JSON.stringify(body))
  }
  const fail = (status: number, message: string) => {
    onError?.(res)
    json(status, { error: message })
  }
  const match = itemPath.exec(new URL(req.url ?? '/', 'http://x').pathname)
  if (!match) return fail(404, 'not found')
  const id = match[1]
  if (id !== undefined && Number(id) >= 100) return fail(404, `no item ${id}`)
  switch (req.method) {
    case 'GET':
      return id === undefined ? json(200, items, { 'x-total-count': String(items.length) }) : json(200, { id: Number(id), name: 'item' })
    case 'POST':
      return json(201, { id: 3 })
    case 'PUT':
      return json(200, { id: Number(id ?? 0), name: 'updated' })
    case 'DELETE':
      res.writeHead(204).end()
      return
    default:
      return fail(405, 'method not allowed')
  }
}

/** The classic mistake: the error handler writes a fresh answer, without the CORS headers. */
function dropCorsHeaders(res: http.ServerResponse): void {
  for (const name of res.getHeaderNames()) if (name.startsWith('access-control-')) res.removeHeader(name)
}

function nodeServer(name: string, handCors: HandCors, options: { errorsDropCors?: boolean } = {}): ServerConfig {
  return {
    name,
    framework: 'node',
    start: (page) =>
      serveListener((req, res) => {
        if (handCors(req, res, page)) return
        handWritten(req, res, options.errorsDropCors ? dropCorsHeaders : undefined)
      }),
  }
}

/** A correct hand-written CORS layer for `page`: answers preflights with 204, adds ACAO to the rest. */
function correctCors(req: http.IncomingMessage, res: http.ServerResponse, page: string): boolean {
  res.setHeader('access-control-allow-origin', page)
  res.setHeader('vary', 'Origin')
  if (req.method === 'OPTIONS') {
    res.setHeader('access-control-allow-methods', 'GET, POST, PUT, DELETE')
    res.setHeader('access-control-allow-headers', 'content-type, authorization, x-request-id')
    res.writeHead(204).end()
    return true
  }
  return false
}

const bearer = (req: http.IncomingMessage) => /^Bearer \S+$/.test(req.headers.authorization ?? '')

function unauthorized(res: http.ServerResponse): true {
  res.writeHead(401, { 'www-authenticate': 'Bearer', 'content-type': 'application/json' }).end('{"error":"unauthorized"}')
  return true
}

// ---------------------------------------------------------------- the configurations

export const servers = {
  expressDefaults: expressServer('express: app.use(cors())', (app) => {
    app.use(cors())
    expressRoutes(app)
  }),
  expressOtherOrigin: expressServer("express: app.use(cors({ origin: 'http://other.example' }))", (app) => {
    app.use(cors({ origin: 'http://other.example' }))
    expressRoutes(app)
  }),
  expressReflectCredentials: expressServer('express: app.use(cors({ origin: true, credentials: true }))', (app) => {
    app.use(cors({ origin: true, credentials: true }))
    expressRoutes(app)
  }),
  expressGetOnly: expressServer("express: app.use(cors({ origin: PAGE, methods: ['GET'] }))", (app, page) => {
    app.use(cors({ origin: page, methods: ['GET'] }))
    expressRoutes(app)
  }),
  expressPerRoute: expressServer('express: cors() on each route, no app.options()', (app) => {
    expressRoutes(app, cors())
  }),

  fastifyDefaults: fastifyServer('fastify: register(cors) with its defaults', () => ({})),
  fastifyReflectCredentials: fastifyServer('fastify: register(cors, { origin: true, credentials: true })', () => ({ origin: true, credentials: true })),
  fastifyContentTypeOnly: fastifyServer("fastify: register(cors, { origin: PAGE, methods: [...], allowedHeaders: ['content-type'] })", (page) => ({
    origin: page,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['content-type'],
  })),
  fastifyWildcardCredentials: fastifyServer("fastify: register(cors, { origin: '*', credentials: true })", () => ({ origin: '*', credentials: true })),
  fastifyStrictPreflight: fastifyServer("fastify: register(cors, { origin: PAGE, methods: 'GET,PUT,DELETE', strictPreflight: true })", (page) => ({
    origin: page,
    methods: 'GET,PUT,DELETE',
    strictPreflight: true,
  })),
  fastifyStarHeaders: fastifyServer("fastify: register(cors, { origin: PAGE, methods: 'GET,PUT', allowedHeaders: '*' })", (page) => ({
    origin: page,
    methods: 'GET,PUT',
    allowedHeaders: '*',
  })),
  fastifyNoPreflight: fastifyServer('fastify: register(cors, { preflight: false })', () => ({ preflight: false })),

  honoDefaults: honoServer("hono: app.use('/api/*', cors())", () => undefined),
  honoGetPost: honoServer("hono: cors({ origin: PAGE, allowMethods: ['GET', 'POST'] })", (page) => ({ origin: page, allowMethods: ['GET', 'POST'] })),
  honoWildcardCredentials: honoServer("hono: cors({ origin: '*', credentials: true })", () => ({ origin: '*', credentials: true })),
  honoListExpose: honoServer("hono: cors({ origin: ['http://other.example', PAGE], exposeHeaders: ['x-total-count'], credentials: true })", (page) => ({
    origin: ['http://other.example', page],
    exposeHeaders: ['x-total-count'],
    credentials: true,
  })),

  nodeTrailingSlash: nodeServer('node:http: Access-Control-Allow-Origin: PAGE/ (trailing slash)', (req, res, page) => {
    res.setHeader('access-control-allow-origin', `${page}/`)
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-methods': 'GET, PUT, DELETE', 'access-control-allow-headers': 'content-type' }).end()
      return true
    }
    return false
  }),
  nodeDuplicateOrigin: nodeServer('node:http: Access-Control-Allow-Origin sent twice (proxy and app)', (req, res, page) => {
    res.setHeader('access-control-allow-origin', [page, page])
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-methods': 'GET, PUT, DELETE', 'access-control-allow-headers': 'content-type' }).end()
      return true
    }
    return false
  }),
  nodeAuthBeforeCors: nodeServer('node:http: auth layer before CORS (preflight gets 401, no CORS headers)', (req, res, page) => {
    if (!bearer(req)) return unauthorized(res)
    return correctCors(req, res, page)
  }),
  nodeAuthAfterCors: nodeServer('node:http: CORS headers, then an auth layer that also refuses OPTIONS (401)', (req, res, page) => {
    res.setHeader('access-control-allow-origin', page)
    res.setHeader('access-control-allow-methods', 'GET, PUT, DELETE')
    res.setHeader('access-control-allow-headers', 'authorization, content-type')
    if (!bearer(req)) return unauthorized(res)
    return correctCors(req, res, page)
  }),
  nodeRedirectOptions: nodeServer('node:http: 301 to the trailing-slash URL, OPTIONS included', (req, res, page) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (!url.pathname.endsWith('/')) {
      res.writeHead(301, { location: `${url.pathname}/${url.search}`, 'access-control-allow-origin': page }).end()
      return true
    }
    return correctCors(req, res, page)
  }),
  nodeErrorsWithoutCors: nodeServer('node:http: CORS on success, error responses without CORS headers', correctCors, { errorsDropCors: true }),
} satisfies Record<string, ServerConfig>

export type ServerId = keyof typeof servers

/** The page: a blank document on http://127.0.0.1:<port>, the origin every fetch comes from. */
export async function startPage(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/' || req.url?.startsWith('/?')) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>corslab check</title>')
    else res.writeHead(404).end()
  })
  const port = await listen(server)
  return { origin: `http://127.0.0.1:${port}`, close: () => closeServer(server) }
}
