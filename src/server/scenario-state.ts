import { watch, type FSWatcher } from 'node:fs'
import { CorslabError } from '../errors.ts'
// Not the scenarios index: it brings the yaml parser, which a server loads only to read files.
import { catalog, getScenario, mergeCatalog } from '../scenarios/catalog.ts'
import type { Scenario } from '../scenarios/types.ts'
import type { JournalReader } from '../shared/journal.ts'
import { loadScenarioDir } from './load-scenario-dir.ts'

export const defaultScenario = 'allow-all'
export const reloadDebounceMs = 100

// Unreserved URL characters only, so `/@ID/` needs no percent-encoding and reads the same everywhere.
const sessionIdPattern = /^[A-Za-z0-9._~-]{1,100}$/

/** Why `id` cannot name a session, or undefined when it can. */
export function sessionIdProblem(id: string, scenarios: readonly Scenario[]): string | undefined {
  if (!sessionIdPattern.test(id)) return `the session id ${JSON.stringify(id)} must be 1 to 100 letters, digits, ".", "_", "~" or "-".`
  if (scenarios.some((s) => s.name === id)) return `the session id ${JSON.stringify(id)} is a scenario's name, and /@${id}/ already means that scenario; pick another id.`
  return undefined
}

/**
 * The catalog the server serves (built-ins plus `--scenarios DIR`) and the active scenario. A reload
 * replaces the whole catalog or nothing: a broken file is reported and the last good catalog stays.
 */
export class ScenarioState {
  #scenarios: readonly Scenario[]
  #active: string
  // Session id -> scenario name: a stable `/@ID/` prefix a test can re-point (the Playwright fixture's).
  readonly #sessions = new Map<string, string>()
  #watcher: FSWatcher | undefined
  #timer: NodeJS.Timeout | undefined
  readonly dir: string | undefined
  readonly #log: (line: string) => void
  readonly #journal: JournalReader

  constructor(options: { dir?: string, active?: string, log: (line: string) => void, journal: JournalReader }) {
    this.dir = options.dir
    this.#log = options.log
    this.#journal = options.journal
    this.#scenarios = options.dir === undefined ? catalog : mergeCatalog(loadScenarioDir(options.dir))
    this.#active = getScenario(options.active ?? defaultScenario, this.#scenarios).name
  }

  get scenarios(): readonly Scenario[] {
    return this.#scenarios
  }

  get active(): Scenario {
    return getScenario(this.#active, this.#scenarios)
  }

  find(name: string): Scenario | undefined {
    return this.#scenarios.find((s) => s.name === name)
  }

  /** Throws `E_SCENARIO_NOT_FOUND` listing the names. */
  activate(name: string): Scenario {
    const scenario = getScenario(name, this.#scenarios)
    this.#active = scenario.name
    this.#journal.emit({ type: 'scenario', data: { name: scenario.name } })
    return scenario
  }

  /** The scenario session `id` points at, or undefined when there is no such session. */
  session(id: string): Scenario | undefined {
    const name = this.#sessions.get(id)
    return name === undefined ? undefined : this.find(name)
  }

  sessions(): Array<{ id: string, scenario: string }> {
    return [...this.#sessions].map(([id, scenario]) => ({ id, scenario }))
  }

  /**
   * Points session `id` at scenario `name`, creating the session if needed (`created` says so).
   * Throws `E_USAGE` for an id that cannot be a session (see sessionIdProblem), `E_SCENARIO_NOT_FOUND`.
   */
  setSession(id: string, name: string): { scenario: Scenario, created: boolean } {
    const problem = sessionIdProblem(id, this.#scenarios)
    if (problem !== undefined) throw new CorslabError('E_USAGE', problem)
    const scenario = getScenario(name, this.#scenarios)
    const created = !this.#sessions.has(id)
    this.#sessions.set(id, scenario.name)
    this.#journal.emit({ type: 'session', data: { id, scenario: scenario.name } })
    return { scenario, created }
  }

  /** Forgets session `id`; false when there was none. */
  deleteSession(id: string): boolean {
    if (!this.#sessions.delete(id)) return false
    this.#journal.emit({ type: 'session', data: { id, scenario: null } })
    return true
  }

  /** Re-reads the scenario directory; returns false (and logs why) when it keeps the last good catalog. */
  reload(): boolean {
    if (this.dir === undefined) return false
    let next: Scenario[]
    try {
      next = mergeCatalog(loadScenarioDir(this.dir))
    } catch (error) {
      const message = error instanceof CorslabError ? error.message : String(error)
      this.#log(`${message}\ncorslab: kept the last good catalog (${this.#scenarios.length} scenarios); fix the file and save it again.`)
      return false
    }
    this.#scenarios = next
    if (this.find(this.#active) === undefined) {
      this.#log(`corslab: the active scenario ${this.#active} is gone from ${this.dir}; switched to ${defaultScenario}.`)
      this.#active = defaultScenario
      this.#journal.emit({ type: 'scenario', data: { name: defaultScenario } })
    }
    for (const [id, name] of this.#sessions) {
      if (this.find(name) !== undefined) continue
      this.#log(`corslab: the scenario ${name} of session ${id} is gone from ${this.dir}; switched the session to ${defaultScenario}.`)
      this.#sessions.set(id, defaultScenario)
      this.#journal.emit({ type: 'session', data: { id, scenario: defaultScenario } })
    }
    this.#log(`corslab: reloaded ${this.dir} (${next.length} scenarios)`)
    this.#journal.emit({ type: 'catalog', data: { names: next.map((s) => s.name) } })
    return true
  }

  /** Reloads on every change in the directory, debounced (editors write a file in several steps). */
  watch(): void {
    if (this.dir === undefined || this.#watcher !== undefined) return
    this.#watcher = watch(this.dir, () => {
      clearTimeout(this.#timer)
      this.#timer = setTimeout(() => this.reload(), reloadDebounceMs)
    })
    this.#watcher.on('error', (error) => this.#log(`corslab: stopped watching ${this.dir}: ${error.message}`))
  }

  close(): void {
    clearTimeout(this.#timer)
    this.#watcher?.close()
    this.#watcher = undefined
  }
}
