import http from 'node:http'
import https from 'node:https'
import { CorslabError } from '../errors.ts'
import type { HeaderList } from '../engine/index.ts'

export interface SendOptions {
  url: string
  method: string
  headers: HeaderList
  body?: string
  timeoutMs: number
  /** Accept TLS certificates that do not verify (self-signed development servers). */
  insecure?: boolean
}

export interface Received {
  status: number
  /** Header lines exactly as received, names lower-cased, duplicates kept. */
  headers: HeaderList
}

const networkErrors: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused: is the server running, and on this port?',
  ENOTFOUND: 'the host name does not resolve: check the spelling of the host.',
  EAI_AGAIN: 'the host name could not be resolved right now (DNS): check the host and your network.',
  ECONNRESET: 'the server closed the connection without answering.',
  EHOSTUNREACH: 'the host is unreachable.',
  ENETUNREACH: 'the network is unreachable.',
  EPROTO: 'the TLS handshake failed: is this an https:// URL for a server that speaks plain HTTP?',
}

function describe(error: NodeJS.ErrnoException): string {
  const code = error.code ?? ''
  if (code in networkErrors) return networkErrors[code] as string
  if (/CERT|TLS|SSL|SELF_SIGNED/.test(code)) {
    return `the TLS certificate was refused (${code}): ${error.message}. A browser refuses it too; for a local development certificate pass --insecure.`
  }
  return `${error.message}${code ? ` (${code})` : ''}.`
}

/**
 * Sends one request exactly as given (no redirects followed, no headers added but Host and the
 * body's length). Resolves to null when the server closed the connection without answering: the
 * browser sees a network error there, which is a verdict, not bad input.
 */
export function send({ url, method, headers, body, timeoutMs, insecure }: SendOptions): Promise<Received | null> {
  const target = new URL(url)
  const client = target.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const request = client.request(
      target,
      {
        method,
        headers: Object.fromEntries(headers.map(([n, v]) => [n, v])),
        // A fresh connection each time: a reused keep-alive socket to a server that restarted on
        // the same port fails as if the server had refused to answer.
        agent: false,
        ...(target.protocol === 'https:' ? { rejectUnauthorized: !insecure } : {}),
      },
      (response) => {
        const lines: HeaderList = []
        const raw = response.rawHeaders
        for (let i = 0; i + 1 < raw.length; i += 2) lines.push([(raw[i] as string).toLowerCase(), raw[i + 1] as string])
        response.resume()
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: lines }))
        response.on('error', (error) => reject(new CorslabError('E_NETWORK', `Failed to read the answer to ${method} ${url}: ${describe(error)}`)))
      },
    )
    request.setTimeout(timeoutMs, () => {
      request.destroy()
      reject(new CorslabError('E_NETWORK', `Failed to reach ${url}: no answer to ${method} within ${timeoutMs} ms. Raise it with --timeout MS.`))
    })
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' && request.reusedSocket === false && connected) return resolve(null)
      reject(new CorslabError('E_NETWORK', `Failed to reach ${url} (${method}): ${describe(error)}`, { cause: error }))
    })
    let connected = false
    request.on('socket', (socket) => socket.once('connect', () => (connected = true)))
    request.end(body)
  })
}
