import { canonicalName, dqString, lines } from './code.ts'
import type { Stack } from './types.ts'

const goList = (items: readonly string[]) => `[]string{${items.map(dqString).join(', ')}}`

export const go: Stack = {
  id: 'go',
  name: 'Go net/http (rs/cors)',
  aliases: ['golang', 'rs/cors', 'net/http'],
  proof: { proven: true, how: "Go net/http with rs/cors 1.7 (Debian's), in real Chromium" },
  placement:
    'in main, right after `app := http.NewServeMux()` and `var handler http.Handler = app`, before the routes; serve `handler` (`http.ListenAndServe(addr, handler)`); the import goes in the import block',
  configure: (policy) => {
    const { origins } = policy
    return lines(
      'import "github.com/rs/cors"',
      '',
      'handler = cors.New(cors.Options{',
      origins === 'any' ? '\tAllowOriginFunc: func(origin string) bool { return true },' : `\tAllowedOrigins: ${goList(Array.isArray(origins) ? origins : ['*'])},`,
      policy.credentials && '\tAllowCredentials: true,',
      policy.methods !== null && `\tAllowedMethods: ${goList(policy.methods === '*' ? ['*'] : policy.methods)},`,
      policy.allowHeaders !== null && `\tAllowedHeaders: ${goList(policy.allowHeaders === '*' ? ['*'] : policy.allowHeaders.map(canonicalName))},`,
      (policy.exposeHeaders === '*' || policy.exposeHeaders.length > 0) && `\tExposedHeaders: ${goList(policy.exposeHeaders === '*' ? ['*'] : policy.exposeHeaders.map(canonicalName))},`,
      policy.maxAge !== undefined && `\tMaxAge: ${policy.maxAge},`,
      !policy.answersPreflight && '\tOptionsPassthrough: true,',
      '}).Handler(handler)',
    )
  },
  traps: {
    defaults:
      '`AllowedMethods` defaults to GET, POST and HEAD: list PUT, PATCH or DELETE when the page sends them (rs/cors also drops the headers of an actual request whose method is not listed). `AllowedOrigins: []string{"*"}` sends `*`, which a credentialed request refuses; an `AllowOriginFunc` that returns true reflects every origin.',
    order:
      'Serve the wrapped handler, outermost: a server started with the bare mux sends no CORS headers, and an auth wrapper outside the CORS one refuses the preflight.',
    errors: 'rs/cors sets its headers before calling your handler, so your error answers keep them; a panic recovered outside it, or a proxy\'s 502, do not.',
  },
}
