import { execFile, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { stripTypeScriptTypes } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { freePort, startProcess, type Running } from './processes.ts'

/*
 * A tiny real app per stack, each serving GET and PUT /api/items with an `x-total-count` header and
 * knowing nothing of CORS. Its template has one marker line where a CORS configuration goes: the
 * place the stack's snippet contract names (after the app is created, before the routes).
 */

const appsDir = fileURLToPath(new URL('./apps/', import.meta.url))
const python = '/usr/bin/python3'
const marker = /^([ \t]*)(?:\/\/|#) corslab: CORS goes here$/m

/** The template with `code` at the marker, indented like it; Go's import lines go after `package`. */
export function insertAtMarker(template: string, code: string | null, options: { goImports?: boolean } = {}): string {
  if (!marker.test(template)) throw new Error('template has no "corslab: CORS goes here" marker')
  if (code === null) return template
  let body = code
  let out = template
  if (options.goImports) {
    const imports = code.split('\n').filter((l) => l.startsWith('import '))
    body = code.split('\n').filter((l) => !l.startsWith('import ')).join('\n')
    out = out.replace(/^package main\n/m, (p) => `${p}\n${imports.join('\n')}\n`)
  }
  return out.replace(marker, (_, indent: string) => body.split('\n').map((l) => (l === '' ? '' : indent + l)).join('\n'))
}

export interface Configured {
  /** The CORS configuration to put in, or null for none. */
  cors: string | null
}

/** The page's request: by default a credentialed PUT /api/items with a JSON body and a token, reading x-total-count. */
export interface PageRequest {
  method: string
  path: string
  headers: Record<string, string>
  body?: string
  /** A response header the page reads (the fix must expose it). */
  reads?: string
}

export const defaultRequest: PageRequest = {
  method: 'PUT',
  path: '/api/items',
  headers: { 'content-type': 'application/json', authorization: 'Bearer t0ken' },
  body: '{"name":"x"}',
  reads: 'x-total-count',
}

export interface StackApp {
  /** The stack id whose fix this app proves. */
  stack: string
  /** Set when the stack has more than one app. */
  name?: string
  request?: PageRequest
  /** The stack `check` recognises from the app's answers without --stack; null where nothing shows it. */
  recognisedAs: string | null
  /** Configurations people write that still block a credentialed, preflighted PUT. */
  wrong: Array<{ name: string; cors: string }>
  /** Why the app cannot run on this machine, or null. */
  missing(): string | null
  /** Starts the app in `work` (a fresh directory) with `cors` at its marker. */
  start(work: string, config: Configured): Promise<Running>
}

const template = (name: string) => readFileSync(join(appsDir, name), 'utf8')
const needs = (...paths: string[]) => () => {
  const absent = paths.filter((p) => !existsSync(p))
  return absent.length === 0 ? null : `not installed: ${absent.join(', ')} (npm test's pretest installs it: scripts/install-stacks.sh)`
}
const pythonModule = (dir: string) => needs(python, `/usr/lib/python3/dist-packages/${dir}`)
/** Ruby libraries are spread over vendor_ruby and rubygems-integration: ask Ruby itself. */
const rubyLibs = (...libs: string[]) => () => {
  const missing = needs('/usr/bin/ruby')()
  if (missing !== null) return missing
  const probe = spawnSync('/usr/bin/ruby', ['-e', libs.map((l) => `require ${JSON.stringify(l)}`).join('; ')], { encoding: 'utf8' })
  return probe.status === 0 ? null : `Ruby cannot load ${libs.join(', ')} (npm test's pretest installs them: scripts/install-stacks.sh): ${probe.stderr.trim()}`
}

function nodeApp(stack: string, file: string, recognisedAs: string | null, wrong: StackApp['wrong']): StackApp {
  return {
    stack,
    recognisedAs,
    wrong,
    missing: () => null,
    start(work, { cors }) {
      writeFileSync(join(work, 'app.mjs'), insertAtMarker(template(file), cors))
      return startProcess(process.execPath, ['app.mjs'], { cwd: work })
    },
  }
}

function pythonApp(stack: string, file: string, recognisedAs: string | null, module: string, wrong: StackApp['wrong'], extra: Partial<StackApp> = {}): StackApp {
  return {
    ...extra,
    stack,
    recognisedAs,
    wrong,
    missing: pythonModule(module),
    start(work, { cors }) {
      writeFileSync(join(work, 'app.py'), insertAtMarker(template(file), cors))
      return startProcess(python, ['app.py'], { cwd: work })
    },
  }
}

function rackApp(stack: string, file: string, recognisedAs: string, wrong: StackApp['wrong'], missing: () => string | null): StackApp {
  return {
    stack,
    recognisedAs,
    wrong,
    missing,
    start(work, { cors }) {
      writeFileSync(join(work, 'config.ru'), insertAtMarker(template(file), cors))
      return startProcess('/usr/bin/ruby', [join(appsDir, 'serve.rb'), 'config.ru'], { cwd: work })
    },
  }
}

/** A server that proxies to `backend` (the API without CORS), configured from a template with {dir}, {port}, {backend}. */
function proxyApp(
  stack: string,
  file: string,
  binary: string,
  args: (work: string) => string[],
  wrong: StackApp['wrong'],
  backend: () => number,
): StackApp {
  return {
    stack,
    recognisedAs: stack,
    wrong,
    missing: needs(binary),
    async start(work, { cors }) {
      const port = await freePort()
      const config = insertAtMarker(template(file), cors)
        .replaceAll('{dir}', work)
        .replaceAll('{port}', String(port))
        .replaceAll('{backend}', String(backend()))
      writeFileSync(join(work, file), config)
      return startProcess(binary, args(work), { cwd: work, port, env: { HOME: work, XDG_DATA_HOME: work, XDG_CONFIG_HOME: work } })
    },
  }
}

const run = promisify(execFile)

export function stackApps(backend: () => number): StackApp[] {
  return [
    nodeApp('express', 'express.mjs', 'express', [{ name: 'app.use(cors())', cors: "import cors from 'cors'\n\napp.use(cors())" }]),
    nodeApp('fastify', 'fastify.mjs', null, [
      { name: 'register(cors, { origin: true, credentials: true }) with its default methods', cors: "import cors from '@fastify/cors'\n\nawait app.register(cors, { origin: true, credentials: true })" },
    ]),
    nodeApp('hono', 'hono.mjs', null, [{ name: "cors({ origin: '*', credentials: true })", cors: "import { cors } from 'hono/cors'\n\napp.use('*', cors({ origin: '*', credentials: true }))" }]),
    nodeApp('koa', 'koa.mjs', null, [{ name: 'app.use(cors())', cors: "import cors from '@koa/cors'\n\napp.use(cors())" }]),
    // Nest's Express adapter says X-Powered-By: Express: the fix for Express is the fix that shows.
    nodeApp('nestjs', 'nestjs.mjs', 'express', [{ name: 'app.enableCors()', cors: 'app.enableCors()' }]),
    {
      stack: 'nextjs',
      recognisedAs: null,
      wrong: [
        {
          name: "headers() in next.config.mjs with Access-Control-Allow-Origin: *",
          cors: "export default {\n  async headers() {\n    return [{ source: '/api/:path*', headers: [\n      { key: 'Access-Control-Allow-Origin', value: '*' },\n      { key: 'Access-Control-Allow-Methods', value: 'GET, PUT, OPTIONS' },\n      { key: 'Access-Control-Allow-Headers', value: '*' },\n    ] }]\n  },\n}\n",
        },
      ],
      missing: () => null,
      async start(work, { cors }) {
        cpSync(join(appsDir, 'nextjs'), work, { recursive: true })
        // The snippet is proxy.ts; the app is plain JavaScript, so its types are stripped as TypeScript would.
        if (cors?.includes('export function proxy')) writeFileSync(join(work, 'proxy.js'), stripTypeScriptTypes(cors))
        else if (cors !== null && cors !== undefined) writeFileSync(join(work, 'next.config.mjs'), cors)
        const port = await freePort()
        const next = fileURLToPath(new URL('../../node_modules/next/dist/bin/next', import.meta.url))
        return startProcess(process.execPath, [next, 'dev', '-p', String(port), '-H', '127.0.0.1'], { cwd: work, port, env: { NEXT_TELEMETRY_DISABLED: '1' }, timeoutMs: 120_000 })
      },
    },
    // The seed: a hello world blocked from another origin, "fixed" with origins="*", which reflects every origin.
    pythonApp('flask', 'flask-seed.py', 'flask', 'flask_cors', [{ name: 'CORS(app, origins="*")', cors: 'from flask_cors import CORS\n\nCORS(app, origins="*")' }], {
      name: 'flask (the seed: hello world)',
      request: { method: 'GET', path: '/', headers: { authorization: 'Bearer t0ken' } },
    }),
    pythonApp('flask', 'flask.py', 'flask', 'flask_cors', [{ name: 'CORS(app, supports_credentials=True, allow_headers=["content-type"])', cors: 'from flask_cors import CORS\n\nCORS(app, supports_credentials=True, allow_headers=["content-type"])' }]),
    {
      stack: 'django',
      recognisedAs: 'django',
      wrong: [
        {
          name: 'CORS_ALLOW_ALL_ORIGINS = True, CorsMiddleware appended last',
          cors: 'INSTALLED_APPS += ["corsheaders"]\nMIDDLEWARE.append("corsheaders.middleware.CorsMiddleware")\nCORS_ALLOW_ALL_ORIGINS = True',
        },
      ],
      missing: pythonModule('corsheaders'),
      start(work, { cors }) {
        cpSync(join(appsDir, 'django'), work, { recursive: true })
        writeFileSync(join(work, 'settings.py'), insertAtMarker(template('django/settings.py'), cors))
        return startProcess(python, ['serve.py'], { cwd: work })
      },
    },
    pythonApp('fastapi', 'fastapi.py', 'fastapi', 'fastapi', [
      {
        name: 'CORSMiddleware with allow_origins=["*"], allow_credentials=True and its default methods',
        cors: 'from fastapi.middleware.cors import CORSMiddleware\n\napp.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)',
      },
    ]),
    rackApp(
      'rails',
      'rails.ru',
      'rails',
      [
        {
          name: 'config.middleware.use Rack::Cors with origins "*"',
          cors: 'require "rack/cors"\n\nRails.application.config.middleware.use Rack::Cors do\n  allow do\n    origins "*"\n    resource "*", headers: :any, methods: [:get, :put, :options]\n  end\nend',
        },
      ],
      rubyLibs('action_controller/railtie', 'rack/cors', 'webrick'),
    ),
    rackApp(
      'rack',
      'rack.ru',
      'rack',
      [{ name: 'use Rack::Cors with origins "*"', cors: 'require "rack/cors"\n\nuse Rack::Cors do\n  allow do\n    origins "*"\n    resource "*", headers: :any, methods: [:get, :put, :options]\n  end\nend' }],
      rubyLibs('rack/cors', 'webrick'),
    ),
    {
      stack: 'go',
      recognisedAs: null,
      wrong: [{ name: 'cors.Default()', cors: 'import "github.com/rs/cors"\n\nhandler = cors.Default().Handler(handler)' }],
      missing: needs('/usr/bin/go', '/usr/share/gocode/src/github.com/rs/cors/cors.go'),
      async start(work, { cors }) {
        writeFileSync(join(work, 'main.go'), insertAtMarker(template('go/main.go'), cors, { goImports: true }))
        // Debian's Go libraries live in /usr/share/gocode: GOPATH mode, nothing fetched.
        const env = { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOFLAGS: '', GOPROXY: 'off' }
        await run('/usr/bin/go', ['build', '-o', 'app', 'main.go'], { cwd: work, env })
        return startProcess(join(work, 'app'), [], { cwd: work })
      },
    },
    proxyApp('nginx', 'nginx.conf', '/usr/sbin/nginx', (work) => ['-p', work, '-c', join(work, 'nginx.conf')], [
      {
        name: 'add_header Access-Control-Allow-Origin * always, preflights left to the app',
        cors: 'add_header Access-Control-Allow-Origin * always;\nadd_header Access-Control-Allow-Methods "GET, PUT, OPTIONS" always;\nadd_header Access-Control-Allow-Headers "*" always;',
      },
    ], backend),
    proxyApp('apache', 'apache.conf', '/usr/sbin/apache2', (work) => ['-f', join(work, 'apache.conf'), '-DFOREGROUND'], [
      { name: 'Header set Access-Control-Allow-Origin "*" (without always)', cors: 'Header set Access-Control-Allow-Origin "*"\nHeader set Access-Control-Allow-Credentials "true"' },
    ], backend),
    proxyApp('caddy', 'Caddyfile', '/usr/bin/caddy', (work) => ['run', '--config', join(work, 'Caddyfile'), '--adapter', 'caddyfile'], [
      { name: 'header Access-Control-Allow-Origin *', cors: 'header Access-Control-Allow-Origin *\nheader Access-Control-Allow-Methods "GET, PUT, OPTIONS"' },
    ], backend),
  ]
}

/** A fresh directory for one run of one app, where Node resolves the project's node_modules. */
export function workDir(root: string, name: string): string {
  const dir = join(root, name)
  mkdirSync(dir, { recursive: true })
  return dir
}
