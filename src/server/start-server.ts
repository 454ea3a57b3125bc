import type { FastifyInstance } from 'fastify'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { CorslabError } from '../errors.ts'
import { authority } from './access.ts'
import { contextOf, createServer } from './create-server.ts'
import { defaultHost, defaultPort, type ServerOptions } from './options.ts'
import { createPageServer, listenPage, pageUrl } from './page-server.ts'

/** How long close() waits for requests in flight before it cuts their connections. */
export const closeGraceMs = 10_000

export interface RunningServer {
  /** `http://HOST:PORT`, the real port when 0 was asked. */
  url: string
  port: number
  /** The dashboard on its own origin, token included; undefined with `pagePort: false`. */
  pageUrl: string | undefined
  /** The control API token, when one is required. */
  token: string | undefined
  app: FastifyInstance
  close(): Promise<void>
}

function checkPort(port: unknown, what: string): number {
  if (!Number.isInteger(port) || (port as number) < 0 || (port as number) > 65535) {
    throw new CorslabError('E_INVALID_OPTION', `${what} must be a whole number from 0 to 65535 (0 picks a free port), got ${JSON.stringify(port)}.`)
  }
  return port as number
}

/**
 * Starts the server (and, unless `pagePort: false`, its dashboard page origin); resolves once both
 * listen. This is the door for tests: scenario traffic is answered over real HTTP only.
 *
 * @example
 * import { startServer } from 'corslab/server'
 * const server = await startServer({ port: 0, scenario: 'missing-preflight', pagePort: false })
 * await fetch(`${server.url}/@disallowed-header/api/items`, { headers: { origin: 'http://localhost:5173' } })
 * await server.close()
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? defaultHost
  const port = checkPort(options.port ?? defaultPort, 'port')
  if (options.pagePort !== undefined && options.pagePort !== false) checkPort(options.pagePort, 'pagePort')
  const app = createServer(options)
  try {
    await app.listen({ port, host })
  } catch (error) {
    await app.close()
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') {
      throw new CorslabError('E_PORT_IN_USE', `port ${port} on ${host} is already in use. Stop what is using it, or pick another port with --port N (--port 0 picks a free one).`, { cause: error })
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      throw new CorslabError('E_USAGE', `cannot listen on host ${host}: it is not an address of this machine. Use --host 127.0.0.1 (the default) or 0.0.0.0.`, { cause: error })
    }
    if (code === 'EACCES') {
      throw new CorslabError('E_USAGE', `not allowed to listen on port ${port}: ports below 1024 need privileges. Use --port 4010 or another port above 1023.`, { cause: error })
    }
    throw error
  }
  const actualPort = (app.server.address() as AddressInfo).port
  const ctx = contextOf(app)
  ctx.port = actualPort
  let page: Server | undefined
  if (options.pagePort !== false) {
    page = createPageServer({ apiPort: actualPort, token: ctx.token, own: { hostNames: ctx.hostNames, get port() { return ctx.pagePort } }, upstream: options.upstream })
    try {
      const wanted = options.pagePort ?? (port === 0 ? 0 : (actualPort + 1) % 65536)
      ctx.pagePort = await listenPage(page, host, wanted)
      ctx.pageUrl = pageUrl(host, ctx.pagePort, ctx.token)
    } catch (error) {
      await app.close()
      throw error
    }
  }
  ctx.state.watch()
  let closing: Promise<void> | undefined
  return {
    url: `http://${authority(host, actualPort)}`,
    port: actualPort,
    pageUrl: ctx.pageUrl,
    token: ctx.token,
    app,
    close() {
      closing ??= (async () => {
        if (page !== undefined) {
          page.closeAllConnections()
          await new Promise<void>((resolve) => page.close(() => resolve()))
        }
        // Requests in flight finish; a kept-alive connection closes once its last answer is out;
        // past the grace period, whatever is left is cut.
        const reap = setInterval(() => app.server.closeIdleConnections(), 25)
        const cut = setTimeout(() => app.server.closeAllConnections(), closeGraceMs)
        try {
          await app.close()
        } finally {
          clearInterval(reap)
          clearTimeout(cut)
        }
      })()
      return closing
    },
  }
}
