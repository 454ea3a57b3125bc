// @vitest-environment jsdom
import axios from 'axios'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { corsHandlers } from '../../src/msw/index.ts'
import { catalog } from '../../src/scenarios/index.ts'
import { axiosClient, collectWarnings, engineExpectation, expectParity, fetchClient, observe, origin, targetFor, timeoutFor } from './support/parity.ts'

// Under jsdom, fetch is Node's (no CORS; its credentials mode reaches MSW as `same-origin`, and the
// handlers learn the real one by observing the fetch() call), while XMLHttpRequest is jsdom's own,
// which preflights and checks by itself; axios picks it by default, and MSW's XHR interceptor
// passes withCredentials on. The handlers pass jsdom's preflight and check, so only the engine decides.
// No `credentials` option anywhere.
// Tests run side by side, each with its own API origin and handler set.
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())
const warnings = collectWarnings()

test('the page origin is jsdom\'s location', () => {
  expect(location.origin).toBe(origin)
})

describe('Vitest jsdom environment, fetch (Node\'s)', () => {
  for (const scenario of catalog) {
    const target = targetFor()
    test.concurrent(scenario.name, { timeout: timeoutFor(scenario) }, async () => {
      const cors = corsHandlers({ scenario: scenario.name, target, log: 'silent' })
      server.use(...cors)
      const { expectation, last } = await observe(scenario, cors, fetchClient, `${target}${scenario.probe.path}`)
      expectParity(scenario, 'chromium', expectation, engineExpectation(scenario, 'chromium', { api: target }).expectation)
      // The environment showed the probe's credentials mode: no `credentials` option, no warning.
      expect(warnings(target)).toEqual([])
      if (!last.ok) expect(last.error).toBeInstanceOf(TypeError)
    })
  }
})

describe('Vitest jsdom environment, axios (XHR adapter: jsdom\'s XMLHttpRequest)', () => {
  const client = axiosClient(axios, 'xhr')
  for (const scenario of catalog) {
    const target = targetFor()
    test.concurrent(scenario.name, { timeout: timeoutFor(scenario) }, async () => {
      const cors = corsHandlers({ scenario: scenario.name, target, log: 'silent' })
      server.use(...cors)
      const { expectation, last } = await observe(scenario, cors, client, `${target}${scenario.probe.path}`)
      expectParity(scenario, 'chromium', expectation, engineExpectation(scenario, 'chromium', { api: target }).expectation)
      // The environment showed the probe's credentials mode: no `credentials` option, no warning.
      expect(warnings(target)).toEqual([])
      if (!last.ok) expect(axios.isAxiosError(last.error) && last.error.code).toBe('ERR_NETWORK')
    })
  }
})
