import {
  createPreflightCache,
  simulate,
  type Answer,
  type AnswerRequest,
  type BrowserName,
  type PreflightCache,
  type PreflightCacheKey,
  type PageRequest,
  type Verdict,
} from '../engine/index.ts'
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

// Thrown out of simulate() to pause it while an answer is awaited; never escapes runExchange.
class Pause {
  readonly need: AnswerRequest
  constructor(need: AnswerRequest) {
    this.need = need
  }
}

const keyOf = (need: AnswerRequest) => `${need.kind} ${need.hop} ${need.method} ${need.url}`

// The shared cache must see a preflight's entry only once the run that sent it is complete: a run
// that pauses is re-run from the start, and would otherwise find its own preflight cached.
function stagedCache(shared: PreflightCache) {
  let staged: PreflightCache | null = null
  const stores: Array<[PreflightCacheKey, { methods: string[], headerNames: string[], expires: number }]> = []
  const cache: PreflightCache = {
    covers: (key, method, names, now) => (staged?.covers(key, method, names, now) ?? false) || shared.covers(key, method, names, now),
    store(key, entry) {
      staged ??= createPreflightCache()
      staged.store(key, entry)
      stores.push([key, entry])
    },
    clear: () => shared.clear(),
    get size() {
      return shared.size
    },
  }
  return { cache, commit: () => stores.forEach(([key, entry]) => shared.store(key, entry)) }
}

/**
 * Runs the engine on the page's request, with each answer computed when the browser would ask for
 * it. An answer that must wait for a user handler pauses the run; once it is in, the run starts
 * again with every answer known so far (a run costs microseconds). Returns the verdict and what the
 * browser sent, in order.
 */
export async function runExchange(request: PageRequest, source: AnswerSource, browser: BrowserName, cache: PreflightCache): Promise<{ verdict: Verdict, sent: Sent[] }> {
  const known = new Map<string, Sent>()
  const now = Date.now()
  for (;;) {
    const sent: Sent[] = []
    const run = stagedCache(cache)
    const resolve = (need: AnswerRequest): Answer => {
      const key = keyOf(need)
      let hit = known.get(key)
      if (hit === undefined) {
        hit = source.now(need) ?? undefined
        if (hit === undefined) throw new Pause(need)
        known.set(key, hit)
      }
      sent.push(hit)
      return { status: hit.answer.status, headers: hit.answer.headers }
    }
    try {
      const verdict = simulate({ request }, { browser, preflightCache: run.cache, now, resolve })
      run.commit()
      return { verdict, sent }
    } catch (error) {
      if (!(error instanceof Pause)) throw error
      known.set(keyOf(error.need), await source.later(error.need))
    }
  }
}
