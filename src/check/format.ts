import type { BrowserName, HeaderList } from '../engine/index.ts'
import type { CheckReport } from './run-check.ts'

const browserTitle: Record<BrowserName, string> = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' }

// The response headers that decide CORS; the rest is noise in a report.
const relevant = (name: string) => name.startsWith('access-control-') || name === 'vary' || name === 'location'

function lines(headers: HeaderList, filter: (name: string) => boolean, indent: string): string[] {
  const shown = headers.filter(([n]) => filter(n))
  return shown.length === 0 ? [`${indent}(no CORS headers)`] : shown.map(([n, v]) => `${indent}${n}: ${v}`)
}

/** The plain-text report: what was sent, what came back, each browser's verdict and the fix. */
export function formatReport(report: CheckReport): string {
  const out: string[] = []
  const { request } = report
  out.push(`${request.method} ${request.url}`)
  out.push(`  from origin ${request.origin}${request.credentials === 'include' ? ', with credentials' : ''}`)
  out.push('')
  const refused = report.exchanges.length === 0
  out.push(report.preflight.due ? `Preflight: due, because ${report.preflight.why.join('; ')}.` : refused ? 'Preflight: none.' : 'Preflight: not due (a simple request).')
  for (const exchange of report.exchanges) {
    out.push('')
    out.push(`-> ${exchange.method} ${exchange.url}${exchange.kind === 'preflight' ? '   (preflight)' : ''}`)
    out.push(...lines(exchange.requestHeaders, () => true, '     '))
    if (exchange.status === null) {
      out.push('<- no answer: the server closed the connection')
      continue
    }
    out.push(`<- ${exchange.status}`)
    out.push(...lines(exchange.headers, relevant, '     '))
  }
  if (!report.exchanges.some((e) => e.kind === 'response')) {
    out.push('')
    const why = report.exchanges.length === 0 ? 'fetch() refuses this request before anything is sent' : 'the preflight was refused, so no browser sends it'
    out.push(`-> ${request.method} ${request.url}   not sent: ${why}.`)
  }

  // Browsers that agree are shown together.
  const groups = new Map<string, BrowserName[]>()
  for (const [name, result] of Object.entries(report.browsers) as Array<[BrowserName, NonNullable<CheckReport['browsers'][BrowserName]>]>) {
    const v = result.verdict
    const key =
      v.outcome === 'blocked'
        ? `BLOCKED at ${v.stage}: ${v.reason}`
        : v.outcome === 'opaque'
          ? "OPAQUE REDIRECT (fetch() resolves with type 'opaqueredirect', status 0: the page reads neither the status nor the Location)"
          : `ALLOWED (status ${v.status})`
    groups.set(key, [...(groups.get(key) ?? []), name])
  }
  out.push('')
  out.push('Verdict')
  for (const [key, names] of groups) {
    out.push(`  ${names.map((n) => browserTitle[n]).join(', ')}: ${key}`)
    for (const name of names) {
      const { verdict } = report.browsers[name] as NonNullable<CheckReport['browsers'][BrowserName]>
      if (verdict.outcome === 'blocked' && verdict.message === '') {
        out.push(`    ${browserTitle[name]} prints nothing; the page gets: ${verdict.error ?? ''}`)
      } else if (verdict.outcome === 'blocked') {
        const message = (verdict.message ?? '').split('\n').join('\n      ')
        out.push(`    ${browserTitle[name]} prints: ${message}`)
      } else if (verdict.outcome === 'allowed' && verdict.exposedHeaders) {
        out.push(`    ${browserTitle[name]}: the page can read ${verdict.exposedHeaders.length > 0 ? verdict.exposedHeaders.join(', ') : 'no response headers'}`)
      }
    }
  }
  const fixes = [...new Set(Object.values(report.browsers).map((r) => r?.fix?.text).filter((t): t is string => Boolean(t)))]
  if (fixes.length > 0) {
    out.push('')
    out.push('Fix')
    for (const fix of fixes) out.push(`  ${fix}`)
  }
  return out.join('\n')
}

/** Exit code: 1 when a browser blocks; 0 when fetch() resolves in every browser asked (allowed, or an opaque redirect). */
export function exitCodeOf(report: CheckReport): 0 | 1 {
  return report.outcome === 'blocked' ? 1 : 0
}
