import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runAudit, severityRank, type AuditReport, type FindingId, type Severity } from '../../../src/audit/index.ts'
import { launchAttacker, victimCookie, type AttackerBrowser } from './attacker-page.ts'
import { nginxMapConfig, startExpress, startFlask, startNginx, type RealServer } from './servers.ts'

/*
 * `corslab audit` against real servers with real CORS middleware (Express `cors`, flask-cors under
 * Debian's python3, nginx), trusting https://app.example.com: each mistake is found with its id and
 * severity, the sound policies get nothing medium or worse, and every high or critical finding is
 * confirmed in real Chromium: a page on the finding's origin reads GET /api/me with
 * credentials: 'include', the victim's cookie in the answer.
 */

const trusted = 'https://app.example.com'

interface Case {
  name: string
  /** The stack the audit recognises from the answers, for its fix. */
  stack: string
  start: () => Promise<RealServer>
  /** The findings expected at low or worse, id and severity (info ones are not listed). */
  expected: Array<[FindingId, Severity]>
}

const cases: Case[] = [
  { name: "Express cors({ origin: true, credentials: true })", stack: 'express', start: () => startExpress({ origin: true, credentials: true }), expected: [['origin-reflected', 'critical']] },
  { name: "Express, an origin function with startsWith", stack: 'express', start: () => startExpress({ origin: (o, cb) => cb(null, o !== undefined && o.startsWith(trusted)), credentials: true }), expected: [['prefix-match', 'critical']] },
  { name: "Express, an origin function with endsWith('example.com')", stack: 'express', start: () => startExpress({ origin: (o, cb) => cb(null, o !== undefined && o.endsWith('example.com')), credentials: true }), expected: [['suffix-match', 'critical'], ['any-subdomain-trusted', 'medium'], ['http-origin-trusted', 'medium']] },
  { name: 'Express, a regular expression without anchors (/app\\.example\\.com/)', stack: 'express', start: () => startExpress({ origin: /app\.example\.com/, credentials: true }), expected: [['prefix-match', 'critical'], ['suffix-match', 'medium'], ['any-subdomain-trusted', 'medium'], ['http-origin-trusted', 'medium']] },
  { name: 'Express, a regular expression with unescaped dots (/^https:\\/\\/app.example.com$/)', stack: 'express', start: () => startExpress({ origin: /^https:\/\/app.example.com$/, credentials: true }), expected: [['unescaped-dot', 'critical']] },
  { name: "Express, null in the allow-list", stack: 'express', start: () => startExpress({ origin: [trusted, 'null'], credentials: true }), expected: [['null-origin-allowed', 'critical']] },
  { name: 'Express, a sound allow-list', stack: 'express', start: () => startExpress({ origin: [trusted], credentials: true }), expected: [] },
  { name: 'Express, a public * (cors())', stack: 'express', start: () => startExpress({}), expected: [] },
  { name: 'flask-cors CORS(app, supports_credentials=True)', stack: 'flask', start: () => startFlask('credentials'), expected: [['origin-reflected', 'critical']] },
  { name: 'flask-cors CORS(app, origins="*")', stack: 'flask', start: () => startFlask('star'), expected: [['origin-reflected', 'low']] },
  { name: 'nginx, a map without $ and no Vary', stack: 'nginx', start: () => startNginx(nginxMapConfig), expected: [['prefix-match', 'critical'], ['missing-vary-origin', 'low']] },
]

let attacker: AttackerBrowser
beforeAll(async () => {
  attacker = await launchAttacker()
})
afterAll(() => attacker?.close())

describe.each(cases)('$name', ({ start, expected, stack }) => {
  let server: RealServer
  let report: AuditReport
  beforeAll(async () => {
    server = await start()
    report = await runAudit({ url: `${server.url}/api/me`, trusted })
  })
  afterAll(() => server?.close())

  test('each mistake is found with its id and severity, and nothing else at low or worse', () => {
    const found = report.findings.filter((f) => f.severity !== 'info').map((f) => [f.id, f.severity])
    expect(found).toEqual(expected)
    expect(report.requests).toBeLessThanOrEqual(72)
    if (expected.every(([, s]) => severityRank(s) < severityRank('medium'))) {
      expect(report.findings.every((f) => severityRank(f.severity) < severityRank('medium'))).toBe(true)
    }
  })

  test('the fix is the stack\'s own allow-list of the trusted origin, the stack recognised from the answers', () => {
    for (const finding of report.findings) {
      expect(finding.fix.stack, finding.id).toBe(stack)
      expect(finding.fix.snippet).toContain(trusted)
      expect(finding.fix.notes[0]).toMatch(/^The stack was recognised from /)
    }
  })

  test('real Chromium confirms every high or critical finding: the attacker page reads the answer with the victim\'s cookie', async () => {
    const serious = report.findings.filter((f) => severityRank(f.severity) >= severityRank('high'))
    for (const finding of serious) {
      expect(finding.credentials).toBe(true)
      expect(finding.browsers).toContain('chromium')
      const read = await attacker.read(finding.origin, `${server.url}/api/me`)
      expect(read, `${finding.id} from ${finding.origin}`).toMatchObject({ ok: true, status: 200 })
      expect(JSON.parse(read.body as string).cookie).toBe(victimCookie)
      // Every other origin of the finding that a page can be on here (https:, or null) reads it too.
      for (const origin of finding.origins.filter((o) => o !== finding.origin && (o === 'null' || o.startsWith('https:')))) {
        expect(await attacker.read(origin, `${server.url}/api/me`), `${finding.id} from ${origin}`).toMatchObject({ ok: true, status: 200 })
      }
    }
    // The control: an unrelated origin is refused wherever the audit found no reflection.
    if (!report.findings.some((f) => f.id === 'origin-reflected' || f.id === 'wildcard-origin')) {
      const refused = await attacker.read('https://unrelated.test', `${server.url}/api/me`)
      expect(refused.ok).toBe(false)
      expect(refused.error).toBe('TypeError: Failed to fetch')
    }
  }, 180_000)
})
