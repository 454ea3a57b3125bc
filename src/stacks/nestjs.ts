import { corsPackageOptions } from './express.ts'
import type { Stack } from './types.ts'

export const nestjs: Stack = {
  id: 'nestjs',
  name: 'NestJS (app.enableCors)',
  aliases: ['nest'],
  proof: { proven: true, how: 'NestJS 12 on its Express adapter, in real Chromium' },
  placement: 'right after `const app = await NestFactory.create(AppModule)`, before `app.listen()`',
  configure: (policy) => `app.enableCors({\n${corsPackageOptions(policy)}\n})`,
  traps: {
    order:
      'Call `app.enableCors()` before `app.use()` of any middleware that can refuse a request (auth, rate limits): those run in the order registered, and the preflight carries no credentials.',
    defaults:
      "`NestFactory.create(AppModule, { cors: true })` and `app.enableCors()` without options send `Access-Control-Allow-Origin: *`, which a request with credentials refuses; `origin: true` with `credentials: true` lets any site read the answers with the user's cookies.",
    errors:
      'Exception filters answer through the same response, so errors keep the CORS headers; a guard never sees the preflight because the CORS middleware answers it first.',
  },
}
