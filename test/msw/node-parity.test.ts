import axios from 'axios'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { browsers } from '../../src/engine/index.ts'
import { corsHandlers } from '../../src/msw/index.ts'
import { catalog } from '../../src/scenarios/index.ts'
import { axiosClient, engineExpectation, expectParity, fetchClient, observe, origin, targetFor, timeoutFor, type Client } from './support/parity.ts'

// Node's fetch (undici) and axios's http adapter do no CORS at all and lose the credentials mode
// (every request arrives as `same-origin`), so the probe's mode is given through `credentials`.
// Tests run side by side, each with its own API origin and handler set.
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

const clients: Array<[string, Client, readonly (typeof browsers)[number][]]> = [
  ['fetch', fetchClient, browsers],
  ['axios (http adapter)', axiosClient(axios, 'http'), ['chromium']],
]

for (const [clientName, client, names] of clients) {
  describe(`Vitest node environment, ${clientName}`, () => {
    for (const browser of names) {
      for (const scenario of catalog) {
        const target = targetFor()
        test.concurrent(`${scenario.name} (${browser})`, { timeout: timeoutFor(scenario) }, async () => {
          const logged: string[] = []
          const cors = corsHandlers({
            scenario: scenario.name, target, origin, browser,
            credentials: scenario.probe.credentials ?? 'same-origin',
            log: (message) => logged.push(message),
          })
          server.use(...cors)
          const { expectation, last } = await observe(scenario, cors, client, `${target}${scenario.probe.path}`)
          const engine = engineExpectation(scenario, browser, { api: target })
          expectParity(scenario, browser, expectation, engine.expectation)
          if (last.ok) {
            expect(logged).toEqual([])
          } else {
            // Node's own network error: fetch rejects with a TypeError, axios with an AxiosError around one.
            if (clientName === 'fetch') expect(last.error).toBeInstanceOf(TypeError)
            else expect(axios.isAxiosError(last.error) && last.error.cause).toBeInstanceOf(TypeError)
            expect(logged).toEqual([engine.message])
          }
        })
      }
    }
  })
}
