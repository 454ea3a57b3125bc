import { jsList, jsString, lines } from './code.ts'
import type { Stack } from './types.ts'

export const koa: Stack = {
  id: 'koa',
  name: 'Koa (@koa/cors)',
  aliases: ['@koa/cors', 'koa-cors'],
  proof: { proven: true, how: 'Koa 3 with @koa/cors 5, in real Chromium' },
  placement: 'right after `const app = new Koa()`, before the router and any other middleware',
  configure: (policy) => {
    const { origins } = policy
    // @koa/cors takes one origin or a function; an allow-list is a function that answers '' (no CORS) for the rest.
    const origin =
      origins === 'any'
        ? "  origin: (ctx) => ctx.get('Origin'),"
        : origins === '*'
          ? `  origin: ${jsString('*')},`
          : "  origin: (ctx) => (allowedOrigins.has(ctx.get('Origin')) ? ctx.get('Origin') : ''),"
    return lines(
      "import cors from '@koa/cors'",
      '',
      Array.isArray(origins) && `const allowedOrigins = new Set(${jsList(origins)})\n`,
      'app.use(cors({',
      origin,
      policy.credentials && '  credentials: true,',
      policy.methods !== null && `  allowMethods: ${policy.methods === '*' ? jsString('*') : jsList(policy.methods)},`,
      policy.allowHeaders !== null && `  allowHeaders: ${policy.allowHeaders === '*' ? jsString('*') : jsList(policy.allowHeaders)},`,
      (policy.exposeHeaders === '*' || policy.exposeHeaders.length > 0) && `  exposeHeaders: ${policy.exposeHeaders === '*' ? jsString('*') : jsList(policy.exposeHeaders)},`,
      policy.maxAge !== undefined && `  maxAge: ${policy.maxAge},`,
      '}))',
    )
  },
  traps: {
    defaults:
      "`cors()` sends `*`; `cors({ credentials: true })` reflects every origin with credentials (@koa/cors turns `*` into the request's origin), so any site can read the answers with the user's cookies. Give `origin` a function that checks an allow-list.",
    order: 'Koa runs middleware in the order of `app.use`: put cors() first, before the router and any auth middleware, or they answer the preflight.',
    errors: 'Errors thrown downstream keep the CORS headers (`keepHeadersOnError`, on by default); an error answered by a middleware before cors() does not get them.',
  },
}
