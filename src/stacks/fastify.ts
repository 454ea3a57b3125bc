import { jsList, jsString, lines } from './code.ts'
import type { Stack } from './types.ts'

export const fastify: Stack = {
  id: 'fastify',
  name: 'Fastify (@fastify/cors)',
  aliases: ['@fastify/cors', 'fastify-cors'],
  proof: { proven: true, how: 'Fastify 5 with @fastify/cors 11, in real Chromium' },
  placement: 'right after `const app = Fastify()`, before the routes (at the root, not inside an encapsulated plugin)',
  configure: (policy) => {
    const { origins } = policy
    return lines(
      "import cors from '@fastify/cors'",
      '',
      'await app.register(cors, {',
      `  origin: ${origins === 'any' ? 'true' : origins === '*' ? jsString('*') : jsList(origins)},`,
      policy.credentials && '  credentials: true,',
      policy.methods !== null && `  methods: ${policy.methods === '*' ? jsString('*') : jsList(policy.methods)},`,
      policy.allowHeaders !== null && `  allowedHeaders: ${policy.allowHeaders === '*' ? jsString('*') : jsList(policy.allowHeaders)},`,
      (policy.exposeHeaders === '*' || policy.exposeHeaders.length > 0) && `  exposedHeaders: ${policy.exposeHeaders === '*' ? jsString('*') : jsList(policy.exposeHeaders)},`,
      policy.maxAge !== undefined && `  maxAge: ${policy.maxAge},`,
      !policy.answersPreflight && '  preflight: false, // OPTIONS goes on to the routes',
      '})',
    )
  },
  traps: {
    defaults:
      "@fastify/cors allows only `GET,HEAD,POST` unless `methods` says more: a PUT, PATCH or DELETE preflight is refused. `origin: true` reflects every origin, and with `credentials: true` any site can read the answers with the user's cookies; a RegExp origin must be anchored.",
    order:
      'Register it with `await` before the routes; its onRequest hook then runs before your own hooks, so an auth hook cannot refuse the preflight (the plugin answers it first).',
    errors:
      'The headers are set in an onRequest hook, so error answers keep them; a hook registered before the plugin that answers (`reply.send` in an earlier onRequest) does not.',
  },
}
