// @vitest-environment jsdom
import { corsHandlers } from 'corslab/msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { mountItemsPanel } from './items-panel.ts'

// The API runs on another origin than the page (jsdom's page is http://localhost:3000).
const api = 'https://api.example.test'
const server = setupServer()

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => {
  server.resetHandlers()
  document.body.replaceChildren()
})
afterAll(() => server.close())

// Requests to `api` now behave as Chromium would treat them under the scenario. Without `handlers`,
// corslab's mock API answers (the same as `npx corslab serve`): GET /api/items gives three items.
function useScenario(scenario: string, messages: string[] = []) {
  const cors = corsHandlers({ scenario, target: api, log: (message) => messages.push(message) })
  server.use(...cors)
  return cors
}

async function renderPanel() {
  const root = document.createElement('section')
  document.body.append(root)
  await mountItemsPanel(root, { api, token: 'demo-token' }).loaded
  return root
}

describe('items panel', () => {
  test('lists the items and the total when the API allows the page', async () => {
    useScenario('allow-all')
    const root = await renderPanel()
    expect([...root.querySelectorAll('li')].map((li) => li.textContent)).toHaveLength(3)
    expect(root.querySelector('[role=status]')?.textContent).toBe('3 of 3 items')
  })

  test('shows an error and a retry button when the browser refuses the preflight', async () => {
    // An auth layer answers the preflight with 401, before the CORS layer runs.
    const messages: string[] = []
    const cors = useScenario('preflight-requires-auth', messages)
    const root = await renderPanel()

    expect(root.querySelector('[role=alert]')?.textContent).toBe('Cannot reach the items service. Check your connection and try again.')
    expect(root.querySelector('ul')).toBeNull()
    // What Chromium would print in the console, and what it sent: a preflight, refused; no GET.
    expect(messages).toEqual([expect.stringContaining('Response to preflight request doesn\'t pass access control check')])
    expect(cors.journal.entries()).toMatchObject([
      { method: 'OPTIONS', status: 401, verdict: { outcome: 'blocked', stage: 'preflight', reason: 'missing-allow-origin' } },
    ])

    // Once the server is fixed, "Try again" recovers.
    useScenario('allow-all')
    root.querySelector('button')?.click()
    await expect.poll(() => root.querySelectorAll('li').length).toBe(3)
  })

  test('still lists the items, but cannot know the total, when X-Total-Count is not exposed', async () => {
    useScenario('hidden-response-header')
    const root = await renderPanel()
    expect(root.querySelectorAll('li')).toHaveLength(3)
    expect(root.querySelector('[role=status]')?.textContent).toBe('3 items shown (total unknown)')
  })
})
