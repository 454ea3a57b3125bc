import { closest } from './did-you-mean.ts'
import { placeholderPattern, placeholders } from './faults.ts'
import { isToken } from '../engine/fetch-terms.ts'
import { invalidValuePattern } from './headers.ts'

/** One problem in a data file: where (a field path), what is wrong, and how to fix it. */
export interface Issue {
  /** Field path, e.g. `policy.faults[0].set.vary`; empty for the document itself. */
  path: string
  message: string
  fix: string
}

export type Json = Record<string, unknown>

/** Collects issues while walking a parsed YAML/JSON document. */
export class Checker {
  readonly issues: Issue[] = []

  add(path: string, message: string, fix: string): void {
    this.issues.push({ path, message, fix })
  }

  object(value: unknown, path: string, what: string): value is Json {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return true
    this.add(path, `must be ${what}, got ${describe(value)}`, `write ${path || 'the file'} as a mapping of keys to values`)
    return false
  }

  keys(value: Json, path: string, allowed: readonly string[], required: readonly string[] = []): void {
    for (const key of required) {
      if (value[key] === undefined) this.add(join(path, key), 'is required but missing', `add \`${key}:\` ${path ? `under ${path}` : 'at the top level'}`)
    }
    for (const key of Object.keys(value)) {
      if (allowed.includes(key)) continue
      const near = closest(key, allowed)
      this.add(join(path, key), 'is not a known field', near ? `did you mean \`${near}\`? Known fields: ${allowed.join(', ')}` : `remove it; known fields: ${allowed.join(', ')}`)
    }
  }

  string(value: unknown, path: string, options: { nonEmpty?: boolean } = {}): value is string {
    if (typeof value !== 'string') {
      this.add(path, `must be a string, got ${describe(value)}`, 'quote the value')
      return false
    }
    if (options.nonEmpty && value.trim() === '') {
      this.add(path, 'must not be empty', 'write a few words')
      return false
    }
    return true
  }

  boolean(value: unknown, path: string): value is boolean {
    if (typeof value === 'boolean') return true
    this.add(path, `must be true or false, got ${describe(value)}`, 'write true or false, unquoted')
    return false
  }

  integer(value: unknown, path: string, min: number, max: number, unit = ''): value is number {
    if (Number.isInteger(value) && (value as number) >= min && (value as number) <= max) return true
    this.add(path, `must be a whole number from ${min} to ${max}${unit}, got ${describe(value)}`, `write a number between ${min} and ${max}`)
    return false
  }

  oneOf<T extends string>(value: unknown, path: string, choices: readonly T[]): value is T {
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return true
    this.add(path, `must be one of ${choices.join(', ')}, got ${describe(value)}`, `write one of: ${choices.join(', ')}`)
    return false
  }

  token(value: unknown, path: string, what: string, options: { wildcardSuffix?: boolean } = {}): value is string {
    if (!this.string(value, path)) return false
    const bare = options.wildcardSuffix && value.endsWith('*') && value.length > 1 ? value.slice(0, -1) : value
    if (isToken(bare)) return true
    this.add(path, `is not a valid ${what}: ${JSON.stringify(value)}`, `use letters, digits and - only${options.wildcardSuffix ? ' (a trailing * matches a prefix)' : ''}`)
    return false
  }

  headerValue(value: unknown, path: string, options: { placeholders?: boolean } = {}): value is string {
    if (!this.string(value, path)) return false
    if (invalidValuePattern.test(value)) {
      this.add(path, 'holds a line break or NUL, which a header value cannot', 'keep the value on one line')
      return false
    }
    if (options.placeholders) {
      for (const match of value.matchAll(placeholderPattern)) {
        if (!(placeholders as readonly string[]).includes(match[1] ?? '')) {
          this.add(path, `uses the unknown placeholder ${match[0]}`, `use one of ${placeholders.map((p) => `{${p}}`).join(', ')}`)
          return false
        }
      }
    }
    return true
  }

  /** A string, or a non-empty list of strings, each checked by `item`. */
  stringOrList(value: unknown, path: string, item: (v: unknown, p: string) => boolean): void {
    if (!Array.isArray(value)) {
      item(value, path)
      return
    }
    if (value.length === 0) this.add(path, 'must not be an empty list', 'list at least one value, or remove the field')
    value.forEach((v, i) => item(v, `${path}[${i}]`))
  }

  list(value: unknown, path: string): value is unknown[] {
    if (Array.isArray(value)) return true
    this.add(path, `must be a list, got ${describe(value)}`, 'write the items as a YAML list (- item)')
    return false
  }
}

export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  return path ? `${path}.${key}` : key
}

export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  return String(value)
}

/** The issues as one message: `FILE is not a valid WHAT:` then a line per issue with its fix. */
export function formatIssues(issues: readonly Issue[], file: string, what: string): string {
  const lines = issues.map((i) => `  ${i.path || '(document)'}: ${i.message}. Fix: ${i.fix}.`)
  return `${file} is not a valid ${what}:\n${lines.join('\n')}`
}
