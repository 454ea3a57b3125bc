import type { HeaderList, HeaderLines } from '../engine/types.ts'

// Header lines as a server sends and receives them: names in any case, compared case-insensitively.
// (The engine's own helpers, in src/engine/http.ts, work on lists it has already lower-cased.)
// These run for every request the server answers: plain loops, and a name is lower-cased only when
// its length already matches.

/** A copy as a list of lines; a record becomes one line per key. */
export function copyHeaderList(init: HeaderLines | undefined): HeaderList {
  if (init === undefined) return []
  if (Array.isArray(init)) return init.map(([name, value]) => [name, value])
  return Object.entries(init)
}

/** The same lines, not copied when they already are a list (for read-only use). */
export function asHeaderList(init: HeaderLines | undefined): HeaderList {
  return Array.isArray(init) ? init : copyHeaderList(init)
}

/** Whether a header name is `lower` (given in lower case), whatever its case. */
export function sameName(name: string, lower: string): boolean {
  return name.length === lower.length && (name === lower || name.toLowerCase() === lower)
}

/** Every value of a header, in order; names compare case-insensitively. */
export function getValues(list: HeaderList, name: string): string[] {
  const lower = name.toLowerCase()
  const values: string[] = []
  for (const line of list) if (sameName(line[0], lower)) values.push(line[1])
  return values
}

/** The first value, or undefined. */
export function getFirst(list: HeaderList, name: string): string | undefined {
  const lower = name.toLowerCase()
  for (const line of list) if (sameName(line[0], lower)) return line[1]
  return undefined
}

/** Every value joined with `, ` (how Node hands a repeated request header to a handler), or undefined. */
export function getJoined(list: HeaderList, name: string): string | undefined {
  const lower = name.toLowerCase()
  let joined: string | undefined
  for (const line of list) {
    if (sameName(line[0], lower)) joined = joined === undefined ? line[1] : `${joined}, ${line[1]}`
  }
  return joined
}

/**
 * Replaces every line of `name` with `values`, where the first line stood (at the end when absent),
 * as Fastify's `reply.header` does.
 */
export function setHeader(list: HeaderList, name: string, values: string | string[]): void {
  const lower = name.toLowerCase()
  let at = -1
  for (let i = list.length - 1; i >= 0; i--) {
    if (!sameName((list[i] as [string, string])[0], lower)) continue
    list.splice(i, 1)
    at = i
  }
  const lines: HeaderList = typeof values === 'string' ? [[name, values]] : values.map((v): [string, string] => [name, v])
  if (at === -1) list.push(...lines)
  else list.splice(at, 0, ...lines)
}

/** Removes lines whose name matches; a pattern ending in `*` matches a prefix. */
export function removeHeaders(list: HeaderList, patterns: readonly string[]): void {
  const matchers = patterns.map(headerNameMatcher)
  for (let i = list.length - 1; i >= 0; i--) {
    const line = list[i]
    if (line !== undefined && matchers.some((m) => m(line[0]))) list.splice(i, 1)
  }
}

const matchers = new Map<string, (name: string) => boolean>()

/** A test of header names against a pattern (a trailing `*` matches a prefix); cached per pattern. */
export function headerNameMatcher(pattern: string): (name: string) => boolean {
  let matcher = matchers.get(pattern)
  if (matcher !== undefined) return matcher
  const lower = pattern.toLowerCase()
  if (lower.endsWith('*')) {
    const prefix = lower.slice(0, -1)
    matcher = (name) => name.length >= prefix.length && name.slice(0, prefix.length).toLowerCase() === prefix
  } else {
    matcher = (name) => sameName(name, lower)
  }
  // Patterns come from scenario files: a bounded set, but keep the cache bounded all the same.
  if (matchers.size < 1000) matchers.set(pattern, matcher)
  return matcher
}

/** Characters a header value may not hold (Node refuses them too). */
export const invalidValuePattern = /[\0\r\n]/
