// @vitest-environment happy-dom
import axios from 'axios'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { corsHandlers } from '../../src/msw/index.ts'
import { catalog } from '../../src/scenarios/index.ts'
import { axiosClient, collectWarnings, engineExpectation, expectParity, fetchClient, observe, origin, targetFor, timeoutFor } from './support/parity.ts'

// Under happy-dom, fetch and XMLHttpRequest are happy-dom's: both send an OPTIONS of their own
// before every cross-origin request (a simple GET included) and refuse unless it passes. The
// handlers pass it, so only the engine decides. fetch's credentials mode reaches MSW as
// `same-origin` (the handlers learn the real one by observing the fetch() call); XHR's
// withCredentials is passed on by MSW's XHR interceptor. No `credentials` option anywhere.
// Tests run side by side, each with its own API origin and handler set.
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())
const warnings = collectWarnings()

test('the page origin is happy-dom\'s location', () => {
  expect(location.origin).toBe(origin)
})

describe('Vitest happy-dom environment, fetch (happy-dom\'s)', () => {
  for (const scenario of catalog) {
    const target = targetFor()
    test.concurrent(scenario.name, { timeout: timeoutFor(scenario) }, async () => {
      const cors = corsHandlers({ scenario: scenario.name, target, log: 'silent' })
      server.use(...cors)
      const { expectation, last } = await observe(scenario, cors, fetchClient, `${target}${scenario.probe.path}`)
      expectParity(scenario, 'chromium', expectation, engineExpectation(scenario, 'chromium', { api: target }).expectation)
      // The environment showed the probe's credentials mode: no `credentials` option, no warning.
      expect(warnings(target)).toEqual([])
      // happy-dom rejects with its own DOMException named NetworkError, not a TypeError.
      if (!last.ok) expect((last.error as Error).name).toBe('NetworkError')
    })
  }
})

describe('Vitest happy-dom environment, axios (XHR adapter: happy-dom\'s XMLHttpRequest)', () => {
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
