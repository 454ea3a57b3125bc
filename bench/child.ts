// Servers in child processes (bench/server-process.ts), driven over IPC.
import { fork, type ChildProcess } from 'node:child_process'
import type { ChildMessage } from './server-process.ts'
import type { TargetName } from './targets.ts'

const script = new URL('./server-process.ts', import.meta.url)

function next<T extends ChildMessage['type']>(child: ChildProcess, type: T): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      if (message.type !== type) return
      cleanup()
      resolve(message as Extract<ChildMessage, { type: T }>)
    }
    const onExit = (code: number | null) => {
      cleanup()
      reject(new Error(`the server process exited (code ${code}) before sending ${type}`))
    }
    const cleanup = () => {
      child.off('message', onMessage)
      child.off('exit', onExit)
    }
    child.on('message', onMessage)
    child.on('exit', onExit)
  })
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

export interface Memory {
  rss: number
  heapUsed: number
  heapTotal: number
  external: number
}

export interface ServerChild {
  name: TargetName
  port: number
  /** RSS and heap in use after a full GC, in bytes. */
  memory(): Promise<Memory>
  /** CPU time the server process has used so far (user + system), in microseconds. */
  cpu(): Promise<number>
  close(): Promise<void>
}

/** Starts target `name` in a child process; `baseRoot` is the baseline checkout, for the `@base` targets. */
export async function spawnServer(name: TargetName, baseRoot?: string): Promise<ServerChild> {
  const child = fork(script, ['serve', name, ...(baseRoot === undefined ? [] : [baseRoot])], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const { port } = await next(child, 'ready')
  return {
    name,
    port,
    async memory() {
      const reply = next(child, 'memory')
      child.send({ type: 'memory' })
      const { rss, heapUsed, heapTotal, external } = await reply
      return { rss, heapUsed, heapTotal, external }
    },
    async cpu() {
      const reply = next(child, 'cpu')
      child.send({ type: 'cpu' })
      return (await reply).micros
    },
    async close() {
      if (child.connected) child.send({ type: 'close' })
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited(child)
      clearTimeout(timer)
    },
  }
}

/** Times `startServer` of the checkout at `root` to listening, `runs` times, in a fresh process (the first run is the cold one). */
export async function timeStartServer(runs: number, root: string): Promise<number[]> {
  const child = fork(script, ['startup', String(runs), root], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const { ms } = await next(child, 'startup')
  await exited(child)
  return ms
}
