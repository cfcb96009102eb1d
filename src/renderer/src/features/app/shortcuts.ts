/**
 * Keyboard shortcuts, in the way of Gmail and GitHub: single keys and two-key sequences ("g" then
 * "l") that never fire while the learner types in a field, and a cheat sheet (`?`) that lists what
 * works on the current view. Views register theirs for as long as they are mounted
 * (`useShortcuts`); the shell registers the global ones and installs the one listener.
 */
import { onBeforeUnmount, onMounted, shallowRef } from 'vue'

export interface Shortcut {
  /** Space-separated key sequence: "r", "g l", "?", "mod+k" (Ctrl, or ⌘ on a Mac). */
  keys: string
  /** What it does, as the cheat sheet says it. */
  label: string
  /** The cheat sheet's section ("Lab", "Go to", "General"). */
  group: string
  run: () => void
  /** When given and false, the shortcut is shown as unavailable and does nothing. */
  enabled?: () => boolean
}

/** Every shortcut in force, in registration order. */
export const activeShortcuts = shallowRef<Shortcut[]>([])

export function registerShortcuts(list: Shortcut[]): () => void {
  activeShortcuts.value = [...activeShortcuts.value, ...list]
  return () => {
    activeShortcuts.value = activeShortcuts.value.filter((s) => !list.includes(s))
  }
}

/** A component's shortcuts, registered while it is mounted. */
export function useShortcuts(list: Shortcut[]): void {
  let off: (() => void) | null = null
  onMounted(() => (off = registerShortcuts(list)))
  onBeforeUnmount(() => off?.())
}

const NOT_TYPED = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'])

/** Whether keys pressed in `el` type text (so a letter is a letter, not a shortcut). */
export function isTypingTarget(el: Pick<Element, 'tagName' | 'closest'> | null): boolean {
  if (!el || typeof el.tagName !== 'string') return false
  const tag = el.tagName.toUpperCase()
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  if (tag === 'INPUT') return !NOT_TYPED.has(((el as HTMLInputElement).type || 'text').toLowerCase())
  return el.closest('[contenteditable=""], [contenteditable="true"]') !== null
}

/** The key as the `keys` strings name it: "r", "?", "mod+k", "escape"; null for a bare modifier. */
export function keyName(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): string | null {
  if (['Shift', 'Control', 'Meta', 'Alt', 'CapsLock'].includes(e.key)) return null
  // Printable keys as typed ("R" is Shift+R, not "r"); named keys in lower case.
  const key = e.key.length === 1 ? e.key : e.key.toLowerCase()
  if (e.altKey) return `alt+${key.toLowerCase()}`
  if (e.ctrlKey || e.metaKey) return `mod+${key.toLowerCase()}`
  return key
}

/** How long the second key of a sequence may wait for the first. */
export const SEQUENCE_MS = 1200

/**
 * Matches pressed keys against shortcuts, sequences included: a key that starts a sequence waits
 * for the next one; a key that completes nothing starts over.
 */
export function createMatcher(shortcuts: () => Shortcut[]) {
  let pending: string[] = []
  let last = 0
  return {
    /** The shortcut this key completes, 'pending' if it may start one, or null. */
    feed(key: string, now: number): Shortcut | 'pending' | null {
      if (now - last > SEQUENCE_MS) pending = []
      last = now
      for (const attempt of [[...pending, key], [key]]) {
        const typed = attempt.join(' ')
        const list = shortcuts()
        const hit = list.find((s) => s.keys === typed)
        if (hit) {
          pending = []
          return hit
        }
        if (list.some((s) => s.keys.startsWith(`${typed} `))) {
          pending = attempt
          return 'pending'
        }
      }
      pending = []
      return null
    },
    reset(): void {
      pending = []
    }
  }
}

/** "g l" → ["G", "then", "L"]; "mod+k" → ["Ctrl+K"] (⌘K on a Mac); for the cheat sheet. */
export function describeKeys(keys: string, mac = /Mac|iPhone|iPad/.test(navigator.platform)): string[] {
  const out: string[] = []
  keys.split(' ').forEach((k, i) => {
    if (i > 0) out.push('then')
    const mod = k.startsWith('mod+')
    const base = mod ? k.slice(4) : k
    const name = base === 'escape' ? 'Esc' : base.length === 1 ? base.toUpperCase() : base
    out.push(mod ? (mac ? `⌘${name}` : `Ctrl+${name}`) : name)
  })
  return out
}

/**
 * The one keydown listener. Shortcuts do nothing while focus is in a text field, while a modal
 * dialog is open (it has its own keys), or with Alt; Ctrl/⌘ only with the keys that name it.
 */
export function installShortcutListener(): () => void {
  const matcher = createMatcher(() => activeShortcuts.value)
  const onKey = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || e.isComposing || isTypingTarget(e.target as Element | null)) return
    if (document.querySelector('dialog[open]')) return
    const key = keyName(e)
    if (!key) return
    const hit = matcher.feed(key, e.timeStamp || performance.now())
    if (hit === 'pending') {
      e.preventDefault()
      return
    }
    if (!hit || (hit.enabled && !hit.enabled())) return
    e.preventDefault()
    hit.run()
  }
  window.addEventListener('keydown', onKey)
  return () => window.removeEventListener('keydown', onKey)
}
