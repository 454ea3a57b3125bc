import { exactPattern, lines } from './code.ts'
import type { Stack } from './types.ts'

export const apache: Stack = {
  id: 'apache',
  name: 'Apache httpd (Header always set)',
  aliases: ['httpd', 'apache2', 'htaccess'],
  proof: { proven: true, how: "Debian's Apache 2.4 (mod_headers, mod_setenvif, mod_rewrite) proxying an app without CORS, in real Chromium" },
  placement: 'inside the `<VirtualHost>` that serves the API (mod_headers, mod_setenvif and mod_rewrite enabled), before its proxy or directory settings',
  configure: (policy) => {
    const { origins } = policy
    const list = (v: string[] | '*') => (v === '*' ? '*' : v.join(', '))
    const when = Array.isArray(origins) ? ' env=CORS_ORIGIN' : ''
    return lines(
      Array.isArray(origins) && `SetEnvIf Origin "${exactPattern(origins)}" CORS_ORIGIN=$1`,
      `Header always set Access-Control-Allow-Origin ${Array.isArray(origins) ? '"%{CORS_ORIGIN}e"' : origins === 'any' ? '"%{Origin}i"' : '"*"'}${when}`,
      policy.credentials && `Header always set Access-Control-Allow-Credentials "true"${when}`,
      policy.methods !== null && `Header always set Access-Control-Allow-Methods "${list(policy.methods)}"${when}`,
      policy.allowHeaders !== null && (policy.allowHeaders === '*' || policy.allowHeaders.length > 0) && `Header always set Access-Control-Allow-Headers "${list(policy.allowHeaders)}"${when}`,
      (policy.exposeHeaders === '*' || policy.exposeHeaders.length > 0) && `Header always set Access-Control-Expose-Headers "${list(policy.exposeHeaders)}"${when}`,
      policy.maxAge !== undefined && `Header always set Access-Control-Max-Age "${policy.maxAge}"${when}`,
      origins !== '*' && 'Header always merge Vary Origin',
      policy.answersPreflight && '# Answer preflights here: the app behind may not know OPTIONS.',
      policy.answersPreflight && 'RewriteEngine On',
      policy.answersPreflight && 'RewriteCond %{REQUEST_METHOD} OPTIONS',
      policy.answersPreflight && 'RewriteCond %{HTTP:Access-Control-Request-Method} !^$',
      policy.answersPreflight && 'RewriteRule ^ - [R=204,L]',
    )
  },
  traps: {
    errors: '`Header set` (without `always`) skips error answers and the ones Apache makes itself (a 204 from mod_rewrite, a 401, a 502 from the proxy): those go out without CORS headers.',
    'hand-written': 'The SetEnvIf pattern must be anchored with `^...$` and its dots escaped: `SetEnvIf Origin "example.com"` also matches `https://example.com.evil.test`.',
    'duplicate-headers': 'If the app behind also sends CORS headers, `Header always set` replaces them in the answer; `Header add` would send a second `Access-Control-Allow-Origin`, which browsers refuse.',
    order: 'In .htaccess, `RewriteRule` patterns are relative to the directory and AllowOverride must allow FileInfo; in the VirtualHost, as here, they apply to every request.',
  },
}
