import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { LnaCase, Space } from './cases.ts'

/** A request that reached one of the servers. */
export interface Arrival {
  /** Which server: `api-loopback`, `api-public`, ... */
  server: string
  method: string
  /** Path and query. */
  path: string
  preflight: boolean
  origin: string | null
}

/**
 * Six servers on 127.0.0.1, one per role and address space: three serve the page (`GET /`), three
 * the API. A browser's override (a Chromium flag, Firefox prefs) gives each port its space; the
 * loopback ones keep the space of their address.
 *
 * The API answers `/api/<id>` with CORS headers that allow the request's origin, or none with
 * `?cors=none`; `?to=<url>` makes it a 302 to that URL.
 */
export interface LnaServers {
  /** Port by role: `page-public`, `page-local`, `page-loopback`, `api-public`, `api-local`, `api-loopback`. */
  readonly ports: Record<string, number>
  /** The page origin for a case: `http://127.0.0.1:PORT`, or `http://pub.test:PORT` when insecure. */
  pageOrigin(c: LnaCase): string
  /** The URL the page fetches for a case, and the URL it ends at (after the redirect, if any). */
  urls(c: LnaCase, id: string): { url: string, final: string }
  arrivals(id: string): Arrival[]
  close(): Promise<void>
}

export const insecureHost = 'pub.test'

const roles = ['page-public', 'page-local', 'page-loopback', 'api-public', 'api-local', 'api-loopback'] as const

export async function startLnaServers(): Promise<LnaServers> {
  const seen: Array<{ id: string, arrival: Arrival }> = []
  const servers: http.Server[] = []
  const ports: Record<string, number> = {}
  for (const role of roles) {
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      if (role.startsWith('page-')) {
        res.writeHead(url.pathname === '/' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end('<!doctype html><title>lna</title>')
        return
      }
      const id = /^\/api\/([\w-]+)$/.exec(url.pathname)?.[1]
      const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined
      if (id !== undefined) seen.push({ id, arrival: { server: role, method: req.method ?? '', path: req.url ?? '', preflight, origin: req.headers.origin ?? null } })
      const headers: Record<string, string> = { 'content-type': 'text/plain', 'cache-control': 'no-store' }
      if (url.searchParams.get('cors') !== 'none') {
        headers['access-control-allow-origin'] = req.headers.origin ?? '*'
        headers['access-control-allow-methods'] = 'GET, PUT'
        headers['access-control-allow-headers'] = 'x-custom'
      }
      const to = url.searchParams.get('to')
      if (to !== null) {
        res.writeHead(302, { ...headers, location: to }).end()
        return
      }
      res.writeHead(preflight ? 204 : 200, headers).end(preflight ? undefined : `${id} ok`)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    ports[role] = (server.address() as AddressInfo).port
    servers.push(server)
  }
  const api = (space: Space) => `http://127.0.0.1:${ports[`api-${space}`]}`
  return {
    ports,
    pageOrigin: (c) => `http://${c.insecure ? insecureHost : '127.0.0.1'}:${ports[`page-${c.page}`]}`,
    urls(c, id) {
      const query = c.cors === false ? '?cors=none' : ''
      const final = `${api(c.api)}/api/${id}${query}`
      if (c.via === undefined) return { url: final, final }
      return { url: `${api(c.via)}/api/${id}?to=${encodeURIComponent(final)}`, final }
    },
    arrivals: (id) => seen.filter((s) => s.id === id).map((s) => s.arrival),
    async close() {
      for (const server of servers) server.closeAllConnections()
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
    },
  }
}
