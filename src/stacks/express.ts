import { jsList, jsString, lines } from './code.ts'
import type { CorsPolicy, Stack } from './types.ts'

/**
 * The `cors` package's options, shared by Express and NestJS (whose express adapter uses it), and by
 * Fastify, whose @fastify/cors takes the same names; each says in its own words that the routes, not
 * the plugin, answer OPTIONS.
 */
export function corsPackageOptions(policy: CorsPolicy, routesAnswerPreflight = '  preflightContinue: true, // OPTIONS goes on to the routes'): string {
  const { origins } = policy
  return lines(
    `  origin: ${origins === 'any' ? 'true' : origins === '*' ? jsString('*') : jsList(origins)},`,
    policy.credentials && '  credentials: true,',
    policy.methods !== null && `  methods: ${policy.methods === '*' ? jsString('*') : jsList(policy.methods)},`,
    policy.allowHeaders !== null && `  allowedHeaders: ${policy.allowHeaders === '*' ? jsString('*') : jsList(policy.allowHeaders)},`,
    (policy.exposeHeaders === '*' || policy.exposeHeaders.length > 0) && `  exposedHeaders: ${policy.exposeHeaders === '*' ? jsString('*') : jsList(policy.exposeHeaders)},`,
    policy.maxAge !== undefined && `  maxAge: ${policy.maxAge},`,
    !policy.answersPreflight && routesAnswerPreflight,
  )
}

export const express: Stack = {
  id: 'express',
  name: 'Express (cors)',
  aliases: ['expressjs', 'cors'],
  proof: { proven: true, how: 'Express 5 with cors 2.8, in real Chromium' },
  placement: 'right after `const app = express()`, before any other middleware and the routes',
  configure: (policy) => `import cors from 'cors'\n\napp.use(cors({\n${corsPackageOptions(policy)}\n}))`,
  traps: {
    order:
      'Register `app.use(cors(...))` before every other middleware and route: a preflight never carries cookies or `Authorization`, so an auth middleware that runs first answers it 401 without CORS headers.',
    errors:
      'A middleware registered before cors() that fails (an auth 401, a body-parser 400, a rate limit 429) answers without CORS headers, and the page sees a CORS error instead of the status.',
    'preflight-unanswered':
      "cors() on single routes (`app.put('/x', cors(), handler)`) does not answer the OPTIONS preflight; `app.use(cors(...))` does, for every path.",
    defaults:
      "`cors()` without options sends `Access-Control-Allow-Origin: *`, which a request with credentials refuses; `origin: true` reflects every origin, and with `credentials: true` any site can read the answers with the user's cookies. A RegExp origin must be anchored (`/^https:\\/\\/app\\.example\\.com$/`).",
  },
}
