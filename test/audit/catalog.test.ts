import { afterAll, beforeAll, expect, test } from 'vitest'
import { auditExitCode, runAudit, severityRank } from '../../src/audit/index.ts'
import { catalog } from '../../src/scenarios/index.ts'
import { isInsecure } from '../../src/scenarios/security.ts'
import { startServer, type RunningServer } from '../../src/server/index.ts'

/*
 * `corslab audit` against `corslab serve`, every built-in scenario through its /@NAME/ prefix (the
 * probe's path, GET), trusting https://app.example.com: a scenario whose security note says
 * medium or worse is flagged (exit 1) with the note's finding as its worst, at the note's severity;
 * a note of low or info is that finding and nothing worse (exit 0); a scenario without a note gets
 * nothing medium or worse.
 */

const trusted = 'https://app.example.com'
let server: RunningServer
beforeAll(async () => {
  server = await startServer({ port: 0, log: () => {} })
})
afterAll(() => server.close())

test('the catalog marks the mistakes an attacker can use, the three new kinds among them', () => {
  const insecure = catalog.filter((s) => s.security !== undefined && isInsecure(s.security.severity)).map((s) => s.name)
  expect(insecure).toEqual(expect.arrayContaining(['allow-all', 'null-origin-allowed', 'unanchored-origin-pattern', 'suffix-match']))
})

test.concurrent.each(catalog.map((s) => [s.name, s] as const))('%s', async (name, scenario) => {
  const url = `${server.url}/@${name}${scenario.probe.path}`
  const report = await runAudit({ url, trusted })
  const shown = report.findings.map((f) => `${f.id}: ${f.severity}`)
  const worst = report.findings[0]
  expect(report.requests).toBeLessThanOrEqual(72)
  if (scenario.security === undefined) {
    expect(auditExitCode(report), shown.join(', ')).toBe(0)
    return
  }
  const { finding, severity } = scenario.security
  expect(auditExitCode(report), shown.join(', ')).toBe(isInsecure(severity) ? 1 : 0)
  expect(worst, shown.join(', ')).toBeDefined()
  expect(severityRank(worst!.severity), shown.join(', ')).toBe(severityRank(severity))
  const found = report.findings.find((f) => f.id === finding)
  expect(found, shown.join(', ')).toMatchObject({ severity })
  // The evidence is what was sent from the finding's origin and what came back.
  expect(found!.evidence.length).toBeGreaterThan(0)
  for (const e of found!.evidence) expect(e.requestHeaders).toContainEqual(['origin', found!.origin])
  if (isInsecure(severity)) {
    expect(found!.credentials).toBe(true)
    expect(found!.browsers).toEqual(['chromium', 'firefox', 'webkit'])
  }
}, 150_000)

// corslab's own control API, trusting its dashboard's origin: no other origin reads or writes it.
test.each(['/__corslab/journal', '/__corslab/scenario', '/__corslab/scenarios', '/__corslab/sessions'])('corslab passes its own audit: %s', async (path) => {
  const dashboard = new URL(server.pageUrl as string).origin
  const report = await runAudit({ url: `${server.url}${path}`, trusted: dashboard, method: path === '/__corslab/scenario' ? 'PUT' : 'GET', ...(path === '/__corslab/scenario' ? { headers: [['content-type', 'application/json']] as Array<[string, string]>, body: '{"name":"allow-all"}' } : {}) })
  expect(report.findings).toEqual([])
  expect(report.credentialedOrigins).toEqual([])
  expect(report.notes.filter((n) => n.includes('cannot read the answer itself'))).toEqual([])
}, 60_000)
