import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { networkInterfaces } from 'node:os'

/** 127.0.0.0/8, ::1 and localhost: where no one else can reach the server. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare)
}

export function generateToken(): string {
  return randomBytes(18).toString('base64url')
}

/** The token a request carries: `Authorization: Bearer T`, `X-Corslab-Token: T`, or `?token=T` (for pages and EventSource). */
export function tokenOf(request: IncomingMessage): string | undefined {
  const auth = request.headers.authorization
  if (typeof auth === 'string' && /^bearer /i.test(auth)) return auth.slice(7).trim()
  const header = request.headers['x-corslab-token']
  if (typeof header === 'string') return header
  const query = (request.url ?? '').split('?')[1]
  return query === undefined ? undefined : new URLSearchParams(query).get('token') ?? undefined
}

export function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** `host:port` as a URL authority (IPv6 in brackets). */
export function authority(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`
}

/**
 * The host names the control API and dashboard answer to (lower-case, IPv6 in brackets): bound to
 * loopback, localhost, 127.0.0.1 and [::1]; bound to every interface, those and this machine's
 * addresses; bound to one address, that address. Plus the names given (`--allowed-host`). A name a
 * page chose (evil.test pointed at 127.0.0.1 by DNS rebinding) is none of them.
 */
export function ownHostNames(host: string, allowed: readonly string[] = []): string[] {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  const bracket = (address: string) => (address.includes(':') ? `[${address}]` : address)
  const names = new Set<string>()
  if (isLoopbackHost(host) || bare === '0.0.0.0' || bare === '::') {
    for (const name of ['localhost', '127.0.0.1', '[::1]']) names.add(name)
  }
  if (bare === '0.0.0.0' || bare === '::') {
    for (const list of Object.values(networkInterfaces())) {
      for (const info of list ?? []) names.add(bracket(info.address.toLowerCase()))
    }
  } else names.add(bracket(bare))
  for (const name of allowed) names.add(name.toLowerCase())
  return [...names]
}

/** `name` and `port` of a Host header (`[::1]:4010` -> `[::1]`, 4010); the port is undefined when absent. */
function splitAuthority(value: string): { name: string, port: number | undefined } | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d+))?$/i.exec(value.trim())
  if (match === null) return undefined
  return { name: (match[1] as string).toLowerCase(), port: match[2] === undefined ? undefined : Number(match[2]) }
}

export interface OwnAddress {
  /** ownHostNames() */
  hostNames: readonly string[]
  /** The port this listener is on (undefined before it listens: any port passes). */
  port: number | undefined
}

/**
 * Why a request for the control API or the dashboard is refused for its Host, or undefined when the
 * Host is one of the server's own names on its port.
 */
export function hostProblem(hostHeader: string | undefined, own: OwnAddress): string | undefined {
  const parsed = hostHeader === undefined ? undefined : splitAuthority(hostHeader)
  const port = parsed?.port ?? 80
  if (parsed !== undefined && own.hostNames.includes(parsed.name) && (own.port === undefined || port === own.port)) return undefined
  const names = own.hostNames.map((n) => (own.port === undefined ? n : authority(n, own.port))).join(', ')
  const shown = hostHeader === undefined ? 'no Host' : `Host ${hostHeader}`
  return `corslab answers its control API and dashboard only under its own names (${names}); this request has ${shown}. A web page that points a name of its own at this machine (DNS rebinding) would arrive like this. To reach corslab under another name, start it with --allowed-host NAME.`
}

/** The origins whose pages may call the control API: the API's own and the dashboard's, under the server's names. */
export function ownOrigins(hostNames: readonly string[], ports: ReadonlyArray<number | undefined>): string[] {
  return ports.filter((p): p is number => p !== undefined).flatMap((port) => hostNames.map((name) => `http://${authority(name, port)}`))
}

/**
 * Why a request with this Origin is refused, or undefined: a request without Origin comes from a
 * program (curl, a test's fetch), not a page; a page's must be one of `origins`.
 */
export function originProblem(origin: string | undefined, origins: readonly string[]): string | undefined {
  if (origin === undefined || origins.includes(origin)) return undefined
  return `the control API takes requests from pages only on corslab's own origins (${origins.join(', ')}); this one comes from a page on ${origin}, and another site's page must not switch scenarios or read the journal.`
}
