// The page's code in the browser test: MSW's worker with corsHandlers, driven from the test.
import { setupWorker } from 'msw/browser'
import { corsHandlers, type CorsHandlers, type CorsHandlersOptions } from '../../../src/msw/index.ts'

export interface ProbeInit {
  method: string
  headers?: Record<string, string>
  credentials?: RequestCredentials
  readHeaders?: string[]
}

export type ProbeResult =
  | { ok: true, status: number, headers: Record<string, string | null>, names: string[] }
  | { ok: false, name: string, message: string }

const worker = setupWorker()
let cors: CorsHandlers | undefined

async function probe(url: string, init: ProbeInit): Promise<ProbeResult> {
  try {
    const request: RequestInit = { method: init.method, credentials: init.credentials ?? 'same-origin' }
    if (init.headers !== undefined) request.headers = init.headers
    const response = await fetch(url, request)
    await response.arrayBuffer()
    const headers: Record<string, string | null> = {}
    for (const name of init.readHeaders ?? []) headers[name] = response.headers.get(name)
    return { ok: true, status: response.status, headers, names: [...response.headers.keys()] }
  } catch (error) {
    return { ok: false, name: (error as Error).name, message: (error as Error).message }
  }
}

const api = {
  async start() {
    await worker.start({ serviceWorker: { url: '/mockServiceWorker.js' }, quiet: true, onUnhandledFrame: 'bypass' })
  },
  use(options: Omit<CorsHandlersOptions, 'log'>) {
    cors = corsHandlers({ ...options, log: (message) => console.error(message) })
    worker.resetHandlers(...cors)
  },
  journal() {
    return cors?.journal.entries() ?? []
  },
  probe,
}

;(globalThis as { corslabTest?: typeof api }).corslabTest = api
