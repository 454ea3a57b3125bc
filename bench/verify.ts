// Before any load: each server answers the benchmark's requests as the comparison assumes.
import { request } from 'node:http'
import { workloads } from './load.ts'
import { items, type TargetName } from './targets.ts'

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let text = ''
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Throws, saying what differs, unless `target` answers both workloads as expected. */
export async function verifyTarget(target: TargetName, port: number): Promise<void> {
  const failing = target.startsWith('corslab-failing')
  const problems: string[] = []
  for (const workload of workloads) {
    for (const r of workload.requests) {
      const method = r.method ?? 'GET'
      const path = r.path ?? '/'
      const reply = await send(port, method, path, r.headers ?? {}, r.body)
      const what = `${method} ${path}`
      const allowOrigin = reply.headers['access-control-allow-origin']
      const wantStatus = method === 'OPTIONS' ? (failing ? 404 : 204) : 200
      if (reply.status !== wantStatus) problems.push(`${what}: status ${reply.status}, expected ${wantStatus}`)
      if (failing && allowOrigin !== undefined) problems.push(`${what}: Access-Control-Allow-Origin sent under the failing scenario`)
      if (!failing && allowOrigin === undefined) problems.push(`${what}: no Access-Control-Allow-Origin`)
      if (method === 'GET' && reply.body !== JSON.stringify(items)) problems.push(`${what}: body ${reply.body.slice(0, 80)}`)
      if (method === 'PUT' && reply.body !== JSON.stringify({ id: 1, name: 'Benchmark', done: true })) problems.push(`${what}: body ${reply.body.slice(0, 80)}`)
    }
  }
  if (problems.length > 0) throw new Error(`${target} does not answer as the benchmark assumes:\n  ${problems.join('\n  ')}`)
}
