import type { Received } from '../check/send.ts'
import {
  browsers as allBrowsers,
  classifyRequest,
  corsUnsafeRequestHeaderNames,
  isForbiddenRequestHeader,
  simulateSteps,
  type BrowserName,
  type HeaderList,
  type PageRequest,
  type Verdict,
} from '../engine/index.ts'
import { isCorsSafelistedMethod } from '../engine/request.ts'
import { fixFor, type FixContext } from './fix.ts'
import { attackerOrigins, type Candidate, type Owner } from './origins.ts'
import { Sender, headerValues, variesOnOrigin, type Wanted } from './sender.ts'
import { severityRank, type AuditReport, type Evidence, type Finding, type FindingId, type Severity } from './types.ts'

export interface AuditOptions {
  url: string
  /** The origin that should be allowed. */
  trusted: string
  /** Default GET. Another method is sent only after a preflight that allows it. */
  method?: string
  /** Request headers: those a page may set go into the page's request; Cookie is sent alongside, as the browser adds it. */
  headers?: HeaderList
  /** Sent only on a request whose method is neither GET nor HEAD. */
  body?: string
  /** At most this many requests a second (default: one at a time, as fast as answers come). */
  rate?: number
  /** Reads without credentials are worse than low: the answer is private even without cookies (an intranet, an IP allow-list). */
  private?: boolean
  /** The server's stack, for the fixes. */
  stack?: string
  timeoutMs?: number
  insecure?: boolean
}

/** The two requests a page can make: a simple one, and one that needs a preflight. */
interface Variant {
  kind: 'simple' | 'preflighted'
  method: string
  headers: HeaderList
}

/** What pages on one origin can do with the answers. */
interface OriginResult {
  origin: string
  /** Browsers whose page reads the answer, per credentials mode. */
  include: BrowserName[]
  omit: BrowserName[]
  /** The read went through `Access-Control-Allow-Origin: *`, not through the origin itself. */
  wildcard: boolean
  /** The simple request's answer (for the Vary check). */
  simpleAnswer: Received | null
  /** The preflighted request's preflight got an answer that allows some origin. */
  preflightAnswered: boolean
  redirect?: { status: number, location: string }
}

interface Judged {
  /** null: not judged (a redirect the audit does not follow, or the request budget spent). */
  verdict: Verdict | null
  response: Received | null
  /** The preflight's answer, when one was sent (null: unanswered). */
  preflight: Received | null | undefined
  redirect?: OriginResult['redirect']
}

const allowOrigin = (headers: HeaderList) => headerValues(headers, 'access-control-allow-origin')

/** The page's request and the lines only the browser may add (Cookie), from the --header flags. */
function splitHeaders(headers: HeaderList): { page: HeaderList, alongside: HeaderList } {
  const page: HeaderList = []
  const alongside: HeaderList = []
  for (const [name, value] of headers) (isForbiddenRequestHeader(name, value) ? alongside : page).push([name.toLowerCase(), value])
  return { page, alongside }
}

function variantsOf(method: string, page: HeaderList): [Variant, Variant] {
  // Unsafe in any browser: the simple request stays simple in all three.
  const unsafe = [...new Set(allBrowsers.flatMap((browser) => classifyRequest({ url: 'http://x.test/', origin: 'null', method, headers: page }, browser).unsafeNames))]
  const safeHeaders = page.filter(([n]) => !unsafe.includes(n))
  const simpleMethod = isCorsSafelistedMethod(method) ? method : 'GET'
  const simple: Variant = { kind: 'simple', method: simpleMethod, headers: safeHeaders }
  // A JSON body is the usual reason for a preflight, and servers allow Content-Type where they allow anything.
  const preflighted: Variant = isCorsSafelistedMethod(method) && unsafe.length === 0
    ? { kind: 'preflighted', method, headers: [...page.filter(([n]) => n !== 'content-type'), ['content-type', 'application/json']] }
    : { kind: 'preflighted', method, headers: page }
  return [simple, preflighted]
}

/**
 * Sends what pages on each attacker origin would send (a simple request and, where the policy
 * answers preflights, a credentialed preflighted one) and asks the engine, per browser, whether
 * they read the answer with or without credentials. Requests go only to `url`, one at a time;
 * redirects are not followed.
 */
export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const url = new URL(options.url).href
  const { trusted } = options
  const { page, alongside } = splitHeaders(options.headers ?? [])
  const [simple, preflighted] = variantsOf((options.method ?? 'GET').toUpperCase(), page)
  const bound = maxRequests(trusted, url).requests
  const sender = new Sender({
    limit: bound,
    timeoutMs: options.timeoutMs ?? 10_000,
    insecure: options.insecure ?? false,
    alongside,
    ...(options.rate === undefined ? {} : { rate: options.rate }),
    ...(options.body === undefined ? {} : { body: options.body }),
  })
  const notes: string[] = []
  let budgetSpent = false

  async function judge(request: PageRequest, browser: BrowserName): Promise<Judged> {
    let response: Received | null = null
    let preflight: Received | null | undefined
    const steps = simulateSteps(request, { browser })
    let step = steps.next()
    while (!step.done) {
      const need = step.value
      // The audit sends only to the URL given; a redirect's target is another audit.
      if (need.hop > 0) {
        const location = response?.headers.find(([n]) => n === 'location')?.[1] ?? ''
        return { verdict: null, response, preflight, redirect: { status: response?.status ?? 0, location: URL.parse(location, url)?.href ?? location } }
      }
      const wanted: Wanted = { kind: need.kind === 'preflight' ? 'preflight' : 'request', method: need.method, url: need.url, headers: need.headers }
      let answer = sender.answer(wanted)
      if (answer === undefined) {
        if (!sender.canSend) {
          budgetSpent = true
          return { verdict: null, response: null, preflight: undefined }
        }
        answer = await sender.fetch(wanted)
      }
      if (need.kind === 'response') response = answer
      else preflight = answer
      step = steps.next(answer)
    }
    return { verdict: step.value, response, preflight }
  }

  async function audit(origin: string, withPreflight: boolean): Promise<OriginResult> {
    const result: OriginResult = { origin, include: [], omit: [], wildcard: false, simpleAnswer: null, preflightAnswered: false }
    for (const variant of withPreflight ? [simple, preflighted] : [simple]) {
      for (const browser of allBrowsers) {
        for (const credentials of ['include', 'omit'] as const) {
          const request: PageRequest = { url, origin, method: variant.method, headers: variant.headers, credentials }
          const { verdict, response, preflight, redirect } = await judge(request, browser)
          if (redirect !== undefined) result.redirect ??= redirect
          if (variant.kind === 'simple') result.simpleAnswer ??= response
          else if (preflight) result.preflightAnswered ||= allowOrigin(preflight.headers).length > 0
          if (verdict?.outcome !== 'allowed') continue
          const list = result[credentials]
          if (!list.includes(browser)) list.push(browser)
          if (response !== null && allowOrigin(response.headers).includes('*')) result.wildcard = true
        }
      }
    }
    return result
  }

  // The trusted origin first: it shows whether the policy answers preflights at all.
  const trustedResult = await audit(trusted, true)
  const withPreflight = trustedResult.preflightAnswered
  const candidates = attackerOrigins(trusted).filter((c) => c.origin !== new URL(url).origin)
  const results = new Map<string, OriginResult>()
  for (const candidate of candidates) results.set(candidate.origin, await audit(candidate.origin, withPreflight))

  if (trustedResult.include.length === 0 && trustedResult.omit.length === 0) {
    notes.push(`The trusted origin ${trusted} cannot read the answer itself in any browser: corslab check ${url} --origin ${trusted} says why.`)
  }
  const redirect = [trustedResult, ...results.values()].find((r) => r.redirect !== undefined)?.redirect
  if (redirect !== undefined) {
    notes.push(`${url} answered ${redirect.status} with a redirect to ${redirect.location}: the audit sends requests only to the URL given and judged nothing past the redirect. Audit the final URL too.`)
  }
  if (budgetSpent) notes.push(`The audit stopped at its bound of ${bound} requests before judging everything (browsers that count request headers differently asked for preflights of their own); run it with fewer --header flags.`)
  if (!withPreflight) notes.push('The policy answered no preflight from the trusted origin, so no preflighted request was sent from the others.')

  const credentials = trustedResult.include.length > 0 || [...results.values()].some((r) => r.include.length > 0)
  const exposed = headerValues(trustedResult.simpleAnswer?.headers ?? [], 'access-control-expose-headers')
    .flatMap((v) => v.split(',')).map((n) => n.trim().toLowerCase()).filter((n) => n !== '' && n !== '*')
  const asked = withPreflight ? preflighted : { ...preflighted, headers: page }
  const fixContext: FixContext = {
    trusted,
    credentials,
    need: {
      origins: [trusted],
      method: asked.method,
      requestHeaders: corsUnsafeRequestHeaderNames(asked.headers).map((n) => n.toLowerCase()),
      credentials,
      exposeHeaders: [...new Set(exposed)],
      preflight: withPreflight || !isCorsSafelistedMethod(asked.method) || corsUnsafeRequestHeaderNames(page).length > 0,
    },
    stack: options.stack,
    answers: [trustedResult, ...results.values()].flatMap((r) => (r.simpleAnswer === null ? [] : [r.simpleAnswer.headers])),
  }
  const findings = buildFindings(candidates, results, sender, fixContext, options.private ?? false)
  const vary = varyFinding(trustedResult, [...results.values()], sender, fixContext)
  if (vary !== null) findings.push(vary)
  findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity))

  const credentialedOrigins = [...results.values()].filter((r) => r.include.length > 0 && !r.wildcard).map((r) => r.origin)
  if (findings.some((f) => f.credentials && f.id !== 'any-subdomain-trusted')) {
    notes.push("Whether the user's cookies go along is the browser's cookie policy: a request from another site carries only SameSite=None cookies, and only where third-party cookies are let through (Chrome's default; Firefox's Total Cookie Protection and Safari's tracking prevention keep them back). A page on a subdomain of the same site gets SameSite=Lax and Strict cookies too, in every browser. Other credentials (HTTP authentication, a TLS client certificate) go along as well.")
  }
  return { url, trusted, findings, credentialedOrigins, requests: sender.sent.length, notes }
}

/** The Origin line of a request's headers. */
function originOf(headers: HeaderList): string | undefined {
  return headers.find(([n]) => n === 'origin')?.[1]
}

/** The most requests an audit of `trusted` sends: a simple request, a preflight and the preflighted request per origin. */
export function maxRequests(trusted: string, url: string): { origins: number, requests: number } {
  const origins = attackerOrigins(trusted).filter((c) => c.origin !== new URL(url).origin).length
  return { origins, requests: 3 * (origins + 1) }
}

export function severityOf(owner: Owner, credentials: boolean, isPrivate: boolean): Severity {
  if (credentials) return owner === 'anyone' ? 'critical' : owner === 'dns' ? 'high' : 'medium'
  if (owner === 'anyone' || owner === 'dns') return isPrivate ? 'medium' : 'low'
  return isPrivate ? 'low' : 'info'
}

const browserList = (names: BrowserName[]) => names.map((n) => ({ chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' })[n]).join(', ')

function evidenceOf(sender: Sender, origin: string): Evidence[] {
  return sender.sent.filter((e) => originOf(e.requestHeaders) === origin)
}

interface Accepted {
  candidate: Candidate
  result: OriginResult
  severity: Severity
  credentials: boolean
}

const hostOf = (origin: string) => URL.parse(origin)?.hostname ?? ''

/**
 * Mistakes that let in the origins of narrower ones: a reflection lets in every origin; a prefix
 * check, the trusted host followed by any character; a suffix check without the dot, every host
 * that ends with the site (the look-alike an unescaped dot would also let in).
 */
const explanations: Array<[FindingId, (candidate: Candidate, lead: Candidate) => boolean]> = [
  ['origin-reflected', () => true],
  ['prefix-match', (candidate) => candidate.id === 'special-character-bypass'],
  ['suffix-match', (candidate, lead) => candidate.id === 'unescaped-dot' && lead.owner === 'anyone' && hostOf(candidate.origin).endsWith(hostOf(lead.origin).replace(/^evil/, ''))],
]

function buildFindings(candidates: Candidate[], results: Map<string, OriginResult>, sender: Sender, ctx: FixContext, isPrivate: boolean): Finding[] {
  const accepted: Accepted[] = []
  const wildcard: Accepted[] = []
  for (const candidate of candidates) {
    const result = results.get(candidate.origin) as OriginResult
    if (result.include.length === 0 && result.omit.length === 0) continue
    const credentials = result.include.length > 0
    if (result.wildcard && !credentials) {
      wildcard.push({ candidate, result, credentials: false, severity: isPrivate ? 'medium' : 'info' })
      continue
    }
    accepted.push({ candidate, result, credentials, severity: severityOf(candidate.owner, credentials, isPrivate) })
  }

  const findings: Finding[] = []
  const make = (id: FindingId, group: Accepted[], summary: (lead: Accepted) => string): Finding => {
    const worst = Math.max(...group.map((a) => severityRank(a.severity)))
    const lead = group.find((a) => severityRank(a.severity) === worst) as Accepted
    const credentials = lead.credentials
    const browsers = allBrowsers.filter((b) => group.some((a) => severityRank(a.severity) === worst && (credentials ? a.result.include : a.result.omit).includes(b)))
    return {
      id,
      severity: lead.severity,
      origin: lead.candidate.origin,
      origins: group.map((a) => a.candidate.origin),
      credentials,
      browsers,
      summary: summary(lead),
      evidence: evidenceOf(sender, lead.candidate.origin),
      fix: fixFor(id, ctx),
    }
  }
  const reads = (a: Accepted) => `reads the answer ${a.credentials ? "with the user's credentials" : 'without credentials'} in ${browserList(a.credentials ? a.result.include : a.result.omit)}`
  // Read without credentials: right for public data; the user says when the answer is not (--private).
  const publicNote = (a: Accepted) => (a.credentials || isPrivate ? '' : ' Fine for public data; not when the answer depends on where the request comes from (an intranet, a VPN, an IP allow-list): then audit with --private.')

  const groups = new Map<FindingId, Accepted[]>()
  for (const a of accepted) groups.set(a.candidate.id, [...(groups.get(a.candidate.id) ?? []), a])
  // An origin let in by a broader mistake is that mistake's, unless it reads more than the broader one.
  for (const [id, explains] of explanations) {
    const group = groups.get(id)
    if (group === undefined) continue
    const rank = Math.max(...group.map((a) => severityRank(a.severity)))
    const leads = group.filter((a) => severityRank(a.severity) === rank).map((a) => a.candidate)
    for (const [otherId, other] of groups) {
      if (otherId === id) continue
      const moved = other.filter((a) => severityRank(a.severity) <= rank && leads.some((lead) => explains(a.candidate, lead)))
      if (moved.length === 0) continue
      group.push(...moved)
      const left = other.filter((a) => !moved.includes(a))
      if (left.length === 0) groups.delete(otherId)
      else groups.set(otherId, left)
    }
  }
  for (const [id, group] of groups) {
    findings.push(make(id, group, (lead) => id === 'origin-reflected'
      ? `The server reflects any Origin${lead.credentials ? ' and allows credentials' : ''}: ${lead.candidate.origin} ${reads(lead)}, and so does every other site.${publicNote(lead)}`
      : `${lead.candidate.origin} (${lead.candidate.why}) ${reads(lead)}.${lead.candidate.owner === 'anyone' || lead.candidate.owner === 'dns' ? publicNote(lead) : ''}`))
  }
  if (wildcard.length > 0) {
    const credentialsToo = wildcard.some((a) => headerValues(a.result.simpleAnswer?.headers ?? [], 'access-control-allow-credentials').length > 0)
    findings.push(make('wildcard-origin', wildcard, (lead) => `The server answers \`Access-Control-Allow-Origin: *\`: every site reads the answer without credentials (${lead.candidate.origin} in ${browserList(lead.result.omit)}).${credentialsToo ? ' It also sends `Access-Control-Allow-Credentials: true`, which every browser refuses with `*`: no site reads it with credentials.' : ''}`))
  }
  return findings
}

// Shared caches store an answer for everyone unless it says private.
function sharedCacheable(headers: HeaderList): boolean {
  const directives = headerValues(headers, 'cache-control').join(',').toLowerCase().split(',').map((d) => d.trim())
  return directives.some((d) => d === 'public' || d.startsWith('s-maxage')) && !directives.some((d) => d === 'private' || d === 'no-store')
}

/**
 * `missing-vary-origin`: the CORS lines of the answers depend on the Origin (some origin is let in,
 * another is answered differently), yet an answer that lets one in does not say `Vary: Origin`.
 */
function varyFinding(trusted: OriginResult, others: OriginResult[], sender: Sender, ctx: FixContext): Finding | null {
  const all = [trusted, ...others].filter((r) => r.simpleAnswer)
  const lines = (r: OriginResult) => JSON.stringify((r.simpleAnswer as Received).headers.filter(([n]) => n === 'access-control-allow-origin' || n === 'access-control-allow-credentials'))
  if (new Set(all.map(lines)).size < 2) return null
  const missing = all.filter((r) => {
    const headers = (r.simpleAnswer as Received).headers
    const value = allowOrigin(headers)
    return (r.include.length > 0 || r.omit.length > 0) && value.length > 0 && !value.includes('*') && !variesOnOrigin(headers)
  })
  if (missing.length === 0) return null
  const lead = missing.find((r) => r !== trusted) ?? (missing[0] as OriginResult)
  const headers = (lead.simpleAnswer as Received).headers
  const cacheable = missing.some((r) => sharedCacheable((r.simpleAnswer as Received).headers))
  return {
    id: 'missing-vary-origin',
    severity: cacheable ? 'medium' : 'low',
    origin: lead.origin,
    origins: missing.map((r) => r.origin),
    credentials: lead.include.length > 0,
    browsers: lead.include.length > 0 ? lead.include : lead.omit,
    summary: `The answer's CORS headers depend on the Origin, but the answer made for ${lead.origin} (\`Access-Control-Allow-Origin: ${allowOrigin(headers).join(', ')}\`) has no \`Vary: Origin\`: a cache${cacheable ? ' (this answer says shared caches may keep it)' : ''} can hand it to pages on other origins, which then fail, or let in the origin it names.`,
    evidence: evidenceOf(sender, lead.origin).filter((e) => e.kind === 'request'),
    fix: fixFor('missing-vary-origin', ctx),
  }
}
