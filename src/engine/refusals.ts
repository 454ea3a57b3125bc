import { forbiddenMethods, isToken } from './fetch-terms.ts'
import type { BrowserName, HeaderList, Initiator, ReasonId } from './types.ts'

/**
 * What fetch() and XMLHttpRequest refuse before anything is sent: the `Request` constructor's
 * TypeError, `open()`'s and `setRequestHeader()`'s exceptions. The page sees the exception and the
 * console prints nothing. Texts measured with Chromium 156, Firefox 153 and WebKitGTK 2.50
 * (docs/ground-truth.md).
 */
export interface Refusal {
  reason: Extract<ReasonId, 'forbidden-method' | 'invalid-method' | 'disallowed-by-mode' | 'invalid-header'>
  /** What the page's code gets: fetch()'s TypeError message; XHR's exception as `Name: message`. */
  error: string
  /** The refused header, as the page wrote it. */
  header?: string
}

interface Texts {
  /** A header name or value with a character over U+00FF (`index` in the string, `code` its value). */
  nonLatin1(index: number, code: number, inName: boolean): string
  invalidMethod(method: string): string
  forbiddenMethod(method: string): string
  /** fetch() only: mode no-cors with a method other than GET, HEAD or POST. */
  noCorsMethod(method: string): string
  headerName(name: string): string
  headerValue(name: string, value: string): string
}

const chromiumFetch = "Failed to execute 'fetch' on 'Window':"
const chromiumOpen = "Failed to execute 'open' on 'XMLHttpRequest':"
const chromiumSet = "Failed to execute 'setRequestHeader' on 'XMLHttpRequest':"
const webkitPattern = 'SyntaxError: The string did not match the expected pattern.'

const texts: Record<BrowserName, Record<Initiator, Texts>> = {
  chromium: {
    fetch: {
      nonLatin1: () => `${chromiumFetch} Failed to read the 'headers' property from 'RequestInit': String contains non ISO-8859-1 code point.`,
      invalidMethod: (m) => `${chromiumFetch} '${m}' is not a valid HTTP method.`,
      forbiddenMethod: (m) => `${chromiumFetch} '${m}' HTTP method is unsupported.`,
      noCorsMethod: (m) => `${chromiumFetch} '${m}' is unsupported in no-cors mode.`,
      headerName: () => `${chromiumFetch} Invalid name`,
      headerValue: () => `${chromiumFetch} Invalid value`,
    },
    xhr: {
      nonLatin1: () => `TypeError: ${chromiumSet} String contains non ISO-8859-1 code point.`,
      invalidMethod: (m) => `SyntaxError: ${chromiumOpen} '${m}' is not a valid HTTP method.`,
      forbiddenMethod: (m) => `SecurityError: ${chromiumOpen} '${m}' HTTP method is unsupported.`,
      noCorsMethod: () => '',
      headerName: (n) => `SyntaxError: ${chromiumSet} '${n}' is not a valid HTTP header field name.`,
      headerValue: (_n, v) => `SyntaxError: ${chromiumSet} '${v}' is not a valid HTTP header field value.`,
    },
  },
  firefox: {
    fetch: {
      // Measured with headers given as a list of pairs (a record names another IDL branch).
      nonLatin1: (i, c) =>
        `Window.fetch: Cannot convert element of element of sequence<sequence<ByteString>> branch of (sequence<sequence<ByteString>> or record<ByteString, ByteString>) to ByteString because the character at index ${i} has value ${c} which is greater than 255.`,
      invalidMethod: (m) => `Window.fetch: Invalid request method ${m}.`,
      forbiddenMethod: (m) => `Window.fetch: Invalid request method ${m}.`,
      noCorsMethod: (m) => `Window.fetch: Invalid request method ${m}.`,
      headerName: (n) => `Window.fetch: ${n} is an invalid header name.`,
      // The message is a C string: it ends at a NUL in the value.
      headerValue: (_n, v) => `Window.fetch: ${v.split('\0')[0]} is an invalid header value.`,
    },
    xhr: {
      nonLatin1: (i, c, inName) => `TypeError: XMLHttpRequest.setRequestHeader: Cannot convert argument ${inName ? 1 : 2} to ByteString because the character at index ${i} has value ${c} which is greater than 255.`,
      invalidMethod: () => 'SyntaxError: An invalid or illegal string was specified',
      forbiddenMethod: () => 'SecurityError: The operation is insecure.',
      noCorsMethod: () => '',
      // Firefox says "name" for a bad value too.
      headerName: () => 'SyntaxError: Invalid header name.',
      headerValue: () => 'SyntaxError: Invalid header name.',
    },
  },
  webkit: {
    fetch: {
      nonLatin1: () => 'Type error',
      invalidMethod: () => 'Method is not a valid HTTP token.',
      forbiddenMethod: () => 'Method is forbidden.',
      noCorsMethod: () => 'Method must be GET, POST or HEAD in no-cors mode.',
      headerName: (n) => `Invalid header name: '${n}'`,
      headerValue: (n, v) => `Header '${n}' has invalid value: '${v}'`,
    },
    xhr: {
      nonLatin1: () => 'TypeError: Type error',
      invalidMethod: () => webkitPattern,
      forbiddenMethod: () => 'SecurityError: The operation is insecure.',
      noCorsMethod: () => '',
      headerName: () => webkitPattern,
      headerValue: () => webkitPattern,
    },
  },
}

// https://fetch.spec.whatwg.org/#header-value: no NUL, CR or LF (leading and trailing whitespace is
// already gone).
const invalidValue = /[\0\r\n]/

function overLatin1(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return i
  return -1
}

export interface RequestArguments {
  /** The method as the page passed it (not yet normalized). */
  method: string
  /** The normalized method, for the no-cors rule. */
  normalized: string
  noCors: boolean
  /** The header lines as the page passed them, names as written. */
  lines: HeaderList
}

/**
 * The exception fetch() (the Request constructor) or XMLHttpRequest (`open()`, then each
 * `setRequestHeader()`) throws for these arguments, in the order the browser runs into it; null
 * when the request can be sent.
 */
export function refusalOf(args: RequestArguments, initiator: Initiator, browser: BrowserName): Refusal | null {
  const t = texts[browser][initiator]
  const notLatin1 = (name: string, value: string): Refusal | null => {
    for (const [text, inName] of [[name, true], [value, false]] as const) {
      const at = overLatin1(text)
      if (at >= 0) return { reason: 'invalid-header', error: t.nonLatin1(at, text.charCodeAt(at), inName), header: name }
    }
    return null
  }
  const invalid = (name: string, value: string): Refusal | null => {
    if (!isToken(name)) return { reason: 'invalid-header', error: t.headerName(name), header: name }
    if (invalidValue.test(value)) return { reason: 'invalid-header', error: t.headerValue(name, value), header: name }
    return null
  }
  // fetch(): RequestInit is converted (headers to ByteStrings) before the constructor runs.
  if (initiator === 'fetch') {
    for (const [name, value] of args.lines) {
      const refused = notLatin1(name, value)
      if (refused !== null) return refused
    }
  }
  const { method } = args
  if (!isToken(method)) return { reason: 'invalid-method', error: t.invalidMethod(method) }
  if (forbiddenMethods.has(method.toUpperCase())) return { reason: 'forbidden-method', error: t.forbiddenMethod(method) }
  if (initiator === 'fetch' && args.noCors && !['GET', 'HEAD', 'POST'].includes(args.normalized)) {
    return { reason: 'disallowed-by-mode', error: t.noCorsMethod(args.normalized) }
  }
  // The header list is filled (fetch()), or setRequestHeader() called once per line after open().
  for (const [name, value] of args.lines) {
    const refused = (initiator === 'xhr' ? notLatin1(name, value) : null) ?? invalid(name, value)
    if (refused !== null) return refused
  }
  return null
}
