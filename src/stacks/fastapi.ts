import { dqList, lines } from './code.ts'
import type { Stack } from './types.ts'

export const fastapi: Stack = {
  id: 'fastapi',
  name: 'FastAPI / Starlette (CORSMiddleware)',
  aliases: ['starlette', 'uvicorn', 'corsmiddleware'],
  proof: { proven: true, how: "FastAPI 0.92 on Starlette 0.26 and uvicorn (Debian's), in real Chromium" },
  placement: 'right after `app = FastAPI()`, before the routes; add other middleware before it, not after (see the notes)',
  configure: (policy) => {
    const { origins } = policy
    return lines(
      'from fastapi.middleware.cors import CORSMiddleware',
      '',
      'app.add_middleware(',
      '    CORSMiddleware,',
      `    allow_origins=${Array.isArray(origins) ? dqList(origins) : '["*"]'},`,
      policy.credentials && '    allow_credentials=True,',
      policy.methods !== null && `    allow_methods=${dqList(policy.methods === '*' ? ['*'] : policy.methods)},`,
      policy.allowHeaders !== null && `    allow_headers=${dqList(policy.allowHeaders === '*' ? ['*'] : policy.allowHeaders)},`,
      (policy.exposeHeaders === '*' || policy.exposeHeaders.length > 0) && `    expose_headers=${dqList(policy.exposeHeaders === '*' ? ['*'] : policy.exposeHeaders)},`,
      policy.maxAge !== undefined && `    max_age=${policy.maxAge},`,
      ')',
    )
  },
  traps: {
    defaults:
      '`allow_methods` defaults to GET only: a PUT preflight gets 400 "Disallowed CORS method". `allow_origins=["*"]` with `allow_credentials=True` reflects the origin of every request that carries cookies: any site can read the answers with the user\'s cookies. `allow_origin_regex` must match the whole origin (escape the dots).',
    order:
      '`add_middleware` wraps the app in each new middleware: one added after CORSMiddleware (auth, rate limits) runs before it and can refuse the preflight. Add CORSMiddleware last, or let those pass OPTIONS through.',
    errors:
      'An unhandled exception becomes a 500 from ServerErrorMiddleware, which sits outside CORSMiddleware: that answer has no CORS headers and the page sees a CORS error instead of the 500. Turn errors into answers with an exception handler (HTTPException answers keep the headers).',
    'preflight-redirect': 'A route declared with a trailing slash answers the other spelling with a 307 redirect (`redirect_slashes`), which a preflight cannot follow: call the exact URL.',
  },
}
