import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { hopBase, type GroundTruthCase, type HopOrigin, type RecordedRequest } from './case.ts'

/**
 * A replay server for ground-truth cases, on three loopback origins:
 *  - PAGE  http://127.0.0.1:<p1>  serves `GET /` as a blank page (and same-origin case hops);
 *  - API   http://localhost:<p2>  answers case hops;
 *  - OTHER http://localhost:<p3>  answers case hops (a different origin from API: another port).
 * A case registered under id answers `/c/<id>/<hop>` with exactly its configured status and header
 * lines, in order, duplicates kept. Every request to `/c/<id>/...` is recorded under that id.
 */

export interface ServedRequest extends RecordedRequest {
  /** The origin that received the request. */
  on: HopOrigin
  url: string
  /** Request header lines as received: [name, value, name, value, ...]. */
  rawHeaders: string[]
  /** OPTIONS with Access-Control-Request-Method. */
  preflight: boolean
}

export interface RegisteredCase {
  id: string
  /** The URL the page fetches: hop 0. */
  url: string
}

export interface ReplayServer {
  /** PAGE origin, e.g. http://127.0.0.1:41234 */
  readonly page: string
  /** API origin, e.g. http://localhost:41235 */
  readonly api: string
  /** OTHER origin, e.g. http://localhost:41236 */
  readonly other: string
  origin(which: HopOrigin): string
  /** Registers `c` under a new unique id (or `id`) and returns the first hop's URL. */
  register(c: GroundTruthCase, id?: string): RegisteredCase
  /** Absolute URL of hop `hop` of a registered case. */
  hopUrl(id: string, hop: number): string
  /** Listens on the ports `c`'s hops name (`hop.port`), where it can; once per port. */
  listenFor(c: GroundTruthCase): Promise<void>
  /** Requests received so far for id, in arrival order. */
  requests(id: string): ServedRequest[]
  unregister(id: string): void
  close(): Promise<void>
}

export const blankPage = '<!doctype html><title>gt</title>'

let seq = 0
function newId(): string {
  seq += 1
  return `${Date.now().toString(36)}${process.pid.toString(36)}${seq.toString(36)}${Math.random().toString(36).slice(2, 6)}`
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e)
    server.once('error', onError)
    server.listen(port, host, () => {
      server.removeListener('error', onError)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

export async function startReplayServer(): Promise<ReplayServer> {
  const cases = new Map<string, GroundTruthCase>()
  const log = new Map<string, ServedRequest[]>()
  const servers: http.Server[] = []
  const origins: Record<HopOrigin, string> = { page: '', api: '', other: '' }

  function hopUrl(id: string, hop: number): string {
    const c = cases.get(id)
    return `${c ? hopBase(origins, c, hop) : origins.api}/c/${id}/${hop}`
  }

  function substitute(value: string, id: string, hop: number): string {
    const next = hopUrl(id, hop + 1)
    const nextUrl = new URL(next)
    return value.replace(/\{(origin|api|other|next|next-path|next-host|page-host|api-host|other-host|id)\}/g, (_m, key: string) => {
      switch (key) {
        case 'origin':
          return origins.page
        case 'api':
          return origins.api
        case 'other':
          return origins.other
        case 'next':
          return next
        case 'next-path':
          return nextUrl.pathname
        case 'next-host':
          return nextUrl.host
        case 'page-host':
          return new URL(origins.page).host
        case 'api-host':
          return new URL(origins.api).host
        case 'other-host':
          return new URL(origins.other).host
        default:
          return id
      }
    })
  }

  type Reply = { kind: 'close' } | { kind: 'answer'; status: number; headers: string[]; body: string | undefined }

  /** The answer as bytes on a connection that then closes: for what Node's HTTP server will not write. */
  function rawResponse(r: Extract<Reply, { kind: 'answer' }>): string {
    const body = r.body ?? ''
    let head = `HTTP/1.1 ${r.status} ${http.STATUS_CODES[r.status] ?? 'Unknown'}\r\n`
    for (let i = 0; i < r.headers.length; i += 2) head += `${r.headers[i]}: ${r.headers[i + 1]}\r\n`
    head += `Date: ${new Date().toUTCString()}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`
    return head + body
  }

  /** Records a request to a case URL and decides the answer. */
  function reply(on: HopOrigin, method: string, target: string, headers: Record<string, string>, rawHeaders: string[]): Reply {
    const url = new URL(target, 'http://x')
    if (on === 'page' && url.pathname === '/' && (method === 'GET' || method === 'HEAD')) {
      return { kind: 'answer', status: 200, headers: ['content-type', 'text/html; charset=utf-8', 'cache-control', 'no-store'], body: blankPage }
    }
    if (url.pathname === '/favicon.ico') return { kind: 'answer', status: 204, headers: ['cache-control', 'max-age=3600'], body: undefined }
    const m = /^\/c\/([A-Za-z0-9_-]+)\/(\d+)$/.exec(url.pathname)
    if (!m) return { kind: 'answer', status: 404, headers: ['content-type', 'text/plain'], body: 'not found\n' }
    const id = m[1] as string
    const hop = Number(m[2])
    const preflight = method === 'OPTIONS' && headers['access-control-request-method'] !== undefined
    let list = log.get(id)
    if (!list) log.set(id, (list = []))
    list.push({ hop, method, headers, on, url: target, rawHeaders, preflight })

    const c = cases.get(id)
    const h = c?.hops[hop]
    if (!c || !h) return { kind: 'answer', status: 404, headers: ['content-type', 'text/plain'], body: 'no such case or hop\n' }
    const answer = preflight && h.preflight !== undefined ? h.preflight : h.response
    if (answer === 'close') return { kind: 'close' }
    const flat: string[] = []
    for (const [name, value] of answer.headers) flat.push(name, substitute(value, id, hop))
    const bodyless = method === 'HEAD' || answer.status === 204 || answer.status === 304 || (answer.status >= 100 && answer.status < 200)
    return { kind: 'answer', status: answer.status, headers: flat, body: bodyless ? undefined : `${id} hop ${hop}${preflight ? ' preflight' : ''}\n` }
  }

  function handler(on: HopOrigin) {
    return (req: http.IncomingMessage, res: http.ServerResponse) => {
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers)) {
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v
      }
      const r = reply(on, req.method ?? '', req.url ?? '/', headers, [...req.rawHeaders])
      if (r.kind === 'close') {
        req.socket.destroy()
        return
      }
      try {
        res.writeHead(r.status, r.headers)
      } catch {
        // Node refuses header values with control characters; a case may want exactly those bytes.
        req.socket.end(rawResponse(r), 'latin1')
        return
      }
      res.end(r.body)
    }
  }

  /**
   * Node's HTTP parser refuses methods it does not know, lower-case ones included (a page's
   * fetch(url, { method: 'patch' }) goes out as "patch"). Such a request is parsed here from the
   * raw bytes, recorded and answered like any other, on a connection that then closes.
   */
  function rawFallback(on: HopOrigin) {
    return (err: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex) => {
      const raw = err.rawPacket?.toString('latin1') ?? ''
      const headEnd = raw.indexOf('\r\n\r\n')
      const lines = (headEnd >= 0 ? raw.slice(0, headEnd) : raw).split('\r\n')
      const start = /^(\S+) (\S+) HTTP\/1\.[01]$/.exec(lines[0] ?? '')
      if (!start || !socket.writable) {
        socket.destroy()
        return
      }
      const headers: Record<string, string> = {}
      const rawHeaders: string[] = []
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':')
        if (colon <= 0) continue
        const name = line.slice(0, colon)
        const value = line.slice(colon + 1).trim()
        rawHeaders.push(name, value)
        const key = name.toLowerCase()
        headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`
      }
      const r = reply(on, start[1] as string, start[2] as string, headers, rawHeaders)
      if (r.kind === 'close') {
        socket.destroy()
        return
      }
      socket.end(rawResponse(r), 'latin1')
    }
  }

  async function serve(on: HopOrigin, host: 'page' | 'localhost', at = 0): Promise<string> {
    const primary = http.createServer(handler(on))
    primary.on('clientError', rawFallback(on))
    const port = await listen(primary, at, '127.0.0.1')
    servers.push(primary)
    if (host === 'localhost') {
      // Browsers may resolve localhost to ::1 first: answer there too, on the same port.
      const v6 = http.createServer(handler(on))
      v6.on('clientError', rawFallback(on))
      try {
        await listen(v6, port, '::1')
        servers.push(v6)
      } catch {
        /* no IPv6 loopback here */
      }
      return `http://localhost:${port}`
    }
    return `http://127.0.0.1:${port}`
  }

  // Hops on a port of their own (`hop.port`): listened on when a case first needs them.
  const ports = new Map<number, Promise<boolean>>()
  function listenOn(port: number): Promise<boolean> {
    let listening = ports.get(port)
    if (listening === undefined) {
      listening = serve('api', 'localhost', port).then(
        () => true,
        (e: Error) => {
          console.warn(`replay server: cannot listen on port ${port} (${e.message}); a request sent there is not recorded`)
          return false
        },
      )
      ports.set(port, listening)
    }
    return listening
  }

  origins.page = await serve('page', 'page')
  origins.api = await serve('api', 'localhost')
  origins.other = await serve('other', 'localhost')

  return {
    page: origins.page,
    api: origins.api,
    other: origins.other,
    origin: (which) => origins[which],
    register(c, id = newId()) {
      if (cases.has(id)) throw new Error(`case id ${id} is already registered`)
      cases.set(id, c)
      log.set(id, [])
      return { id, url: hopUrl(id, 0) }
    },
    hopUrl,
    async listenFor(c) {
      for (const hop of c.hops) if (hop.port !== undefined) await listenOn(hop.port)
    },
    requests: (id) => [...(log.get(id) ?? [])],
    unregister(id) {
      cases.delete(id)
      log.delete(id)
    },
    async close() {
      await Promise.all(servers.map(closeServer))
    },
  }
}
