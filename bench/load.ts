// Load from this process (autocannon) against a server in another process.
import autocannon, { type Options, type Request } from 'autocannon'

export const benchOrigin = 'http://localhost:5173'

export type WorkloadName = 'get' | 'preflight-put'

export const workloads: Array<{ name: WorkloadName, label: string, requests: Request[] }> = [
  {
    name: 'get',
    label: 'GET /api/items (Origin)',
    requests: [{ method: 'GET', path: '/api/items', headers: { origin: benchOrigin } }],
  },
  {
    name: 'preflight-put',
    label: 'OPTIONS + PUT /api/items/1',
    requests: [
      {
        method: 'OPTIONS',
        path: '/api/items/1',
        headers: { origin: benchOrigin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
      },
      {
        method: 'PUT',
        path: '/api/items/1',
        headers: { origin: benchOrigin, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Benchmark', done: true }),
      },
    ],
  },
]

/** One run of autocannon: every response time (ms, as measured by autocannon's client) and the counts. */
export interface LoadSlice {
  samples: Float64Array
  seconds: number
  errors: number
  /** Responses per status code. */
  statuses: Record<string, number>
  /** CPU time the server process spent during the slice (user + system), when measured. */
  serverCpuMicros?: number
}

export interface LoadResult {
  /** Responses per second (each request of a preflight + PUT pair counts). */
  perSecond: number
  /** Response time percentiles in milliseconds, over every response of every slice. */
  p50: number
  p90: number
  p99: number
  responses: number
  errors: number
  statuses: Record<string, number>
  /** Server CPU time per response (user + system), in microseconds: a figure the machine's other load disturbs less. */
  cpuPerResponse: number
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}

/** Runs the workload for `seconds` (or for `amount` requests) with `connections` keep-alive connections. */
export function load(port: number, requests: Request[], options: { connections: number, seconds?: number, amount?: number }): Promise<LoadSlice> {
  let times = new Float64Array(1 << 16)
  let count = 0
  const opts: Options = {
    url: `http://127.0.0.1:${port}`,
    connections: options.connections,
    requests,
    timeout: 10,
    ...(options.amount === undefined ? { duration: options.seconds ?? 10 } : { amount: options.amount }),
  }
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (error, result) => {
      if (error) return reject(error)
      const statuses: Record<string, number> = {}
      for (const [code, { count: n }] of Object.entries(result.statusCodeStats)) statuses[code] = Number(n)
      resolve({ samples: times.subarray(0, count), seconds: result.duration, errors: result.errors, statuses })
    })
    instance.on('response', (_client, _status, _bytes, ms) => {
      if (count === times.length) {
        const grown = new Float64Array(times.length * 2)
        grown.set(times)
        times = grown
      }
      times[count++] = ms
    })
  })
}

/** The slices of one server and workload as one result: throughput over their total time, percentiles over all samples. */
export function summarize(slices: LoadSlice[]): LoadResult {
  const responses = slices.reduce((n, s) => n + s.samples.length, 0)
  const all = new Float64Array(responses)
  let at = 0
  for (const slice of slices) {
    all.set(slice.samples, at)
    at += slice.samples.length
  }
  all.sort()
  const statuses: Record<string, number> = {}
  for (const slice of slices) for (const [code, n] of Object.entries(slice.statuses)) statuses[code] = (statuses[code] ?? 0) + n
  const seconds = slices.reduce((n, s) => n + s.seconds, 0)
  const cpu = slices.reduce((n, s) => n + (s.serverCpuMicros ?? Number.NaN), 0)
  return {
    cpuPerResponse: responses > 0 ? cpu / responses : Number.NaN,
    perSecond: seconds > 0 ? responses / seconds : 0,
    p50: percentile(all, 50),
    p90: percentile(all, 90),
    p99: percentile(all, 99),
    responses,
    errors: slices.reduce((n, s) => n + s.errors, 0),
    statuses,
  }
}
