import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'

export interface RawResponse {
  status: number
  /** Header lines as received: repeated lines kept, names as sent. */
  lines: Array<[string, string]>
  body: string
  ms: number
}

/** One HTTP request with exact header lines (a list keeps repeated ones); no connection reuse. */
export function send(url: string, init: { method?: string, headers?: Array<[string, string]>, body?: string } = {}): Promise<RawResponse> {
  const started = Date.now()
  // Given as a list, node:http adds no Host line of its own.
  const headers = init.headers ?? []
  const lines = headers.some(([n]) => n.toLowerCase() === 'host') ? headers : [['host', new URL(url).host] as [string, string], ...headers]
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', agent: false, headers: lines.flat() }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const lines: Array<[string, string]> = []
        for (let i = 0; i < res.rawHeaders.length; i += 2) lines.push([res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string])
        resolve({ status: res.statusCode ?? 0, lines, body: Buffer.concat(chunks).toString('utf8'), ms: Date.now() - started })
      })
    })
    req.on('error', reject)
    req.end(init.body)
  })
}

/** Bytes straight onto a socket (for requests node:http refuses to build); resolves to the raw answer. */
export function sendRaw(port: number, bytes: Buffer | string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (c) => chunks.push(c))
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')))
    socket.on('error', reject)
    socket.end(bytes)
  })
}

export const values = (lines: Array<[string, string]>, name: string) => lines.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v)

/** The lines a scenario decides, lower-cased, for comparing answers. */
export function corsLines(lines: Array<[string, string]>, names: RegExp = /^(access-control-.*|vary|www-authenticate|allow|cache-control|age|x-cache)$/): Array<[string, string]> {
  return lines.map(([n, v]): [string, string] => [n.toLowerCase(), v]).filter(([n]) => names.test(n))
}
