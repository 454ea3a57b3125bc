import type { HeaderList } from '../engine/index.ts'
import type { Recognised } from './recognise.ts'
import { getStack } from './registry.ts'
import type { StackFix } from './types.ts'

const headerLines = (headers: HeaderList, indent: string) => headers.map(([n, v]) => `${indent}${n}: ${v}`)

/** The plain-text fix: the code for the stack (or the headers alone), where it goes, and the notes. */
export function formatFix(fix: StackFix, recognised: Recognised | null = null): string {
  const out: string[] = []
  if (fix.stack === null || fix.snippet === null) {
    out.push('Fix: the headers to send (pass --stack NAME for the code in your framework; corslab stacks lists them)')
  } else {
    const stack = getStack(fix.stack)
    const how = recognised?.stack === fix.stack ? ` (recognised from ${recognised.evidence}; pass --stack NAME if that is wrong)` : ''
    out.push(`Fix in ${stack.name}${how}`)
    out.push('')
    out.push(...fix.snippet.split('\n').map((l) => (l === '' ? '' : `    ${l}`)))
  }
  out.push('')
  if (fix.headers.preflight.length > 0) out.push('  On the answer to the preflight (OPTIONS):', ...headerLines(fix.headers.preflight, '    '))
  out.push('  On the response:', ...headerLines(fix.headers.response, '    '))
  const notes = fix.notes.filter((n) => !n.startsWith('Pass --stack') && !n.startsWith('The stack was recognised'))
  if (notes.length > 0) {
    out.push('')
    for (const note of notes) out.push(`  - ${note}`)
  }
  return out.join('\n')
}
