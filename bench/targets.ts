// The servers the benchmark compares, each serving the same two routes: GET /api/items (the items as
// JSON, with x-total-count) and PUT /api/items/:id (a JSON body in, the item out).
// Each target loads its own modules only (a child process serves one), so memory figures are its own.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// corslab also as another commit's (`--baseline REF`): `corslab@base`, `corslab-failing@base`.
export type TargetName = 'corslab' | 'corslab-failing' | 'fastify-cors' | 'mockttp' | 'corslab@base' | 'corslab-failing@base'

/** The failing scenario corslab is measured under beside allow-all. */
export const failingScenario = 'missing-allow-origin'

const repo = fileURLToPath(new URL('..', import.meta.url))

export interface Target {
  name: TargetName
  label: string
}

/** The servers compared: corslab under both scenarios (and the baseline's, when given), then the controls. */
export function targetList(baseRef?: string): Target[] {
  return [
    { name: 'corslab', label: 'corslab (allow-all)' },
    ...(baseRef === undefined ? [] : [{ name: 'corslab@base' as const, label: `corslab (allow-all) @${baseRef}` }]),
    { name: 'corslab-failing', label: `corslab (${failingScenario})` },
    ...(baseRef === undefined ? [] : [{ name: 'corslab-failing@base' as const, label: `corslab (${failingScenario}) @${baseRef}` }]),
    { name: 'fastify-cors', label: 'Fastify + @fastify/cors' },
    { name: 'mockttp', label: 'mockttp (cors: true)' },
  ]
}

/** corslab of this tree or of the baseline (`@base`). */
export const isCorslab = (name: TargetName): boolean => name.startsWith('corslab')
export const isBase = (name: TargetName): boolean => name.endsWith('@base')
/** The same server of the other tree: `corslab` ↔ `corslab@base`. */
export const counterpart = (name: TargetName): TargetName => (isBase(name) ? name.slice(0, -'@base'.length) : `${name}@base`) as TargetName

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

async function startCorslab(scenario: string, root: string): Promise<RunningTarget> {
  const { startServer } = await import(join(root, 'src/server/index.ts')) as typeof import('../src/server/index.ts')
  const server = await startServer({ port: 0, scenario, log: () => {} })
  return { port: server.port, close: () => server.close() }
}

/** Starts a target; `baseRoot` is the baseline checkout, for the `@base` ones. */
export function startTarget(name: TargetName, baseRoot?: string): Promise<RunningTarget> {
  const base = () => {
    if (baseRoot === undefined) throw new Error(`${name} needs the baseline's root`)
    return baseRoot
  }
  switch (name) {
    case 'corslab':
      return startCorslab('allow-all', repo)
    case 'corslab-failing':
      return startCorslab(failingScenario, repo)
    case 'corslab@base':
      return startCorslab('allow-all', base())
    case 'corslab-failing@base':
      return startCorslab(failingScenario, base())
    case 'fastify-cors':
      return startFastifyCors()
    case 'mockttp':
      return startMockttp()
  }
}
