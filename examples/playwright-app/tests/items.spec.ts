import { expect, test } from './fixtures.ts'

const cannotReach = 'Cannot reach the server. Check your connection and try again.'

test.describe('with a healthy API', () => {
  test('lists the items with their total, and saves', async ({ page, corslab }) => {
    await page.goto('/')
    await expect(page.getByRole('listitem')).toHaveCount(3)
    await expect(page.locator('#count')).toHaveText('(3 in all)')
    await page.getByRole('button', { name: 'Rename item 1' }).click()
    await expect(page.getByRole('status')).toHaveText('Saved.')
    await expect(page.locator('#item-1')).toHaveText('Renamed')
    await expect(page.getByRole('alert')).toBeHidden()
    await expect(corslab).toHaveSentPreflight({ method: 'PUT', headers: ['content-type'] })
    await expect(corslab).toHaveAllowed()
  })

  test('shows the server\'s error when it can read it', async ({ page, corslab }) => {
    await page.goto('/')
    await page.getByRole('button', { name: 'Load the report' }).click()
    await expect(page.getByRole('alert')).toHaveText('The server could not do that (error 500).')
    await expect(corslab).toHaveAllowed('/api/error/500')
  })
})

test.describe('wildcard-with-credentials', () => {
  test.use({ corsScenario: 'wildcard-with-credentials' })

  test('a credentialed call fails with a banner; the plain ones still work', async ({ page, corslab }) => {
    await page.goto('/')
    await expect(page.getByRole('listitem')).toHaveCount(3)
    await page.getByRole('button', { name: 'Who am I?' }).click()
    await expect(page.getByRole('alert')).toHaveText(cannotReach)
    await expect(corslab).toHaveBlocked({ path: '/api/me', stage: 'response', reason: 'wildcard-origin-with-credentials' })
    await expect(corslab).toHaveAllowed('/api/items')
    // The server did answer: the browser is what hid it from the page.
    const [me] = (await corslab.journal()).filter((row) => row.path === '/api/me')
    expect(me?.responseHeaders).toContainEqual(['Access-Control-Allow-Origin', '*'])
  })
})

test.describe('missing-preflight', () => {
  test.use({ corsScenario: 'missing-preflight' })

  test('saving fails with a banner and the item keeps its name', async ({ page, corslab }) => {
    await page.goto('/')
    await expect(page.getByRole('listitem')).toHaveCount(3)
    // The mock API's items belong to the worker's server: an earlier test may have renamed this one.
    const before = await page.locator('#item-1').textContent()
    await page.getByRole('button', { name: 'Rename item 1' }).click()
    await expect(page.getByRole('alert')).toHaveText(cannotReach)
    await expect(page.locator('#item-1')).toHaveText(before ?? '')
    await expect(page.getByRole('status')).toBeEmpty()
    await expect(corslab).toHaveSentPreflight({ method: 'PUT' })
    await expect(corslab).toHaveBlocked({ stage: 'preflight', reason: 'preflight-invalid-status' })
    // The browser never sent the PUT itself.
    expect((await corslab.journal()).filter((row) => row.method === 'PUT')).toEqual([])
  })
})

test.describe('disallowed-header', () => {
  test.use({ corsScenario: 'disallowed-header' })

  test('adding an item fails with a banner, and nothing is created', async ({ page, corslab }) => {
    await page.goto('/')
    await page.getByLabel('New item').fill('Buy milk')
    await page.getByRole('button', { name: 'Add' }).click()
    await expect(page.getByRole('alert')).toHaveText(cannotReach)
    await expect(page.getByRole('listitem')).toHaveCount(3)
    await expect(page.getByLabel('New item')).toHaveValue('Buy milk')
    await expect(corslab).toHaveSentPreflight({ method: 'POST', headers: ['x-request-id'] })
    await expect(corslab).toHaveBlocked({ reason: 'header-not-allowed' })
    expect((await corslab.journal()).filter((row) => row.method === 'POST')).toEqual([])
  })
})

test.describe('error-responses-without-cors', () => {
  test.use({ corsScenario: 'error-responses-without-cors' })

  test('a server error reads as a network error', async ({ page, corslab }) => {
    await page.goto('/')
    await expect(page.getByRole('listitem')).toHaveCount(3)
    await page.getByRole('button', { name: 'Load the report' }).click()
    // The 500 came back, but without CORS headers the page cannot read it, so the app cannot say "error 500".
    await expect(page.getByRole('alert')).toHaveText(cannotReach)
    await expect(corslab).toHaveBlocked({ path: '/api/error/500', reason: 'missing-allow-origin' })
    const [report] = (await corslab.journal()).filter((row) => row.path === '/api/error/500')
    expect(report?.status).toBe(500)
  })
})

test.describe('hidden-response-header', () => {
  test.use({ corsScenario: 'hidden-response-header' })

  test('the list loads, but its total is unknown', async ({ page, corslab }) => {
    await page.goto('/')
    await expect(page.getByRole('listitem')).toHaveCount(3)
    await expect(page.locator('#count')).toHaveText('(total unknown)')
    await expect(page.getByRole('alert')).toBeHidden()
    await expect(corslab).toHaveAllowed('/api/items')
    // The server sent X-Total-Count, without listing it in Access-Control-Expose-Headers.
    const [items] = await corslab.journal()
    const names = items?.responseHeaders.map(([name]) => name.toLowerCase())
    expect(names).toContain('x-total-count')
    expect(names).not.toContain('access-control-expose-headers')
  })
})

test.describe('preflight-cache', () => {
  test.use({ corsScenario: 'preflight-cache' })

  test('saving twice asks the server once', async ({ page, corslab }) => {
    await page.goto('/')
    for (let i = 0; i < 2; i++) {
      await page.getByRole('button', { name: 'Rename item 1' }).click()
      await expect(page.getByRole('status')).toHaveText('Saved.')
    }
    await expect(corslab).toHaveAllowed('/api/items/1')
    const rows = (await corslab.journal()).filter((row) => row.path === '/api/items/1')
    expect(rows.map((row) => row.method)).toEqual(['OPTIONS', 'PUT', 'PUT'])
    expect(rows[0]?.responseHeaders).toContainEqual(['Access-Control-Max-Age', '600'])
  })
})

test.describe('missing-allow-origin', () => {
  test.use({ corsScenario: 'missing-allow-origin' })

  test('nothing loads: a banner instead of an empty list', async ({ page, corslab }) => {
    await page.goto('/')
    await expect(page.getByRole('alert')).toHaveText(cannotReach)
    await expect(page.getByRole('listitem')).toHaveCount(0)
    await expect(corslab).toHaveBlocked({ path: '/api/items', stage: 'response', reason: 'missing-allow-origin' })
  })
})

test('the server breaks mid-session: the next save fails', async ({ page, corslab }) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Rename item 1' }).click()
  await expect(page.getByRole('status')).toHaveText('Saved.')
  await corslab.use('missing-preflight')
  await page.getByLabel('New item').fill('Buy milk')
  await page.getByRole('button', { name: 'Add' }).click()
  await expect(page.getByRole('alert')).toHaveText(cannotReach)
  await expect(corslab).toHaveBlocked({ path: '/api/items', reason: 'preflight-invalid-status' })
})

test('the API base can come from the address instead (?api=URL)', async ({ browser, corslab }) => {
  // A page of its own, without the init script: the app takes the query parameter.
  const page = await browser.newPage()
  await page.goto(`/?api=${encodeURIComponent(corslab.url)}`)
  await expect(page.getByRole('listitem')).toHaveCount(3)
  await expect(corslab).toHaveAllowed('/api/items')
  await page.close()
})
