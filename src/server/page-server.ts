import type { Server } from 'node:http'
import { createServer } from './node-http.ts'
import type { AddressInfo } from 'node:net'
import { dashboardHtml } from './dashboard.ts'
import { authority, hostProblem, tokenMatches, tokenOf, type OwnAddress } from './access.ts'

/**
 * The "page origin": a second port that serves only the dashboard, so that the dashboard's calls to
 * the API port are cross-origin and the browser enforces the scenario on them.
 */
export function createPageServer(options: { apiPort: number, token: string | undefined, own: OwnAddress, upstream?: string | undefined }): Server {
  return createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]
    // The page names the API by the host it was opened with: only the server's own names will do.
    const problem = hostProblem(request.headers.host, options.own)
    if (problem !== undefined) {
      response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end(`${problem}\n`)
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('The dashboard page only answers GET.\n')
      return
    }
    // The page declares no icon (a data: URL); a browser that asks anyway gets nothing, not a 404.
    if (path === '/favicon.ico') {
      response.writeHead(204).end()
      return
    }
    if (path !== '/' && path !== '/index.html') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: the dashboard is at /\n')
      return
    }
    const given = tokenOf(request)
    if (options.token !== undefined && !tokenMatches(given, options.token)) {
      response.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' }).end('This corslab server is reachable from other machines: open the dashboard URL with ?token=TOKEN, as corslab serve printed it.\n')
      return
    }
    // The API is on the same host name the page was opened with, on the API's port.
    const hostname = (request.headers.host ?? 'localhost').replace(/:\d+$/, '')
    const api = `http://${hostname}:${options.apiPort}`
    const html = dashboardHtml({ api, token: options.token === undefined ? undefined : given, crossOrigin: true, ...(options.upstream === undefined ? {} : { upstream: options.upstream }) })
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html)
  })
}

/** Listens on `port`, or on a free port when that one is taken; resolves to the port. */
export function listenPage(server: Server, host: string, port: number): Promise<number> {
  const attempt = (p: number) => new Promise<number>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening)
      reject(error)
    }
    const onListening = () => {
      server.off('error', onError)
      resolve((server.address() as AddressInfo).port)
    }
    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(p, host)
  })
  return attempt(port).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE' && port !== 0) return attempt(0)
    throw error
  })
}

export function pageUrl(host: string, port: number, token: string | undefined): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  return `http://${authority(shown, port)}/${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`
}
