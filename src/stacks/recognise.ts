import type { HeaderList } from '../engine/index.ts'

/** A stack recognised from an answer, and the header line that gave it away. */
export interface Recognised {
  stack: string
  evidence: string
}

type Rule = { stack: string; test: (get: (name: string) => string | undefined) => string | undefined }

const line = (name: string, value: string | undefined) => (value === undefined ? undefined : `${name}: ${value}`)
const when = (name: string, pattern: RegExp) => (get: (name: string) => string | undefined) => {
  const value = get(name)
  return value !== undefined && pattern.test(value) ? line(name, value) : undefined
}

// Frameworks first: behind a proxy (Server: nginx) the app's own marks name the layer to fix.
const rules: Rule[] = [
  { stack: 'nextjs', test: when('x-powered-by', /^Next\.js/i) },
  { stack: 'express', test: when('x-powered-by', /^Express$/i) },
  { stack: 'aspnet', test: when('x-powered-by', /^ASP\.NET/i) },
  { stack: 'laravel', test: when('set-cookie', /(^|\n)laravel_session=/) },
  { stack: 'rails', test: (get) => (get('x-runtime') !== undefined && get('x-request-id') !== undefined ? line('x-runtime', get('x-runtime')) : undefined) },
  { stack: 'flask', test: when('server', /^Werkzeug\//i) },
  { stack: 'fastapi', test: when('server', /^(uvicorn|hypercorn)\b/i) },
  {
    stack: 'django',
    // SecurityMiddleware's defaults, all three together.
    test: (get) =>
      get('x-frame-options') === 'DENY' && get('referrer-policy') === 'same-origin' && get('x-content-type-options') === 'nosniff'
        ? `${line('x-frame-options', 'DENY')} with referrer-policy: same-origin (Django's SecurityMiddleware)`
        : undefined,
  },
  { stack: 'rack', test: when('server', /^(WEBrick|Puma|thin|Unicorn|Falcon)\b/i) },
  { stack: 'aspnet', test: when('server', /^(Kestrel|Microsoft-IIS)\b/i) },
  { stack: 's3', test: when('server', /^AmazonS3$/i) },
  { stack: 'api-gateway', test: (get) => line('apigw-requestid', get('apigw-requestid')) ?? line('x-amz-apigw-id', get('x-amz-apigw-id')) },
  { stack: 'caddy', test: when('server', /^Caddy\b/i) },
  { stack: 'nginx', test: when('server', /^(nginx|openresty)\b/i) },
  { stack: 'apache', test: when('server', /^Apache\b/i) },
]

/** The stack that answered, from the headers of its answers (the first rule that matches any answer wins). */
export function recogniseStack(answers: HeaderList[]): Recognised | null {
  for (const rule of rules) {
    for (const headers of answers) {
      const get = (name: string) => {
        const values = headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v)
        return values.length === 0 ? undefined : values.join('\n')
      }
      const evidence = rule.test(get)
      if (evidence !== undefined) return { stack: rule.stack, evidence }
    }
  }
  return null
}
