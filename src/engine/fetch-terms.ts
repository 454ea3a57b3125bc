// Term lists of the Fetch Standard (https://fetch.spec.whatwg.org/), byte-lowercased.

// https://fetch.spec.whatwg.org/#concept-method-normalize
export const normalizedMethods = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'])

// https://fetch.spec.whatwg.org/#cors-safelisted-method
export const corsSafelistedMethods = new Set(['GET', 'HEAD', 'POST'])

// https://fetch.spec.whatwg.org/#forbidden-method
export const forbiddenMethods = new Set(['CONNECT', 'TRACE', 'TRACK'])

// https://fetch.spec.whatwg.org/#forbidden-request-header
export const forbiddenRequestHeaders = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
])

// https://fetch.spec.whatwg.org/#forbidden-request-header, the method-override names
export const methodOverrideHeaders = new Set(['x-http-method', 'x-http-method-override', 'x-method-override'])

// https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header-name
export const noCorsSafelistedHeaderNames = new Set(['accept', 'accept-language', 'content-language', 'content-type'])

// https://fetch.spec.whatwg.org/#cors-safelisted-request-header, the content-type essences
export const safelistedContentTypes = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'])

// https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name
export const safelistedResponseHeaders = new Set([
  'cache-control',
  'content-language',
  'content-length',
  'content-type',
  'expires',
  'last-modified',
  'pragma',
])

// https://fetch.spec.whatwg.org/#forbidden-response-header-name
export const forbiddenResponseHeaders = new Set(['set-cookie', 'set-cookie2'])

// https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name
export const corsNonWildcardRequestHeaders = new Set(['authorization'])

// https://fetch.spec.whatwg.org/#request-body-header-name
export const requestBodyHeaders = new Set(['content-encoding', 'content-language', 'content-location', 'content-type'])
