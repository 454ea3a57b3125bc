import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

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
