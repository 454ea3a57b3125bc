import { http, HttpResponse, type HttpResponseResolver } from 'msw'
import { setupServer } from 'msw/node'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { median } from './side-by-side.ts'

// The same route twice over, on two hosts served at once: as a plain MSW handler, and as the user's
// handler behind corsHandlers (scenario allow-all). Requests alternate one by one between the two,
// so whatever else the machine is doing weighs on both alike.
const plainApi = 'http://127.0.0.1:4010'
const corsApi = 'http://127.0.0.1:4020'
const origin = 'http://localhost:5173'
const items = [{ id: 1, name: 'a' }, { id: 2, name: 'b' }, { id: 3, name: 'c' }]

interface Route {
  name: string
  method: 'get' | 'put'
  path: string
  resolver: HttpResponseResolver
  send: (api: string) => Promise<Response>
}

const routes: Route[] = [
  {
    name: 'GET /api/items (no preflight)',
    method: 'get',
    path: '/api/items',
    resolver: () => HttpResponse.json(items, { headers: { 'x-total-count': '3' } }),
    send: (api) => fetch(`${api}/api/items`),
  },
  {
    name: 'PUT /api/items/1 (preflighted)',
    method: 'put',
    path: '/api/items/:id',
    resolver: () => HttpResponse.json(items[0]),
    send: (api) => fetch(`${api}/api/items/1`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: 'Bearer t' }, body: '{"name":"a"}' }),
  },
]

export interface MswBenchResult {
  name: string
  /** CPU microseconds per request (median), plain MSW handler. */
  plainUs: number
  /** CPU microseconds per request (median), the same handler behind corsHandlers. */
  corsUs: number
  /** corsUs / plainUs. */
  ratio: number
}


// CPU time of this process (user + system) for one request, in µs. On a shared machine the wall
// clock mostly measures the other processes; what the handlers cost is CPU.
async function timed(send: () => Promise<Response>): Promise<number> {
  const start = process.cpuUsage()
  await (await send()).arrayBuffer()
  const used = process.cpuUsage(start)
  return used.user + used.system
}

/**
 * Time per request through Node's fetch and setupServer: plain handler against corsHandlers, in one
 * run. `root`: the checkout whose corsHandlers is measured (default: this tree).
 */
export async function benchMsw(options: { requests?: number, root?: string } = {}): Promise<MswBenchResult[]> {
  const requests = options.requests ?? 2000
  const root = options.root ?? fileURLToPath(new URL('..', import.meta.url))
  const { corsHandlers } = await import(join(root, 'src/msw/index.ts')) as typeof import('../src/msw/index.ts')
  const results: MswBenchResult[] = []
  for (const route of routes) {
    const cors = corsHandlers({ scenario: 'allow-all', target: corsApi, origin, handlers: [http[route.method](`${corsApi}${route.path}`, route.resolver)], log: 'silent' })
    const server = setupServer(http[route.method](`${plainApi}${route.path}`, route.resolver), ...cors)
    server.listen({ onUnhandledFrame: 'error' })
    try {
      const plainTimes: number[] = []
      const corsTimes: number[] = []
      for (let i = 0; i < requests / 4; i++) {
        await timed(() => route.send(plainApi))
        await timed(() => route.send(corsApi))
      }
      for (let i = 0; i < requests; i++) {
        plainTimes.push(await timed(() => route.send(plainApi)))
        corsTimes.push(await timed(() => route.send(corsApi)))
        // Keep the journal small, as a test's afterEach(reset) would.
        if (i % 100 === 99) cors.reset()
      }
      const plainUs = median(plainTimes)
      const corsUs = median(corsTimes)
      results.push({ name: route.name, plainUs: Math.round(plainUs), corsUs: Math.round(corsUs), ratio: Math.round((corsUs / plainUs) * 100) / 100 })
    } finally {
      server.close()
    }
  }
  return results
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [flag, root, requests] = process.argv.slice(2)
  if (flag === '--json') {
    process.stdout.write(JSON.stringify(await benchMsw({ ...(root === undefined ? {} : { root }), ...(requests === undefined ? {} : { requests: Number(requests) }) })))
  } else {
    for (const { name, plainUs, corsUs, ratio } of await benchMsw()) {
      console.log(`${name.padEnd(32)} plain MSW ${String(plainUs).padStart(5)} µs/request   corsHandlers ${String(corsUs).padStart(5)} µs/request   ${ratio.toFixed(2)}x`)
    }
  }
}
