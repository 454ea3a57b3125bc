/**
 * Route paths as in the routes file: `/api/items/:id` (a named segment), a trailing `/*` (any rest).
 * Returns the named parameters on a match, or null.
 */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean)
  const got = pathname.split('/').filter(Boolean)
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    const part = want[i] ?? ''
    if (part === '*' && i === want.length - 1) {
      params['*'] = got.slice(i).join('/')
      return params
    }
    const value = got[i]
    if (value === undefined) return null
    if (part.startsWith(':')) params[part.slice(1)] = safeDecode(value)
    else if (part !== value) return null
  }
  return got.length === want.length ? params : null
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** `/a/b?x=1` → `/a/b` and `x=1`. */
export function splitPath(path: string): { pathname: string, search: string } {
  const at = path.indexOf('?')
  return at === -1 ? { pathname: path, search: '' } : { pathname: path.slice(0, at), search: path.slice(at + 1) }
}
