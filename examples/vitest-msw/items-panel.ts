// A small items panel, in plain DOM: what a team would have in its app. It loads the items with a
// bearer token, shows how many there are in total (from X-Total-Count, for paging), and shows an
// error with a retry button when the request fails.

export interface ItemsPanelOptions {
  /** The API's base URL, on another origin than the page. */
  api: string
  token: string
}

interface Item {
  id: number
  name: string
}

export function mountItemsPanel(root: HTMLElement, options: ItemsPanelOptions): { loaded: Promise<void> } {
  const status = (text: string, role: 'status' | 'alert') => {
    const p = document.createElement('p')
    p.setAttribute('role', role)
    p.textContent = text
    return p
  }

  async function load(): Promise<void> {
    root.replaceChildren(status('Loading items…', 'status'))
    let response: Response
    try {
      response = await fetch(`${options.api}/api/items`, { headers: { authorization: `Bearer ${options.token}` } })
    } catch {
      // fetch() rejects with a TypeError on a network error, and a CORS failure is one: the page is
      // never told why. The browser's console has the reason.
      const retry = document.createElement('button')
      retry.textContent = 'Try again'
      retry.addEventListener('click', () => void load())
      root.replaceChildren(status('Cannot reach the items service. Check your connection and try again.', 'alert'), retry)
      return
    }
    if (!response.ok) {
      root.replaceChildren(status(`The items service answered ${response.status}.`, 'alert'))
      return
    }
    const items = (await response.json()) as Item[]
    const list = document.createElement('ul')
    for (const item of items) {
      const li = document.createElement('li')
      li.textContent = item.name
      list.append(li)
    }
    // Readable only when the API lists it in Access-Control-Expose-Headers.
    const total = response.headers.get('x-total-count')
    const summary = status(total === null ? `${items.length} items shown (total unknown)` : `${items.length} of ${total} items`, 'status')
    root.replaceChildren(list, summary)
  }

  return { loaded: load() }
}
