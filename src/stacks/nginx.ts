import { lines } from './code.ts'
import type { Stack } from './types.ts'

const quoted = (s: string) => `"${s.replace(/(["\\$])/g, '\\$1')}"`

export const nginx: Stack = {
  id: 'nginx',
  name: 'nginx (add_header ... always)',
  aliases: ['openresty'],
  proof: { proven: true, how: "Debian's nginx 1.22 proxying an app without CORS, in real Chromium" },
  placement: 'inside the `server { }` block that serves the API, before its `location` blocks; no `location` below may have an `add_header` of its own (see the notes)',
  configure: (policy) => {
    const { origins } = policy
    const list = (v: string[] | '*') => (v === '*' ? '*' : v.join(', '))
    const origin = origins === '*' ? '"*"' : '$cors_origin'
    // add_header sends nothing when its value is empty: $cors_origin stays empty for other origins.
    return lines(
      Array.isArray(origins) && 'set $cors_origin "";',
      Array.isArray(origins) && policy.credentials && 'set $cors_credentials "";',
      ...(Array.isArray(origins)
        ? origins.map((o) => `if ($http_origin = ${quoted(o)}) { set $cors_origin $http_origin;${policy.credentials ? ' set $cors_credentials true;' : ''} }`)
        : origins === 'any'
          ? ['set $cors_origin $http_origin;', ...(policy.credentials ? ['set $cors_credentials true;'] : [])]
          : []),
      `add_header Access-Control-Allow-Origin ${origin} always;`,
      policy.credentials && `add_header Access-Control-Allow-Credentials ${origins === '*' ? 'true' : '$cors_credentials'} always;`,
      policy.methods !== null && `add_header Access-Control-Allow-Methods ${quoted(list(policy.methods))} always;`,
      policy.allowHeaders !== null && (policy.allowHeaders === '*' || policy.allowHeaders.length > 0) && `add_header Access-Control-Allow-Headers ${quoted(list(policy.allowHeaders))} always;`,
      (policy.exposeHeaders === '*' || policy.exposeHeaders.length > 0) && `add_header Access-Control-Expose-Headers ${quoted(list(policy.exposeHeaders))} always;`,
      policy.maxAge !== undefined && `add_header Access-Control-Max-Age ${policy.maxAge} always;`,
      origins !== '*' && 'add_header Vary Origin always;',
      policy.answersPreflight && '# Answer preflights here: the app behind may not know OPTIONS.',
      policy.answersPreflight && 'if ($request_method = OPTIONS) { return 204; }',
    )
  },
  traps: {
    order:
      'add_header is inherited only by blocks that have no add_header of their own: one `add_header Cache-Control ...` in a location silently drops every CORS header above it for that location. Repeat the CORS lines there, or keep every add_header at the server level.',
    errors: 'Without `always`, add_header applies only to 2xx and 3xx answers: a 401, 404 or 502 goes out without CORS headers and the page sees a CORS error instead of the status.',
    'hand-written': '`if` inside a `location` is unreliable for anything but `return` and `set`; test origins with exact `if ($http_origin = "...")` lines at the server level, or a `map` in the http block, never with an unanchored regex (`~ example.com` also matches `example.com.evil.test`).',
    'duplicate-headers': 'If the app behind also sends CORS headers, the browser gets two `Access-Control-Allow-Origin` lines and refuses both: hide the app\'s with `proxy_hide_header Access-Control-Allow-Origin;` (and the other Access-Control-* names), or add them in one place only.',
  },
}
