// Memory: the RSS of a server across 200,000 requests, read inside the server process after a full GC.
// corslab runs with its journal on (its default 500 entries); Fastify + @fastify/cors is the control.
import { spawnServer, type Memory } from './child.ts'
import { load, workloads } from './load.ts'
import type { TargetName } from './targets.ts'

export interface MemoryResult {
  target: TargetName
  requests: number
  /** After start, before any request. */
  before: Memory
  /** After each quarter of the requests. */
  samples: Array<Memory & { after: number }>
  /** The journal's length at the end (a ring buffer: full at its size); undefined for a server without one. */
  journalEntries: number | undefined
}

/** Sends `total` requests in four equal batches, alternating GET and preflight + PUT, reading memory after each. */
export async function measureMemory(target: TargetName, total: number, connections: number, baseRoot?: string): Promise<MemoryResult> {
  const server = await spawnServer(target, baseRoot)
  try {
    const before = await server.memory()
    const samples: MemoryResult['samples'] = []
    const batch = Math.ceil(total / 4)
    let sent = 0
    for (let i = 0; i < 4; i++) {
      const workload = workloads[i % workloads.length]
      if (workload === undefined) throw new Error('no workloads')
      await load(server.port, workload.requests, { connections, amount: batch })
      sent += batch
      samples.push({ after: sent, ...(await server.memory()) })
    }
    let journalEntries: number | undefined
    if (target.startsWith('corslab')) {
      journalEntries = ((await (await fetch(`http://127.0.0.1:${server.port}/__corslab/journal`)).json()) as unknown[]).length
    }
    return { target, requests: sent, before, samples, journalEntries }
  } finally {
    await server.close()
  }
}
