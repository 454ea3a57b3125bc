import { CorslabError } from '../errors.ts'
import type { JournalEntry } from '../shared/journal-entry.ts'

/**
 * The fixture talks to its server through the control API, as any other client would, so the same
 * code serves a server in this process and one started elsewhere.
 */
export class ControlClient {
  readonly #base: string
  readonly #headers: Record<string, string>

  constructor(serverUrl: string, token: string | undefined) {
    this.#base = `${serverUrl}/__corslab`
    this.#headers = token === undefined ? {} : { authorization: `Bearer ${token}` }
  }

  async #send(method: string, path: string, body?: unknown): Promise<{ status: number, json: unknown }> {
    let response: Response
    try {
      response = await fetch(`${this.#base}${path}`, {
        method,
        headers: body === undefined ? this.#headers : { ...this.#headers, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    } catch (error) {
      throw new CorslabError('E_NETWORK', `the corslab server at ${this.#base} did not answer ${method} ${path}: ${(error as Error).message}`, { cause: error })
    }
    const text = await response.text()
    return { status: response.status, json: text === '' ? null : JSON.parse(text) }
  }

  /** Points session `id` at `scenario`; throws `E_SCENARIO_NOT_FOUND` (listing the names) or `E_USAGE`. */
  async putSession(id: string, scenario: string): Promise<void> {
    const { status, json } = await this.#send('PUT', `/sessions/${encodeURIComponent(id)}`, { scenario })
    if (status === 200 || status === 201) return
    const error = (json as { error?: string } | null)?.error ?? `status ${status}`
    throw new CorslabError(status === 404 ? 'E_SCENARIO_NOT_FOUND' : 'E_USAGE', error)
  }

  /** Forgets session `id`; one that is already gone is fine. */
  async deleteSession(id: string): Promise<void> {
    await this.#send('DELETE', `/sessions/${encodeURIComponent(id)}`)
  }

  async journal(session: string): Promise<JournalEntry[]> {
    const { status, json } = await this.#send('GET', `/journal?session=${encodeURIComponent(session)}`)
    if (status !== 200) throw new CorslabError('E_NETWORK', `GET ${this.#base}/journal answered ${status}: ${JSON.stringify(json)}`)
    return json as JournalEntry[]
  }
}
