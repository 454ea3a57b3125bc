import type { HeaderList } from '../engine/index.ts'
import { getStack } from './registry.ts'
import type { CorsPolicy, Need, Stack, StackFix, TrapId } from './types.ts'

// An origin that is no origin: sandboxed iframes, file: and data: URLs all send `null`.
const placeholderOrigin = 'https://app.example.com'

/** The allow-list the fix names: the page's origins, never `null` (which every sandboxed page sends). */
function allowList(need: Need): string[] {
  const origins = [...new Set(need.origins.filter((o) => o !== 'null' && o !== '*'))]
  return origins.length > 0 ? origins : [placeholderOrigin]
}

/** The secure policy for `need`: its origins only, its method and headers only, and `Vary: Origin`. */
export function policyFor(need: Need): CorsPolicy {
  return {
    origins: allowList(need),
    credentials: need.credentials,
    methods: [need.method],
    allowHeaders: [...need.requestHeaders],
    exposeHeaders: [...need.exposeHeaders],
    ...(need.preflight && need.maxAge !== undefined ? { maxAge: need.maxAge } : {}),
    answersPreflight: true,
  }
}

/** The header lines the server must send, on the preflight's answer (when one is due) and on the response. */
export function headersFor(need: Need): StackFix['headers'] {
  const [origin] = allowList(need) as [string]
  const common: HeaderList = [['Access-Control-Allow-Origin', origin]]
  if (need.credentials) common.push(['Access-Control-Allow-Credentials', 'true'])
  const preflight: HeaderList = need.preflight
    ? [
        ...common,
        ['Access-Control-Allow-Methods', need.method],
        ...(need.requestHeaders.length > 0 ? [['Access-Control-Allow-Headers', need.requestHeaders.join(', ')] as [string, string]] : []),
        ...(need.maxAge !== undefined ? [['Access-Control-Max-Age', String(need.maxAge)] as [string, string]] : []),
        ['Vary', 'Origin'],
      ]
    : []
  const response: HeaderList = [
    ...common,
    ...(need.exposeHeaders.length > 0 ? [['Access-Control-Expose-Headers', need.exposeHeaders.join(', ')] as [string, string]] : []),
    ['Vary', 'Origin'],
  ]
  return { preflight, response }
}

const trapOrder: TrapId[] = ['defaults', 'order', 'errors', 'preflight-unanswered', 'preflight-redirect', 'duplicate-headers', 'hand-written', 'cache']

function needNotes(need: Need): string[] {
  const notes: string[] = []
  const origins = allowList(need)
  if (need.origins.includes('null')) {
    notes.push(
      `The page's origin is \`null\` (a sandboxed iframe, a file: or data: URL): allowing \`null\` lets every sandboxed page on the web read the answers. Serve the page from a real origin and put that one in the list (${placeholderOrigin} stands in for it here).`,
    )
  }
  notes.push(
    `Only ${origins.join(', ')} ${origins.length === 1 ? 'is' : 'are'} allowed: add the other origins your pages are served from, each exactly (scheme, host and port, no trailing slash); never \`*\` or a pattern${need.credentials ? ', and never a reflected Origin, since the page sends credentials' : ''}.`,
  )
  if (need.preflight) {
    notes.push(
      `Only ${need.method}${need.requestHeaders.length > 0 ? ` and the header${need.requestHeaders.length > 1 ? 's' : ''} ${need.requestHeaders.join(', ')}` : ''} ${need.requestHeaders.length > 0 ? 'are' : 'is'} allowed on the preflight: add the other methods and headers your pages send.`,
    )
  }
  return notes
}

/** Notes a stack adds to every fix: its known traps, most common first. */
export function trapNotes(stack: Stack): string[] {
  return trapOrder.map((id) => stack.traps[id]).filter((t): t is string => t !== undefined)
}

/**
 * The fix for `need` in `stack` (an id or alias), or the header-level fix when `stack` is null or
 * absent. Secure by default: an allow-list of the page's origins, `Vary: Origin`, only the method,
 * headers and exposed headers the request needs, and the stack's traps in `notes`.
 */
export function buildFix(need: Need, stack?: string | null): StackFix {
  const headers = headersFor(need)
  if (stack === undefined || stack === null) {
    return {
      stack: null,
      headers,
      snippet: null,
      notes: [...needNotes(need), 'Pass --stack NAME for the code in your framework or server (corslab stacks lists them).'],
    }
  }
  const found = getStack(stack)
  return {
    stack: found.id,
    headers,
    snippet: found.configure(policyFor(need)),
    notes: [`Where it goes: ${found.placement}.`, ...needNotes(need), ...trapNotes(found)],
  }
}
