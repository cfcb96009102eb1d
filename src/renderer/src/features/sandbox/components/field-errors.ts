/**
 * Turns a refused request's issues into messages beside the form's fields. The sandbox names each
 * field by its path in the request (`action.Period`, `action.Traffic.baseRpm`,
 * `action.EventPattern.source`); a form lists the paths it shows, and whatever matches none of them
 * is shown at the top of the form, so no message is ever lost.
 */
import { computed, ref } from 'vue'
import { ApiError } from '@/api/api-error'

/** `action.X` → `X`: forms name fields as the action does. */
const strip = (path: string): string => path.replace(/^action\.?/, '')

export function useFieldErrors(fields: () => string[]) {
  const issues = ref<{ path: string; message: string }[]>([])
  const failure = ref<string | null>(null)

  /** A field's message. A field also owns the paths nested under it (`EventPattern` owns `EventPattern.source`). */
  function errorFor(field: string): string | undefined {
    const hits = issues.value.filter((i) => i.path === field || i.path.startsWith(`${field}.`) || i.path.startsWith(`${field}[`))
    if (hits.length === 0) return undefined
    return hits.map((i) => (i.path === field ? i.message : `${i.path.slice(field.length + 1)}: ${i.message}`)).join('; ')
  }

  const owned = (path: string): boolean => fields().some((f) => path === f || path.startsWith(`${f}.`) || path.startsWith(`${f}[`))

  /** Messages for the form as a whole: the request-level message and any issue no field shows. */
  const formError = computed(() => {
    if (failure.value === null) return null
    const loose = issues.value.filter((i) => !owned(i.path))
    if (loose.length > 0) return loose.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join(' · ')
    return issues.value.length > 0 ? 'The sandbox refused this request: see the marked fields.' : failure.value
  })

  function clear(): void {
    issues.value = []
    failure.value = null
  }

  function capture(err: unknown): void {
    if (err instanceof ApiError) {
      issues.value = err.issues.map((i) => ({ path: strip(i.path), message: i.message }))
      failure.value = err.message
    } else {
      issues.value = []
      failure.value = err instanceof Error ? err.message : String(err)
    }
  }

  /** Runs a request, clearing old messages first; returns whether it succeeded. */
  async function run(task: () => Promise<unknown>): Promise<boolean> {
    clear()
    try {
      await task()
      return true
    } catch (err) {
      capture(err)
      return false
    }
  }

  return { errorFor, formError, clear, capture, run }
}

/** Form values for number inputs: '' (an emptied input) becomes null so the sandbox names the field. */
export function num(v: number | string | null | undefined): number {
  return v === '' || v === null || v === undefined ? (null as unknown as number) : Number(v)
}

/** An optional number: omitted when the input is empty. */
export function optNum(v: number | string | null | undefined): number | undefined {
  return v === '' || v === null || v === undefined ? undefined : Number(v)
}
