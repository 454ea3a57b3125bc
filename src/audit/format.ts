import { wrap } from '../cli/wrap.ts'
import { getStack } from '../stacks/index.ts'
import { severityRank, type AuditReport, type Evidence, type Finding } from './types.ts'

const stackName = (id: string) => getStack(id).name

function exchange(e: Evidence): string[] {
  const origin = e.requestHeaders.find(([n]) => n === 'origin')?.[1]
  const others = e.requestHeaders.filter(([n]) => n !== 'origin' && n !== 'accept').map(([n, v]) => `${n}: ${v}`)
  const out = [`    -> ${e.method} ${e.url}   Origin: ${origin}${others.length > 0 ? `, ${others.join(', ')}` : ''}`]
  if (e.status === null) out.push('    <- no answer: the server closed the connection')
  else out.push(`    <- ${e.status}${e.headers.length === 0 ? '   (no CORS headers)' : ''}`, ...e.headers.map(([n, v]) => `         ${n}: ${v}`))
  return out
}

function finding(f: Finding): string[] {
  const out = [`${f.severity.toUpperCase().padEnd(8)}  ${f.id}`]
  out.push(...wrap(f.summary, '  '))
  const others = f.origins.filter((o) => o !== f.origin)
  if (f.id === 'origin-reflected' && others.length > 3) out.push(`  All ${f.origins.length} origins tried got in (--json lists them).`)
  else if (others.length > 0) out.push(...wrap(`Also let in: ${others.join(', ')}`, '  '))
  out.push('  Evidence:', ...f.evidence.flatMap(exchange))
  out.push('  Fix:', ...wrap(f.fix.text, '    '))
  return out
}

/** The plain-text audit: each finding worst first, with its evidence and fix, then the verdict. */
export function formatAudit(report: AuditReport): string {
  const out = [`Audit of ${report.url} for the trusted origin ${report.trusted}`, `${report.requests} requests sent.`, '']
  if (report.findings.length === 0) out.push('No findings: no other origin tried can read the answer.', '')
  for (const f of report.findings) out.push(...finding(f), '')
  // Every finding has the one cure, the stack's allow-list: shown once.
  const fix = report.findings.find((f) => f.fix.snippet !== null)?.fix
  if (fix !== undefined && fix.snippet !== null) {
    out.push(`Fix in ${stackName(fix.stack as string)}:`, '', ...fix.snippet.split('\n').map((l) => (l === '' ? '' : `    ${l}`)), '')
    for (const note of fix.notes) out.push(...wrap(note, '    ').map((l, i) => (i === 0 ? `  - ${l.slice(4)}` : l)))
    out.push('')
  } else if (report.findings.some((f) => f.severity !== 'info')) {
    out.push('Pass --stack NAME for the fix in your framework or server (corslab stacks lists them).', '')
  }
  const credentialed = report.credentialedOrigins
  if (credentialed.length > 0) {
    const reflected = report.findings.some((f) => f.id === 'origin-reflected' && f.credentials)
    out.push(...wrap(reflected
      ? `Credentials are allowed for every origin tried besides ${report.trusted} (${credentialed.length}).`
      : `Credentials are allowed for ${credentialed.length} origin${credentialed.length === 1 ? '' : 's'} besides ${report.trusted}: ${credentialed.join(', ')}.`, ''), '')
  }
  for (const note of report.notes) out.push(...wrap(note, ''), '')
  const serious = report.findings.filter((f) => severityRank(f.severity) >= severityRank('medium'))
  out.push(serious.length === 0
    ? 'Verdict: nothing medium or worse.'
    : `Verdict: ${serious.length} finding${serious.length === 1 ? '' : 's'} medium or worse (${serious.map((f) => f.id).join(', ')}).`)
  return out.join('\n')
}

/** 0 when nothing is medium or worse, 1 otherwise. */
export function auditExitCode(report: AuditReport): 0 | 1 {
  return report.findings.some((f) => severityRank(f.severity) >= severityRank('medium')) ? 1 : 0
}
