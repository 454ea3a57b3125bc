import { auditExitCode, formatAudit, maxRequests, runAudit } from '../../audit/index.ts'
import { forbiddenMethods, isToken } from '../../engine/fetch-terms.ts'
import { isForbiddenRequestHeader, type HeaderList } from '../../engine/index.ts'
import { CorslabError } from '../../errors.ts'
import { getStack } from '../../stacks/index.ts'
import { parseFlags, text } from '../args.ts'
import type { CliIo } from '../io.ts'
import { auditUsage } from '../usage.ts'

function usage(message: string): never {
  throw new CorslabError('E_USAGE', `corslab audit: ${message} Run corslab audit --help.`)
}


function parseHeader(flag: string): [string, string] {
  const colon = flag.indexOf(':')
  const name = colon > 0 ? flag.slice(0, colon).trim() : ''
  if (!isToken(name)) usage(`--header ${JSON.stringify(flag)} is not 'Name: value' (a header name, a colon, then the value).`)
  return [name, flag.slice(colon + 1).trim()]
}

function parseUrl(value: string | undefined): string {
  if (value === undefined) usage('give the URL to audit, e.g. corslab audit https://api.example.com/me --origin https://app.example.com.')
  const url = URL.parse(value)
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) usage(`${JSON.stringify(value)} is not an http:// or https:// URL.`)
  return url.href
}

function parseTrusted(value: string | undefined): string {
  if (value === undefined) usage('--origin is required: the origin your API should trust, e.g. --origin https://app.example.com.')
  const url = URL.parse(value)
  if (url === null || url.origin === 'null' || (url.protocol !== 'http:' && url.protocol !== 'https:')) usage(`--origin ${JSON.stringify(value)} is not an http: or https: origin such as https://app.example.com.`)
  if (url.origin !== value) usage(`--origin ${JSON.stringify(value)} is not an origin: give scheme, host and port only, without a path or trailing slash (${url.origin}).`)
  return value
}

function positive(flag: string, value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) usage(`--${flag} ${JSON.stringify(value)} is not ${what}.`)
  return n
}

export async function audit(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(
    'audit',
    argv,
    {
      origin: { type: 'string' },
      method: { type: 'string', short: 'X' },
      header: { type: 'string', short: 'H', multiple: true },
      data: { type: 'string', short: 'd' },
      rate: { type: 'string' },
      private: { type: 'boolean' },
      json: { type: 'boolean' },
      timeout: { type: 'string' },
      insecure: { type: 'boolean', short: 'k' },
      stack: { type: 'string' },
    },
    1,
  )
  if (values.help) {
    io.stdout(auditUsage)
    return 0
  }
  const url = parseUrl(positionals[0])
  const trusted = parseTrusted(text(values.origin))
  const method = (text(values.method) ?? 'GET').toUpperCase()
  if (!isToken(method)) usage(`--method ${JSON.stringify(method)} is not an HTTP method.`)
  if (forbiddenMethods.has(method) || method === 'OPTIONS') usage(`--method ${method} is not a method a page sends with fetch() (OPTIONS is the preflight, which the audit sends itself).`)
  const headers: HeaderList = (((values as Record<string, unknown>).header as string[] | undefined) ?? []).map(parseHeader)
  const unusable = headers.find(([n, v]) => isForbiddenRequestHeader(n, v) && n.toLowerCase() !== 'cookie')
  if (unusable !== undefined) usage(`--header ${unusable[0]} is one a page cannot set and the browser sets itself; leave it out (Cookie is the one such header the audit takes: it sends it as the browser would with credentials).`)
  const rate = positive('rate', text(values.rate), 'a positive number of requests per second')
  const timeoutMs = positive('timeout', text(values.timeout), 'a positive number of milliseconds') ?? 10_000
  const data = text(values.data)
  const stack = text(values.stack)
  if (stack !== undefined) {
    try {
      getStack(stack)
    } catch (error) {
      usage(`--stack: ${(error as Error).message.replace(/^\[corslab\] /, '')}`)
    }
  }

  const bound = maxRequests(trusted, url)
  if (!values.json) io.stderr(`corslab audit: ${bound.origins} attacker origins, at most ${bound.requests} requests to ${url}, ${rate === undefined ? 'one at a time' : `at most ${rate} a second`}.\n`)
  const report = await runAudit({
    url,
    trusted,
    method,
    headers,
    ...(data === undefined ? {} : { body: data }),
    ...(rate === undefined ? {} : { rate }),
    private: values.private === true,
    ...(stack === undefined ? {} : { stack }),
    timeoutMs,
    insecure: values.insecure === true,
  })
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatAudit(report)}\n`)
  return auditExitCode(report)
}
