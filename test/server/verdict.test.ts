import { expect, test } from 'vitest'
import type { CredentialsMode, HeaderList } from '../../src/engine/index.ts'
import { servedEntry } from '../../src/server/served-entry.ts'
import type { JournalVerdict } from '../../src/shared/journal-entry.ts'

// The verdict the server writes into its journal: the shared judgeServed, with the credentials mode
// the server knows (include with a Cookie, else the scenario probe's).
interface JudgeInput {
  url: string
  method: string
  requestHeaders: HeaderList
  preflight: boolean
  status: number
  responseHeaders: HeaderList
  probeCredentials: CredentialsMode
}

function judge(input: JudgeInput): JournalVerdict | null {
  const { pathname, search } = new URL(input.url)
  const target = pathname + search
  return servedEntry(['s', input.probeCredentials, null, input.method, target, target, input.preflight, input.status, input.requestHeaders.flat(), input.responseHeaders.flat()]).verdict
}

const origin = 'http://localhost:3000'
const base: JudgeInput = {
  url: 'http://127.0.0.1:4010/api/me',
  method: 'GET',
  requestHeaders: [['host', '127.0.0.1:4010'], ['origin', origin]],
  preflight: false,
  status: 200,
  responseHeaders: [['access-control-allow-origin', origin]],
  probeCredentials: 'omit',
}

test('a request without Origin is not judged', () => {
  expect(judge({ ...base, requestHeaders: [['host', 'x']] })).toBeNull()
})

test('a Cookie header means the request was sent with credentials', () => {
  expect(judge(base)).toEqual({ outcome: 'allowed' })
  const withCookie = judge({ ...base, requestHeaders: [...base.requestHeaders, ['cookie', 'session=1']] })
  expect(withCookie).toMatchObject({ outcome: 'blocked', stage: 'response', reason: 'invalid-allow-credentials' })
})

test("without a Cookie, the scenario probe's credentials stand in", () => {
  expect(judge({ ...base, probeCredentials: 'include' })).toMatchObject({ reason: 'invalid-allow-credentials' })
})

test('Sec-Fetch-Mode gives the mode: no-cors is opaque, a navigation is not judged', () => {
  expect(judge({ ...base, responseHeaders: [], requestHeaders: [...base.requestHeaders, ['sec-fetch-mode', 'no-cors']] })).toEqual({ outcome: 'opaque' })
  expect(judge({ ...base, requestHeaders: [...base.requestHeaders, ['sec-fetch-mode', 'navigate']] })).toBeNull()
})

test('a preflight is judged for the method and headers it asked for', () => {
  const preflight: JudgeInput = {
    ...base,
    method: 'OPTIONS',
    preflight: true,
    requestHeaders: [...base.requestHeaders, ['access-control-request-method', 'DELETE'], ['access-control-request-headers', 'x-a,x-b']],
    status: 204,
    responseHeaders: [['access-control-allow-origin', origin], ['access-control-allow-methods', 'DELETE'], ['access-control-allow-headers', 'x-a']],
  }
  expect(judge(preflight)).toMatchObject({ outcome: 'blocked', stage: 'preflight', reason: 'header-not-allowed', message: expect.stringContaining('x-b') })
  expect(judge({ ...preflight, responseHeaders: [...preflight.responseHeaders, ['access-control-allow-headers', 'x-b']] })).toEqual({ outcome: 'allowed' })
})

test('a redirect that passes is allowed: the browser follows it', () => {
  expect(judge({ ...base, status: 302, responseHeaders: [...base.responseHeaders, ['location', 'http://localhost:4010/login']] })).toEqual({ outcome: 'allowed' })
  expect(judge({ ...base, status: 302, responseHeaders: [['location', 'http://localhost:4010/login']] })).toMatchObject({ outcome: 'blocked', stage: 'redirect', reason: 'missing-allow-origin' })
})

test('an Origin the engine cannot read gives no verdict rather than an error', () => {
  expect(judge({ ...base, requestHeaders: [['origin', 'not an origin']] })).toBeNull()
})
