import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'

/** A server process under test: where it listens, and how to stop it. */
export interface Running {
  /** http://localhost:<port>: another origin than the page's http://127.0.0.1:<port>. */
  url: string
  port: number
  /** What the process printed, for failure messages. */
  output(): string
  stop(): Promise<void>
}

/** A free port on 127.0.0.1, for servers that cannot be told to pick one (nginx, Apache, Caddy, next dev). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()))
}

export interface StartOptions {
  cwd: string
  env?: Record<string, string>
  /** The port the server was told to use; absent: it prints `listening on PORT`. */
  port?: number
  timeoutMs?: number
}

/**
 * Starts `command` and resolves once its port accepts connections. Fails with the process's output
 * when it exits first or does not listen in time.
 */
export async function startProcess(command: string, args: string[], options: StartOptions): Promise<Running> {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  let printedPort: (port: number) => void = () => {}
  const portSeen = options.port !== undefined ? Promise.resolve(options.port) : new Promise<number>((resolve) => (printedPort = resolve))
  child.stdout.on('data', (chunk: Buffer) => {
    log += chunk.toString()
    const match = /listening on (\d+)/.exec(log)
    if (match) printedPort(Number(match[1]))
  })
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()))
  const exit = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`${command} exited (${code ?? signal}) before it listened:\n${log}`))),
  )
  const spawnError = new Promise<never>((_, reject) => child.once('error', (error) => reject(new Error(`${command} did not start: ${error.message}`))))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited(child)
      clearTimeout(timer)
    }
  }
  const deadline = Date.now() + (options.timeoutMs ?? 60_000)
  const listening = (async () => {
    const port = await portSeen
    // The port may be printed (or chosen) before the server accepts: wait until it does.
    while (!(await connects(port))) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${command} exited`)
      if (Date.now() > deadline) throw new Error(`${command} did not listen on ${port} within ${options.timeoutMs ?? 60_000} ms:\n${log}`)
      await new Promise((r) => setTimeout(r, 50))
    }
    return port
  })()
  for (const p of [listening, exit, spawnError]) p.catch(() => {})
  try {
    const ready = await Promise.race([listening, exit, spawnError])
    return { url: `http://localhost:${ready}`, port: ready, output: () => log, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** The app behind nginx, Apache and Caddy: an API that knows nothing of CORS (OPTIONS gets 405). */
export async function startBackend(): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (!req.url?.startsWith('/api/items')) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    if (req.method !== 'GET' && req.method !== 'PUT') return void res.writeHead(405, { allow: 'GET, PUT', 'content-type': 'text/plain' }).end('method not allowed')
    req.resume()
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json', 'x-total-count': '2' }).end('[{"id":1},{"id":2}]'))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
