import { spawn, type ChildProcess } from 'node:child_process'
import { freePort, killGroup, miniBrowserPath, sleep, startXvfb, tail } from './webkit-shared.ts'
import { parseJsonResult, wrapForJson, type BrowserPage, type BrowserSession } from './types.ts'

/**
 * WebKitGTK over classic W3C WebDriver (Debian's webkit2gtk-driver), under an Xvfb display this
 * module starts itself.
 *
 * Each page is its own WebDriver session, so its own MiniBrowser process with a new ephemeral
 * data store (MiniBrowser always runs ephemeral in --automation mode): empty HTTP cache, preflight
 * cache and cookies. WebKitWebDriver serves one session at a time, so a small pool of drivers is
 * kept and the next page's session is started in the background while the current page works.
 *
 * Console: none. WebKitWebDriver has no log endpoint, this build has no WebDriver BiDi
 * (`webSocketUrl` is refused), MiniBrowser's `--enable-write-console-messages-to-stdout` prints
 * nothing for ephemeral sessions (which automation sessions always are), and the remote Web
 * Inspector (WEBKIT_INSPECTOR_HTTP_SERVER) cannot run beside automation. takeConsole() returns
 * null; webkit-inspector.ts is the driver that has console text.
 */

interface WdReply {
  value: unknown
}

class Driver {
  busy = false
  readonly proc: ChildProcess
  readonly base: string
  readonly output: () => string
  private constructor(proc: ChildProcess, base: string, output: () => string) {
    this.proc = proc
    this.base = base
    this.output = output
  }

  static async start(display: string): Promise<Driver> {
    const port = await freePort()
    const proc = spawn('WebKitWebDriver', [`--port=${port}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, DISPLAY: display, NO_AT_BRIDGE: '1', GDK_BACKEND: 'x11', WEBKIT_DISABLE_COMPOSITING_MODE: '1', LIBGL_ALWAYS_SOFTWARE: '1' },
    })
    const output = tail(proc)
    const driver = new Driver(proc, `http://127.0.0.1:${port}`, output)
    const deadline = Date.now() + 15_000
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`WebKitWebDriver exited (${proc.exitCode}): ${output()}`)
      try {
        const r = await fetch(`${driver.base}/status`)
        if (r.ok) break
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) {
        killGroup(proc, 'SIGKILL')
        throw new Error(`WebKitWebDriver did not answer on ${driver.base} within 15 s: ${output()}`)
      }
      await sleep(50)
    }
    return driver
  }

  async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(this.base + path, {
      method,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const reply = (await res.json()) as WdReply
    const v = reply.value as { error?: string; message?: string } | null
    if (!res.ok || (v && typeof v === 'object' && typeof v.error === 'string')) {
      throw new Error(`WebDriver ${method} ${path}: ${v?.error ?? res.status} ${v?.message ?? ''}`.trim())
    }
    return reply.value
  }

  kill(): void {
    killGroup(this.proc, 'SIGTERM')
    const p = this.proc
    setTimeout(() => killGroup(p, 'SIGKILL'), 2000).unref()
  }
}

interface WdSession {
  driver: Driver
  id: string
}

export async function launchWebKitWebDriver(): Promise<BrowserSession> {
  const binary = miniBrowserPath()
  if (!binary) throw new Error('MiniBrowser not found (install webkit2gtk-driver / libwebkit2gtk-4.1-0)')
  const xvfb = await startXvfb()
  const drivers: Driver[] = []
  let closed = false
  const killAll = () => {
    for (const d of drivers) killGroup(d.proc, 'SIGKILL')
    killGroup(xvfb.proc, 'SIGKILL')
  }
  process.once('exit', killAll)

  const capabilities = {
    capabilities: {
      alwaysMatch: {
        'webkitgtk:browserOptions': { binary, args: ['--automation'] },
        pageLoadStrategy: 'normal',
        timeouts: { script: 60_000, pageLoad: 60_000, implicit: 0 },
      },
    },
  }

  async function freeDriver(): Promise<Driver> {
    let d = drivers.find((x) => !x.busy && x.proc.exitCode === null && x.proc.signalCode === null)
    if (!d) {
      d = await Driver.start(xvfb.display)
      drivers.push(d)
    }
    d.busy = true
    return d
  }

  async function createSession(): Promise<WdSession> {
    let lastError: unknown
    for (let attempt = 0; attempt < 2; attempt++) {
      const driver = await freeDriver()
      try {
        const v = (await driver.call('POST', '/session', capabilities)) as { sessionId: string }
        return { driver, id: v.sessionId }
      } catch (e) {
        lastError = e
        // A driver that failed to start a browser is not trusted again.
        driver.kill()
        drivers.splice(drivers.indexOf(driver), 1)
      }
    }
    throw new Error(`cannot start a WebKit session: ${(lastError as Error)?.message}`)
  }

  async function deleteSession(s: WdSession): Promise<void> {
    try {
      await s.driver.call('DELETE', `/session/${s.id}`)
      s.driver.busy = false
    } catch {
      s.driver.kill()
      drivers.splice(drivers.indexOf(s.driver), 1)
    }
  }

  // One session started ahead of time, so newPage() rarely waits for a MiniBrowser to boot.
  let spare: Promise<WdSession> | null = null
  const refill = () => {
    if (closed || spare) return
    spare = createSession()
    spare.catch(() => {
      /* reported when taken */
    })
  }

  refill()

  return {
    name: 'webkit',
    async newPage(): Promise<BrowserPage> {
      if (closed) throw new Error('WebKit session is closed')
      let session: WdSession
      const pending = spare
      spare = null
      try {
        session = pending ? await pending : await createSession()
      } catch {
        session = await createSession()
      }
      refill()
      const path = `/session/${session.id}`
      let pageClosed = false
      return {
        async goto(url) {
          await session.driver.call('POST', `${path}/url`, { url })
        },
        async evaluate<T>(source: string, arg: unknown): Promise<T> {
          const script =
            'const __done = arguments[arguments.length - 1];' +
            `${wrapForJson(source, JSON.stringify(arg ?? null))}.then((v) => __done({ ok: v }), (e) => __done({ err: String((e && e.stack) || e) }));`
          const v = (await session.driver.call('POST', `${path}/execute/async`, { script, args: [] })) as { ok?: string; err?: string }
          if (v && typeof v.err === 'string') throw new Error(`page script failed: ${v.err}`)
          return parseJsonResult<T>(v?.ok)
        },
        takeConsole() {
          return null
        },
        async nextConsole() {},
        async close() {
          if (pageClosed) return
          pageClosed = true
          await deleteSession(session)
          refill()
        },
      }
    },
    async close() {
      if (closed) return
      closed = true
      const pending = spare
      spare = null
      if (pending) {
        try {
          await deleteSession(await pending)
        } catch {
          /* never started */
        }
      }
      for (const d of drivers) d.kill()
      killGroup(xvfb.proc, 'SIGTERM')
      const x = xvfb.proc
      setTimeout(() => killGroup(x, 'SIGKILL'), 2000).unref()
      process.removeListener('exit', killAll)
    },
  }
}
