import { exitCodeOf, formatReport, runCheck } from '../../check/index.ts'
import { isToken } from '../../engine/fetch-terms.ts'
import { stackFixFor } from './check-stack.ts'
import { browsers, type BrowserName, type HeaderList, type RedirectMode } from '../../engine/index.ts'
import { CorslabError } from '../../errors.ts'
import { parseFlags, text } from '../args.ts'
import type { CliIo } from '../io.ts'
import { checkUsage } from '../usage.ts'

function usage(message: string): never {
  throw new CorslabError('E_USAGE', `corslab check: ${message} Run corslab check --help.`)
}

// `--header 'Name: value'`, as curl takes it.
function parseHeader(flag: string): [string, string] {
  const colon = flag.indexOf(':')
  const name = colon > 0 ? flag.slice(0, colon).trim() : ''
  if (!isToken(name)) usage(`--header ${JSON.stringify(flag)} is not 'Name: value' (a header name, a colon, then the value).`)
  return [name, flag.slice(colon + 1).trim()]
}

function parseUrlFlag(value: string | undefined): string {
  if (value === undefined) usage('give the URL to check, e.g. corslab check http://localhost:8080/api/items --origin http://localhost:5173.')
  const url = URL.parse(value)
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) usage(`${JSON.stringify(value)} is not an http:// or https:// URL.`)
  return url.href
}

function parseOrigin(value: string | undefined): string {
  if (value === undefined) usage("--origin is required: the origin of the page that calls the API, e.g. --origin http://localhost:5173.")
  if (value === 'null') return value
  const url = URL.parse(value)
  if (url === null || url.origin === 'null' || url.origin !== value) {
    usage(`--origin ${JSON.stringify(value)} is not an origin: give scheme, host and port only, without a path or trailing slash${url && url.origin !== 'null' ? ` (${url.origin})` : ''}.`)
  }
  return value
}

function parseBrowsers(value: string | undefined): BrowserName[] {
  if (value === undefined || value === 'all') return [...browsers]
  const names = value.split(',').map((n) => n.trim())
  for (const name of names) if (!(browsers as readonly string[]).includes(name)) usage(`--browser ${JSON.stringify(name)} is not one of chromium, firefox, webkit, all.`)
  return names as BrowserName[]
}

const redirectModes: readonly RedirectMode[] = ['follow', 'manual', 'error']

// fetch()'s `redirect` option; `--follow` (curl's -L) is the default spelled out.
function parseRedirect(value: string | undefined, follow: boolean): RedirectMode {
  if (value === undefined) return 'follow'
  if (!(redirectModes as readonly string[]).includes(value)) usage(`--redirect ${JSON.stringify(value)} is not one of follow, manual, error (fetch()'s redirect option).`)
  if (follow && value !== 'follow') usage(`--follow means --redirect follow; it cannot go with --redirect ${value}.`)
  return value as RedirectMode
}

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return 10_000
  const ms = Number(value)
  if (!Number.isInteger(ms) || ms <= 0) usage(`--timeout ${JSON.stringify(value)} is not a positive number of milliseconds.`)
  return ms
}

export async function check(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(
    'check',
    argv,
    {
      origin: { type: 'string' },
      method: { type: 'string', short: 'X' },
      header: { type: 'string', short: 'H', multiple: true },
      data: { type: 'string', short: 'd' },
      credentials: { type: 'boolean' },
      json: { type: 'boolean' },
      redirect: { type: 'string' },
      follow: { type: 'boolean', short: 'L' },
      browser: { type: 'string' },
      timeout: { type: 'string' },
      insecure: { type: 'boolean', short: 'k' },
      stack: { type: 'string' },
      expose: { type: 'string', multiple: true },
    },
    1,
  )
  if (values.help) {
    io.stdout(checkUsage)
    return 0
  }
  const headerFlags = (values as Record<string, unknown>).header as string[] | undefined
  const method = text(values.method) ?? 'GET'
  if (!isToken(method)) usage(`--method ${JSON.stringify(method)} is not an HTTP method.`)
  const headers: HeaderList = (headerFlags ?? []).map(parseHeader)
  const stackFlag = text(values.stack)
  const exposeFlags = ((values as Record<string, unknown>).expose as string[] | undefined) ?? []
  const prepareFix = stackFixFor(stackFlag, exposeFlags)
  const report = await runCheck({
    url: parseUrlFlag(positionals[0]),
    origin: parseOrigin(text(values.origin)),
    method,
    headers,
    ...(text(values.data) === undefined ? {} : { body: text(values.data) as string }),
    credentials: values.credentials === true,
    redirect: parseRedirect(text(values.redirect), values.follow === true),
    browsers: parseBrowsers(text(values.browser)),
    timeoutMs: parseTimeout(text(values.timeout)),
    insecure: values.insecure === true,
  })
  const fix = prepareFix(report)
  io.stdout(values.json ? `${JSON.stringify({ ...report, fix: fix?.fix ?? null }, null, 2)}\n` : `${formatReport(report)}\n${fix ? `\n${fix.text}\n` : ''}`)
  return exitCodeOf(report)
}
