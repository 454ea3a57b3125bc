// Where the API is. A test points the app at its corslab URL, either with ?api=URL in the page's
// address or with window.API_BASE set before this script runs (Playwright's page.addInitScript).
const api = new URLSearchParams(location.search).get('api') ?? window.API_BASE ?? 'http://localhost:4010'

const $ = (selector) => document.querySelector(selector)

// A page cannot tell a CORS block from the network being down: fetch() rejects with a TypeError
// either way, and the console alone says which. So the app says what the user can do about it.
class Unreachable extends Error {}

async function call(path, init = {}) {
  let response
  try {
    response = await fetch(`${api}${path}`, init)
  } catch {
    throw new Unreachable('Cannot reach the server. Check your connection and try again.')
  }
  if (!response.ok && response.status !== 401) throw new Error(`The server could not do that (error ${response.status}).`)
  return response
}

function showError(error) {
  $('#banner').textContent = error.message
  $('#banner').hidden = false
}

async function action(work) {
  $('#banner').hidden = true
  $('#status').textContent = ''
  try {
    await work()
  } catch (error) {
    showError(error)
  }
}

function render(items, total) {
  $('#items').replaceChildren(...items.map((item) => Object.assign(document.createElement('li'), { textContent: item.name, id: `item-${item.id}` })))
  // X-Total-Count is readable only when the server lists it in Access-Control-Expose-Headers.
  $('#count').textContent = total === null ? '(total unknown)' : `(${total} in all)`
}

async function loadItems() {
  const response = await call('/api/items')
  render(await response.json(), response.headers.get('x-total-count'))
}

$('#add').addEventListener('submit', (event) => {
  event.preventDefault()
  const name = new FormData(event.target).get('name')
  action(async () => {
    await call('/api/items', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': crypto.randomUUID() },
      body: JSON.stringify({ name }),
    })
    event.target.reset()
    await loadItems()
  })
})

$('#rename').addEventListener('click', () => action(async () => {
  const response = await call('/api/items/1', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Renamed' }) })
  const item = await response.json()
  $('#item-1').textContent = item.name
  $('#status').textContent = 'Saved.'
}))

$('#whoami').addEventListener('click', () => action(async () => {
  const response = await call('/api/me', { credentials: 'include' })
  $('#status').textContent = response.status === 401 ? 'Not signed in.' : `Signed in as ${(await response.json()).user}.`
}))

$('#report').addEventListener('click', () => action(async () => {
  const response = await call('/api/error/500')
  $('#status').textContent = await response.text()
}))

action(loadItems)
