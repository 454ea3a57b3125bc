import { CorslabError } from '../errors.ts'
import { apache } from './apache.ts'
import { apiGateway } from './api-gateway.ts'
import { aspnet } from './aspnet.ts'
import { caddy } from './caddy.ts'
import { django } from './django.ts'
import { express } from './express.ts'
import { fastapi } from './fastapi.ts'
import { fastify } from './fastify.ts'
import { flask } from './flask.ts'
import { go } from './go.ts'
import { hono } from './hono.ts'
import { koa } from './koa.ts'
import { laravel } from './laravel.ts'
import { nestjs } from './nestjs.ts'
import { nextjs } from './nextjs.ts'
import { nginx } from './nginx.ts'
import { rack } from './rack.ts'
import { rails } from './rails.ts'
import { s3 } from './s3.ts'
import { spring } from './spring.ts'
import type { Stack } from './types.ts'

/** Every stack corslab writes fixes for, in the order `corslab stacks` lists them. */
export const stacks: readonly Stack[] = [
  express, fastify, hono, koa, nestjs, nextjs,
  flask, django, fastapi,
  rails, rack, go,
  nginx, apache, caddy,
  spring, aspnet, laravel, apiGateway, s3,
]

const normal = (name: string) => name.trim().toLowerCase()

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] as number
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length] as number
}

/** The stack id closest to `name` (by edit distance over ids and aliases). */
export function closestStack(name: string): string {
  const wanted = normal(name)
  let best = { id: stacks[0]?.id ?? '', d: Infinity }
  for (const stack of stacks) {
    for (const candidate of [stack.id, ...stack.aliases]) {
      const d = candidate.startsWith(wanted) || wanted.startsWith(candidate) ? 0.5 : distance(wanted, candidate)
      if (d < best.d) best = { id: stack.id, d }
    }
  }
  return best.id
}

/** The stack with this id or alias (case-insensitive); a CorslabError naming the closest id otherwise. */
export function getStack(name: string): Stack {
  const wanted = normal(name)
  const found = stacks.find((s) => s.id === wanted || s.aliases.includes(wanted))
  if (found) return found
  throw new CorslabError(
    'E_INVALID_OPTION',
    `Unknown stack ${JSON.stringify(name)}: did you mean ${closestStack(name)}? The stacks are ${stacks.map((s) => s.id).join(', ')} (corslab stacks lists them).`,
  )
}
