import type { AddressSpace } from './types.ts'

type Block = [prefix: number[], bits: number, space: AddressSpace]

// Chromium's default map of non-public blocks (services/network/public/cpp/ip_address_space_util.cc),
// in its order; anything else is public.
const ipv4Blocks: Block[] = [
  [[127, 0, 0, 0], 8, 'loopback'],
  [[10, 0, 0, 0], 8, 'local'],
  [[172, 16, 0, 0], 12, 'local'],
  [[192, 168, 0, 0], 16, 'local'],
  [[169, 254, 0, 0], 16, 'local'],
  [[0, 0, 0, 0], 32, 'loopback'],
  [[0, 0, 0, 0], 8, 'local'],
  [[100, 64, 0, 0], 10, 'local'],
]
const ipv6Blocks: Block[] = [
  [[0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback'],
  [[0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, 'local'],
  [[0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, 'local'],
  [[0, 0, 0, 0, 0, 0, 0, 0], 128, 'loopback'],
  [[0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32, 'local'],
  [[0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, 'local'],
  [[0xfec0, 0, 0, 0, 0, 0, 0, 0], 10, 'local'],
]

function matches(address: number[], prefix: number[], bits: number, width: number): boolean {
  for (let i = 0; i < address.length && bits > 0; i++, bits -= width) {
    const take = Math.min(bits, width)
    const mask = ((1 << take) - 1) << (width - take)
    if (((address[i] as number) & mask) !== ((prefix[i] as number) & mask)) return false
  }
  return true
}

function ipv4(host: string): number[] | null {
  const parts = host.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null
  return parts.map(Number)
}

// The URL parser serializes IPv6 hosts compressed in brackets: [::1], [fe80::1], [::ffff:7f00:1].
function ipv6(host: string): number[] | null {
  if (!host.startsWith('[') || !host.endsWith(']')) return null
  const [head = '', tail] = host.slice(1, -1).split('::')
  const left = head === '' ? [] : head.split(':')
  const right = tail === undefined || tail === '' ? [] : tail.split(':')
  const missing = 8 - left.length - right.length
  if (tail === undefined ? left.length !== 8 : missing < 1) return null
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right].map((g) => Number.parseInt(g, 16))
  return groups.some((g) => Number.isNaN(g)) ? null : groups
}

/**
 * The address space a URL's host says, as Chromium reads it before connecting: an IP literal by
 * its block, `localhost` (and `*.localhost`) loopback, `*.local` local. Null for any other name:
 * only the address it resolves to tells.
 *
 * @example
 * addressSpaceOfHost('127.0.0.1') // 'loopback'
 * addressSpaceOfHost('192.168.1.20') // 'local'
 * addressSpaceOfHost('api.example.com') // null: give `answer.addressSpace` where it matters
 */
export function addressSpaceOfHost(hostname: string): AddressSpace | null {
  const host = hostname.toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback'
  if (host.endsWith('.local')) return 'local'
  const v4 = ipv4(host)
  if (v4 !== null) return ipv4Blocks.find(([prefix, bits]) => matches(v4, prefix, bits, 8))?.[2] ?? 'public'
  const v6 = ipv6(host)
  if (v6 === null) return null
  // An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 one.
  if (v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff) {
    const mapped = [(v6[6] as number) >> 8, (v6[6] as number) & 0xff, (v6[7] as number) >> 8, (v6[7] as number) & 0xff]
    return ipv4Blocks.find(([prefix, bits]) => matches(mapped, prefix, bits, 8))?.[2] ?? 'public'
  }
  return ipv6Blocks.find(([prefix, bits]) => matches(v6, prefix, bits, 16))?.[2] ?? 'public'
}

/**
 * Is `target` less public than `client`? Local and loopback count as one (Chromium's
 * IsLessPublicAddressSpaceLNA): a local page reaches loopback without asking.
 */
export function isLessPublic(target: AddressSpace, client: AddressSpace): boolean {
  return target !== 'public' && client === 'public'
}

/**
 * https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy for a serialized origin:
 * https and wss, and http on a loopback host (127.0.0.0/8, [::1], localhost, *.localhost).
 */
export function isPotentiallyTrustworthy(origin: string): boolean {
  const url = URL.parse(origin)
  if (url === null) return false
  if (url.protocol === 'https:' || url.protocol === 'wss:' || url.protocol === 'file:') return true
  if (url.protocol !== 'http:' && url.protocol !== 'ws:') return false
  return addressSpaceOfHost(url.hostname) === 'loopback' && !/^(0\.0\.0\.0|\[::\])$/.test(url.hostname)
}
