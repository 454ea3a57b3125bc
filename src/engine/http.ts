import { CorslabError } from '../errors.ts'
import type { HeaderList, HeadersInit } from './types.ts'

// https://fetch.spec.whatwg.org/#http-whitespace
const HTTP_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g
// https://httpwg.org/specs/rfc9110.html#tokens
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

export function isToken(value: string): boolean {
  return TOKEN.test(value)
}

/** https://fetch.spec.whatwg.org/#concept-header-value-normalize */
export function normalizeValue(value: string): string {
  return value.replace(HTTP_WHITESPACE, '')
}

/** Header lines as a list, values normalized as an HTTP parser delivers them. Names keep their case. */
export function toHeaderList(init: HeadersInit | undefined): HeaderList {
  if (init === undefined || init === null) return []
  const entries = Array.isArray(init) ? init : Object.entries(init)
  const list: HeaderList = []
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) {
      throw new CorslabError('E_INVALID_EXCHANGE', 'Failed to read headers: each header must be a [name, value] pair.')
    }
    const [name, value] = entry
    list.push([String(name), normalizeValue(String(value))])
  }
  return list
}

/** All values of the lines named `name`, in order. */
export function getAll(list: HeaderList, name: string): string[] {
  const lower = name.toLowerCase()
  const values: string[] = []
  for (const [n, v] of list) if (n.toLowerCase() === lower) values.push(v)
  return values
}

/** https://fetch.spec.whatwg.org/#concept-header-list-get: lines joined with `, `, or null. */
export function get(list: HeaderList, name: string): string | null {
  const values = getAll(list, name)
  return values.length === 0 ? null : values.join(', ')
}

export function has(list: HeaderList, name: string): boolean {
  const lower = name.toLowerCase()
  return list.some(([n]) => n.toLowerCase() === lower)
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
