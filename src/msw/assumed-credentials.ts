import { simulate, type Answer, type AnswerRequest, type BrowserName, type CredentialsMode, type PreflightCache, type PageRequest, type Verdict } from '../engine/index.ts'
import type { AnswerSource, Sent } from './exchange.ts'

const keyOf = (need: AnswerRequest) => `${need.kind} ${need.hop} ${need.method} ${need.url}`

// Thrown out of simulate() when the other run needs an answer the first run did not get.
class Unanswered {}

// The shared cache as it stands, with this run's own entries kept out of it.
function readOnly(shared: PreflightCache): PreflightCache {
  return { covers: (...args) => shared.covers(...args), store() {}, clear() {}, size: shared.size }
}

function same(a: Verdict, b: Verdict): boolean {
  const readable = (v: Verdict) => [...(v.exposedHeaders ?? [])].sort().join(', ')
  return a.outcome === b.outcome && a.stage === b.stage && a.reason === b.reason && readable(a) === readable(b)
}

/**
 * The verdict the request would get with `include` instead of the assumed mode, when it differs
 * (outcome, stage, reason or readable headers); null when the mode does not change the verdict.
 * Runs the engine again on the answers the first run got (no route is asked twice), with
 * `answerNow` for an answer only the other run needs (a preflight the cache spared the first one);
 * when even that has none, the mode may matter, so the answer is an unknown verdict (undefined).
 */
export function verdictWithCredentials(page: PageRequest, verdict: Verdict, sent: Sent[], answerNow: (need: AnswerRequest) => Answer | null, browser: BrowserName, cache: PreflightCache): Verdict | null | undefined {
  if (page.credentials === 'include') return null
  const answers = new Map(sent.map((item) => [keyOf(item.need), { status: item.answer.status, headers: item.answer.headers }]))
  const resolve = (need: AnswerRequest): Answer => {
    const answer = answers.get(keyOf(need)) ?? answerNow(need)
    if (answer === null) throw new Unanswered()
    return answer
  }
  try {
    const other = simulate({ request: { ...page, credentials: 'include' } }, { browser, preflightCache: readOnly(cache), now: Date.now(), resolve })
    return same(verdict, other) ? null : other
  } catch (error) {
    if (error instanceof Unanswered) return undefined
    throw error
  }
}

function outcomeOf(verdict: Verdict): string {
  if (verdict.outcome === 'allowed') return 'allows it'
  return verdict.outcome === 'blocked' ? `blocks it (${verdict.reason ?? verdict.stage ?? 'blocked'})` : 'gives an opaque response'
}

// What the other mode changes, said against the assumed verdict.
function change(assumed: Verdict, other: Verdict | undefined): string {
  if (other === undefined) return 'may not (corslab could not run that case)'
  if (other.outcome !== 'allowed' || assumed.outcome !== 'allowed') return `would ${outcomeOf(other).replace(/^(allows|blocks|gives)/, (verb) => verb.slice(0, -1))}`
  const before = new Set(assumed.exposedHeaders ?? [])
  const after = new Set(other.exposedHeaders ?? [])
  const hidden = [...before].filter((name) => !after.has(name))
  const shown = [...after].filter((name) => !before.has(name))
  return [hidden.length > 0 ? `would hide ${hidden.join(', ')} from the page` : '', shown.length > 0 ? `would let the page read ${shown.join(', ')}` : ''].filter(Boolean).join(' and ')
}

/** The warning's text. */
export function credentialsWarning(scenario: string, method: string, url: string, assumed: CredentialsMode, verdict: Verdict, other: Verdict | undefined, browser: BrowserName): string {
  return [
    `corslab: under scenario '${scenario}', ${method} ${url} came without a credentials mode corslab could tell`,
    "(axios's http adapter and node:http do not pass one on), and the verdict depends on it:",
    `corslab assumed '${assumed}', for which ${browser} ${outcomeOf(verdict)}; with 'include', ${browser} ${change(verdict, other)}.`,
    `If this request sends credentials (fetch's credentials: 'include', axios's withCredentials: true), pass corsHandlers({ credentials: 'include' });`,
    `pass corsHandlers({ credentials: '${assumed}' }) to keep the assumption without this warning.`,
  ].join(' ')
}

/**
 * For one handler set: given a request whose credentials mode could not be told (judged with the
 * assumed mode), prints the warning the first time the verdict depends on the mode; then never again.
 */
export function assumedCredentialsWarning(browser: BrowserName, cache: PreflightCache) {
  let warned = false
  return (run: { scenario: string, url: string, page: PageRequest, verdict: Verdict, sent: Sent[], source: AnswerSource }): void => {
    if (warned) return
    const answerNow = (need: AnswerRequest): Answer | null => {
      const now = run.source.now(need)
      return now === null ? null : { status: now.answer.status, headers: now.answer.headers }
    }
    const other = verdictWithCredentials(run.page, run.verdict, run.sent, answerNow, browser, cache)
    if (other === null) return
    warned = true
    console.warn(credentialsWarning(run.scenario, run.page.method ?? 'GET', run.url, run.page.credentials ?? 'same-origin', run.verdict, other, browser))
  }
}
