import { lines } from './code.ts'
import type { Stack } from './types.ts'

const phpList = (items: readonly string[]) => `[${items.map((i) => `'${i.replace(/'/g, "\\'")}'`).join(', ')}]`

export const laravel: Stack = {
  id: 'laravel',
  name: 'Laravel (config/cors.php)',
  aliases: ['php', 'fruitcake', 'laravel-cors'],
  proof: { proven: false, why: 'no PHP Composer packages here; the fix follows the Laravel 11 documentation (its HandleCors middleware)' },
  placement: 'config/cors.php (`php artisan config:publish cors` creates it); the HandleCors middleware is already global',
  configure: (policy) => {
    const { origins } = policy
    return lines(
      '<?php',
      '',
      'return [',
      "    'paths' => ['api/*'],",
      `    'allowed_methods' => ${phpList(policy.methods === null || policy.methods === '*' ? ['*'] : policy.methods)},`,
      `    'allowed_origins' => ${phpList(Array.isArray(origins) ? origins : ['*'])},`,
      "    'allowed_origins_patterns' => [],",
      `    'allowed_headers' => ${phpList(policy.allowHeaders === null || policy.allowHeaders === '*' ? ['*'] : policy.allowHeaders)},`,
      `    'exposed_headers' => ${phpList(policy.exposeHeaders === '*' ? ['*'] : policy.exposeHeaders)},`,
      `    'max_age' => ${policy.maxAge ?? 0},`,
      `    'supports_credentials' => ${policy.credentials ? 'true' : 'false'},`,
      '];',
    )
  },
  traps: {
    'preflight-unanswered': "Only the `paths` listed get CORS: a route outside them (`sanctum/csrf-cookie`, `login`) answers the preflight without CORS headers.",
    defaults:
      "`'allowed_origins' => ['*']` with `'supports_credentials' => true` reflects every origin with credentials; `allowed_origins_patterns` are regular expressions that must be anchored (`'#^https://\\w+\\.example\\.com$#'`).",
    order: 'Run `php artisan config:clear` after the change: a cached configuration keeps the old CORS settings.',
  },
}
