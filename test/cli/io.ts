import { run } from '../../src/cli/run.ts'
import type { RunningServer } from '../../src/server/index.ts'

export interface Captured {
  code: number
  stdout: string
  stderr: string
}

/** Runs the CLI in process and captures what it writes. */
export async function cli(...argv: string[]): Promise<Captured> {
  let stdout = ''
  let stderr = ''
  const code = await run(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) })
  return { code, stdout, stderr }
}

/** Starts `corslab serve` in process; resolves once it is listening. */
export async function serveInProcess(...argv: string[]): Promise<{ server: RunningServer, output: () => Captured, stop: () => Promise<number> }> {
  const controller = new AbortController()
  let stdout = ''
  let stderr = ''
  let ready: (server: RunningServer) => void = () => {}
  const listening = new Promise<RunningServer>((resolve) => (ready = resolve))
  const finished = run(['serve', ...argv], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), signal: controller.signal, onServe: ready })
  const server = await Promise.race([listening, finished.then((code) => {
    throw new Error(`serve exited with ${code}: ${stderr}`)
  })])
  return {
    server,
    output: () => ({ code: -1, stdout, stderr }),
    stop: async () => {
      controller.abort()
      return finished
    },
  }
}
