/**
 * A path's `/@NAME/` prefix, which serves the request under scenario (or session) NAME whatever the
 * active one is: `/@missing-preflight/api/items?x=1` → `missing-preflight` and `/api/items?x=1`. Any
 * other path has no name and stays as it is. The name is percent-decoded where it decodes.
 */
export function splitScenarioPrefix(path: string): { name?: string, path: string } {
  if (!path.startsWith('/@')) return { path }
  const match = /^\/@([^/?]*)(.*)$/.exec(path)
  if (match === null) return { path }
  const rest = match[2] ?? ''
  let name = match[1] ?? ''
  try {
    name = decodeURIComponent(name)
  } catch {}
  return { name, path: rest.startsWith('/') ? rest : `/${rest}` }
}
