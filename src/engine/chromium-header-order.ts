/*
 * The order Chromium keeps a page's request headers in, which decides which one a preflight names
 * when it refuses several (the network service reports the first refused name in that order).
 *
 * Blink holds request headers in an HTTPHeaderMap: a WTF HashMap keyed by case-folded name, whose
 * iteration order is its bucket order. The hash is rapidhash over the name as UTF-16 (lower-cased),
 * masked to 24 bits; the table starts at 8 buckets, doubles when half full, and resolves
 * collisions by triangular probing (i + 1, i + 3, i + 6, ...). fetch() fills the map from its
 * header list, which is sorted by name; XMLHttpRequest keeps its own map (in setRequestHeader
 * order) and copies it in iteration order. Then Blink adds User-Agent and, for a potentially
 * trustworthy URL, the low-entropy client hints. Measured with Chromium 156 (test/ground-truth):
 * the wire order of 196 random header sets, through fetch() and XHR, matched this model exactly.
 */

const MASK64 = (1n << 64n) - 1n
const SECRET = [0x2d358dccaa6c78a5n, 0x8bb84b93962eacc9n, 0x4b33a62ed433d4a3n] as const
const SEED = 0xbdd89aa982704029n

function mul128(a: bigint, b: bigint): [bigint, bigint] {
  const r = a * b
  return [r & MASK64, (r >> 64n) & MASK64]
}

function mix(a: bigint, b: bigint): bigint {
  const [lo, hi] = mul128(a, b)
  return lo ^ hi
}

/** rapidhash (Chromium's third_party copy) of `bytes`; `small` is what a 1-3 byte input reads as. */
function rapidhash(bytes: Uint8Array, small: bigint): bigint {
  const n = bytes.length
  const len = BigInt(n)
  const r32 = (o: number) => BigInt(((bytes[o] as number) | ((bytes[o + 1] as number) << 8) | ((bytes[o + 2] as number) << 16)) >>> 0) + (BigInt(bytes[o + 3] as number) << 24n)
  const r64 = (o: number) => r32(o) | (r32(o + 4) << 32n)
  let seed = SEED
  seed ^= mix(seed ^ SECRET[0], SECRET[1]) ^ len
  let a: bigint
  let b: bigint
  if (n <= 16) {
    if (n >= 4) {
      const last = n - 4
      a = (r32(0) << 32n) | r32(last)
      const delta = (n & 24) >> (n >> 3)
      b = (r32(delta) << 32n) | r32(last - delta)
    } else if (n > 0) {
      a = small
      b = 0n
    } else {
      a = 0n
      b = 0n
    }
  } else {
    let i = n
    let p = 0
    if (i > 48) {
      let see1 = seed
      let see2 = seed
      do {
        seed = mix(r64(p) ^ SECRET[0], r64(p + 8) ^ seed)
        see1 = mix(r64(p + 16) ^ SECRET[1], r64(p + 24) ^ see1)
        see2 = mix(r64(p + 32) ^ SECRET[2], r64(p + 40) ^ see2)
        p += 48
        i -= 48
      } while (i >= 48)
      seed ^= see1 ^ see2
    }
    if (i > 16) {
      seed = mix(r64(p) ^ SECRET[2], r64(p + 8) ^ seed ^ SECRET[1])
      if (i > 32) seed = mix(r64(p + 16) ^ SECRET[2], r64(p + 24) ^ seed)
    }
    a = r64(p + i - 16)
    b = r64(p + i - 8)
  }
  a ^= SECRET[1]
  b ^= seed
  ;[a, b] = mul128(a, b)
  return mix(a ^ SECRET[0] ^ len, b ^ SECRET[1])
}

const hashes = new Map<string, number>()

/** CaseFoldingHash of a header name: rapidhash of its lower-cased UTF-16, top 8 bits masked off. */
function nameHash(name: string): number {
  const lower = name.toLowerCase()
  let hash = hashes.get(lower)
  if (hash === undefined) {
    const bytes = new Uint8Array(lower.length * 2)
    for (let i = 0; i < lower.length; i++) {
      bytes[2 * i] = lower.charCodeAt(i) & 0xff
      bytes[2 * i + 1] = lower.charCodeAt(i) >> 8
    }
    hash = Number(rapidhash(bytes, BigInt(lower.charCodeAt(0))) & 0xffffffn) || 0x800000
    if (hashes.size > 1000) hashes.clear()
    hashes.set(lower, hash)
  }
  return hash
}

/** A WTF::HashMap's keys after inserting `names` in order: its iteration (bucket) order. */
function hashMapOrder(names: readonly string[]): string[] {
  let size = 8
  let buckets: Array<string | null> = Array.from({ length: size }, () => null)
  let count = 0
  const slot = (name: string): number => {
    const mask = size - 1
    let i = nameHash(name) & mask
    for (let step = 1; buckets[i] !== null; step++) {
      if (buckets[i] === name) return -1
      i = (i + step) & mask
    }
    return i
  }
  for (const name of names) {
    const i = slot(name)
    if (i < 0) continue
    buckets[i] = name
    count++
    if (count * 2 >= size) {
      const old = buckets
      size *= 2
      buckets = Array.from({ length: size }, () => null)
      for (const key of old) if (key !== null) buckets[slot(key)] = key
    }
  }
  return buckets.filter((key): key is string => key !== null)
}

/**
 * The page's request-header names (lower-case, each once) in the order Chromium's network service
 * sees them. `url` decides whether Blink adds the low-entropy client hints (a potentially
 * trustworthy URL only).
 */
export function chromiumHeaderOrder(names: readonly string[], initiator: 'fetch' | 'xhr', trustworthy: boolean): string[] {
  const page = initiator === 'fetch' ? [...names].sort() : hashMapOrder(names)
  const added = trustworthy ? ['sec-ch-ua', 'sec-ch-ua-mobile', 'user-agent', 'sec-ch-ua-platform'] : ['user-agent']
  const own = new Set(names)
  return hashMapOrder([...page, ...added.filter((n) => !own.has(n))]).filter((n) => own.has(n))
}
