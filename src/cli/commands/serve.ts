import { CorslabError } from '../../errors.ts'
import { contextOf } from '../../server/create-server.ts'
import { startServer, type ServerOptions } from '../../server/index.ts'
import { parseFlags, text, texts } from '../args.ts'
import type { CliIo } from '../io.ts'
import { requestLogLine } from '../request-log.ts'
import { serveUsage } from '../usage.ts'

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new CorslabError('E_USAGE', `corslab serve: --port ${JSON.stringify(value)} is not a port. Give a number from 0 to 65535 (0 picks a free one).`)
  }
  return Number(value)
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw new CorslabError('E_USAGE', `corslab serve: --${flag} is empty. Give a value or leave the flag out.`)
  return value
}

export async function serve(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags('serve', argv, {
    scenario: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    routes: { type: 'string' },
    upstream: { type: 'string' },
    scenarios: { type: 'string' },
    token: { type: 'string' },
    log: { type: 'boolean' },
    'allowed-host': { type: 'string', multiple: true },
  })
  if (values.help) {
    io.stdout(serveUsage)
    return 0
  }
  const options: ServerOptions = { log: (line) => io.stderr(`${line}\n`) }
  const port = parsePort(text(values.port))
  if (port !== undefined) options.port = port
  for (const [flag, key] of [['scenario', 'scenario'], ['host', 'host'], ['routes', 'routes'], ['upstream', 'upstream'], ['scenarios', 'scenariosDir'], ['token', 'token']] as const) {
    const value = nonEmpty(flag, text(values[flag]))
    if (value !== undefined) options[key] = value
  }
  const allowedHosts = texts(values['allowed-host'])
  if (allowedHosts.length > 0) options.allowedHosts = allowedHosts.map((name) => nonEmpty('allowed-host', name) as string)
  const server = await startServer(options)
  io.stdout(`corslab listening on ${server.url} (scenario: ${contextOf(server.app).state.active.name})\n`)
  // The ready line above is a contract (tools wait for it); what follows is for people.
  if (options.upstream !== undefined) io.stdout(`upstream: ${options.upstream} (every request is proxied there; its Access-Control-* headers are replaced by the scenario's)\n`)
  if (server.pageUrl !== undefined) io.stdout(`dashboard: ${server.pageUrl} (a page on another origin: switch scenarios and run each probe in your browser)\n`)
  if (server.token !== undefined) io.stdout(`control API token: ${server.token} (send it as ?token=... or Authorization: Bearer ...; the server is reachable from other machines)\n`)
  if (values.log) {
    contextOf(server.app).journal.subscribe((event) => {
      if (event.type === 'entry') io.stdout(`${requestLogLine(event.data)}\n`)
    })
  }
  io.onServe?.(server)
  await new Promise<void>((resolve) => {
    if (io.signal === undefined) return
    if (io.signal.aborted) return resolve()
    io.signal.addEventListener('abort', () => resolve(), { once: true })
  })
  await server.close()
  return 0
}
