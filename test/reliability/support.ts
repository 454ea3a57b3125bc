import { request as httpRequest, Agent } from 'node:http'
import { connect } from 'node:net'
import { expect } from 'vitest'
import { reasonIds } from '../../src/index.ts'

export const origin = 'http://localhost:5173'

export interface Reply {
  status: number
  /** Header lines as received, names lower-cased. */
  lines: Array<[string, string]>
  body: string
}

/** One request over node:http; `agent` keeps connections alive between calls when given. */
export function send(url: string, init: { method?: string, headers?: Record<string, string>, body?: string, agent?: Agent } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers ?? {}, agent: init.agent ?? false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        const lines: Array<[string, string]> = []
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) lines.push([(res.rawHeaders[i] as string).toLowerCase(), res.rawHeaders[i + 1] as string])
        resolve({ status: res.statusCode ?? 0, lines, body: Buffer.concat(chunks).toString('utf8') })
      })
    })
    req.on('error', reject)
    req.end(init.body)
  })
}

export const header = (reply: Reply, name: string): string[] => reply.lines.filter(([n]) => n === name).map(([, v]) => v)

/** The lines a scenario decides (Access-Control-*, Vary, and the fault marker x-version), sorted: an answer's fingerprint. */
export function corsFingerprint(reply: Reply): string {
  return JSON.stringify(reply.lines.filter(([n]) => n.startsWith('access-control-') || n === 'vary' || n === 'x-version').sort())
}

export interface RawResult {
  /** Everything the server sent, as latin1 text. */
  text: string
  /** The server closed (or reset) the connection. */
  closed: boolean
  /** Neither closed nor finished within the time allowed. */
  timedOut: boolean
}

/**
 * Writes `chunks` onto a fresh connection (waiting `gapMs` between them), then waits until the server
 * closes the connection or `timeoutMs` passes. Resets count as closed.
 */
export function raw(port: number, chunks: Array<Buffer | string>, options: { gapMs?: number, timeoutMs?: number, end?: boolean } = {}): Promise<RawResult> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    const received: Buffer[] = []
    let settled = false
    const finish = (closed: boolean, timedOut: boolean) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve({ text: Buffer.concat(received).toString('latin1'), closed, timedOut })
    }
    const timer = setTimeout(() => finish(false, true), options.timeoutMs ?? 15_000)
    socket.on('data', (c) => received.push(c))
    socket.on('close', () => finish(true, false))
    socket.on('error', () => finish(true, false))
    socket.on('connect', async () => {
      for (const [i, chunk] of chunks.entries()) {
        if (socket.destroyed) return
        if (i > 0 && options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs))
        if (!socket.destroyed) socket.write(chunk)
      }
      if (options.end === true && !socket.destroyed) socket.end()
    })
  })
}

export interface ParsedResponse {
  status: number
  headers: Array<[string, string]>
  body: string
  /** The body is as long as its Content-Length says (true where there is none to check). */
  complete: boolean
}

/** The responses in `text`, in order (several when pipelined), framed by Content-Length. */
export function responses(text: string): ParsedResponse[] {
  const found: ParsedResponse[] = []
  let at = 0
  while (at < text.length) {
    const end = text.indexOf('\r\n\r\n', at)
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(text.slice(at, at + 16))
    if (end === -1 || status === null) break
    const headers = text.slice(at, end).split('\r\n').slice(1).map((line): [string, string] => {
      const colon = line.indexOf(':')
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()]
    })
    const length = headers.find(([n]) => n === 'content-length')?.[1]
    const bodyEnd = length === undefined ? text.length : end + 4 + Number(length)
    found.push({ status: Number(status[1]), headers, body: text.slice(end + 4, bodyEnd), complete: bodyEnd <= text.length })
    at = bodyEnd
  }
  return found
}

/** The status of each response in `text`. */
export const statuses = (text: string): number[] => responses(text).map((r) => r.status)

const outcomes = ['allowed', 'blocked', 'opaque']
const stages = ['request', 'preflight', 'response', 'redirect']
const isText = (v: unknown) => typeof v === 'string'

/** What is wrong with one journal entry's shape (DESIGN.md, "Journal entries"), or nothing. */
function entryProblems(entry: Record<string, unknown>, scenarioNames: string[]): string[] {
  const problems: string[] = []
  const need = (ok: boolean, what: string) => ok || problems.push(what)
  need(Number.isInteger(entry.id), 'id is not a whole number')
  need(Number.isFinite(Date.parse(String(entry.time))), 'time is not a date')
  need(scenarioNames.includes(entry.scenario as string), `scenario ${JSON.stringify(entry.scenario)} is not in the catalog`)
  need(isText(entry.method) && (entry.method as string).length > 0, 'method is not a string')
  // Origin form, or the asterisk form of `OPTIONS *`.
  need(isText(entry.path) && ((entry.path as string).startsWith('/') || entry.path === '*'), 'path is not a path')
  need(entry.origin === null || isText(entry.origin), 'origin is neither null nor a string')
  need(typeof entry.preflight === 'boolean', 'preflight is not a boolean')
  need(typeof entry.requestHeaders === 'object' && entry.requestHeaders !== null && Object.values(entry.requestHeaders).every(isText), 'requestHeaders is not a record of strings')
  need(Number.isInteger(entry.status) && (entry.status as number) >= 100 && (entry.status as number) <= 599, 'status is not an HTTP status')
  need(Array.isArray(entry.responseHeaders) && (entry.responseHeaders as unknown[]).every((l) => Array.isArray(l) && l.length === 2 && l.every(isText)), 'responseHeaders is not a list of [name, value]')
  need(entry.session === undefined || isText(entry.session), 'session is not a string')
  const verdict = entry.verdict as Record<string, unknown> | null | undefined
  need(verdict !== undefined, 'verdict is missing')
  if (verdict !== null && verdict !== undefined) {
    need(outcomes.includes(verdict.outcome as string), `verdict.outcome ${JSON.stringify(verdict.outcome)}`)
    need(verdict.stage === undefined || stages.includes(verdict.stage as string), `verdict.stage ${JSON.stringify(verdict.stage)}`)
    need(verdict.reason === undefined || (reasonIds as readonly unknown[]).includes(verdict.reason), `verdict.reason ${JSON.stringify(verdict.reason)}`)
    need(verdict.message === undefined || isText(verdict.message), 'verdict.message is not a string')
    need((verdict.outcome === 'blocked') === (verdict.reason !== undefined), 'a blocked verdict without a reason, or a reason without a block')
  }
  return problems
}

/** Fails unless the journal's ids increase and every entry has the documented shape. */
export function expectConsistentJournal(entries: unknown[], scenarioNames: string[]): void {
  const problems: string[] = []
  let last = 0
  for (const value of entries) {
    const entry = value as Record<string, unknown>
    const found = entryProblems(entry, scenarioNames)
    if (typeof entry.id === 'number' && entry.id <= last) found.push(`id ${entry.id} after ${last}`)
    if (typeof entry.id === 'number') last = entry.id
    if (found.length > 0) problems.push(`${found.join('; ')}: ${JSON.stringify(entry).slice(0, 300)}`)
  }
  expect(problems.slice(0, 10)).toEqual([])
}
