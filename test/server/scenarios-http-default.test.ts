import { expect, test } from 'vitest'
import { catalog } from '../../src/scenarios/index.ts'
import { scenariosOverHttp, table } from './scenarios-http.ts'

test('the table covers the whole catalog', () => {
  expect(Object.keys(table).sort()).toEqual(catalog.map((s) => s.name).sort())
})

scenariosOverHttp('the default API', async () => ({ options: {} }))
