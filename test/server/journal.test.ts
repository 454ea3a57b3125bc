import { describe, expect, test } from 'vitest'
import type { NewJournalEntry } from '../../src/shared/journal-entry.ts'
import { Journal } from '../../src/shared/journal.ts'

function entry(i: number, extra = ''): NewJournalEntry {
  return {
    scenario: 'allow-all',
    method: i % 2 === 0 ? 'GET' : 'OPTIONS',
    path: `/api/items/${i}${extra}`,
    origin: 'http://localhost:5173',
    preflight: i % 2 === 1,
    requestHeaders: i % 2 === 1 ? { 'access-control-request-method': 'PUT' } : {},
    status: 200,
    responseHeaders: [['Access-Control-Allow-Origin', 'http://localhost:5173'], ['X-Note', extra]],
    verdict: { outcome: 'allowed' },
  }
}

// Sizes from a few bytes to more than the ring's first 64 KiB, some multi-byte.
const padding = (i: number) => ['', 'é✓', 'x'.repeat(3000), '𝄞'.repeat(500), 'y'.repeat(100_000)][i % 5] as string

describe('the ring keeps the newest entries, whole', () => {
  for (const size of [1, 3, 7, 500]) {
    test(`size ${size}: over many wraps and growths, the last ${size} come back as added, in order`, () => {
      const journal = new Journal(size)
      const added: NewJournalEntry[] = []
      for (let i = 0; i < size * 4 + 11; i++) {
        const e = entry(i, padding(i))
        added.push(e)
        journal.add(e)
        if (i % 13 === 0 || i === size * 4 + 10) {
          const expected = added.slice(-size)
          const got = journal.entries()
          expect(got.map(({ id: _id, time: _time, ...rest }) => rest)).toEqual(expected)
          expect(got.map((e) => e.id)).toEqual(expected.map((_, k) => i + 2 - expected.length + k))
        }
      }
      expect(journal.length).toBe(size)
    })
  }

  test('each entry has an ISO time of when it was added', () => {
    const journal = new Journal(5)
    const before = Date.now()
    journal.add(entry(1))
    const [first] = journal.entries()
    expect(Date.parse(first!.time)).toBeGreaterThanOrEqual(before)
    expect(first!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  })

  test('clear empties it, tells listeners, and ids go on from where they were', () => {
    const journal = new Journal(4)
    const events: string[] = []
    journal.subscribe((event) => events.push(event.type))
    for (let i = 0; i < 6; i++) journal.add(entry(i))
    journal.clear()
    expect(journal.entries()).toEqual([])
    journal.add(entry(9))
    expect(journal.entries().map((e) => [e.id, e.path])).toEqual([[7, '/api/items/9']])
    expect(events).toEqual(['entry', 'entry', 'entry', 'entry', 'entry', 'entry', 'clear', 'entry'])
  })
})

describe('stored records are worked out into entries when read', () => {
  type Seen = [path: string, status: number]
  const expand = ([path, status]: Seen): NewJournalEntry => ({ ...entry(0), path, status })

  test('expand runs once per entry read, never for entries pushed out unread', () => {
    const calls: string[] = []
    const journal = new Journal<Seen>(3, (seen) => {
      calls.push(seen[0])
      return expand(seen)
    })
    for (let i = 1; i <= 5; i++) journal.add([`/r/${i}`, 200 + i])
    expect(calls).toEqual([])
    expect(journal.entries().map((e) => [e.path, e.status])).toEqual([['/r/3', 203], ['/r/4', 204], ['/r/5', 205]])
    journal.entries()
    expect(calls).toEqual(['/r/3', '/r/4', '/r/5'])
    journal.add(['/r/6', 206])
    expect(journal.entries().map((e) => e.path)).toEqual(['/r/4', '/r/5', '/r/6'])
    expect(calls).toEqual(['/r/3', '/r/4', '/r/5', '/r/6'])
  })

  test('a listener gets each entry as it is added, the same one a later read returns', () => {
    const journal = new Journal<Seen>(10, expand)
    const heard: unknown[] = []
    const stop = journal.subscribe((event) => event.type === 'entry' && heard.push(event.data))
    journal.add(['/a', 201])
    stop()
    journal.add(['/b', 202])
    expect(heard).toHaveLength(1)
    expect(journal.entries()[0]).toBe(heard[0])
    expect(journal.entries()[1]?.path).toBe('/b')
  })
})
