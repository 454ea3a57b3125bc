// The servers the benchmark compares, each serving the same two routes: GET /api/items (the items as
// JSON, with x-total-count) and PUT /api/items/:id (a JSON body in, the item out).
// Each target loads its own modules only (a child process serves one), so memory figures are its own.

export type TargetName = 'corslab' | 'corslab-failing' | 'fastify-cors' | 'mockttp'

/** The failing scenario corslab is measured under beside allow-all. */
export const failingScenario = 'missing-allow-origin'

export const targets: Array<{ name: TargetName, label: string }> = [
  { name: 'corslab', label: 'corslab (allow-all)' },
  { name: 'corslab-failing', label: `corslab (${failingScenario})` },
  { name: 'fastify-cors', label: 'Fastify + @fastify/cors' },
  { name: 'mockttp', label: 'mockttp (cors: true)' },
]

export const targetLabel = (name: TargetName): string => targets.find((t) => t.name === name)?.label ?? name

/** What corslab's default API answers to GET /api/items on a fresh server. */
export const items = [
  { id: 1, name: 'Reproduce the CORS error', done: true },
  { id: 2, name: 'Show the user a useful message', done: false },
  { id: 3, name: 'Fix the server', done: false },
]

export interface RunningTarget {
  port: number
  close(): Promise<void>
}

function putItem(id: string, body: unknown): { id: number, name: string, done: boolean } {
  const value = (typeof body === 'object' && body !== null ? body : {}) as { name?: unknown, done?: unknown }
  return { id: Number(id), name: String(value.name ?? `Item ${id}`), done: Boolean(value.done ?? false) }
}

/** @fastify/cors with the policy of corslab's allow-all scenario, and the two routes. */
async function startFastifyCors(): Promise<RunningTarget> {
  const { default: Fastify } = await import('fastify')
  const { default: cors } = await import('@fastify/cors')
  const app = Fastify({ logger: false })
  await app.register(cors, { origin: true, credentials: true, methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'], exposedHeaders: ['x-total-count'] })
  app.get('/api/items', (_request, reply) => reply.header('x-total-count', String(items.length)).send(items))
  app.put<{ Params: { id: string } }>('/api/items/:id', (request) => putItem(request.params.id, request.body))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  return { port: typeof address === 'object' && address !== null ? address.port : 0, close: () => app.close() }
}

async function startMockttp(): Promise<RunningTarget> {
  const { getLocal } = await import('mockttp')
  const server = getLocal({ cors: true })
  await server.start()
  await server.forGet('/api/items').thenJson(200, items, { 'x-total-count': String(items.length) })
  await server.forPut(/\/api\/items\/\d+$/).thenCallback(async (request) => {
    const id = /(\d+)$/.exec(request.path)?.[1] ?? '0'
    const body = JSON.stringify(putItem(id, await request.body.getJson()))
    // Without an explicit length mockttp 4 sends this answer with neither Content-Length nor
    // chunked encoding, so a keep-alive client waits for the body's end forever.
    return { statusCode: 200, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, body }
  })
  return { port: server.port, close: () => server.stop() }
}

async function startCorslab(scenario: string): Promise<RunningTarget> {
  const { startServer } = await import('../src/server/index.ts')
  const server = await startServer({ port: 0, scenario, log: () => {} })
  return { port: server.port, close: () => server.close() }
}

export function startTarget(name: TargetName): Promise<RunningTarget> {
  switch (name) {
    case 'corslab':
      return startCorslab('allow-all')
    case 'corslab-failing':
      return startCorslab(failingScenario)
    case 'fastify-cors':
      return startFastifyCors()
    case 'mockttp':
      return startMockttp()
  }
}
