import { describe, expect, it } from 'vitest'
import { simulate, type BrowserName, type Exchange } from '../../src/index.ts'
import { acao, api, exchange, ok, other, page } from './support.ts'

const url = `${api}/api/items`
const chromium = (reason: string, preflight = false) =>
  `Access to fetch at '${url}' from origin '${page}' has been blocked by CORS policy: ${preflight ? "Response to preflight request doesn't pass access control check: " : ''}${reason}`
const firefox = (reason: string, status?: string, at = url) =>
  `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${at}. (Reason: ${reason}).${status ? ` Status code: ${status}.` : ''}`
const webkit = (reason: string) => `${reason}\nFetch API cannot load ${url} due to access control checks.`

const put = (preflight: Exchange['preflight']) => exchange({ method: 'PUT' }, { preflight, response: ok(acao()) })

const cases: Array<[string, Exchange, Record<BrowserName, string>]> = [
  [
    'missing-allow-origin',
    exchange({}, { response: ok() }),
    {
      chromium: chromium("No 'Access-Control-Allow-Origin' header is present on the requested resource."),
      firefox: firefox('CORS header ‘Access-Control-Allow-Origin’ missing', '200'),
      webkit: webkit(`Origin ${page} is not allowed by Access-Control-Allow-Origin. Status code: 200`),
    },
  ],
  [
    'allow-origin-mismatch',
    exchange({}, { response: { status: 404, headers: acao('http://example.com') } }),
    {
      chromium: chromium("The 'Access-Control-Allow-Origin' header has a value 'http://example.com' that is not equal to the supplied origin. Have the server send the header with a valid value."),
      firefox: firefox('CORS header ‘Access-Control-Allow-Origin’ does not match ‘http://example.com’'),
      webkit: webkit(`Origin ${page} is not allowed by Access-Control-Allow-Origin. Status code: 404`),
    },
  ],
  [
    'invalid-allow-origin',
    exchange({}, { response: ok(acao('example.com')) }),
    {
      chromium: chromium("The 'Access-Control-Allow-Origin' header contains the invalid value 'example.com'. Have the server send the header with a valid value."),
      firefox: firefox('CORS header ‘Access-Control-Allow-Origin’ does not match ‘example.com’'),
      webkit: webkit(`Origin ${page} is not allowed by Access-Control-Allow-Origin. Status code: 200`),
    },
  ],
  [
    'multiple-allow-origin',
    exchange({}, { response: ok([...acao(), ...acao('http://example.com')]) }),
    {
      chromium: chromium(`The 'Access-Control-Allow-Origin' header contains multiple values '${page}, http://example.com', but only one is allowed. Have the server send the header with a valid value.`),
      firefox: firefox(`CORS header ‘Access-Control-Allow-Origin’ does not match ‘${page}, http://example.com’`),
      webkit: webkit('Access-Control-Allow-Origin cannot contain more than one origin.'),
    },
  ],
  [
    'wildcard-origin-with-credentials',
    exchange({ credentials: 'include' }, { response: ok(acao('*')) }),
    {
      chromium: chromium("The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'."),
      firefox: firefox('Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’', undefined, `‘${url}’`),
      webkit: webkit('Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.'),
    },
  ],
  [
    'invalid-allow-credentials',
    exchange({ credentials: 'include' }, { response: ok([...acao(), ['access-control-allow-credentials', 'True']]) }),
    {
      chromium: chromium("The value of the 'Access-Control-Allow-Credentials' header in the response is 'True' which must be 'true' when the request's credentials mode is 'include'."),
      firefox: firefox('expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’'),
      webkit: webkit('Credentials flag is true, but Access-Control-Allow-Credentials is not "true".'),
    },
  ],
  [
    'preflight-invalid-status',
    put({ status: 401, headers: acao() }),
    {
      chromium: chromium('It does not have HTTP ok status.', true),
      firefox: firefox('CORS preflight response did not succeed', '401'),
      webkit: webkit('Preflight response is not successful. Status code: 401'),
    },
  ],
  [
    'preflight-redirect',
    put({ status: 301, headers: [...acao(), ['location', `${url}/`]] }),
    {
      chromium: chromium('Redirect is not allowed for a preflight request.', true),
      firefox: firefox('CORS request external redirect not allowed'),
      webkit: webkit('Preflight response is not successful. Status code: 301'),
    },
  ],
  [
    'missing-allow-origin on a preflight',
    put({ status: 204 }),
    {
      chromium: chromium("No 'Access-Control-Allow-Origin' header is present on the requested resource.", true),
      firefox: firefox('CORS header ‘Access-Control-Allow-Origin’ missing', '204'),
      webkit: webkit(`Origin ${page} is not allowed by Access-Control-Allow-Origin. Status code: 204`),
    },
  ],
  [
    'invalid-allow-methods',
    put({ status: 204, headers: [...acao(), ['access-control-allow-methods', 'PUT;']] }),
    {
      chromium: chromium('Cannot parse Access-Control-Allow-Methods response header field in preflight response.'),
      firefox: firefox('invalid token ‘PUT;’ in CORS header ‘Access-Control-Allow-Methods’'),
      webkit: webkit('Header Access-Control-Allow-Methods has an invalid value: PUT;'),
    },
  ],
  [
    'method-not-allowed',
    put({ status: 204, headers: [...acao(), ['access-control-allow-methods', 'GET']] }),
    {
      chromium: chromium('Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.'),
      firefox: firefox('Did not find method in CORS header ‘Access-Control-Allow-Methods’'),
      webkit: webkit('Method PUT is not allowed by Access-Control-Allow-Methods.'),
    },
  ],
  [
    'header-not-allowed',
    exchange({ headers: { 'X-Custom': '1' } }, { preflight: { status: 204, headers: acao() }, response: ok(acao()) }),
    {
      chromium: chromium('Request header field x-custom is not allowed by Access-Control-Allow-Headers in preflight response.'),
      firefox: firefox('header ‘x-custom’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response'),
      webkit: webkit('Request header field X-Custom is not allowed by Access-Control-Allow-Headers.'),
    },
  ],
]

describe.each(['chromium', 'firefox', 'webkit'] as const)('console text, %s', (browser) => {
  it.each(cases)('%s', (_reason, input, messages) => {
    expect(simulate(input, { browser }).message).toBe(messages[browser])
  })
})

it("names the redirect in Chromium's text when the failing answer came after one", () => {
  const verdict = simulate(
    exchange({}, { chain: [{ response: { status: 302, headers: [...acao(), ['location', `${other}/x`]] } }, { response: ok() }] }),
  )
  expect(verdict.message).toBe(
    `Access to fetch at '${other}/x' (redirected from '${url}') from origin '${page}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
  )
})

it('gives each browser its own rejection text', () => {
  const input = exchange({}, { response: ok() })
  expect(simulate(input, { browser: 'chromium' }).error).toBe('Failed to fetch')
  expect(simulate(input, { browser: 'firefox' }).error).toBe('NetworkError when attempting to fetch resource.')
  expect(simulate(input, { browser: 'webkit' }).error).toBe('Load failed')
})
