import { describe, expect, it } from 'vitest'
import { createMatcher, describeKeys, isTypingTarget, keyName, SEQUENCE_MS, type Shortcut } from '@/features/app/shortcuts'

const s = (keys: string): Shortcut => ({ keys, label: keys, group: 'Test', run: () => undefined })
const list = [s('r'), s('g l'), s('g s'), s('?'), s('mod+k')]
const el = (tagName: string, type?: string, editable = false) => ({ tagName, type, closest: () => (editable ? {} : null) }) as unknown as Element

describe('keyboard shortcuts', () => {
  it('match single keys and two-key sequences, and a slow second key starts over', () => {
    const m = createMatcher(() => list)
    expect(m.feed('r', 0)).toBe(list[0])
    expect(m.feed('g', 10)).toBe('pending')
    expect(m.feed('l', 20)).toBe(list[1])
    expect(m.feed('g', 100)).toBe('pending')
    expect(m.feed('s', 100 + SEQUENCE_MS + 1)).toBeNull()
    expect(m.feed('x', 5000)).toBeNull()
  })

  it('name keys as typed: Shift+R is not r, Ctrl and ⌘ are both mod', () => {
    expect(keyName({ key: 'R', ctrlKey: false, metaKey: false, altKey: false })).toBe('R')
    expect(keyName({ key: 'k', ctrlKey: true, metaKey: false, altKey: false })).toBe('mod+k')
    expect(keyName({ key: 'k', ctrlKey: false, metaKey: true, altKey: false })).toBe('mod+k')
    expect(keyName({ key: 'Shift', ctrlKey: false, metaKey: false, altKey: false })).toBeNull()
  })

  it('do not fire in fields that take text, but do on checkboxes and buttons', () => {
    expect(isTypingTarget(el('INPUT', 'text'))).toBe(true)
    expect(isTypingTarget(el('INPUT', 'number'))).toBe(true)
    expect(isTypingTarget(el('TEXTAREA'))).toBe(true)
    expect(isTypingTarget(el('SELECT'))).toBe(true)
    expect(isTypingTarget(el('DIV', undefined, true))).toBe(true)
    expect(isTypingTarget(el('INPUT', 'checkbox'))).toBe(false)
    expect(isTypingTarget(el('BUTTON'))).toBe(false)
  })

  it('read in the cheat sheet as keys to press', () => {
    expect(describeKeys('g l', false)).toEqual(['G', 'then', 'L'])
    expect(describeKeys('mod+k', false)).toEqual(['Ctrl+K'])
    expect(describeKeys('mod+k', true)).toEqual(['⌘K'])
  })
})
