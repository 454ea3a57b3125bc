// The closest known name to a mistyped one: field names in data files, scenario names everywhere a
// user types one (CLI flags, the control API, the Playwright fixture, corsHandlers).

/** Levenshtein distance, case-insensitive. */
export function distance(a: string, b: string): number {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  const row = Array.from({ length: y.length + 1 }, (_, i) => i)
  for (let i = 1; i <= x.length; i++) {
    let previous = row[0] ?? 0
    row[0] = i
    for (let j = 1; j <= y.length; j++) {
      const current = row[j] ?? 0
      row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (x[i - 1] === y[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[y.length] ?? 0
}

/** The known word within `maxDistance` edits (exclusive) of `word`, nearest first; undefined when none is. */
export function closest(word: string, known: readonly string[], maxDistance = 3): string | undefined {
  let best: string | undefined
  let bestDistance = maxDistance
  for (const candidate of known) {
    const d = distance(word, candidate)
    if (d < bestDistance) [best, bestDistance] = [candidate, d]
  }
  return best
}

const words = (name: string) => name.toLowerCase().split(/[-_\s]+/).filter(Boolean)

// Every word of the typed name is (nearly) a word of the candidate: `credentials-wildcard`,
// `preflight-missing`, `wildcard-credentials` all point at a name that holds those words.
function wordsFound(typed: string, candidate: string): boolean {
  const have = words(candidate)
  const want = words(typed)
  return want.length > 0 && want.every((w) => have.some((h) => h === w || (w.length >= 4 && distance(w, h) <= 1)))
}

/**
 * The dash-separated name (a scenario's) that `typed` most likely meant: a few edits away (a third
 * of its length), or holding every word typed, in any order. Undefined when nothing is close.
 */
export function closestName(typed: string, names: readonly string[]): string | undefined {
  const exact = names.find((n) => n.toLowerCase() === typed.toLowerCase())
  if (exact !== undefined) return exact
  let best: string | undefined
  let bestScore = Number.POSITIVE_INFINITY
  for (const name of names) {
    const d = distance(typed, name)
    const near = d <= Math.max(2, Math.floor(Math.max(typed.length, name.length) / 3))
    // A name holding the typed words ranks after a near spelling, nearest first among them.
    const score = near ? d : wordsFound(typed, name) ? 100 + d : Number.POSITIVE_INFINITY
    if (score < bestScore) [best, bestScore] = [name, score]
  }
  return best
}

/**
 * What to say about a scenario name that does not exist: the closest one, else where the list is.
 * One sentence, without listing every name.
 */
export function unknownScenarioMessage(typed: string, names: readonly string[], where = ''): string {
  const near = closestName(typed, names)
  const suggestion = near === undefined ? '' : ` Did you mean ${JSON.stringify(near)}?`
  return `no scenario named ${JSON.stringify(typed)}${where}.${suggestion} \`npx corslab list\` shows all ${names.length}.`
}
