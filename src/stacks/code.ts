// Small helpers for writing configuration in each stack's language.

/** A single-quoted JavaScript/TypeScript string. */
export const jsString = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`

/** A double-quoted string (Python, Ruby, Go, Java, C#, PHP with double quotes, JSON). */
export const dqString = (s: string): string => JSON.stringify(s)

export const jsList = (items: readonly string[]): string => `[${items.map(jsString).join(', ')}]`
export const dqList = (items: readonly string[]): string => `[${items.map(dqString).join(', ')}]`

/** `Content-Type` for `content-type`: how Go and .NET code usually spells header names. */
export const canonicalName = (name: string): string => name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())

/** A regular expression that matches exactly `text` (dots and the rest escaped), anchored. */
export const exactPattern = (texts: readonly string[]): string => {
  const escaped = texts.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return `^(${escaped.join('|')})$`
}

/** Lines indented by `n` spaces. */
export const indent = (text: string, n: number): string =>
  text
    .split('\n')
    .map((line) => (line === '' ? line : ' '.repeat(n) + line))
    .join('\n')

/** Joins code lines, dropping the ones that are null (options left at their default). */
export const lines = (...items: Array<string | null | false | undefined>): string => items.filter((l): l is string => typeof l === 'string').join('\n')
