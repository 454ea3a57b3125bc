import { dqList, lines } from './code.ts'
import type { Stack } from './types.ts'

export const django: Stack = {
  id: 'django',
  name: 'Django (django-cors-headers)',
  aliases: ['django-cors-headers', 'corsheaders'],
  proof: { proven: true, how: "Django 3.2 with django-cors-headers 3.14 (Debian's), in real Chromium" },
  placement: 'at the end of settings.py, after INSTALLED_APPS and MIDDLEWARE are defined (Django has no app object; settings are its configuration)',
  configure: (policy) => {
    const { origins } = policy
    return lines(
      'INSTALLED_APPS += ["corsheaders"]',
      '# First, before CommonMiddleware and anything else that can answer on its own.',
      'MIDDLEWARE.insert(0, "corsheaders.middleware.CorsMiddleware")',
      Array.isArray(origins) ? `CORS_ALLOWED_ORIGINS = ${dqList(origins)}` : 'CORS_ALLOW_ALL_ORIGINS = True',
      policy.credentials && 'CORS_ALLOW_CREDENTIALS = True',
      policy.methods !== null && `CORS_ALLOW_METHODS = ${dqList(policy.methods === '*' ? ['*'] : policy.methods)}`,
      policy.allowHeaders !== null && `CORS_ALLOW_HEADERS = ${dqList(policy.allowHeaders === '*' ? ['*'] : policy.allowHeaders)}`,
      (policy.exposeHeaders === '*' || policy.exposeHeaders.length > 0) && `CORS_EXPOSE_HEADERS = ${dqList(policy.exposeHeaders === '*' ? ['*'] : policy.exposeHeaders)}`,
      policy.maxAge !== undefined && `CORS_PREFLIGHT_MAX_AGE = ${policy.maxAge}`,
    )
  },
  traps: {
    order:
      'CorsMiddleware must come before any middleware that can answer by itself (CommonMiddleware, WhiteNoise, authentication): placed after them, their answers (an APPEND_SLASH redirect, a 401) go out without CORS headers.',
    'preflight-redirect':
      'With APPEND_SLASH, `/api/items` for a URL pattern `api/items/` is answered with a 301 redirect, and browsers refuse a redirected preflight: call the URL with its slash.',
    defaults:
      '`CORS_ALLOW_ALL_ORIGINS = True` with `CORS_ALLOW_CREDENTIALS = True` reflects every origin with credentials: any site can read the answers with the user\'s cookies. `CORS_ALLOWED_ORIGIN_REGEXES` must be anchored (`r"^https://\\w+\\.example\\.com$"`).',
    errors:
      'A credentialed POST, PUT or DELETE from another origin also needs CSRF: `CSRF_TRUSTED_ORIGINS` with the page\'s origin and the `X-CSRFToken` header (CsrfViewMiddleware answers 403 otherwise); that is not CORS, and the 403 keeps the CORS headers.',
  },
}
