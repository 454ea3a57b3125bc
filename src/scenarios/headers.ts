import type { HeaderList, HeadersInit } from '../engine/index.ts'

/** A copy as a list of lines; a record becomes one line per key. */
export function toHeaderList(init: HeadersInit | undefined): HeaderList {
  if (init === undefined) return []
  if (Array.isArray(init)) return init.map(([name, value]) => [name, value])
  return Object.entries(init)
}

/** Every value of a header, in order; names compare case-insensitively. */
export function getAll(list: HeaderList, name: string): string[] {
  const lower = name.toLowerCase()
  return list.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v)
}

/** The first value, or undefined. */
export function getFirst(list: HeaderList, name: string): string | undefined {
  return getAll(list, name)[0]
}

/**
 * Replaces every line of `name` with `values`, where the first line stood (at the end when absent),
 * as Fastify's `reply.header` does.
 */
export function setHeader(list: HeaderList, name: string, values: string | string[]): void {
  const lines = (Array.isArray(values) ? values : [values]).map((v): [string, string] => [name, v])
  const lower = name.toLowerCase()
  const at = list.findIndex(([n]) => n.toLowerCase() === lower)
  removeHeaders(list, [name])
  list.splice(at === -1 ? list.length : at, 0, ...lines)
}

/** Removes lines whose name matches; a pattern ending in `*` matches a prefix. */
export function removeHeaders(list: HeaderList, patterns: readonly string[]): void {
  const matchers = patterns.map(headerNameMatcher)
  for (let i = list.length - 1; i >= 0; i--) {
    const line = list[i]
    if (line !== undefined && matchers.some((m) => m(line[0]))) list.splice(i, 1)
  }
}

export function headerNameMatcher(pattern: string): (name: string) => boolean {
  const lower = pattern.toLowerCase()
  if (lower.endsWith('*')) {
    const prefix = lower.slice(0, -1)
    return (name) => name.toLowerCase().startsWith(prefix)
  }
  return (name) => name.toLowerCase() === lower
}

/** RFC 9110 token, the grammar of header names and methods. */
export const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** Characters a header value may not hold (Node refuses them too). */
export const invalidValuePattern = /[\0\r\n]/
