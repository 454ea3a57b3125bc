// Figures of several trees (this one and a baseline) measured in fresh processes that take turns: in
// one process, whichever tree runs first or second is favoured (measured: 15-30% on identical code).
import { spawn } from 'node:child_process'

/** Runs `node args...` and resolves with its stdout; rejects on a non-zero exit. */
export function runNode(args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`node ${args.join(' ')} exited ${code}`))))
  })
}

/** `runs` results per tree, the trees taking turns (the order reversing every other run). */
export async function takingTurns<T>(count: number, runs: number, runOne: (tree: number) => Promise<T>): Promise<T[][]> {
  const results: T[][] = Array.from({ length: count }, () => [])
  for (let run = 0; run < runs; run++) {
    const order = Array.from({ length: count }, (_, i) => i)
    if (run % 2 === 1) order.reverse()
    for (const tree of order) (results[tree] as T[]).push(await runOne(tree))
  }
  return results
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}
