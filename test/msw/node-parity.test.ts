import axios from 'axios'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { browsers } from '../../src/engine/index.ts'
import { corsHandlers } from '../../src/msw/index.ts'
import { catalog } from '../../src/scenarios/index.ts'
import { assumedExpectation, axiosClient, collectWarnings, engineExpectation, expectAssumed, expectCredentialsWarning, expectParity, fetchClient, observe, origin, targetFor, timeoutFor, type Client } from './support/parity.ts'

// Node's fetch (undici) and axios's http adapter do no CORS at all, and both reach MSW as
// `same-origin` whatever the page asked for. The handlers learn fetch's mode by observing the
// fetch() call; axios's http adapter never passes withCredentials on, so there the handlers assume
// `same-origin` and warn once where that changes the verdict. No `credentials` option anywhere.
// Tests run side by side, each with its own API origin and handler set.
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())
const warnings = collectWarnings()

const clients: Array<[string, Client, readonly (typeof browsers)[number][], boolean]> = [
  ['fetch', fetchClient, browsers, true],
  ['axios (http adapter)', axiosClient(axios, 'http'), ['chromium'], false],
  ['axios (fetch adapter)', axiosClient(axios, 'fetch'), ['chromium'], true],
]

for (const [clientName, client, names, showsCredentials] of clients) {
  describe(`Vitest node environment, ${clientName}`, () => {
    for (const browser of names) {
      for (const scenario of catalog) {
        const target = targetFor()
        test.concurrent(`${scenario.name} (${browser})`, { timeout: timeoutFor(scenario) }, async () => {
          const logged: string[] = []
          const cors = corsHandlers({ scenario: scenario.name, target, origin, browser, log: (message) => logged.push(message) })
          server.use(...cors)
          const { expectation, last } = await observe(scenario, cors, client, `${target}${scenario.probe.path}`)
          const engine = showsCredentials ? { ...engineExpectation(scenario, browser, { api: target }), warns: false } : assumedExpectation(scenario, browser, { api: target })
          // Where the assumed mode is the probe's own, the declared outcome holds (with the warning, if the mode matters).
          if (showsCredentials || scenario.probe.credentials !== 'include') expectParity(scenario, browser, expectation, engine.expectation)
          else expectAssumed(scenario, expectation, engine.expectation)
          if (engine.warns) expectCredentialsWarning(warnings(target), scenario)
          else expect(warnings(target)).toEqual([])
          if (last.ok) {
            expect(logged).toEqual([])
          } else {
            // Node's own network error: fetch rejects with a TypeError, axios with an AxiosError around one.
            if (clientName === 'fetch') expect(last.error).toBeInstanceOf(TypeError)
            else if (clientName.includes('http')) expect(axios.isAxiosError(last.error) && last.error.cause).toBeInstanceOf(TypeError)
            else expect(axios.isAxiosError(last.error) && last.error.code).toBe('ERR_NETWORK')
            expect(logged).toEqual([engine.message])
          }
        })
      }
    }
  })
}

test('axios\'s http adapter: where the probe sends credentials, five scenarios give the warning instead of their declared outcome', () => {
  // The request reaches MSW as `same-origin` with or without withCredentials (measured). Other
  // scenarios warn too (with `include`, their reason or readable headers would differ), but there
  // the probe's own mode is the assumed one, so the declared outcome holds as well.
  const dependent = catalog.filter((s) => s.probe.credentials === 'include' && assumedExpectation(s, 'chromium').warns).map((s) => s.name)
  expect(dependent).toEqual([
    'expose-headers-wildcard-with-credentials',
    'invalid-allow-credentials',
    'missing-allow-credentials',
    'wildcard-with-credentials',
    'wildcard-with-credentials-preflight',
  ])
})
