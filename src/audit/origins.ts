import type { FindingId } from './types.ts'

/**
 * Who can have a page on an attacker origin, which decides how bad it is when that origin reads:
 * - `anyone`: an origin anybody can get (a domain they register, a sandboxed iframe, a page on a
 *   shared host);
 * - `dns`: the same, through a host name with a character DNS set-ups may refuse (the URL parsers
 *   of Chromium, Firefox and WebKit all accept it);
 * - `subdomain`: only whoever controls a subdomain of the trusted site (a takeover, an XSS there);
 * - `network`: only someone on the user's network (a page on `http:` can be injected in transit).
 */
export type Owner = 'anyone' | 'dns' | 'subdomain' | 'network'

/** One origin the audit sends as `Origin`, and the mistake that would let it in. */
export interface Candidate {
  origin: string
  id: FindingId
  owner: Owner
  /** How the origin relates to the trusted one, for the report. */
  why: string
}

/**
 * Shared hosting and playground domains where anyone can publish a page. Each is on the Public
 * Suffix List (its private section), so `NAME.github.io` is a site of its own.
 */
export const hostingSuffixes = [
  'github.io',
  'vercel.app',
  'netlify.app',
  'pages.dev',
  'herokuapp.com',
  'web.app',
  'azurewebsites.net',
  's3.amazonaws.com',
] as const

/** Playgrounds that run anybody's code on their own origin. */
export const playgroundOrigins = ['https://cdpn.io', 'https://fiddle.jshell.net'] as const

// Two-label public suffixes common enough to matter for the sibling guess (a short list; the Public
// Suffix List has thousands).
const twoLabelSuffixes = new Set(['co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'com.au', 'net.au', 'org.au', 'co.jp', 'co.nz', 'com.br', 'co.in', 'co.za', 'com.cn', 'com.mx', 'com.tr', ...hostingSuffixes])

/**
 * Characters the URL parsers of Chromium 156, Firefox 153 and WebKitGTK accept in a host name
 * (measured: `new URL('https://app.example.com' + c + '.evil.test').origin` keeps them), which a
 * validator that reads the host only up to the first character outside [a-z0-9.-] cuts off there.
 */
export const specialCharacters = ['_', '`', '}'] as const

/** The attacker's own domain in every derived origin. */
export const attackerDomain = 'evil.test'

const isIpv4 = (host: string) => /^\d+\.\d+\.\d+\.\d+$/.test(host)
const isIp = (host: string) => isIpv4(host) || host.startsWith('[')

/** The registrable domain ("site") of a host: `app.example.com` -> `example.com`; none for an IP or one label. */
export function registrableDomain(host: string): string | null {
  if (isIp(host)) return null
  const labels = host.split('.')
  if (labels.length < 2) return null
  const lastTwo = labels.slice(-2).join('.')
  if (twoLabelSuffixes.has(lastTwo)) return labels.length >= 3 ? labels.slice(-3).join('.') : null
  return lastTwo
}

// A candidate only when it parses as the very origin written (a host some parser rewrites, such as
// `%2A` for `*`, would test something else).
function valid(origin: string): boolean {
  return URL.parse(origin)?.origin === origin
}

/**
 * The attacker origins derived from the trusted one, in the order sent: the arbitrary origin first
 * (a reflection lets in all the rest), then `null`, then the near misses of each kind.
 */
export function attackerOrigins(trusted: string): Candidate[] {
  const url = new URL(trusted)
  const scheme = url.protocol
  const host = url.hostname
  const port = url.port === '' ? '' : `:${url.port}`
  const site = registrableDomain(host)
  const out: Candidate[] = []
  const add = (origin: string, id: FindingId, owner: Owner, why: string) => {
    if (origin !== trusted && valid(origin) && !out.some((c) => c.origin === origin)) out.push({ origin, id, owner, why })
  }

  add(`${scheme}//${attackerDomain}`, 'origin-reflected', 'anyone', 'an unrelated origin')
  out.push({ origin: 'null', id: 'null-origin-allowed', owner: 'anyone', why: 'the opaque origin of a sandboxed iframe, a data: or file: page' })
  add(`${scheme}//${host}.${attackerDomain}${port}`, 'prefix-match', 'anyone', `the trusted host followed by .${attackerDomain}`)
  if (!isIp(host)) {
    // Ends with the trusted host, or with its site, without the dot before it.
    const hostSuffix = site !== null && site !== host ? 'subdomain' : 'anyone'
    add(`${scheme}//evil${host}${port}`, 'suffix-match', hostSuffix, `ends with ${host}`)
    if (site !== null && site !== host) add(`${scheme}//evil${site}${port}`, 'suffix-match', 'anyone', `ends with ${site}`)
    // An unescaped dot in a pattern matches any character: each dot but the last, replaced, where
    // that leaves a domain anyone can register (at most two).
    const labels = host.split('.')
    let dots = 0
    for (let i = 0; i < labels.length - 2 && dots < 2; i++) {
      const joined = [...labels.slice(0, i), `${labels[i]}x${labels[i + 1]}`, ...labels.slice(i + 2)].join('.')
      const joinedSite = registrableDomain(joined)
      if (joinedSite !== null && joinedSite !== site) {
        add(`${scheme}//${joined}${port}`, 'unescaped-dot', 'anyone', `${host} with a dot read as any character`)
        dots++
      }
    }
    add(`${scheme}//${attackerDomain.split('.')[0]}.${host}${port}`, 'any-subdomain-trusted', hostingOwner(host, 'subdomain'), `a subdomain of ${host}`)
    if (site !== null && site !== host) add(`${scheme}//${attackerDomain.split('.')[0]}.${site}${port}`, 'any-subdomain-trusted', hostingOwner(site, 'subdomain'), `a sibling under ${site}`)
  }
  if (scheme === 'https:') add(`http://${host}${port}`, 'http-origin-trusted', 'network', 'the same host over http:')
  if (!isIp(host)) {
    for (const c of specialCharacters) {
      add(`${scheme}//${host}${c}.${attackerDomain}${port}`, 'special-character-bypass', c === '_' ? 'anyone' : 'dns', `the trusted host, then ${c}.${attackerDomain}`)
    }
  }
  for (const suffix of hostingSuffixes) add(`https://corslab-audit.${suffix}`, 'third-party-origin-trusted', 'anyone', `a page anyone can publish on ${suffix}`)
  for (const origin of playgroundOrigins) add(origin, 'third-party-origin-trusted', 'anyone', 'a playground that runs anybody\'s code')
  return out
}

// A subdomain of a shared hosting domain is anybody's.
function hostingOwner(domain: string, otherwise: Owner): Owner {
  return (hostingSuffixes as readonly string[]).includes(domain) ? 'anyone' : otherwise
}
