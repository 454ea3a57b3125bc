import type { Answer, CaseRequest, GroundTruthCase, Hop, Initiator, Lines } from './case.ts'

/*
 * Random exchanges for the ground truth: a request a page can make (through fetch() or
 * XMLHttpRequest) and, per URL of a redirect chain, the server's answers, drawn from the values
 * real servers and pages send, right and wrong. Seeded, so a run can be repeated; a new seed gives
 * cases nobody has looked at.
 */

type Random = () => number

/** mulberry32: a small seeded generator, good enough to pick test values. */
function generator(seed: number): Random {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
const chance = (random: Random, p: number) => random() < p

/** Picks from [value, weight] pairs. */
function weighted<T>(random: Random, items: ReadonlyArray<readonly [T, number]>): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0)
  let r = random() * total
  for (const [value, w] of items) {
    r -= w
    if (r < 0) return value
  }
  return (items[items.length - 1] as readonly [T, number])[0]
}

const methods = [
  ['GET', 8],
  ['POST', 5],
  ['PUT', 3],
  ['DELETE', 2],
  ['PATCH', 2],
  ['HEAD', 1],
  ['patch', 1],
  ['put', 1],
  ['PURGE', 1],
  ['TRACE', 0.3],
] as const

const requestHeaders: ReadonlyArray<readonly [[string, string], number]> = [
  [['content-type', 'application/json'], 5],
  [['content-type', 'text/plain'], 2],
  [['content-type', 'application/x-www-form-urlencoded'], 1],
  [['content-type', 'text/plain; charset=utf-8'], 1],
  [['content-type', 'text/plain; x="1"'], 0.5],
  [['authorization', 'Bearer abc'], 4],
  [['x-requested-with', 'XMLHttpRequest'], 2],
  [['x-request-id', '42'], 2],
  [['x-api-key', 'k'], 2],
  [['x-custom', '1'], 2],
  [['X-Trace-Id', 't1'], 1],
  [['accept', 'application/json'], 2],
  [['accept', 'text/html('], 0.5],
  [['accept-language', 'de-DE'], 1],
  [['accept-language', 'en@US'], 0.5],
  [['content-language', 'fr'], 0.5],
  [['range', 'bytes=0-99'], 0.5],
  [['range', 'bytes=-5'], 0.5],
  [['width', '100'], 0.5],
  [['save-data', 'on'], 0.5],
  [['ect', '4g'], 0.3],
  [['dpr', 'x'], 0.3],
  [['cache-control', 'no-cache'], 1],
  [['if-none-match', '"v1"'], 0.5],
  [['dnt', '1'], 0.5],
  [['cookie', 'a=b'], 0.3],
]

const ACAO = 'access-control-allow-origin'
const ACAC = 'access-control-allow-credentials'
const ACAM = 'access-control-allow-methods'
const ACAH = 'access-control-allow-headers'
const ACEH = 'access-control-expose-headers'

/** How the page sends a random case: fetch(), XMLHttpRequest, or XMLHttpRequest with a listener on its upload object. */
export type RandomInitiator = Initiator | 'xhr-upload'
export const randomInitiators: readonly RandomInitiator[] = ['fetch', 'xhr', 'xhr-upload']

/** The request a page makes. */
function request(random: Random, kind: RandomInitiator): CaseRequest {
  const r: CaseRequest = {}
  const initiator: Initiator = kind === 'fetch' ? 'fetch' : 'xhr'
  if (initiator === 'xhr') r.initiator = 'xhr'
  const method = weighted(random, methods)
  if (method !== 'GET' || chance(random, 0.2)) r.method = method
  const headers: Lines = []
  const count = weighted(random, [[0, 4], [1, 4], [2, 3], [3, 2], [4, 1]] as const)
  for (let i = 0; i < count; i++) {
    const [name, value] = weighted(random, requestHeaders)
    if (!headers.some(([n]) => n.toLowerCase() === name.toLowerCase())) headers.push([name, value])
  }
  if (headers.length > 0) r.headers = headers
  const credentials = initiator === 'xhr' ? weighted(random, [['include', 1], [undefined, 2]] as const) : weighted(random, [['include', 2], ['omit', 1], ['same-origin', 0.5], [undefined, 3]] as const)
  if (credentials !== undefined) r.credentials = credentials
  if (initiator === 'fetch') {
    const mode = weighted(random, [[undefined, 12], ['no-cors', 1], ['same-origin', 0.5]] as const)
    if (mode !== undefined) r.mode = mode
    const redirect = weighted(random, [[undefined, 12], ['manual', 1], ['error', 1]] as const)
    if (redirect !== undefined) r.redirect = redirect
  } else if (kind === 'xhr-upload') {
    r.uploadListener = true
  }
  if (chance(random, 0.1)) r.repeat = 2
  return r
}

/** Access-Control-Allow-Origin (and -Credentials) lines, mostly right. */
function allowOrigin(random: Random, credentials: boolean): Lines {
  const lines: Lines = []
  const acao = weighted(random, [
    ['{origin}', 10],
    ['*', 4],
    [null, 2],
    ['http://example.com', 1],
    ['{origin}/', 0.5],
    ['null', 0.5],
    ['{origin}, {origin}', 0.3],
    ['two', 0.3],
    ['example.com', 0.3],
  ] as const)
  if (acao === 'two') lines.push([ACAO, '{origin}'], [ACAO, '{origin}'])
  else if (acao !== null) lines.push([ACAO, acao])
  const acac = credentials ? weighted(random, [['true', 5], [null, 2], ['True', 0.5]] as const) : weighted(random, [[null, 4], ['true', 1]] as const)
  if (acac !== null) lines.push([ACAC, acac])
  return lines
}

function list(random: Random, wanted: string[], extras: string[]): string | null {
  const kind = weighted(random, [['exact', 6], ['missing-one', 2], ['star', 2], ['absent', 1], ['invalid', 0.5], ['lower', 0.5]] as const)
  switch (kind) {
    case 'exact':
      return [...wanted, ...(chance(random, 0.5) ? extras : [])].join(', ') || (chance(random, 0.5) ? null : extras.join(', '))
    case 'missing-one':
      return wanted.slice(1).concat(extras).join(', ')
    case 'star':
      return '*'
    case 'absent':
      return null
    case 'invalid':
      return `${wanted.join(', ')}, (x)`
    case 'lower':
      return wanted.map((w) => w.toLowerCase()).join(',')
  }
}

/** The preflight answer, for the request's method and header names. */
function preflightAnswer(random: Random, r: CaseRequest): Answer | 'close' {
  const status = weighted<number | 'close'>(random, [[204, 6], [200, 4], [404, 0.5], [500, 0.3], [302, 0.3], ['close', 0.1]])
  if (status === 'close') return 'close'
  const headers: Lines = allowOrigin(random, r.credentials === 'include')
  // The method as fetch() and XHR send it: the six standard ones upper-cased, others as written.
  const m = r.method ?? 'GET'
  const sent = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'].includes(m.toUpperCase()) ? m.toUpperCase() : m
  const acam = list(random, [sent], ['GET', 'POST'])
  if (acam !== null) headers.push([ACAM, acam])
  const names = (r.headers ?? []).map(([n]) => n)
  const acah = list(random, names, ['x-other'])
  if (acah !== null) headers.push([ACAH, acah])
  if (chance(random, 0.15)) headers.push(['access-control-max-age', pick(random, ['600', '0', '-1', '5'])])
  if (status === 302) headers.push(['location', '{next}'])
  return { status, headers }
}

const exposeValues = ['x-total-count', 'X-Total-Count, x-a', '*', 'x-a, x b', 'x-total-count, x-a, x-b', '*, x-a', 'x-a;', ', x-total-count', 'x-b']

function response(random: Random, r: CaseRequest, redirectTo: boolean): Answer {
  const headers: Lines = allowOrigin(random, r.credentials === 'include')
  if (redirectTo) {
    const status = pick(random, [301, 302, 303, 307, 308])
    headers.push(['location', weighted(random, [['{next}', 10], ['{next-path}', 1]] as const)])
    return { status, headers }
  }
  const status = weighted(random, [[200, 10], [201, 1], [204, 1], [404, 1], [500, 1]] as const)
  if (chance(random, 0.6)) headers.push(['x-total-count', '42'])
  if (chance(random, 0.3)) headers.push(['x-a', '1'])
  if (chance(random, 0.2)) headers.push(['x-b', '2'])
  if (chance(random, 0.2)) headers.push(['cache-control', 'no-store'])
  if (chance(random, 0.5)) headers.push([ACEH, pick(random, exposeValues)])
  if (status !== 204) headers.push(['content-type', 'application/json'])
  return { status, headers }
}

/** One random case through `initiator`, named `random <seed>/<index> <initiator>`. */
export function randomCase(seed: number, index: number, initiator: RandomInitiator): GroundTruthCase {
  const random = generator(seed * 100_003 + index * 7919 + randomInitiators.indexOf(initiator))
  const r = request(random, initiator)
  if (chance(random, 0.05)) r.target = 'page'
  const redirects = weighted(random, [[0, 8], [1, 2], [2, 0.5]] as const)
  const hops: Hop[] = []
  for (let i = 0; i <= redirects; i++) {
    const hop: Hop = { response: response(random, r, i < redirects) }
    if (i > 0) hop.on = weighted(random, [['api', 2], ['other', 2], ['page', 0.5]] as const)
    // Now and then a bad port (https://fetch.spec.whatwg.org/#bad-port), 6679 on Chromium's allowed side.
    if (chance(random, 0.03)) hop.port = pick(random, [6000, 6679, 10080])
    // The preflight answer, where the browser sends one (the replay server answers OPTIONS with it).
    hop.preflight = preflightAnswer(random, r)
    hops.push(hop)
  }
  const readHeaders = ['x-total-count', 'x-a', 'x-b', 'cache-control', 'content-type']
  return { name: `random ${seed}/${index} ${initiator}`, request: r, hops, readHeaders }
}

/** `count` random cases per initiator. */
export function randomCases(seed: number, count: number, initiators: readonly RandomInitiator[] = randomInitiators): GroundTruthCase[] {
  const out: GroundTruthCase[] = []
  for (let i = 0; i < count; i++) for (const initiator of initiators) out.push(randomCase(seed, i, initiator))
  return out
}
