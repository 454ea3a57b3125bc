import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createServer } from './node-http.ts'
import { sameName } from '../scenarios/headers.ts'
import { controlPrefix } from './control-api.ts'
import { originForm, sendAnswer, serveScenario, type ScenarioRouteContext } from './scenario-route.ts'

/** What a client sending more than `limit` bytes of body is told. */
export function bodyTooLarge(limit: number): string {
  return `the request body is over corslab's limit of ${limit / 1024 / 1024} MiB; send a smaller body.`
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void

/**
 * Whether a request target is the control API's (`/__corslab`, `/__corslab/...`, in origin or
 * absolute form): those go to Fastify; everything else is scenario traffic, answered here.
 */
export function isControlTarget(url: string): boolean {
  const path = originForm(url)
  return path.startsWith(controlPrefix) && (path.length === controlPrefix.length || path[controlPrefix.length] === '/' || path[controlPrefix.length] === '?')
}

// A percent escape in the path that does not decode (`%zz`, `%FF`): what Fastify's router refused with a 400.
function undecodablePath(target: string): string | undefined {
  const query = target.indexOf('?')
  const percent = target.indexOf('%')
  if (percent === -1 || (query !== -1 && percent > query)) return undefined
  const path = query === -1 ? target : target.slice(0, query)
  try {
    decodeURIComponent(path)
    return undefined
  } catch {
    return path
  }
}

const json = [['Content-Type', 'application/json; charset=utf-8']] as Array<[string, string]>

function fail(res: ServerResponse, status: number, error: string): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  sendAnswer(res, status, json, JSON.stringify({ error }))
}

// Serves one scenario request; a failure becomes a 500 (or a cut connection, once the answer started), never a crash.
function serveSafely(ctx: ScenarioRouteContext, target: string, req: IncomingMessage, res: ServerResponse, body: Uint8Array | undefined): void {
  const failed = (error: unknown) => fail(res, 500, (error as Error).message)
  try {
    serveScenario(ctx, target, req, res, body)?.catch(failed)
  } catch (error) {
    failed(error)
  }
}

const bodyless = new Set(['GET', 'HEAD', 'TRACE'])

/**
 * Whether the request has a body to read, as Fastify decides it (never for GET, HEAD and TRACE; for
 * the rest, when a Content-Type or the framing says so): -1 for none, else its Content-Length (NaN
 * when chunked). Read off rawHeaders: `req.headers` would build an object of every header.
 */
function declaredBody(req: IncomingMessage): number {
  if (bodyless.has(req.method ?? 'GET')) return -1
  const raw = req.rawHeaders
  let type = false
  let chunked = false
  let length: string | undefined
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string
    if (sameName(name, 'content-type')) type = true
    else if (sameName(name, 'content-length')) length = raw[i + 1]
    else if (sameName(name, 'transfer-encoding')) chunked = true
  }
  if (!type && !chunked && (length === undefined || length === '0')) return -1
  return length === undefined ? Number.NaN : Number(length)
}

/** The whole body, or undefined with a 413 sent when it is over `limit` bytes, or when the client went away. */
function readBody(req: IncomingMessage, res: ServerResponse, declared: number, limit: number): Promise<Buffer | undefined> {
  const tooLarge = () => fail(res, 413, bodyTooLarge(limit))
  if (declared > limit) {
    tooLarge()
    return Promise.resolve(undefined)
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        stop()
        tooLarge()
        resolve(undefined)
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      stop()
      resolve(Buffer.concat(chunks, size))
    }
    const onError = () => {
      stop()
      resolve(undefined)
    }
    const stop = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  })
}

/**
 * The HTTP server of a corslab app, and the one door of scenario traffic: every request that is not
 * the control API's is answered here, without Fastify's per-request work (routing, hooks, body
 * parsing), since it is all one catch-all that sends its own bytes. The control API goes to Fastify.
 * So `app.inject()` reaches the control API only; scenario traffic needs a listening server.
 */
export function scenarioServer(ctx: ScenarioRouteContext, fastify: RequestListener, bodyLimit: number): Server {
  const server = createServer((req, res) => {
    const target = originForm(req.url ?? '/')
    if (isControlTarget(target)) {
      // In origin form, so that Fastify's hooks (the token check among them) see the path they match.
      req.url = target
      fastify(req, res)
      return
    }
    const undecodable = undecodablePath(target)
    if (undecodable !== undefined) {
      fail(res, 400, `the path ${JSON.stringify(undecodable)} is not a valid url: a percent escape in it does not decode. Write a literal % as %25.`)
      return
    }
    const declared = declaredBody(req)
    if (declared === -1) {
      serveSafely(ctx, target, req, res, undefined)
      return
    }
    void readBody(req, res, declared, bodyLimit).then((body) => {
      if (body !== undefined) serveSafely(ctx, target, req, res, body)
    })
  })
  // Fastify's defaults, which it sets only on servers it creates itself.
  server.keepAliveTimeout = 72_000
  server.requestTimeout = 0
  server.setTimeout(0)
  return server
}
