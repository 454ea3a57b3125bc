import { corsPackageOptions } from './express.ts'
import type { Stack } from './types.ts'

export const fastify: Stack = {
  id: 'fastify',
  name: 'Fastify (@fastify/cors)',
  aliases: ['@fastify/cors', 'fastify-cors'],
  proof: { proven: true, how: 'Fastify 5 with @fastify/cors 11, in real Chromium' },
  placement: 'right after `const app = Fastify()`, before the routes (at the root, not inside an encapsulated plugin)',
  configure: (policy) =>
    `import cors from '@fastify/cors'\n\nawait app.register(cors, {\n${corsPackageOptions(policy, '  preflight: false, // OPTIONS goes on to the routes')}\n})`,
  traps: {
    defaults:
      "@fastify/cors allows only `GET,HEAD,POST` unless `methods` says more: a PUT, PATCH or DELETE preflight is refused. `origin: true` reflects every origin, and with `credentials: true` any site can read the answers with the user's cookies; a RegExp origin must be anchored.",
    order:
      'Register it with `await` before the routes; its onRequest hook then runs before your own hooks, so an auth hook cannot refuse the preflight (the plugin answers it first).',
    errors:
      'The headers are set in an onRequest hook, so error answers keep them; a hook registered before the plugin that answers (`reply.send` in an earlier onRequest) does not.',
  },
}
