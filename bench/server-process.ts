// A child process of bench/run.ts, so the load generator never shares an event loop with a server.
//   node --expose-gc bench/server-process.ts serve TARGET [BASE]   starts TARGET (BASE: the baseline's root), reports { type: 'ready', port }
//   node bench/server-process.ts startup RUNS ROOT                times startServer of ROOT to listening, RUNS times
// Messages in: { type: 'memory' } (answered with the RSS after a full GC), { type: 'cpu' } (the
// process's CPU time so far, user + system), { type: 'close' }.
import { join } from 'node:path'
import { startTarget, type TargetName } from './targets.ts'

export type ChildMessage =
  | { type: 'ready', port: number }
  | { type: 'memory', rss: number, heapUsed: number, heapTotal: number, external: number }
  | { type: 'startup', ms: number[] }
  | { type: 'cpu', micros: number, user: number, system: number }

const send = (message: ChildMessage) => process.send?.(message)

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc !== undefined) for (let i = 0; i < 3; i++) gc()
}

async function serve(name: TargetName, baseRoot: string | undefined): Promise<void> {
  const target = await startTarget(name, baseRoot)
  process.on('message', async (message: { type: string }) => {
    if (message.type === 'memory') {
      collect()
      const { rss, heapUsed, heapTotal, external } = process.memoryUsage()
      send({ type: 'memory', rss, heapUsed, heapTotal, external })
    } else if (message.type === 'cpu') {
      const { user, system } = process.cpuUsage()
      send({ type: 'cpu', micros: user + system, user, system })
    } else if (message.type === 'close') {
      await target.close()
      process.disconnect()
    }
  })
  send({ type: 'ready', port: target.port })
}

async function startup(runs: number, root: string): Promise<void> {
  const { startServer } = await import(join(root, 'src/server/index.ts')) as typeof import('../src/server/index.ts')
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    const server = await startServer({ port: 0, log: () => {} })
    ms.push(performance.now() - start)
    await server.close()
  }
  send({ type: 'startup', ms })
  process.disconnect()
}

const [mode, arg, root] = process.argv.slice(2)
if (mode === 'serve') await serve(arg as TargetName, root)
else if (mode === 'startup' && root !== undefined) await startup(Number(arg ?? 10), root)
else throw new Error(`usage: server-process.ts serve TARGET [BASE] | startup RUNS ROOT (got ${mode})`)
