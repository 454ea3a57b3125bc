import type { CredentialsMode, HeaderList } from '../engine/types.ts'
import { getFirst } from '../scenarios/headers.ts'
import { accessControlRequestHeaders, type NewJournalEntry } from '../shared/journal-entry.ts'
import { judgeServed, toJournalVerdict } from '../shared/journal-verdict.ts'
import { rawHeaderList } from './raw-headers.ts'

/**
 * What the server keeps of a request it answered, as the journal stores it: plain strings, mostly
 * what Node made anyway. The entry, with the engine's verdict, is worked out only when someone reads
 * the journal, so the server answers at full speed.
 */
export type Served = [
  scenario: string,
  /** The scenario probe's credentials mode: the one the server is told of, for a request without a Cookie. */
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

/**
 * The journal entry of a request the server answered. The page's credentials mode is what the server
 * can know of it: `include` when a Cookie came; else the scenario probe's, the mode the scenario is
 * written for (a preflight never carries cookies, so it always takes the probe's).
 */
export function servedEntry([scenario, probeCredentials, session, method, url, path, preflight, status, rawHeaders, sent]: Served): NewJournalEntry {
  const requestHeaders = rawHeaderList(rawHeaders)
  const responseHeaders: HeaderList = rawHeaderList(sent)
  const credentials = !preflight && getFirst(requestHeaders, 'cookie') !== undefined ? 'include' : probeCredentials
  const judged = judgeServed({
    url: `http://${getFirst(requestHeaders, 'host') ?? 'localhost'}${url}`,
    method,
    preflight,
    requestHeaders,
    status,
    responseHeaders,
  }, credentials)
  return {
    scenario,
    method,
    path,
    ...(session === null ? {} : { session }),
    origin: getFirst(requestHeaders, 'origin') ?? null,
    preflight,
    requestHeaders: accessControlRequestHeaders(requestHeaders),
    status,
    responseHeaders,
    verdict: judged === undefined ? null : toJournalVerdict(judged.verdict),
  }
}
