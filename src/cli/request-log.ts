import type { JournalEntry } from '../server/index.ts'
import { fromUpstream } from '../server/upstream.ts'

/**
 * One line per request for `corslab serve --log`: time, method, path, scenario (and session), status,
 * and what the browser does with the answer, with its reason:
 * `14:02:11.250 OPTIONS /api/items (preflight for POST: content-type, x-request-id) [disallowed-header] 204 blocked at preflight: header-not-allowed`
 */
export function requestLogLine(entry: JournalEntry): string {
  const asked = entry.requestHeaders['access-control-request-headers']
  const preflight = entry.preflight
    ? ` (preflight for ${entry.requestHeaders['access-control-request-method'] ?? '?'}${asked ? `: ${asked}` : ''})`
    : ''
  const where = entry.session === undefined ? entry.scenario : `${entry.scenario} @${entry.session}`
  const upstream = fromUpstream(entry.responseHeaders) ? ' from upstream' : ''
  const v = entry.verdict
  const verdict = v === null
    ? 'not a CORS request (no Origin)'
    : v.outcome === 'blocked' ? `blocked at ${v.stage}: ${v.reason}` : v.outcome
  return `${entry.time.slice(11, 23)} ${entry.method} ${entry.path}${preflight} [${where}] ${entry.status}${upstream} ${verdict}`
}
