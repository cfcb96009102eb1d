/**
 * Deterministic identifiers (CloudTrail event and request ids, EventBridge event ids) drawn from the
 * world's seeded stream, shaped like the UUIDs AWS prints. Replaying a world gives the same ids.
 */
import type { Rng } from './rng'

/** Makes a fresh identifier; `prefix` says what it is for (some callers shape it, most ignore it). */
export type IdGenerator = (prefix: string) => string

const HEX_DIGITS = '0123456789abcdef'

function hex(rng: Rng, digits: number): string {
  // The digit of floor(u · 16), as toString(16) writes it, read from a table.
  let out = ''
  for (let i = 0; i < digits; i++) out += HEX_DIGITS[Math.floor(rng.next() * 16)]
  return out
}

export function createIdGenerator(rng: Rng): IdGenerator {
  return () => `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-${'89ab'[Math.floor(rng.next() * 4)]}${hex(rng, 3)}-${hex(rng, 12)}`
}
