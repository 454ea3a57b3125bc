import type { CredentialsMode, HeaderList } from '../engine/index.ts'

/**
 * The cookies a browser keeps for the API, so that the mock API's sign-in (`POST /api/session`
 * sets a `session` cookie, `/api/me` reads it) works through the handlers as it does against
 * `corslab serve` in a browser. Kept per host (cookies ignore ports) for one handler set, as a
 * browser context keeps them. Only what the mock API's cookie needs is modelled: host-only
 * cookies, `Max-Age`/`Expires` removal, and SameSite=Lax (the default): sent, and stored, only
 * for a request whose page is on the same site as the API.
 */
export class CookieJar {
  readonly #hosts = new Map<string, Map<string, string>>()

  /** The Cookie header for a request to `url`, or null when there is nothing to send. */
  header(url: string): string | null {
    const cookies = this.#hosts.get(new URL(url).hostname)
    if (cookies === undefined || cookies.size === 0) return null
    return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  /** Keeps the Set-Cookie lines of a response to `url`. */
  take(url: string, headers: HeaderList): void {
    const host = new URL(url).hostname
    for (const [name, line] of headers) {
      if (name.toLowerCase() !== 'set-cookie') continue
      const [pair = '', ...attributes] = line.split(';')
      const equals = pair.indexOf('=')
      if (equals < 1) continue
      const cookie = pair.slice(0, equals).trim()
      const value = pair.slice(equals + 1).trim()
      const cookies = this.#hosts.get(host) ?? new Map<string, string>()
      this.#hosts.set(host, cookies)
      if (attributes.some(expired)) cookies.delete(cookie)
      else cookies.set(cookie, value)
    }
  }

  clear(): void {
    this.#hosts.clear()
  }
}

function expired(attribute: string): boolean {
  const [name = '', value = ''] = attribute.split('=').map((part) => part.trim())
  if (name.toLowerCase() === 'max-age') return Number(value) <= 0
  if (name.toLowerCase() === 'expires') return Date.parse(value) <= Date.now()
  return false
}

// The registrable domain, approximated without the public suffix list: an IP address or a
// one-label name (localhost) is its own site; otherwise the last two labels.
function siteOf(url: URL): string {
  const host = url.hostname
  if (host.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(host) || !host.includes('.')) return `${url.protocol}${host}`
  return `${url.protocol}${host.split('.').slice(-2).join('.')}`
}

/**
 * Does the browser send (and keep) cookies on this request? With credentials `include`, or
 * `same-origin` to the page's own origin (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch,
 * includeCredentials), and, for a SameSite=Lax cookie, only when the page is on the API's site.
 */
export function sendsCookies(mode: CredentialsMode, pageOrigin: string, url: string): boolean {
  const target = new URL(url)
  if (mode === 'omit' || (mode === 'same-origin' && target.origin !== pageOrigin)) return false
  const page = URL.parse(pageOrigin)
  return page !== null && siteOf(page) === siteOf(target)
}
