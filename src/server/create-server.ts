import Fastify, { type FastifyInstance } from 'fastify'
import { CorslabError } from '../errors.ts'
import { generateToken, isLoopbackHost, ownHostNames } from './access.ts'
import { registerControlApi, type ControlContext } from './control-api.ts'
import { Journal, defaultJournalSize } from '../shared/journal.ts'
import { createMockApi } from '../shared/mock-api.ts'
import type { RouteHandler } from '../shared/route-handler.ts'
import { defaultHost, maxJournalSize, type ServerOptions } from './options.ts'
import { createRoutesHandler, loadRoutesFile, validateRoutes } from './routes-file.ts'
import { ScenarioState } from './scenario-state.ts'
import { servedEntry, type Served } from './served-entry.ts'
import { bodyTooLarge, scenarioServer } from './scenario-listener.ts'
import { createUpstream, parseUpstream } from './upstream.ts'

/** What a corslab app carries: its catalog and active scenario, its journal, its control settings. */
export interface CorslabContext extends ControlContext {
  journal: Journal<Served>
  routes: RouteHandler
  options: ServerOptions
}

// Each app's context, for the server's own modules (not a Fastify decoration: that would change the
// FastifyInstance type of every Fastify app in a user's program).
const contexts = new WeakMap<FastifyInstance, CorslabContext>()

/** The context of an app that createServer made. */
export function contextOf(app: FastifyInstance): CorslabContext {
  const context = contexts.get(app)
  if (context === undefined) throw new CorslabError('E_USAGE', 'this Fastify app was not made by createServer().')
  return context
}

export const bodyLimit = 10 * 1024 * 1024

function routesFor(options: ServerOptions, log: (line: string) => void): RouteHandler {
  if (options.routes !== undefined && options.upstream !== undefined) {
    throw new CorslabError('E_USAGE', 'give either --routes or --upstream, not both: routes answer locally, an upstream answers instead of them.')
  }
  if (options.upstream !== undefined) return createUpstream(parseUpstream(options.upstream), log)
  if (typeof options.routes === 'string') return createRoutesHandler(loadRoutesFile(options.routes))
  if (options.routes !== undefined) return createRoutesHandler(validateRoutes(options.routes, 'options.routes'))
  return createMockApi()
}

// A host name or IP address, as a Host header carries it (IPv6 in brackets), without a port.
function checkAllowedHosts(names: unknown): string[] {
  if (names === undefined) return []
  if (!Array.isArray(names)) throw new CorslabError('E_INVALID_OPTION', `allowedHosts must be a list of host names, got ${JSON.stringify(names)}.`)
  for (const name of names) {
    if (typeof name !== 'string' || !/^([a-z0-9-]+(\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])$/i.test(name)) {
      throw new CorslabError('E_INVALID_OPTION', `allowed host ${JSON.stringify(name)} is not a host name (--allowed-host, or the allowedHosts option): give a name such as corslab.local or an address such as 192.168.1.5, without scheme or port.`)
    }
  }
  return names as string[]
}

function noSchemas(): never {
  throw new Error('corslab routes declare no schemas')
}

/**
 * The corslab app, a Fastify instance, not listening yet: `app.listen()` it (or use `startServer`,
 * which also starts the dashboard's page origin). Scenario traffic is answered by its HTTP server
 * only, so `app.inject()` reaches the control API under `/__corslab/` and nothing else. Throws a
 * `CorslabError` for a bad option, routes file or scenario directory, or an unknown scenario.
 *
 * @example
 * import { createServer } from 'corslab/server'
 * const app = createServer({ scenario: 'missing-preflight' })
 * await app.listen({ port: 0, host: '127.0.0.1' })
 * const scenario = await app.inject({ url: '/__corslab/scenario' }) // { name: 'missing-preflight', ... }
 */
export function createServer(options: ServerOptions = {}): FastifyInstance {
  const host = options.host ?? defaultHost
  const journalSize = options.journalSize ?? defaultJournalSize
  if (!Number.isInteger(journalSize) || journalSize < 1 || journalSize > maxJournalSize) {
    throw new CorslabError('E_INVALID_OPTION', `journalSize must be a whole number from 1 to ${maxJournalSize}, got ${JSON.stringify(journalSize)}.`)
  }
  if (options.token !== undefined && (typeof options.token !== 'string' || options.token.trim() === '')) {
    throw new CorslabError('E_INVALID_OPTION', 'token must be a non-empty string; leave it out to have one generated.')
  }
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const journal = new Journal<Served>(journalSize, servedEntry)
  const state = new ScenarioState({
    ...(options.scenariosDir === undefined ? {} : { dir: options.scenariosDir }),
    ...(options.scenario === undefined ? {} : { active: options.scenario }),
    log,
    journal,
  })
  const routes = routesFor(options, log)
  const token = options.token ?? (isLoopbackHost(host) ? undefined : generateToken())
  const hostNames = ownHostNames(host, checkAllowedHosts(options.allowedHosts))
  const context: CorslabContext = { state, journal, token, pagePort: undefined, pageUrl: undefined, port: undefined, hostNames, upstream: options.upstream, routes, options }

  const app = Fastify({
    logger: false,
    forceCloseConnections: 'idle',
    bodyLimit,
    requestIdHeader: false,
    serverFactory: (fastify) => scenarioServer(context, fastify, bodyLimit),
    // No route declares a schema: without these, Fastify loads Ajv at start-up (~40 ms) for nothing.
    schemaController: { compilersFactory: { buildValidator: noSchemas, buildSerializer: noSchemas } },
  })
  contexts.set(app, context)
  // Every body arrives as bytes: the routes and the upstream take it as is, whatever its type.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
  app.setErrorHandler((error: Error & { statusCode?: number, code?: string }, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500
    const message = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? bodyTooLarge(bodyLimit) : error.message
    return reply.code(status).type('application/json; charset=utf-8').send({ error: message })
  })
  app.addHook('onClose', async () => state.close())

  registerControlApi(app, context)
  // Only app.inject() gets here: the HTTP server answers scenario traffic before Fastify sees it.
  app.setNotFoundHandler((request, reply) => reply.code(404).type('application/json; charset=utf-8').send({
    error: `${request.method} ${request.url} is scenario traffic, which only the listening server answers (app.inject() reaches the control API under /__corslab/ only). Start it with startServer({ port: 0 }) and send real HTTP requests to its url.`,
  }))
  return app
}
