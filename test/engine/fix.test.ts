import { describe, expect, it } from 'vitest'
import { simulate, suggestFix, type Exchange } from '../../src/index.ts'
import { acao, exchange, ok, other, page } from './support.ts'

const fixOf = (input: Exchange) => suggestFix(simulate(input), input.request)

it('gives no fix for an allowed request', () => {
  expect(fixOf(exchange({}, { response: ok(acao()) }))).toBeNull()
})

it.each([
  ['a missing ACAO', exchange({}, { response: ok() }), { where: 'response', header: 'Access-Control-Allow-Origin', value: page }],
  ['a trailing slash', exchange({}, { response: ok(acao(`${page}/`)) }), { where: 'response', header: 'Access-Control-Allow-Origin', value: page }],
  ['`*` with credentials', exchange({ credentials: 'include' }, { response: ok(acao('*')) }), { where: 'response', header: 'Access-Control-Allow-Origin', value: page }],
  [
    'ACAC `True`',
    exchange({ credentials: 'include' }, { response: ok([...acao(), ['access-control-allow-credentials', 'True']]) }),
    { where: 'response', header: 'Access-Control-Allow-Credentials', value: 'true' },
  ],
  ['a missing method', exchange({ method: 'DELETE' }, { preflight: { status: 204, headers: acao() }, response: ok(acao()) }), { where: 'preflight', header: 'Access-Control-Allow-Methods', value: 'DELETE' }],
  [
    'a missing header',
    exchange({ headers: { 'X-Trace': '1' } }, { preflight: { status: 204, headers: acao() }, response: ok(acao()) }),
    { where: 'preflight', header: 'Access-Control-Allow-Headers', value: 'x-trace' },
  ],
  ['a preflight refused by auth', exchange({ method: 'PUT' }, { preflight: { status: 401, headers: acao() }, response: ok(acao()) }), { where: 'preflight' }],
])('names what to send for %s', (_name, input, expected) => {
  const fix = fixOf(input)
  expect(fix).toMatchObject(expected)
  if (fix?.header && fix.value) expect(fix.text).toContain(fix.value)
})

it('tells that `*` is literal with credentials', () => {
  const fix = fixOf(
    exchange(
      { headers: { authorization: 'Bearer t' }, credentials: 'include' },
      { preflight: { status: 204, headers: [...acao(), ['access-control-allow-credentials', 'true'], ['access-control-allow-headers', '*']] }, response: ok(acao()) },
    ),
  )
  expect(fix).toMatchObject({ header: 'Access-Control-Allow-Headers', value: 'authorization' })
  expect(fix?.text).toMatch(/with credentials `\*` is a literal name/)
})

describe('after a redirect to another origin, where the browser sends `Origin: null`', () => {
  const redirected = (credentials: 'include' | 'same-origin', final: Array<[string, string]>) =>
    exchange({ credentials }, { chain: [{ response: { status: 302, headers: [...acao(), ...(credentials === 'include' ? [['access-control-allow-credentials', 'true'] as [string, string]] : []), ['location', `${other}/api/items`]] } }, { response: ok(final) }] })

  it('advises `*`, never reflecting `null`, without credentials', () => {
    const input = redirected('same-origin', acao())
    expect(simulate(input)).toMatchObject({ outcome: 'blocked', reason: 'allow-origin-mismatch' })
    const fix = fixOf(input)
    expect(fix).toMatchObject({ where: 'response', header: 'Access-Control-Allow-Origin', value: '*' })
    expect(fix?.text).toContain('Origin: null')
    expect(fix?.text).toContain(`${other}/api/items`)
  })

  it('sends the page to the final URL with credentials, where only `null` would pass', () => {
    for (const final of [acao(), [...acao('*'), ['access-control-allow-credentials', 'true']] as Array<[string, string]>]) {
      const fix = fixOf(redirected('include', final))
      expect(fix).toMatchObject({ where: 'page' })
      expect(fix).not.toHaveProperty('value')
      expect(fix?.text).toMatch(/call the final URL/)
    }
  })
})
