import type { HeaderList } from '../engine/index.ts'
import { buildFix, recogniseStack, type Need } from '../stacks/index.ts'
import type { FindingFix, FindingId } from './types.ts'

export interface FixContext {
  /** The trusted origin: what the allow-list should hold. */
  trusted: string
  /** Whether the policy allows credentials (the allow-list then sends Allow-Credentials). */
  credentials: boolean
  /** What the trusted origin's pages need: the stack fix is an allow-list of exactly that. */
  need: Need
  /** The stack named with --stack, if any. */
  stack: string | undefined
  /** The answers' header lines, where the stack shows (`Server: Werkzeug`, `X-Powered-By: Express`). */
  answers: HeaderList[]
}

/** The header-level change for each finding: what the server must send, whatever it is written in. */
function headerFix(id: FindingId, ctx: FixContext): string {
  const { trusted } = ctx
  const allowList = `Answer \`Access-Control-Allow-Origin: ${trusted}\` only when the request's Origin is exactly ${trusted} (compare the whole string against a list of origins), send no CORS headers to any other origin${ctx.credentials ? `, send \`Access-Control-Allow-Credentials: true\` only with an origin from the list` : ''}, and add \`Vary: Origin\` to every answer.`
  switch (id) {
    case 'origin-reflected':
      return `Stop reflecting the Origin. ${allowList}`
    case 'null-origin-allowed':
      return `Remove \`null\` from the allowed origins: sandboxed iframes, data: and file: pages all send \`Origin: null\`, so allowing it allows any site that frames one. ${allowList}`
    case 'prefix-match':
      return `Compare the whole Origin, not its beginning: ${trusted}.evil.test starts with the trusted origin. Use an exact list; a pattern must be anchored at both ends (^...$). ${allowList}`
    case 'suffix-match':
      return `Compare whole host names, not their ends: a host that merely ends with the trusted name is someone else's. To allow subdomains, require the dot before the domain and anchor the pattern, or better, list them. ${allowList}`
    case 'unescaped-dot':
      return `Escape the dots of the origin pattern (\`\\.\`): an unescaped \`.\` matches any character, so a look-alike domain anyone can register passes. ${allowList}`
    case 'any-subdomain-trusted':
      return `List the subdomains that serve your front end instead of trusting every one: a single subdomain with an XSS or a dangling DNS record (a takeover) then reads what ${trusted} reads. ${allowList}`
    case 'http-origin-trusted':
      return `Allow only the https: origin: anyone on the user's network can inject a page into http://${new URL(trusted).host}. ${allowList}`
    case 'special-character-bypass':
      return `Compare the whole Origin string: the host was read only up to a character (_, \`, }) that browsers accept in host names, so ${trusted} followed by such a character and another domain passed. ${allowList}`
    case 'third-party-origin-trusted':
      return `Do not trust shared hosting or playground domains (github.io, vercel.app, codepen, ...): anyone can publish a page there. Name your own deployment's exact origin. ${allowList}`
    case 'wildcard-origin':
      return `\`Access-Control-Allow-Origin: *\` lets every site read the answer without cookies: right for public data. If the answer depends on where the request comes from (an intranet, a VPN, an IP allow-list), name the trusted origins instead. ${allowList}`
    case 'missing-vary-origin':
      return 'Send `Vary: Origin` on every answer whose CORS headers depend on the Origin (and make any cache key include Origin), so a cache never hands one origin\'s answer to another.'
  }
}

/**
 * The stack's own fix, where the stack is known (--stack, or recognised from the answers): its
 * allow-list configuration for the trusted origin, secure by default (src/stacks). Every finding
 * has the same cure, an exact allow-list with `Vary: Origin`; null when the stack is unknown.
 */
export function stackFix(ctx: FixContext): { stack: string, snippet: string, notes: string[] } | null {
  const recognised = ctx.stack === undefined ? recogniseStack(ctx.answers) : null
  const stack = ctx.stack ?? recognised?.stack
  if (stack === undefined) return null
  const fix = buildFix(ctx.need, stack)
  if (fix.stack === null || fix.snippet === null) return null
  const notes = recognised === null ? fix.notes : [`The stack was recognised from ${recognised.evidence}; pass --stack NAME if that is wrong.`, ...fix.notes]
  return { stack: fix.stack, snippet: fix.snippet, notes }
}

export function fixFor(id: FindingId, ctx: FixContext): FindingFix {
  const stack = stackFix(ctx)
  return { text: headerFix(id, ctx), stack: stack?.stack ?? null, snippet: stack?.snippet ?? null, notes: stack?.notes ?? [] }
}
