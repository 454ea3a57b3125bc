import { auditExitCode, formatAudit, maxRequests, runAudit } from '../../audit/index.ts'
import { forbiddenMethods } from '../../engine/fetch-terms.ts'
import { isForbiddenRequestHeader } from '../../engine/index.ts'
import { profiles } from '../../engine/profiles.ts'
import { parseFlags, text, texts } from '../args.ts'
import { headerFlag, methodFlag, positiveFlag, stackFlag, timeoutFlag, urlArgument, usageError } from '../flags.ts'
import type { CliIo } from '../io.ts'
import { auditUsage } from '../usage.ts'

function usage(message: string): never {
  throw usageError('audit', message)
}

function parseTrusted(value: string | undefined): string {
  if (value === undefined) usage('--origin is required: the origin your API should trust, e.g. --origin https://app.example.com.')
  const url = URL.parse(value)
  if (url === null || url.origin === 'null' || (url.protocol !== 'http:' && url.protocol !== 'https:')) usage(`--origin ${JSON.stringify(value)} is not an http: or https: origin such as https://app.example.com.`)
  if (url.origin !== value) usage(`--origin ${JSON.stringify(value)} is not an origin: give scheme, host and port only, without a path or trailing slash (${url.origin}).`)
  return value
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
  const url = urlArgument('audit', positionals[0], 'corslab audit https://api.example.com/me --origin https://app.example.com')
  const trusted = parseTrusted(text(values.origin))
  const method = methodFlag('audit', text(values.method)).toUpperCase()
  if (forbiddenMethods.has(method) || method === 'OPTIONS') usage(`--method ${method} is not a method a page sends with fetch() (OPTIONS is the preflight, which the audit sends itself).`)
  const headers = texts(values.header).map((flag) => headerFlag('audit', flag))
  const unusable = headers.find(([n, v]) => isForbiddenRequestHeader(n, v) && n.toLowerCase() !== 'cookie')
  if (unusable !== undefined) usage(`--header ${unusable[0]} is one a page cannot set and the browser sets itself; leave it out (Cookie is the one such header the audit takes: it sends it as the browser would with credentials).`)
  const rate = positiveFlag('audit', 'rate', text(values.rate), 'a positive number of requests per second')
  const timeoutMs = timeoutFlag('audit', text(values.timeout))
  const data = text(values.data)
  const stack = stackFlag('audit', text(values.stack))?.id

  // A port every browser refuses to fetch: no page can read the answer, so there is nothing to audit.
  const { port } = new URL(url)
  if (port !== '' && Object.values(profiles).every((profile) => profile.badPorts.has(Number(port)))) {
    usage(`${url} is on port ${port}, which browsers refuse to connect to (a "bad port" of the Fetch Standard): no page, trusted or not, can read its answer, so there is nothing to audit. Serve the API on another port; corslab check ${url} --origin ORIGIN says what each browser does.`)
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
