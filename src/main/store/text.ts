/**
 * Text the store can keep exactly. node-sqlite3-wasm binds a string as a NUL-terminated C string
 * (`sqlite3_bind_text` with length -1) and reads columns back the same way, so U+0000 would cut a
 * value off where it is stored. Nothing in MLOps Lab has a use for a NUL, so values carrying one are
 * refused before they reach SQLite, naming the field. JSON columns are safe either way
 * (JSON.stringify writes U+0000 as the six characters `\u0000`); the refusal covers them too so
 * that every text field follows one rule.
 */
import type { ErrorIssue } from '../../shared/errors'

export const NUL_MESSAGE = 'must not contain the NUL character (U+0000)'

export interface ShapeLimits {
  /** Containers nested deeper than this are refused. */
  maxDepth?: number
  /** Stop after this many issues. */
  maxIssues?: number
}

function pathOf(parent: string, key: string | number): string {
  return typeof key === 'number' ? `${parent}[${key}]` : parent ? `${parent}.${key}` : key
}

/**
 * Every string and key under `value` that contains U+0000, and every container nested deeper than
 * `maxDepth`, as issues whose paths start at `prefix`. Iterative, so a hostile depth cannot
 * overflow the stack; a long array of numbers queues nothing.
 */
export function textAndDepthIssues(value: unknown, prefix = '', limits: ShapeLimits = {}): ErrorIssue[] {
  const maxDepth = limits.maxDepth ?? Number.POSITIVE_INFINITY
  const maxIssues = limits.maxIssues ?? 5
  const issues: ErrorIssue[] = []
  const stack: { value: object; path: string; depth: number }[] = []
  const visit = (v: unknown, path: string, depth: number): void => {
    if (typeof v === 'string') {
      if (v.includes('\u0000')) issues.push({ path, message: NUL_MESSAGE })
    } else if (typeof v === 'object' && v !== null) {
      if (depth > maxDepth) issues.push({ path, message: `is nested deeper than ${maxDepth} levels` })
      else stack.push({ value: v, path, depth })
    }
  }
  visit(value, prefix, 0)
  while (stack.length > 0 && issues.length < maxIssues) {
    const { value: container, path, depth } = stack.pop() as { value: object; path: string; depth: number }
    if (Array.isArray(container)) {
      for (let i = 0; i < container.length; i++) {
        const item: unknown = container[i]
        if (typeof item === 'string' || (typeof item === 'object' && item !== null)) visit(item, pathOf(path, i), depth + 1)
      }
      continue
    }
    for (const [key, child] of Object.entries(container)) {
      if (key.includes('\u0000')) issues.push({ path: pathOf(path, key), message: `field names ${NUL_MESSAGE}` })
      else visit(child, pathOf(path, key), depth + 1)
    }
  }
  return issues.slice(0, maxIssues)
}
