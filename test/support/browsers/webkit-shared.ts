import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { delimiter, join } from 'node:path'

/** Process and display helpers shared by the two WebKit drivers. */

const miniBrowserCandidates = [
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
  '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
  '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.0/MiniBrowser',
  '/usr/libexec/webkit2gtk-4.1/MiniBrowser',
  '/usr/libexec/webkit2gtk-4.0/MiniBrowser',
]

export function miniBrowserPath(): string | null {
  const override = process.env['MINIBROWSER_BIN']
  if (override) return existsSync(override) ? override : null
  return miniBrowserCandidates.find((p) => existsSync(p)) ?? null
}

export function onPath(bin: string): string | null {
  for (const dir of (process.env['PATH'] ?? '/usr/bin:/bin').split(delimiter)) {
    const p = join(dir, bin)
    if (existsSync(p)) return p
  }
  return null
}

export function webkitInstalled(): boolean {
  return onPath('WebKitWebDriver') !== null && onPath('Xvfb') !== null && miniBrowserPath() !== null
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))))
    })
  })
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Kills a process started with `detached: true` together with its process group (its children). */
export function killGroup(proc: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) return
  try {
    process.kill(-proc.pid, signal)
  } catch {
    try {
      proc.kill(signal)
    } catch {
      /* already gone */
    }
  }
}

export function tail(proc: ChildProcess): () => string {
  let buf = ''
  const keep = (d: Buffer) => {
    buf = (buf + d.toString()).slice(-4000)
  }
  proc.stdout?.on('data', keep)
  proc.stderr?.on('data', keep)
  return () => buf
}

export async function startXvfb(): Promise<{ proc: ChildProcess; display: string }> {
  const proc = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x1024x24'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const output = tail(proc)
  const display = await new Promise<string>((resolve, reject) => {
    let buf = ''
    const timer = setTimeout(() => reject(new Error(`Xvfb did not report a display within 15 s: ${output()}`)), 15_000)
    proc.once('error', (e) => {
      clearTimeout(timer)
      reject(new Error(`cannot start Xvfb: ${e.message}`))
    })
    proc.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`Xvfb exited (${code}): ${output()}`))
    })
    const fd3 = proc.stdio[3]
    if (!fd3 || !('on' in fd3)) return reject(new Error('no display fd'))
    fd3.on('data', (d: Buffer) => {
      buf += d.toString()
      if (buf.includes('\n')) {
        clearTimeout(timer)
        resolve(`:${buf.trim()}`)
      }
    })
  })
  proc.removeAllListeners('exit')
  return { proc, display }
}

