import type { HeaderList } from '../engine/index.ts'
import { removeHeaders, setHeader } from './headers.ts'
import type { Fault, FaultWhen, StatusPattern } from './types.ts'

/** The placeholders a fault value may hold. */
export const placeholders = ['origin', 'path', 'scenario', 'altOrigin'] as const
export type Placeholder = (typeof placeholders)[number]
export type PlaceholderValues = Record<Placeholder, string>

export const placeholderPattern = /\{([^{}]*)\}/g

export function expand(value: string, values: PlaceholderValues): string {
  return value.replace(placeholderPattern, (whole, name: string) =>
    (placeholders as readonly string[]).includes(name) ? values[name as Placeholder] : whole)
}

/**
 * `{altOrigin}`: this server under its other loopback name, so a redirect there is cross-origin yet
 * reaches the same server: `localhost` becomes `127.0.0.1`, any other host becomes `localhost`.
 */
export function altOrigin(host: string | undefined): string {
  const match = /^(\[[^\]]*\]|[^:]*)(:\d+)?$/.exec(host ?? '')
  const name = match?.[1] ?? ''
  const port = match?.[2] ?? ''
  return `http://${name.toLowerCase() === 'localhost' ? '127.0.0.1' : 'localhost'}${port}`
}

export interface FaultContext {
  preflight: boolean
  method: string
  /** Without the query. */
  pathname: string
}

function statusMatches(status: number, pattern: StatusPattern): boolean {
  return typeof pattern === 'number' ? status === pattern : String(status)[0] === pattern[0]
}

export function faultApplies(when: FaultWhen | undefined, status: number, context: FaultContext): boolean {
  if (when === undefined) return true
  if (when.preflight !== undefined && when.preflight !== context.preflight) return false
  if (when.status !== undefined) {
    const patterns = Array.isArray(when.status) ? when.status : [when.status]
    if (!patterns.some((p) => statusMatches(status, p))) return false
  }
  if (when.path !== undefined) {
    const hit = when.path.endsWith('*')
      ? context.pathname.startsWith(when.path.slice(0, -1))
      : context.pathname === when.path
    if (!hit) return false
  }
  if (when.method !== undefined) {
    const methods = Array.isArray(when.method) ? when.method : [when.method]
    if (!methods.some((m) => m.toUpperCase() === context.method.toUpperCase())) return false
  }
  return true
}

function lines(value: string | string[], values: PlaceholderValues): string[] {
  return (Array.isArray(value) ? value : [value]).map((v) => expand(v, values))
}

/** Applies one fault to an answer in place: status, remove, set, add; returns the delay it adds. */
export function applyFault(fault: Fault, answer: { status: number, headers: HeaderList }, values: PlaceholderValues): number {
  if (fault.status !== undefined) answer.status = fault.status
  if (fault.remove !== undefined) removeHeaders(answer.headers, fault.remove)
  for (const [name, value] of Object.entries(fault.set ?? {})) setHeader(answer.headers, name, lines(value, values))
  for (const [name, value] of Object.entries(fault.add ?? {})) {
    for (const line of lines(value, values)) answer.headers.push([name, line])
  }
  return fault.delay ?? 0
}
