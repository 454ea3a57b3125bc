import { lines } from './code.ts'
import type { Stack } from './types.ts'

export const caddy: Stack = {
  id: 'caddy',
  name: 'Caddy (header, @matchers)',
  aliases: ['caddyfile'],
  proof: { proven: true, how: "Debian's Caddy 2.6 proxying an app without CORS, in real Chromium" },
  placement: 'inside the site block that serves the API, before `reverse_proxy` or the other handlers',
  configure: (policy) => {
    const { origins } = policy
    const list = (v: string[] | '*') => (v === '*' ? '*' : v.join(', '))
    const matcher = Array.isArray(origins) ? '@cors_origin' : '*'
    const value = origins === '*' ? '*' : '{http.request.header.Origin}'
    return lines(
      Array.isArray(origins) && `@cors_origin header Origin ${origins.join(' ')}`,
      `header ${matcher} {`,
      `\tAccess-Control-Allow-Origin "${value}"`,
      policy.credentials && '\tAccess-Control-Allow-Credentials true',
      (policy.exposeHeaders === '*' || policy.exposeHeaders.length > 0) && `\tAccess-Control-Expose-Headers "${list(policy.exposeHeaders)}"`,
      '}',
      origins !== '*' && 'header +Vary Origin',
      policy.answersPreflight && '@cors_preflight {',
      policy.answersPreflight && '\tmethod OPTIONS',
      policy.answersPreflight && '\theader Access-Control-Request-Method *',
      policy.answersPreflight && Array.isArray(origins) && `\theader Origin ${origins.join(' ')}`,
      policy.answersPreflight && '}',
      policy.answersPreflight && 'handle @cors_preflight {',
      policy.answersPreflight && policy.methods !== null && `\theader Access-Control-Allow-Methods "${list(policy.methods)}"`,
      policy.answersPreflight && policy.allowHeaders !== null && (policy.allowHeaders === '*' || policy.allowHeaders.length > 0) && `\theader Access-Control-Allow-Headers "${list(policy.allowHeaders)}"`,
      policy.answersPreflight && policy.maxAge !== undefined && `\theader Access-Control-Max-Age ${policy.maxAge}`,
      policy.answersPreflight && '\trespond 204',
      policy.answersPreflight && '}',
    )
  },
  traps: {
    'hand-written': 'A `header Origin` matcher value is exact unless it starts or ends with `*`; `header_regexp` patterns must be anchored (`^https://app\\.example\\.com$`). Never answer `{http.request.header.Origin}` without a matcher around it: that reflects every origin.',
    errors: 'Errors Caddy makes itself (a 502 when the app is down) go through `handle_errors`, without these headers: repeat them there if the page must read such errors.',
    'duplicate-headers': 'If the app behind also sends CORS headers, the answer carries two `Access-Control-Allow-Origin` lines: remove the app\'s with `reverse_proxy { header_down -Access-Control-Allow-Origin }`, or add them in one place only.',
  },
}
