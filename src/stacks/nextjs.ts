import { jsList, jsString, lines } from './code.ts'
import type { Stack } from './types.ts'

export const nextjs: Stack = {
  id: 'nextjs',
  name: 'Next.js route handlers (proxy.ts)',
  aliases: ['next', 'next.js', 'nextjs-route-handlers'],
  proof: { proven: true, how: 'Next.js 16 (next dev) with an app/api route handler, in real Chromium' },
  placement: 'a file of its own: `proxy.ts` beside `app/` (`middleware.ts`, function `middleware`, before Next.js 16); it runs before every route handler under /api',
  configure: (policy) => {
    const { origins } = policy
    const allowed =
      origins === 'any' ? 'origin !== null' : origins === '*' ? 'true' : 'origin !== null && allowedOrigins.has(origin)'
    const allowOrigin = origins === '*' ? jsString('*') : 'origin'
    const listed = (v: string[] | '*') => (v === '*' ? '*' : v.join(', '))
    return lines(
      "import { NextResponse, type NextRequest } from 'next/server'",
      '',
      Array.isArray(origins) && `const allowedOrigins = new Set(${jsList(origins)})\n`,
      'export function proxy(request: NextRequest) {',
      "  const origin = request.headers.get('origin')",
      "  const cors = new Headers({ Vary: 'Origin' })",
      `  if (${allowed}) {`,
      `    cors.set('Access-Control-Allow-Origin', ${allowOrigin})`,
      policy.credentials && "    cors.set('Access-Control-Allow-Credentials', 'true')",
      (policy.exposeHeaders === '*' || policy.exposeHeaders.length > 0) && `    cors.set('Access-Control-Expose-Headers', ${jsString(listed(policy.exposeHeaders))})`,
      '  }',
      policy.answersPreflight && "  if (request.method === 'OPTIONS' && request.headers.has('access-control-request-method')) {",
      policy.answersPreflight && "    if (cors.has('Access-Control-Allow-Origin')) {",
      policy.answersPreflight && policy.methods !== null && `      cors.set('Access-Control-Allow-Methods', ${jsString(listed(policy.methods))})`,
      policy.answersPreflight && policy.allowHeaders !== null && (policy.allowHeaders === '*' || policy.allowHeaders.length > 0) && `      cors.set('Access-Control-Allow-Headers', ${jsString(listed(policy.allowHeaders))})`,
      policy.answersPreflight && policy.maxAge !== undefined && `      cors.set('Access-Control-Max-Age', '${policy.maxAge}')`,
      policy.answersPreflight && '    }',
      policy.answersPreflight && '    return new NextResponse(null, { status: 204, headers: cors })',
      policy.answersPreflight && '  }',
      '  const response = NextResponse.next()',
      "  cors.forEach((value, name) => (name === 'vary' ? response.headers.append(name, value) : response.headers.set(name, value)))",
      '  return response',
      '}',
      '',
      "export const config = { matcher: '/api/:path*' }",
    )
  },
  traps: {
    'preflight-unanswered':
      'Without it, a route handler with no `OPTIONS` export gets an automatic 204 without CORS headers, and `headers()` in next.config.js can only send one fixed origin (so it ends up `*`, which a credentialed request refuses).',
    'preflight-redirect': "`trailingSlash: true` (or a redirect in next.config.js) answers the preflight with a redirect, which browsers refuse: call the URL as the app serves it.",
    order: 'The proxy runs before routes, rewrites and auth checks in route handlers, so the preflight is answered before anything can refuse it; widen `matcher` if the API is not under /api.',
    errors: 'Headers set here reach error answers of route handlers too; a platform error page (a 504 from the host) does not get them.',
  },
}
