import {
  isForbiddenRequestHeader,
  normalizeMethod,
  simulate,
  type Answer,
  type AnswerRequest,
  type CredentialsMode,
  type HeaderList,
  type RequestInit,
  type RequestMode,
} from '../engine/index.ts'
import { getFirst } from '../scenarios/headers.ts'
import type { JournalVerdict } from './journal.ts'

export interface JudgeInput {
  /** The absolute URL the request was sent to. */
  url: string
  method: string
  requestHeaders: HeaderList
  preflight: boolean
  status: number
  responseHeaders: HeaderList
  /** The active scenario's probe credentials: what a preflight (which never carries cookies) stands for. */
  probeCredentials: CredentialsMode
}

// A value that no CORS-safelisting rule accepts, so the header stays "unsafe" as it was.
const unsafeValue = (name: string) => (name === 'content-type' ? 'application/json' : '"corslab"')

// The answer that passes every check for what the browser sends, standing in for the parts of the
// exchange the server did not see here (the preflight that let a request through, a redirect target).
function passing(sent: AnswerRequest, credentials: boolean): Answer {
  const headers: HeaderList = [['access-control-allow-origin', getFirst(sent.headers, 'origin') ?? 'null']]
  if (credentials) headers.push(['access-control-allow-credentials', 'true'])
  if (sent.kind === 'response') return { status: 200, headers }
  headers.push(['access-control-allow-methods', getFirst(sent.headers, 'access-control-request-method') ?? 'GET'])
  const names = getFirst(sent.headers, 'access-control-request-headers')
  if (names !== undefined) headers.push(['access-control-allow-headers', names])
  return { status: 204, headers }
}

function modeOf(value: string | undefined): RequestMode | null {
  if (value === undefined || value === 'cors') return 'cors'
  if (value === 'no-cors' || value === 'same-origin') return value
  return null
}

/**
 * What Chromium does with this answer. A preflight is judged for the Access-Control-Request-Method
 * and -Headers it carried. A request is judged by the CORS check on its response (the browser sent
 * it, so its preflight passed), and a redirect as a hop the browser follows: the mode comes from
 * Sec-Fetch-Mode (absent: cors), credentials are `include` when a Cookie header came, else the
 * scenario probe's. Null when there is nothing to judge (no Origin, a navigation) or the engine
 * refuses the input (say, an Origin that is not an origin).
 */
export function judge(input: JudgeInput): JournalVerdict | null {
  const origin = getFirst(input.requestHeaders, 'origin')
  if (origin === undefined) return null
  let request: RequestInit
  if (input.preflight) {
    const names = (getFirst(input.requestHeaders, 'access-control-request-headers') ?? '').split(',').map((n) => n.trim().toLowerCase()).filter(Boolean)
    request = {
      url: input.url,
      origin,
      method: normalizeMethod(getFirst(input.requestHeaders, 'access-control-request-method') ?? 'GET'),
      headers: names.map((n) => [n, unsafeValue(n)]),
      credentials: input.probeCredentials,
    }
  } else {
    const mode = modeOf(getFirst(input.requestHeaders, 'sec-fetch-mode'))
    if (mode === null) return null
    request = {
      url: input.url,
      origin,
      method: input.method,
      headers: input.requestHeaders.filter(([n, v]) => !isForbiddenRequestHeader(n, v)),
      credentials: getFirst(input.requestHeaders, 'cookie') !== undefined ? 'include' : input.probeCredentials,
      mode,
    }
  }
  const credentials = request.credentials === 'include'
  const judged: AnswerRequest['kind'] = input.preflight ? 'preflight' : 'response'
  const actual: Answer = { status: input.status, headers: input.responseHeaders }
  try {
    const verdict = simulate({ request }, {
      browser: 'chromium',
      resolve: (sent) => (sent.hop === 0 && sent.kind === judged ? actual : passing(sent, credentials)),
    })
    const result: JournalVerdict = { outcome: verdict.outcome }
    if (verdict.stage !== undefined) result.stage = verdict.stage
    if (verdict.reason !== undefined) result.reason = verdict.reason
    if (verdict.message !== undefined) result.message = verdict.message
    return result
  } catch {
    return null
  }
}
