import { spawn, type ChildProcess } from 'node:child_process'
import { freePort, killGroup, miniBrowserPath, sleep, startXvfb, tail } from './webkit-shared.ts'
import { ConsoleLines, parseJsonResult, wrapForJson, type BrowserPage, type BrowserSession } from './types.ts'

/**
 * WebKitGTK's MiniBrowser driven over its remote Web Inspector protocol, under an Xvfb display this
 * module starts itself. This is the WebKit driver that sees console text.
 *
 * Each page is its own `MiniBrowser --private` process (an ephemeral data store: empty HTTP cache,
 * preflight cache and cookies) started with WEBKIT_INSPECTOR_HTTP_SERVER, whose WebSocket speaks
 * the Web Inspector protocol: Page.navigate, Runtime.evaluate, and Console.messageAdded, which
 * carries WebKit's CORS lines ("Origin X is not allowed by Access-Control-Allow-Origin. Status
 * code: 200", "Fetch API cannot load URL due to access control checks.", ...). The next page's
 * process is started in the background while the current page works.
 *
 * The inspector cannot run beside WebDriver automation (MiniBrowser --automation), and MiniBrowser
 * prints no console text for ephemeral sessions, so this route is the only one with console text.
 */

interface InnerMessage {
  id?: number
  method?: string
  params?: Record<string, unknown>
  result?: Record<string, unknown>
  error?: { message?: string }
}

const commandTimeoutMs = 60_000

class InspectorPage implements BrowserPage {
  private ws!: WebSocket
  private outerId = 0
  private innerId = 0
  private current = ''
  private pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>()
  private loadWaiters: Array<() => void> = []
  private lines = new ConsoleLines()
  private closed = false
  private readonly proc: ChildProcess
  private readonly port: number
  private readonly output: () => string

  private constructor(proc: ChildProcess, port: number) {
    this.proc = proc
    this.port = port
    this.output = tail(proc)
  }

  static async open(display: string, binary: string): Promise<InspectorPage> {
    const port = await freePort()
    const proc = spawn(binary, ['--private', 'about:blank'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: {
        ...process.env,
        DISPLAY: display,
        WEBKIT_INSPECTOR_HTTP_SERVER: `127.0.0.1:${port}`,
        NO_AT_BRIDGE: '1',
        GDK_BACKEND: 'x11',
        WEBKIT_DISABLE_COMPOSITING_MODE: '1',
        LIBGL_ALWAYS_SOFTWARE: '1',
      },
    })
    const page = new InspectorPage(proc, port)
    try {
      await page.connect()
    } catch (e) {
      page.kill()
      throw new Error(`cannot open a WebKit page: ${(e as Error).message}; MiniBrowser said: ${page.output().slice(-800)}`)
    }
    return page
  }

  private async connect(): Promise<void> {
    // The inspector's HTTP server lists the page's WebSocket path once the page exists.
    const deadline = Date.now() + 30_000
    let path: string | undefined
    while (!path) {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) throw new Error(`MiniBrowser exited (${this.proc.exitCode ?? this.proc.signalCode})`)
      try {
        const html = await (await fetch(`http://127.0.0.1:${this.port}/`)).text()
        path = /\/socket\/\d+\/\d+\/WebPage/.exec(html)?.[0]
      } catch {
        /* not listening yet */
      }
      if (!path) {
        if (Date.now() > deadline) throw new Error('the remote inspector listed no page within 30 s')
        await sleep(50)
      }
    }
    const ws = new WebSocket(`ws://127.0.0.1:${this.port}${path}`)
    this.ws = ws
    const firstTarget = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no page target within 30 s')), 30_000)
      ws.addEventListener('message', (ev) => {
        this.onMessage(String(ev.data))
        if (this.current) {
          clearTimeout(timer)
          resolve()
        }
      })
      ws.addEventListener('error', () => reject(new Error('inspector WebSocket error')))
    })
    ws.addEventListener('close', () => {
      for (const p of this.pending.values()) p.reject(new Error('inspector connection closed'))
      this.pending.clear()
    })
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => resolve(), { once: true })
      ws.addEventListener('error', () => reject(new Error('cannot connect to the remote inspector')), { once: true })
    })
    // Targets created later (a process swap on a cross-site navigation) start paused, so their
    // Console/Page domains are on before they run anything.
    ws.send(JSON.stringify({ id: ++this.outerId, method: 'Target.setPauseOnStart', params: { pauseOnStart: true } }))
    await firstTarget
  }

  private onMessage(data: string): void {
    const m = JSON.parse(data) as InnerMessage
    switch (m.method) {
      case 'Target.targetCreated': {
        const info = (m.params?.['targetInfo'] ?? {}) as { targetId?: string; type?: string; isProvisional?: boolean; isPaused?: boolean }
        if (info.type !== 'page' || !info.targetId) return
        const id = info.targetId
        for (const domain of ['Console', 'Runtime', 'Page']) void this.command(id, `${domain}.enable`).catch(() => {})
        if (info.isPaused) void this.command(id, 'Target.resume').catch(() => {})
        if (!info.isProvisional && !this.current) this.current = id
        return
      }
      case 'Target.didCommitProvisionalTarget':
        this.current = String(m.params?.['newTargetId'] ?? this.current)
        return
      case 'Target.dispatchMessageFromTarget': {
        const inner = JSON.parse(String(m.params?.['message'] ?? '{}')) as InnerMessage
        if (inner.id !== undefined) {
          const p = this.pending.get(inner.id)
          if (!p) return
          this.pending.delete(inner.id)
          if (inner.error) p.reject(new Error(inner.error.message ?? 'inspector error'))
          else p.resolve(inner.result ?? {})
          return
        }
        if (inner.method === 'Console.messageAdded') {
          const msg = (inner.params?.['message'] ?? {}) as { level?: string; text?: string }
          if ((msg.level === 'error' || msg.level === 'warning') && typeof msg.text === 'string') this.lines.push(msg.text)
        } else if (inner.method === 'Page.loadEventFired') {
          const waiters = this.loadWaiters
          this.loadWaiters = []
          for (const w of waiters) w()
        }
        return
      }
      default:
        return
    }
  }

  /** Sends a command to a page target and resolves with its result. */
  private command(targetId: string, method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = ++this.innerId
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new Error(`${method} timed out`))
      }, commandTimeoutMs)
      this.pending.set(id, {
        resolve: (r) => {
          clearTimeout(timer)
          resolve(r)
        },
        reject: (e) => {
          clearTimeout(timer)
          reject(e)
        },
      })
      this.ws.send(JSON.stringify({ id: ++this.outerId, method: 'Target.sendMessageToTarget', params: { targetId, message: JSON.stringify({ id, method, params }) } }))
    })
  }

  async goto(url: string): Promise<void> {
    const loaded = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`loading ${url} timed out`)), commandTimeoutMs)
      this.loadWaiters.push(() => {
        clearTimeout(timer)
        resolve()
      })
    })
    await this.command(this.current, 'Page.navigate', { url })
    await loaded
  }

  async evaluate<T>(source: string, arg: unknown): Promise<T> {
    const expression = wrapForJson(source, JSON.stringify(arg ?? null))
    // The page script returns a promise: evaluate hands back its object id, awaitPromise its value.
    let reply = await this.command(this.current, 'Runtime.evaluate', { expression })
    let result = reply['result'] as { type?: string; value?: unknown; objectId?: string; description?: string } | undefined
    if (!reply['wasThrown'] && result?.type === 'object' && result.objectId) {
      reply = await this.command(this.current, 'Runtime.awaitPromise', { promiseObjectId: result.objectId, returnByValue: true })
      result = reply['result'] as typeof result
    }
    if (reply['wasThrown']) throw new Error(`page script failed: ${result?.description ?? JSON.stringify(result?.value)}`)
    return parseJsonResult<T>(result?.value)
  }

  takeConsole(): string[] {
    return this.lines.take()
  }

  nextConsole(ms: number): Promise<void> {
    return this.lines.next(ms)
  }

  kill(): void {
    killGroup(this.proc, 'SIGKILL')
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    try {
      this.ws?.close()
    } catch {
      /* already closed */
    }
    killGroup(this.proc, 'SIGTERM')
    const proc = this.proc
    await new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve()
      const timer = setTimeout(() => {
        killGroup(proc, 'SIGKILL')
        resolve()
      }, 2000)
      proc.once('exit', () => {
        clearTimeout(timer)
        resolve()
      })
    })
  }
}

export async function launchWebKitInspector(): Promise<BrowserSession> {
  const binary = miniBrowserPath()
  if (!binary) throw new Error('MiniBrowser not found (install webkit2gtk-driver / libwebkit2gtk-4.1-0)')
  const xvfb = await startXvfb()
  const open = new Set<InspectorPage>()
  let closed = false
  const killAll = () => {
    for (const p of open) p.kill()
    killGroup(xvfb.proc, 'SIGKILL')
  }
  process.once('exit', killAll)

  const openPage = async (): Promise<InspectorPage> => {
    const p = await InspectorPage.open(xvfb.display, binary)
    open.add(p)
    return p
  }
  let spare: Promise<InspectorPage> | null = null
  const refill = () => {
    if (closed || spare) return
    spare = openPage()
    spare.catch(() => {
      /* reported when taken */
    })
  }

  // The first page proves the route works before anyone relies on it.
  spare = Promise.resolve(await openPage())

  return {
    name: 'webkit',
    async newPage(): Promise<BrowserPage> {
      if (closed) throw new Error('WebKit session is closed')
      const pending = spare
      spare = null
      let page: InspectorPage
      try {
        page = pending ? await pending : await openPage()
      } catch {
        page = await openPage()
      }
      refill()
      return {
        goto: (url) => page.goto(url),
        evaluate: (source, arg) => page.evaluate(source, arg),
        takeConsole: () => page.takeConsole(),
        nextConsole: (ms) => page.nextConsole(ms),
        async close() {
          open.delete(page)
          await page.close()
        },
      }
    },
    async close() {
      if (closed) return
      closed = true
      const pending = spare
      spare = null
      if (pending) await pending.then((p) => p.close()).catch(() => {})
      await Promise.all([...open].map((p) => p.close()))
      open.clear()
      killGroup(xvfb.proc, 'SIGTERM')
      const x = xvfb.proc
      setTimeout(() => killGroup(x, 'SIGKILL'), 2000).unref()
      process.removeListener('exit', killAll)
    },
  }
}
