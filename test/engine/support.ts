import type { Answer, BrowserName, Exchange, PageRequest } from '../../src/index.ts'

export const page = 'http://127.0.0.1:3000'
export const api = 'http://localhost:4010'
export const other = 'http://localhost:4020'

export const ok = (headers: Answer['headers'] = {}): Answer => ({ status: 200, headers })
export const acao = (value = page): Array<[string, string]> => [['access-control-allow-origin', value]]

export function exchange(request: Partial<PageRequest>, answers: Omit<Exchange, 'request'>): Exchange {
  return { request: { url: `${api}/api/items`, origin: page, ...request }, ...answers }
}

export type Expected = { outcome: 'allowed' | 'blocked' | 'opaque'; stage?: string; reason?: string }
export type PerBrowser = Expected | Partial<Record<BrowserName, Expected>> & { all?: Expected }

export function expectedFor(expected: PerBrowser, browser: BrowserName): Expected {
  if ('outcome' in expected) return expected as Expected
  const value = (expected as Record<string, Expected>)[browser] ?? (expected as Record<string, Expected>).all
  if (!value) throw new Error(`no expectation for ${browser}`)
  return value
}
