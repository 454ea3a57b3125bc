import { chromiumHeaderOrder } from './chromium-header-order.ts'
import type { BrowserName } from './types.ts'

/*
 * The order a browser goes through a request's headers when it checks them against a preflight's
 * Access-Control-Allow-Headers: the first one refused is the one its console names. Measured with
 * Chromium 156, Firefox 153 and WebKitGTK 2.50 (docs/ground-truth.md).
 */

// The request headers WebKit 2.50 knows by name (HTTPHeaderNames), as far as a page may set them:
// its header map keeps these first, in the order set, and prints them in this case.
const webkitKnownHeaders = [
  'Accept', 'Accept-Language', 'Accept-Ranges', 'Access-Control-Allow-Credentials', 'Access-Control-Allow-Headers',
  'Access-Control-Allow-Methods', 'Access-Control-Allow-Origin', 'Access-Control-Expose-Headers', 'Access-Control-Max-Age',
  'Age', 'Authorization', 'Cache-Control', 'Clear-Site-Data', 'Content-Disposition', 'Content-Encoding', 'Content-Language',
  'Content-Location', 'Content-Range', 'Content-Security-Policy', 'Content-Security-Policy-Report-Only', 'Content-Type',
  'Cross-Origin-Embedder-Policy', 'Cross-Origin-Embedder-Policy-Report-Only', 'Cross-Origin-Opener-Policy',
  'Cross-Origin-Opener-Policy-Report-Only', 'Cross-Origin-Resource-Policy', 'Default-Style', 'ETag', 'Expires', 'Icy-Metadata',
  'If-Match', 'If-Modified-Since', 'If-None-Match', 'If-Range', 'If-Unmodified-Since', 'Last-Event-ID', 'Last-Modified', 'Link',
  'Location', 'Ping-From', 'Ping-To', 'Pragma', 'Range', 'Referrer-Policy', 'Refresh', 'Report-To', 'Service-Worker',
  'Service-Worker-Allowed', 'Service-Worker-Navigation-Preload', 'Set-Cookie2', 'SourceMap', 'Timing-Allow-Origin',
  'Upgrade-Insecure-Requests', 'User-Agent', 'Vary', 'X-Content-Type-Options', 'X-Frame-Options', 'X-SourceMap',
  'X-Temp-Tablet', 'X-XSS-Protection',
]
const webkitKnown = new Map(webkitKnownHeaders.map((name) => [name.toLowerCase(), name]))

/** How WebKit prints a header name: a name it knows in its own case, any other as the page wrote it. */
export function webkitHeaderName(lower: string, written: string | undefined): string {
  return webkitKnown.get(lower) ?? written ?? lower
}

export interface OrderInput {
  /** The page's header names, lower-cased, each once, in the order the page first set them. */
  names: readonly string[]
  initiator: 'fetch' | 'xhr'
  /** The request URL is potentially trustworthy (https, localhost, loopback): Chromium adds client hints. */
  trustworthy: boolean
}

/** The order `browser` checks request-header names in; `names` outside `input.names` keep theirs, last. */
export function checkOrder(browser: BrowserName, input: OrderInput): string[] {
  switch (browser) {
    case 'chromium':
      return chromiumHeaderOrder(input.names, input.initiator, input.trustworthy)
    case 'firefox':
      return [...input.names].sort()
    case 'webkit':
      return [...input.names.filter((n) => webkitKnown.has(n)), ...input.names.filter((n) => !webkitKnown.has(n))]
  }
}
