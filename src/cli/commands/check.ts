import { exitCodeOf, formatReport, runCheck } from '../../check/index.ts'
import { stackFixFor } from './check-stack.ts'
import { browsers, type BrowserName, type RedirectMode } from '../../engine/index.ts'
import { parseFlags, text, texts } from '../args.ts'
import { headerFlag, methodFlag, stackFlag, timeoutFlag, urlArgument, usageError } from '../flags.ts'
import type { CliIo } from '../io.ts'
import { checkUsage } from '../usage.ts'

function usage(message: string): never {
  throw usageError('check', message)
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
  const method = methodFlag('check', text(values.method))
  const headers = texts(values.header).map((flag) => headerFlag('check', flag))
  const prepareFix = stackFixFor(stackFlag('check', text(values.stack)), texts(values.expose))
  const report = await runCheck({
    url: urlArgument('check', positionals[0], 'corslab check http://localhost:8080/api/items --origin http://localhost:5173'),
    origin: parseOrigin(text(values.origin)),
    method,
    headers,
    ...(text(values.data) === undefined ? {} : { body: text(values.data) as string }),
    credentials: values.credentials === true,
    redirect: parseRedirect(text(values.redirect), values.follow === true),
    browsers: parseBrowsers(text(values.browser)),
    timeoutMs: timeoutFlag('check', text(values.timeout)),
    insecure: values.insecure === true,
  })
  const fix = prepareFix(report)
  io.stdout(values.json ? `${JSON.stringify({ ...report, fix: fix?.fix ?? null }, null, 2)}\n` : `${formatReport(report)}\n${fix ? `\n${fix.text}\n` : ''}`)
  return exitCodeOf(report)
}
