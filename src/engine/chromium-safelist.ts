/*
 * Request headers Chromium sends without a preflight beyond the Fetch Standard's safelist:
 * `Intervention` and the client hints it once sent itself (services/network cors.cc,
 * IsCorsSafelistedHeader). Measured with Chromium 156 (docs/ground-truth.md): each needs a value
 * of at most 128 bytes, as the standard's do, and counts towards the same 1024-byte total.
 */

// 1*DIGIT [ "." 1*DIGIT ]
const decimal = /^\d+(\.\d+)?$/
const digits = /^\d+$/
const effectiveConnectionTypes = new Set(['slow-2g', '2g', '3g', '4g'])

/** Is `name: value` one of Chromium's own CORS-safelisted request headers? `name` is lower-case. */
export function isChromiumSafelistedHeader(name: string, value: string): boolean {
  if (value.length > 128) return false
  switch (name) {
    case 'intervention':
      return true
    case 'device-memory':
    case 'dpr':
    case 'downlink':
      return decimal.test(value)
    case 'width':
    case 'viewport-width':
    case 'rtt':
      return digits.test(value)
    case 'ect':
      return effectiveConnectionTypes.has(value)
    case 'save-data':
      return value.toLowerCase() === 'on'
    default:
      return false
  }
}
