import { dqList, dqString, lines } from './code.ts'
import type { CorsPolicy } from './types.ts'

/** The `allow do ... end` block of rack-cors, shared by Rails and plain Rack apps. */
export function rackCorsAllow(policy: CorsPolicy): string {
  const { origins } = policy
  const options = [
    policy.allowHeaders === null ? null : `headers: ${policy.allowHeaders === '*' ? ':any' : dqList(policy.allowHeaders)}`,
    policy.methods === null ? null : `methods: ${policy.methods === '*' ? ':any' : `[${policy.methods.map((m) => `:${m.toLowerCase()}`).join(', ')}]`}`,
    policy.credentials ? 'credentials: true' : null,
    policy.exposeHeaders === '*' || policy.exposeHeaders.length > 0 ? `expose: ${dqList(policy.exposeHeaders === '*' ? ['*'] : policy.exposeHeaders)}` : null,
    policy.maxAge === undefined ? null : `max_age: ${policy.maxAge}`,
  ].filter((o): o is string => o !== null)
  return lines(
    'allow do',
    // A block reflects every origin; a string is compared exactly.
    origins === 'any' ? '  origins { |source, _env| true }' : `  origins ${Array.isArray(origins) ? origins.map(dqString).join(', ') : dqString('*')}`,
    `  resource "*",`,
    ...options.map((o, i) => `    ${o}${i < options.length - 1 ? ',' : ''}`),
    'end',
  )
}

export const rackCorsTraps = {
  defaults:
    'An origin block that returns true, or an unanchored Regexp (`/https:\\/\\/.*example\\.com/`), lets other sites read the answers; rack-cors refuses `origins "*"` with `credentials: true` when the app starts. Header names in `headers:` are compared lower-case.',
  errors: 'Rack::Cors adds its headers to whatever the app below it answers, exceptions included; an answer from a middleware above it (Rack::Attack inserted before it, a proxy) gets none.',
}
