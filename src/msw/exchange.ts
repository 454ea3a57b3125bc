import { simulateSteps, type AnswerRequest, type BrowserName, type PreflightCache, type PageRequest, type Verdict } from '../engine/index.ts'
import type { ScenarioAnswer } from '../scenarios/types.ts'
import type { Site } from './target.ts'

/** One request the browser sends for the page's fetch (a preflight or a hop of the chain), and its answer. */
export interface Sent {
  need: AnswerRequest
  /** Where it landed; null for a redirect that left the target (answered by the handlers as is). */
  site: Site | null
  answer: ScenarioAnswer
  /** The user's own Response behind the answer, when a user handler made it. */
  response?: Response
}

export interface AnswerSource {
  /** The answer when it needs no route (the CORS layer answered by itself), else null. */
  now(need: AnswerRequest): Sent | null
  /** The answer with the route's, which may take time (a user handler). */
  later(need: AnswerRequest): Promise<Sent>
}

/**
 * Runs the engine's steps on the page's request, each answer computed when the browser asks for it
 * (awaited where a user handler gives it). The preflight cache sees each entry as the preflight
 * passes, as a browser's does. Returns the verdict and what the browser sent, in order.
 */
export async function runExchange(request: PageRequest, source: AnswerSource, browser: BrowserName, cache: PreflightCache): Promise<{ verdict: Verdict, sent: Sent[] }> {
  const sent: Sent[] = []
  const steps = simulateSteps(request, { browser, preflightCache: cache, now: Date.now() })
  let step = steps.next()
  while (!step.done) {
    const answered = source.now(step.value) ?? (await source.later(step.value))
    sent.push(answered)
    step = steps.next({ status: answered.answer.status, headers: answered.answer.headers })
  }
  return { verdict: step.value, sent }
}
