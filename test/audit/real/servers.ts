import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { createServer as createNetServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import cors, { type CorsOptions } from 'cors'
import express from 'express'

/*
 * Real API servers with real CORS middleware, each configured as people configure it, right or
 * wrong. Each listens on 127.0.0.1 and serves GET /api/me, which answers with the Cookie it
 * received (what a signed-in user's page would read), and GET / (the seed's hello world).
 */

export interface RealServer {
  /** http://127.0.0.1:PORT */
  url: string
  close(): Promise<void>
}

function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

/** Express 5 with the `cors` package and the given options. */
export async function startExpress(options: CorsOptions): Promise<RealServer> {
  const app = express()
  app.use(cors(options))
  app.get('/', (_req, res) => {
    res.send('Hello, World!')
  })
  app.get('/api/me', (req, res) => {
    res.json({ cookie: req.headers.cookie ?? null })
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => closeHttp(server) }
}

// A child process stopped by its own pid (its group: nginx and Flask start no others we keep).
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
    setTimeout(() => child.kill('SIGKILL'), 3000).unref()
  })
}

/** The first line a child prints on stdout, or a clear error with what it printed when it exits first. */
function firstLine(child: ChildProcess, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const newline = out.indexOf('\n')
      if (newline >= 0) resolve(out.slice(0, newline).trim())
    })
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.once('error', (error) => reject(new Error(`${what} could not start: ${error.message}`)))
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before it listened: ${err || out}`)))
  })
}

const flaskApp = fileURLToPath(new URL('./flask_app.py', import.meta.url))

/** The seed's Flask app under Debian's python3 with flask-cors: `credentials` or `star` (see flask_app.py). */
export async function startFlask(configuration: 'credentials' | 'star'): Promise<RealServer> {
  const child = spawn('/usr/bin/python3', [flaskApp, configuration], { stdio: ['ignore', 'pipe', 'pipe'] })
  const port = await firstLine(child, `Flask (${configuration})`)
  return { url: `http://127.0.0.1:${port}`, close: () => stop(child) }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/**
 * nginx reflecting the Origin through a `map` whose pattern has no `$` (so it is a prefix check),
 * with credentials and without `Vary: Origin`: the configuration found in many blog posts.
 */
export const nginxMapConfig = `
map $http_origin $cors_origin {
    default "";
    "~^https://app\\.example\\.com" $http_origin;
}
server {
    listen 127.0.0.1:PORT;
    location / {
        if ($request_method = OPTIONS) {
            add_header Access-Control-Allow-Origin $cors_origin always;
            add_header Access-Control-Allow-Credentials true always;
            add_header Access-Control-Allow-Methods "GET, POST, PUT, DELETE" always;
            add_header Access-Control-Allow-Headers "Content-Type, Authorization" always;
            return 204;
        }
        add_header Access-Control-Allow-Origin $cors_origin always;
        add_header Access-Control-Allow-Credentials true always;
        default_type application/json;
        return 200 '{"cookie": "$http_cookie"}';
    }
}
`

/** nginx (Debian's /usr/sbin/nginx) in the foreground with `server` as its http block, in a directory of its own. */
export async function startNginx(server: string): Promise<RealServer> {
  const dir = mkdtempSync(join(tmpdir(), 'corslab-nginx-'))
  const port = await freePort()
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(dir, t)};`).join('\n    ')
  writeFileSync(join(dir, 'nginx.conf'), `
daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 64; }
http {
    access_log off;
    ${temp}
    ${server.replace('PORT', String(port))}
}
`)
  const child = spawn('/usr/sbin/nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const url = `http://127.0.0.1:${port}`
  // nginx prints nothing once it listens: wait until it answers.
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${err}`)
    try {
      await fetch(`${url}/`)
      break
    } catch (error) {
      if (i > 200) throw new Error(`nginx did not answer on ${url}: ${(error as Error).message} ${err}`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }
  return {
    url,
    close: async () => {
      await stop(child)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
