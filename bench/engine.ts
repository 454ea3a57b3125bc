import { simulate, type Exchange } from '../src/index.ts'

const origin = 'http://localhost:5173'
const api = 'http://localhost:4010'

export const engineCases: Array<[string, Exchange]> = [
  [
    'simple GET',
    { request: { url: `${api}/api/items`, origin }, response: { status: 200, headers: { 'access-control-allow-origin': origin } } },
  ],
  [
    'preflighted PUT, 3 headers',
    {
      request: {
        url: `${api}/api/items/1`,
        origin,
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: 'Bearer t', 'x-request-id': 'abc' },
        credentials: 'include',
      },
      preflight: {
        status: 204,
        headers: {
          'access-control-allow-origin': origin,
          'access-control-allow-credentials': 'true',
          'access-control-allow-methods': 'GET, PUT, DELETE',
          'access-control-allow-headers': 'content-type, authorization, x-request-id',
          'access-control-max-age': '600',
        },
      },
      response: { status: 200, headers: { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' } },
    },
  ],
  [
    'redirect chain (3 hops)',
    {
      request: { url: `${api}/a`, origin },
      chain: [
        { response: { status: 302, headers: { 'access-control-allow-origin': origin, location: '/b' } } },
        { response: { status: 307, headers: { 'access-control-allow-origin': origin, location: 'http://localhost:4020/c' } } },
        { response: { status: 200, headers: { 'access-control-allow-origin': '*' } } },
      ],
    },
  ],
]

/** Verdicts per second for each case: the median of five 300 ms rounds after a one-second warm-up. */
export function benchEngine(): Array<{ name: string; perSecond: number }> {
  return engineCases.map(([name, exchange]) => {
    const round = (ms: number) => {
      let count = 0
      const start = performance.now()
      let elapsed = 0
      while (elapsed < ms) {
        for (let i = 0; i < 1000; i++) simulate(exchange)
        count += 1000
        elapsed = performance.now() - start
      }
      return (count / elapsed) * 1000
    }
    round(1000)
    const rounds = Array.from({ length: 5 }, () => round(300)).sort((a, b) => a - b)
    return { name, perSecond: Math.round(rounds[2] as number) }
  })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const { name, perSecond } of benchEngine()) console.log(`${name.padEnd(30)} ${perSecond.toLocaleString('en-US')} verdicts/s`)
}
