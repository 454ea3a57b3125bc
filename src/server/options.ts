import type { RouteDefinition } from './routes-file.ts'

export interface ServerOptions {
  /** The active scenario at start. Default `allow-all`. */
  scenario?: string
  /** Default 4010; 0 picks a free port. */
  port?: number
  /** Default 127.0.0.1. Any other address requires a token for the control API and dashboard. */
  host?: string
  /** Mock routes instead of the default API: a YAML/JSON file path, or the routes as data. */
  routes?: string | RouteDefinition[]
  /** Proxy every request to this backend instead (its Access-Control-* headers dropped). */
  upstream?: string
  /** A directory of extra scenario files, reloaded on change. */
  scenariosDir?: string
  /** Journal entries kept (a ring buffer). Default 500. */
  journalSize?: number
  /**
   * More Host names the control API and dashboard answer to, besides the server's own (localhost,
   * 127.0.0.1, [::1] on loopback; the address it listens on otherwise): for a name that points here.
   */
  allowedHosts?: string[]
  /** The control API token; generated when the host is not loopback and none is given. */
  token?: string
  /** The dashboard's own port (its "page origin"). Default: port + 1, or a free port; false: none. */
  pagePort?: number | false
  /** Where reload reports and warnings go. Default: stderr. */
  log?: (line: string) => void
}

export const defaultPort = 4010
export const defaultHost = '127.0.0.1'
export const maxJournalSize = 100_000
