import type { FastifyInstance } from 'fastify'
import { contextOf } from '../server/create-server.ts'
import type { JournalEntry } from '../shared/journal-entry.ts'

/**
 * The fixture's hold on its worker's server, which runs in the same process: sessions and the
 * journal are read and written directly, as the control API does, without an HTTP round trip per
 * call (four per test, most of what the fixture cost).
 */
export class SessionControl {
  readonly #app: FastifyInstance

  constructor(app: FastifyInstance) {
    this.#app = app
  }

  /** Points session `id` at `scenario`; throws `E_SCENARIO_NOT_FOUND` (listing the names) or `E_USAGE`. */
  putSession(id: string, scenario: string): void {
    contextOf(this.#app).state.setSession(id, scenario)
  }

  /** Forgets session `id`; one that is already gone is fine. */
  deleteSession(id: string): void {
    contextOf(this.#app).state.deleteSession(id)
  }

  /** The id of the newest journal entry (0 before the first): later entries have larger ids. */
  lastId(): number {
    return contextOf(this.#app).journal.lastId
  }

  /** Resolves when the server journals a request of session `id`, or after `ms`, or when `signal` aborts. */
  nextEntry(id: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        stop()
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, Math.max(0, ms))
      const stop = contextOf(this.#app).journal.subscribe((event) => {
        if (event.type === 'entry' && event.data.session === id) done()
      })
      signal?.addEventListener('abort', done)
    })
  }

  /** The journal entries of session `id`, oldest first: copies, as the control API would send them. */
  journal(id: string): JournalEntry[] {
    return structuredClone(contextOf(this.#app).journal.entries().filter((e) => e.session === id))
  }
}
