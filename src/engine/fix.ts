import type { PageRequest, Verdict } from './types.ts'

/** What the server (or, for a few reasons, the page) must change so the browser lets the request through. */
export interface Fix {
  /** Which answer must change: the preflight, the response, a redirect, or the page's own request. */
  where: 'preflight' | 'response' | 'redirect' | 'page'
  /** The header to send, when one header fixes it. */
  header?: string
  value?: string
  /** One or two sentences, naming the header and value. */
  text: string
}

const answerName = { preflight: 'the OPTIONS preflight answer', response: 'the response', redirect: 'the redirect response' } as const

/**
 * The change that fixes a blocked verdict, or null when the verdict is not blocked.
 *
 * @example
 * const request = { url: 'http://localhost:4010/api/items', origin: 'http://localhost:5173' }
 * suggestFix(simulate({ request, response: { status: 200 } }), request)?.text
 * // 'The server sent no `Access-Control-Allow-Origin`. Send `Access-Control-Allow-Origin: http://localhost:5173` on the response; ...'
 */
export function suggestFix(verdict: Verdict, request: Pick<PageRequest, 'origin' | 'credentials' | 'method' | 'url'>): Fix | null {
  if (verdict.outcome !== 'blocked' || verdict.reason === undefined) return null
  const stage = verdict.stage === 'preflight' || verdict.stage === 'redirect' ? verdict.stage : 'response'
  const on = answerName[stage]
  const credentials = request.credentials === 'include'
  // After a redirect to another origin the browser sends `Origin: null` (HTTP-redirect fetch, step 14).
  const origin = verdict.detail?.origin ?? request.origin
  // A preflight refused by an auth layer or a router fails two checks: the headers and the status.
  const status = verdict.detail?.status
  const alsoStatus =
    stage === 'preflight' && status !== undefined && (status < 200 || status > 299)
      ? ` The preflight was also answered ${status}: answer OPTIONS with 204 before authentication or routing refuses it.`
      : ''
  // Origin: null is what every sandboxed iframe and data: page sends too: allowing it, above all
  // with credentials, lets any page read the answer. Advise what is safe instead.
  const afterRedirect = (why: string): Fix =>
    credentials
      ? {
          where: 'page',
          text: `${why} After a redirect to another origin the browser sends \`Origin: null\`, and with credentials only \`Access-Control-Allow-Origin: null\` would pass, which lets any sandboxed page read the answer. Have the page call the final URL (${verdict.url}) directly instead of through the redirect.`,
        }
      : {
          where: stage,
          header: 'Access-Control-Allow-Origin',
          value: '*',
          text: `${why} After a redirect to another origin the browser sends \`Origin: null\`: send \`Access-Control-Allow-Origin: *\` on ${on} (not \`null\`, which any sandboxed page also sends), or have the page call the final URL (${verdict.url}) directly.${alsoStatus}`,
        }
  const allowOrigin = (why: string): Fix => (origin === 'null' ? afterRedirect(why) : {
    where: stage,
    header: 'Access-Control-Allow-Origin',
    value: origin,
    text: `${why} Send \`Access-Control-Allow-Origin: ${origin}\` on ${on}${credentials ? ', with `Access-Control-Allow-Credentials: true`' : ''}; when it reflects the request's Origin, add \`Vary: Origin\`.${alsoStatus}`,
  })
  const method = verdict.detail?.method ?? verdict.preflight?.headers.find(([n]) => n === 'access-control-request-method')?.[1] ?? request.method ?? 'GET'
  switch (verdict.reason) {
    case 'missing-allow-origin':
      return allowOrigin(`The server sent no \`Access-Control-Allow-Origin\`.`)
    case 'allow-origin-mismatch':
    case 'invalid-allow-origin':
    case 'multiple-allow-origin':
      return allowOrigin('`Access-Control-Allow-Origin` must be exactly one origin, byte for byte the one the browser sent (no trailing slash, no list).')
    case 'wildcard-origin-with-credentials':
      if (origin === 'null') return afterRedirect('`*` is not allowed on a request with credentials.')
      return {
        where: stage,
        header: 'Access-Control-Allow-Origin',
        value: origin,
        text: `\`*\` is not allowed on a request with credentials. Reflect the origin instead: \`Access-Control-Allow-Origin: ${origin}\` with \`Access-Control-Allow-Credentials: true\` and \`Vary: Origin\` on ${on} (or send the request without credentials).`,
      }
    case 'invalid-allow-credentials':
      return {
        where: stage,
        header: 'Access-Control-Allow-Credentials',
        value: 'true',
        text: `A request with credentials needs \`Access-Control-Allow-Credentials: true\` (exactly \`true\`, lower-case) on ${on}.`,
      }
    case 'preflight-invalid-status':
      return {
        where: 'preflight',
        text: 'Answer the OPTIONS preflight with 204 (or any 2xx) and the CORS headers, before authentication or routing can refuse it: browsers never send credentials on a preflight.',
      }
    case 'preflight-redirect':
      return {
        where: 'preflight',
        text: `Answer OPTIONS ${verdict.url} itself instead of redirecting (a preflight never follows a redirect); or have the page call the final URL directly.`,
      }
    case 'preflight-network-error':
      return { where: 'preflight', text: `Make the server answer OPTIONS ${verdict.url}: the preflight got no answer.` }
    case 'invalid-allow-methods':
      return {
        where: 'preflight',
        header: 'Access-Control-Allow-Methods',
        value: method,
        text: `\`Access-Control-Allow-Methods\` must be a comma-separated list of method names; send e.g. \`Access-Control-Allow-Methods: ${method}\`.`,
      }
    case 'invalid-allow-headers':
      return {
        where: 'preflight',
        header: 'Access-Control-Allow-Headers',
        text: '`Access-Control-Allow-Headers` must be a comma-separated list of header names.',
      }
    case 'method-not-allowed':
      return {
        where: 'preflight',
        header: 'Access-Control-Allow-Methods',
        value: method,
        text: `Add ${method} to \`Access-Control-Allow-Methods\` on the preflight answer (method names are case-sensitive${credentials ? '; with credentials `*` is a literal name, not a wildcard' : ''}).`,
      }
    case 'header-not-allowed': {
      const name = verdict.detail?.header ?? ''
      return {
        where: 'preflight',
        header: 'Access-Control-Allow-Headers',
        value: name.toLowerCase(),
        text: `Add ${name.toLowerCase()} to \`Access-Control-Allow-Headers\` on the preflight answer${credentials ? '; with credentials `*` is a literal name, not a wildcard' : ''}.`,
      }
    }
    case 'cors-disabled-scheme':
      return { where: 'page', text: 'Cross-origin fetch() works only over http: and https:; serve the resource over HTTP(S).' }
    case 'disallowed-by-mode':
      if (verdict.stage === 'request' && verdict.preflight === null && verdict.message === '') {
        return { where: 'page', text: `fetch() in mode 'no-cors' sends only GET, HEAD and POST; send ${method} in mode 'cors' (the default) and have the server allow it.` }
      }
      return { where: 'page', text: "The page's request mode refuses this request: use mode 'cors' (the default), or 'no-cors' with redirect 'follow'." }
    case 'forbidden-method':
      return { where: 'page', text: `No page can send ${method}: fetch() and XMLHttpRequest refuse CONNECT, TRACE and TRACK. Use another method.` }
    case 'invalid-method':
      return { where: 'page', text: `${JSON.stringify(method)} is not an HTTP method (a token: letters, digits and !#$%&'*+-.^_\`|~ only).` }
    case 'invalid-header':
      return {
        where: 'page',
        text: `The header ${JSON.stringify(verdict.detail?.header ?? '')} cannot be sent: a name must be a token, and a value may not hold NUL, CR, LF or a character over U+00FF.`,
      }
    case 'redirect-contains-credentials':
      return { where: 'redirect', header: 'Location', text: 'Redirect to a URL without `user:password@` in it; send credentials in a header instead.' }
    case 'redirect-disallowed-scheme':
      return { where: 'redirect', header: 'Location', text: 'Redirect only to http: or https: URLs.' }
    case 'local-network-access-denied': {
      const space = verdict.detail?.addressSpace ?? 'loopback'
      return {
        where: 'page',
        text: `The page is public and the request goes to the \`${space}\` address space: since Chrome 142 the browser asks the user first (Local Network Access), and the answer here is no; no server header changes that. Have the user allow it (in a test: \`localNetworkAccess: 'granted'\`, or \`context.grantPermissions(['local-network-access'])\`); from an https page to an http address on the local network, also pass \`fetch(url, { targetAddressSpace: '${space}' })\`; or serve the API from the page's origin or a public address.`,
      }
    }
    case 'local-network-target-mismatch': {
      const space = verdict.detail?.addressSpace
      const given = verdict.detail?.targetAddressSpace ?? ''
      return {
        where: 'page',
        text:
          space === undefined
            ? `fetch()'s \`targetAddressSpace\` takes 'local' or 'loopback', not '${given}'.`
            : `fetch()'s \`targetAddressSpace\` says '${given}', but the server is in the \`${space}\` address space: pass \`targetAddressSpace: '${space}'\`, or leave it out.`,
      }
    }
    case 'local-network-insecure-context':
      return {
        where: 'page',
        text: `A page that is not a secure context cannot reach the \`${verdict.detail?.addressSpace ?? 'loopback'}\` address space, whatever the user says: serve the page over https (http://localhost counts as secure), or the API from the page's origin or a public address.`,
      }
    case 'bad-port': {
      const text = `Browsers never connect to port ${URL.parse(verdict.url)?.port ?? ''} (a "bad port" of the Fetch Standard, kept for other protocols); serve the API on another port`
      return verdict.stage === 'redirect' ? { where: 'redirect', header: 'Location', text: `${text} and redirect there.` } : { where: 'page', text: `${text}.` }
    }
    case 'network-error':
      return { where: stage, text: 'The request failed outside CORS (a redirect the page refused with redirect: "error", or more than 20 redirects).' }
  }
}
