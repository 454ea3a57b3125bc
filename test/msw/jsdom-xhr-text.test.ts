// @vitest-environment jsdom
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, test } from 'vitest'
import { expectXhrText } from './support/xhr-text.ts'

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

test('jsdom: an XMLHttpRequest (and axios) logs the XHR console text, fetch() the fetch text', async () => {
  await expectXhrText(server, 'http://127.0.0.1:4017', location.origin)
})
