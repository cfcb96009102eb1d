/**
 * A check is a pure function over a step's run: pass, or fail with a diagnostic that teaches what
 * happened, by how much, and where to look. Parameters are validated by each check's zod schema when
 * a lab file loads, so a typo in a lab is an authoring error, not a runtime surprise.
 */
import type { z } from 'zod'
import type { StepKind } from '../schema'
import type { StepRun } from '../scenario/types'

export interface CheckResult {
  pass: boolean
  diagnostic: string
  details?: Record<string, unknown>
}

export type CheckInputs = Readonly<Record<string, string | number>>

export interface CheckDefinition<P> {
  name: string
  /** One line for authors (README, labs:check). */
  description: string
  params: z.ZodType<P>
  /** Step kinds the check can grade. */
  kinds: readonly StepKind[]
  run(result: StepRun, params: P, inputs: CheckInputs): CheckResult
}

/** A registered check with its parameter type erased: `run` takes parameters already parsed by `params`. */
export interface AnyCheck {
  name: string
  description: string
  params: z.ZodType<unknown>
  kinds: readonly StepKind[]
  run(result: StepRun, params: unknown, inputs: CheckInputs): CheckResult
}

export function defineCheck<P>(def: CheckDefinition<P>): AnyCheck {
  return def as unknown as AnyCheck
}
