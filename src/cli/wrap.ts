/**
 * `text` in lines of at most `width` characters (a longer word keeps its own line), each line
 * starting with `indent`: for the CLI's prose (explain's summaries, audit's findings).
 */
export function wrap(text: string, indent = '  ', width = 100): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line)
      line = word
    } else line = line === '' ? word : `${line} ${word}`
  }
  if (line !== '') lines.push(indent + line)
  return lines
}
