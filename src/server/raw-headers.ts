import type { HeaderList } from '../engine/index.ts'
import { isToken } from '../engine/fetch-terms.ts'

/** Node's flat rawHeaders ([name, value, name, value, ...]) as lines, repeated lines kept. */
export function rawHeaderList(raw: readonly string[]): HeaderList {
  const list: HeaderList = []
  for (let i = 0; i + 1 < raw.length; i += 2) list.push([raw[i] as string, raw[i + 1] as string])
  return list
}

const invalidValue = /[^\t\x20-\x7e\x80-\xff]/

/** Lines Node can send: a name that is a token, a value of visible Latin-1 characters. */
export function sendableLine([name, value]: [string, string]): boolean {
  return isToken(name) && !invalidValue.test(value)
}
