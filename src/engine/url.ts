/** The parts of a URL the CORS protocol reads. */
export interface UrlParts {
  href: string
  /** Serialized origin ('null' for opaque origins). */
  origin: string
  protocol: string
  /** As the URL parser serializes it: lower-case, IPv6 in brackets. */
  hostname: string
  /** The port as the URL serializes it: '' for the scheme's default. */
  port: string
  /** The URL has a username or password (`user:pass@`). */
  credentials: boolean
}

// Pages fetch a handful of URLs over and over; parsing each once keeps simulate() cheap in a
// server's or a test's hot loop. Bounded, and cleared whole when full.
const parsed = new Map<string, UrlParts | null>()

/** Parses `input` (relative to `base`, if given) as the URL parser does, or null on failure. */
export function parseUrl(input: string, base?: string): UrlParts | null {
  const key = base === undefined ? input : `${base}\n${input}`
  let parts = parsed.get(key)
  if (parts === undefined) {
    const url = URL.parse(input, base)
    parts = url === null ? null : { href: url.href, origin: url.origin, protocol: url.protocol, hostname: url.hostname, port: url.port, credentials: url.username !== '' || url.password !== '' }
    if (parsed.size >= 1000) parsed.clear()
    parsed.set(key, parts)
  }
  return parts
}

export const isHttpScheme = (url: UrlParts) => url.protocol === 'http:' || url.protocol === 'https:'
