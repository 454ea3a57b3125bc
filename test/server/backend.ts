import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Backend {
  url: string
  /** Every request the backend saw: method, path, header lines. */
  seen: Array<{ method: string, path: string, headers: Array<[string, string]>, body: string }>
  close(): Promise<void>
}

function lines(req: IncomingMessage): Array<[string, string]> {
  const out: Array<[string, string]> = []
  for (let i = 0; i < req.rawHeaders.length; i += 2) out.push([req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string])
  return out
}

/**
 * A stand-in for a real backend behind --upstream. It sends CORS headers of its own (which corslab
 * must drop) and answers the probes' paths with the same statuses as the default API.
 */
export async function startBackend(): Promise<Backend> {
  const seen: Backend['seen'] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const path = req.url ?? '/'
      seen.push({ method: req.method ?? '', path, headers: lines(req), body: Buffer.concat(chunks).toString('utf8') })
      const own: Array<[string, string]> = [
        ['Access-Control-Allow-Origin', '*'],
        ['Access-Control-Allow-Credentials', 'true'],
        ['Access-Control-Expose-Headers', '*'],
        ['X-Backend', 'yes'],
        ['Content-Type', 'application/json'],
      ]
      const reply = (status: number, body: unknown, extra: Array<[string, string]> = []) => {
        res.writeHead(status, [...own, ...extra].flat())
        res.end(JSON.stringify(body))
      }
      const pathname = path.split('?')[0] ?? ''
      if (req.method === 'OPTIONS') return reply(404, { error: 'no OPTIONS here' })
      if (pathname === '/api/items' && req.method === 'GET') return reply(200, [], [['X-Total-Count', '3'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']])
      if (pathname === '/api/items' && req.method === 'POST') return reply(201, { id: 9 })
      if (/^\/api\/items\/\d+$/.test(pathname)) return reply(200, { id: 1 })
      if (pathname === '/api/me') return reply(401, { error: 'signed out' })
      if (pathname === '/api/error/500') return reply(500, { error: 'boom' })
      if (pathname === '/redirect') return reply(302, {}, [['Location', '/api/items']])
      return reply(404, { error: 'not found' })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

export const routesYaml = `routes:
  - { method: GET, path: /api/items, headers: { x-total-count: '3' }, body: [] }
  - { method: POST, path: /api/items, status: 201, body: { id: 9 } }
  - { method: [PUT, PATCH, DELETE], path: /api/items/:id, body: { id: 1 } }
  - { method: GET, path: /api/me, status: 401, body: { error: signed out } }
  - { method: '*', path: /api/error/500, status: 500, body: boom }
`
