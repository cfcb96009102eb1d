import { describe, expect, it } from 'vitest'
import { MAX_WORLDS, parseMemory } from '@/features/sandbox/console-memory'

describe('what the sandbox console remembers', () => {
  it('reads back a stored memory', () => {
    const raw = JSON.stringify({ worldId: 'w-1', tab: 'alarms', worlds: { 'w-1': { alarm: 'latency-p99', metric: { key: 'k', stat: 'p99', period: 300, range: '1d' } } } })
    expect(parseMemory(raw)).toEqual({ worldId: 'w-1', tab: 'alarms', worlds: { 'w-1': { alarm: 'latency-p99', metric: { key: 'k', stat: 'p99', period: 300, range: '1d' } } } })
  })

  it('ignores what is damaged or foreign instead of failing', () => {
    expect(parseMemory('{not json')).toEqual({ worldId: null, tab: 'endpoints', worlds: {} })
    expect(parseMemory(JSON.stringify({ worldId: 7, tab: 'nope', worlds: { a: { metric: { key: 'k', period: -1 } }, b: 'x' } }))).toEqual({
      worldId: null,
      tab: 'endpoints',
      worlds: { a: {} }
    })
  })

  it(`keeps the selections of the ${MAX_WORLDS} most recent worlds`, () => {
    const worlds = Object.fromEntries(Array.from({ length: MAX_WORLDS + 5 }, (_, i) => [`w-${i}`, { alarm: 'a' }]))
    const kept = Object.keys(parseMemory(JSON.stringify({ worldId: null, tab: 'metrics', worlds })).worlds)
    expect(kept).toHaveLength(MAX_WORLDS)
    expect(kept[0]).toBe('w-5')
  })
})
