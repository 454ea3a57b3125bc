import type { CredentialsMode, HeaderList } from '../engine/index.ts'
import { getFirst, headerNameMatcher } from '../scenarios/headers.ts'
import type { NewJournalEntry } from './journal.ts'
import { rawHeaderList } from './raw-headers.ts'
import { judge } from './verdict.ts'

/**
 * What the server keeps of a request it answered, as the journal stores it: plain strings, mostly
 * what Node made anyway. The entry, with the engine's verdict, is worked out only when someone reads
 * the journal, so the server answers at full speed.
 */
export type Served = [
  scenario: string,
  /** The scenario probe's credentials mode, which the verdict assumes when no Cookie came. */
  probeCredentials: CredentialsMode,
  session: string | null,
  method: string,
  /** The request target in origin form, the `/@NAME/` prefix still on. */
  url: string,
  /** Under the scenario (prefix removed). */
  path: string,
  preflight: boolean,
  status: number,
  /** Node's flat `rawHeaders`. */
  rawHeaders: string[],
  /** The header lines sent, flat. */
  sent: string[],
]

const accessControlRequest = headerNameMatcher('access-control-request-*')

/** The journal entry of a request the server answered. */
export function servedEntry([scenario, probeCredentials, session, method, url, path, preflight, status, rawHeaders, sent]: Served): NewJournalEntry {
  const headers = rawHeaderList(rawHeaders)
  const responseHeaders: HeaderList = rawHeaderList(sent)
  const requestHeaders: Record<string, string> = {}
  for (const [n, v] of headers) {
    if (!accessControlRequest(n)) continue
    const name = n.toLowerCase()
    requestHeaders[name] = requestHeaders[name] === undefined ? v : `${requestHeaders[name]}, ${v}`
  }
  return {
    scenario,
    method,
    path,
    ...(session === null ? {} : { session }),
    origin: getFirst(headers, 'origin') ?? null,
    preflight,
    requestHeaders,
    status,
    responseHeaders,
    verdict: judge({
      url: `http://${getFirst(headers, 'host') ?? 'localhost'}${url}`,
      method,
      requestHeaders: headers,
      preflight,
      status,
      responseHeaders,
      probeCredentials,
    }),
  }
}
