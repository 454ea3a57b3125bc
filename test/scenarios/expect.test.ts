import { expect, test } from 'vitest'
import { browsers, type BrowserName } from '../../src/engine/index.ts'
import { catalog } from '../../src/scenarios/index.ts'
import { asExpectation, simulateProbe, type ProbeOptions } from '../../src/shared/probe.ts'
import { mockApiRoute } from '../../src/shared/mock-api.ts'

// Each scenario's `expect` is what the engine says each browser does with the probe, run against
// the answers `answer()` gives with the server's default routes. (The browser suite checks the same
// expectations against real browsers.)

function options(): ProbeOptions {
  return { route: mockApiRoute() }
}

const rows = catalog.flatMap((s) => browsers.map((b): [string, BrowserName] => [s.name, b]))

test.each(rows)('%s in %s: the engine agrees with expect', (name, browser) => {
  const scenario = catalog.find((s) => s.name === name)!
  const expected = scenario.expect[browser]
  const result = simulateProbe(scenario, browser, options())
  expect(asExpectation(scenario, result, expected)).toEqual(expected)
  if (expected.outcome === 'blocked') expect(result.verdict.message).toBeTruthy()
})

test.each(catalog.map((s) => s.name))('%s: the probe through /@NAME/ gets the same verdicts', (name) => {
  const scenario = catalog.find((s) => s.name === name)!
  for (const browser of browsers) {
    const result = simulateProbe(scenario, browser, { ...options(), prefixed: true })
    expect(asExpectation(scenario, result, scenario.expect[browser])).toEqual(scenario.expect[browser])
  }
})

test('the probe follows a cross-origin redirect, served under the scenario its path names', () => {
  const { answers } = simulateProbe(catalog.find((s) => s.name === 'redirect-cross-origin')!, 'chromium', options())
  expect(answers.map((a) => [a.kind, a.hop, a.url, a.status])).toEqual([
    ['response', 0, 'http://127.0.0.1:4010/api/items', 302],
    ['response', 1, 'http://localhost:4010/@redirect-cross-origin/login?next=/api/items', 404],
  ])
})

test('the server answers what the browser sends: the preflight carries the requested method and headers', () => {
  const { answers } = simulateProbe(catalog.find((s) => s.name === 'disallowed-header')!, 'chromium', options())
  expect(answers[0]).toMatchObject({ kind: 'preflight', method: 'OPTIONS', status: 204 })
  expect(answers[0]?.headers).toContainEqual(['Access-Control-Allow-Headers', 'content-type, authorization'])
  expect(answers).toHaveLength(1)
})
