import { jsList, jsString, lines } from './code.ts'
import type { Stack } from './types.ts'

export const hono: Stack = {
  id: 'hono',
  name: 'Hono (hono/cors)',
  aliases: ['hono/cors'],
  proof: { proven: true, how: 'Hono 4 on @hono/node-server, in real Chromium' },
  placement: 'right after `const app = new Hono()`, before the routes',
  configure: (policy) => {
    const { origins } = policy
    return lines(
      "import { cors } from 'hono/cors'",
      '',
      "app.use('*', cors({",
      `  origin: ${origins === 'any' ? '(origin) => origin' : origins === '*' ? jsString('*') : jsList(origins)},`,
      policy.credentials && '  credentials: true,',
      policy.methods !== null && `  allowMethods: ${policy.methods === '*' ? jsList(['*']) : jsList(policy.methods)},`,
      policy.allowHeaders !== null && `  allowHeaders: ${policy.allowHeaders === '*' ? jsList(['*']) : jsList(policy.allowHeaders)},`,
      (policy.exposeHeaders === '*' || policy.exposeHeaders.length > 0) && `  exposeHeaders: ${policy.exposeHeaders === '*' ? jsList(['*']) : jsList(policy.exposeHeaders)},`,
      policy.maxAge !== undefined && `  maxAge: ${policy.maxAge},`,
      '}))',
    )
  },
  traps: {
    order: 'Middleware runs in the order registered: `app.use(cors(...))` after a route does not cover that route, and an auth middleware before it refuses the preflight.',
    defaults:
      "`cors()` without `origin` sends `*`; with `credentials: true` it still sends `*` and every browser refuses the credentialed request. An `origin` function that returns the request's origin unchecked lets any site read the answers.",
    'preflight-unanswered': "A cors() mounted on a narrower path (`app.use('/api/v1/*', cors())`) leaves the preflights of other paths to the router, which answers 404.",
  },
}
