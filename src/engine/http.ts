import { CorslabError } from '../errors.ts'
import type { HeaderList, HeaderLines } from './types.ts'

// https://fetch.spec.whatwg.org/#http-whitespace
const isWhitespace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d

/** https://fetch.spec.whatwg.org/#concept-header-value-normalize */
export function normalizeValue(value: string): string {
  let start = 0
  let end = value.length
  while (start < end && isWhitespace(value.charCodeAt(start))) start++
  while (end > start && isWhitespace(value.charCodeAt(end - 1))) end--
  return start === 0 && end === value.length ? value : value.slice(start, end)
}

/**
 * Header lines as a list, values normalized as an HTTP parser delivers them. With `lower`, names are
 * lower-cased, as every lookup below expects.
 */
export function toHeaderList(init: HeaderLines | undefined, lower = true): HeaderList {
  if (init === undefined || init === null) return []
  const list: HeaderList = []
  if (Array.isArray(init)) {
    for (const entry of init) {
      if (!Array.isArray(entry) || entry.length !== 2) {
        throw new CorslabError('E_INVALID_EXCHANGE', 'Failed to read headers: each header must be a [name, value] pair.')
      }
      list.push(line(entry[0], entry[1], lower))
    }
  } else if (typeof init === 'object') {
    for (const name in init) list.push(line(name, init[name], lower))
  } else {
    throw new CorslabError('E_INVALID_EXCHANGE', 'Failed to read headers: pass a list of [name, value] pairs or an object.')
  }
  return list
}

function line(name: unknown, value: unknown, lower: boolean): [string, string] {
  const n = String(name)
  return [lower ? n.toLowerCase() : n, normalizeValue(String(value))]
}

/** All values of the lines named `name` (lower-case, in a lower-cased list), in order. */
export function getAll(list: HeaderList, name: string): string[] {
  const values: string[] = []
  for (const [n, v] of list) if (n === name) values.push(v)
  return values
}

/** https://fetch.spec.whatwg.org/#concept-header-list-get: lines joined with `, `, or null. */
export function get(list: HeaderList, name: string): string | null {
  let value: string | null = null
  for (const [n, v] of list) if (n === name) value = value === null ? v : `${value}, ${v}`
  return value
}

export function has(list: HeaderList, name: string): boolean {
  for (const [n] of list) if (n === name) return true
  return false
}

/** Splits a combined list value on commas, trimming each item; empty items are kept as ''. */
export function splitList(value: string): string[] {
  return value.split(',').map((item) => normalizeValue(item))
}

export function statusIsOk(status: number): boolean {
  return status >= 200 && status <= 299
}

// https://fetch.spec.whatwg.org/#redirect-status
export function isRedirectStatus(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308
}

/** The same lines with lower-cased names; the list itself when they already are. */
export function lowerNames(list: HeaderList): HeaderList {
  for (const [n] of list) if (n !== n.toLowerCase()) return list.map(([name, value]) => [name.toLowerCase(), value])
  return list
}
