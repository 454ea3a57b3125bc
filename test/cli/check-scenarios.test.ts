import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CheckReport } from '../../src/check/index.ts'
import { catalog, type Scenario } from '../../src/index.ts'
import { startServer, type RunningServer } from '../../src/server/index.ts'
import { cli } from './io.ts'

/*
 * `corslab check` on every built-in scenario, served over real HTTP as `corslab serve` serves it,
 * with the probe's own request and no other flag: check's Chromium verdict is the scenario's
 * declared one (which the browser suite holds against real Chromium), and so is the exit code.
 */

// A page on another origin than the server's (127.0.0.1 on another port), as in the browser suite.
const origin = 'http://127.0.0.1:3999'
let server: RunningServer

beforeAll(async () => {
  server = await startServer({ port: 0, log: () => {} })
})
afterAll(async () => {
  await server.close()
})

// What the probe's page passes to fetch(), as flags: a body where the method takes one, as the page sends.
function probeArgs(scenario: Scenario): string[] {
  const { method, path, headers = {}, credentials } = scenario.probe
  const args = [`${server.url}/@${scenario.name}${path}`, '--origin', origin, '--method', method]
  for (const [name, value] of Object.entries(headers)) args.push('--header', `${name}: ${value}`)
  if (credentials === 'include') args.push('--credentials')
  if (!['GET', 'HEAD'].includes(method.toUpperCase())) args.push('--data', /json/.test(headers['content-type'] ?? '') ? '{}' : '')
  return args
}

test('the catalog has a scenario that redirects, so following redirects is covered', () => {
  expect(catalog.some((s) => s.name === 'redirect-cross-origin')).toBe(true)
})

describe.each(catalog.map((s) => [s.name, s] as const))('corslab check on %s', (_name, scenario) => {
  const expected = scenario.expect.chromium

  test(`gives Chromium's declared verdict (${expected.outcome}${expected.stage ? ` at ${expected.stage}: ${expected.reason}` : ''}) and its exit code`, async () => {
    const text = await cli('check', ...probeArgs(scenario))
    expect(text.stderr).toBe('')
    expect(text.code).toBe(expected.outcome === 'blocked' ? 1 : 0)
    // Every run ends in a verdict line per browser under the heading.
    const verdictBlock = text.stdout.split('\nVerdict\n')[1] ?? ''
    const chromiumLine = verdictBlock.split('\n').find((line) => /^ {2}\S.*: /.test(line) && line.includes('Chromium'))
    expect(chromiumLine, text.stdout).toBeDefined()
    expect(chromiumLine).toContain(expected.outcome === 'blocked' ? `BLOCKED at ${expected.stage}: ${expected.reason}` : expected.outcome.toUpperCase())

    const json = await cli('check', ...probeArgs(scenario), '--browser', 'chromium', '--json')
    const report = JSON.parse(json.stdout) as CheckReport
    const verdict = report.browsers.chromium?.verdict
    expect(verdict).toMatchObject({ outcome: expected.outcome, ...(expected.stage ? { stage: expected.stage, reason: expected.reason } : {}) })
    expect(verdict?.preflight !== null).toBe(expected.preflight)
    if (verdict?.outcome === 'allowed') {
      const hidden = (scenario.probe.readHeaders ?? []).filter((name) => !verdict.exposedHeaders?.includes(name.toLowerCase()))
      expect(hidden).toEqual(expected.hiddenHeaders ?? [])
    }
    expect(json.code).toBe(text.code)
  }, 20_000)
})
