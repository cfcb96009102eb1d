/**
 * Deterministic identifiers (CloudTrail event and request ids, EventBridge event ids) drawn from the
 * world's seeded stream, shaped like the UUIDs AWS prints. Replaying a world gives the same ids.
 */
import type { Rng } from './rng'

/** Makes a fresh identifier; `prefix` says what it is for (some callers shape it, most ignore it). */
export type IdGenerator = (prefix: string) => string

function hex(rng: Rng, digits: number): string {
  let out = ''
  for (let i = 0; i < digits; i++) out += Math.floor(rng.next() * 16).toString(16)
  return out
}

export function createIdGenerator(rng: Rng): IdGenerator {
  return () => `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-${'89ab'[Math.floor(rng.next() * 4)]}${hex(rng, 3)}-${hex(rng, 12)}`
}
