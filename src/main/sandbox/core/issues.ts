/**
 * Input checks for the workload model. Every problem becomes one `ErrorIssue` naming the field and
 * the allowed range; all problems in a request are reported together in one LabError('VALIDATION').
 */
import { LabError, type ErrorIssue } from '../../../shared/errors'

export interface NumberRule {
  min?: number
  max?: number
  /** Exclusive lower bound (value must be strictly greater). */
  above?: number
  integer?: boolean
}

export class IssueList {
  readonly issues: ErrorIssue[] = []

  add(path: string, message: string): void {
    this.issues.push({ path, message })
  }

  /** Checks a required number; returns true when it is usable. */
  number(path: string, value: unknown, rule: NumberRule): value is number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.add(path, `must be a finite number${describe(rule)}, got ${String(value)}`)
      return false
    }
    if (rule.integer && !Number.isInteger(value)) {
      this.add(path, `must be an integer${describe(rule)}, got ${value}`)
      return false
    }
    if ((rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max) || (rule.above !== undefined && value <= rule.above)) {
      this.add(path, `must be${describe(rule, true)}, got ${value}`)
      return false
    }
    return true
  }

  /** Checks an optional number: absent is fine. */
  optionalNumber(path: string, value: unknown, rule: NumberRule): boolean {
    return value === undefined || this.number(path, value, rule)
  }

  string(path: string, value: unknown, pattern?: RegExp, patternText?: string): value is string {
    if (typeof value !== 'string' || value.length === 0) {
      this.add(path, `must be a non-empty string, got ${String(value)}`)
      return false
    }
    if (pattern && !pattern.test(value)) {
      this.add(path, `must match ${patternText ?? pattern.source}, got "${value}"`)
      return false
    }
    return true
  }

  throwIfAny(what: string): void {
    if (this.issues.length === 0) return
    const first = this.issues[0]
    const more = this.issues.length > 1 ? ` (and ${this.issues.length - 1} more)` : ''
    throw new LabError('VALIDATION', `${what}: ${first.path}: ${first.message}${more}`, this.issues)
  }
}

function describe(rule: NumberRule, bare = false): string {
  const parts: string[] = []
  if (rule.integer && bare) parts.push('an integer')
  if (rule.above !== undefined) parts.push(`> ${rule.above}`)
  if (rule.min !== undefined && rule.max !== undefined) parts.push(`in [${rule.min}, ${rule.max}]`)
  else if (rule.min !== undefined) parts.push(`>= ${rule.min}`)
  else if (rule.max !== undefined) parts.push(`<= ${rule.max}`)
  if (parts.length === 0) return ''
  return ' ' + parts.join(' and ')
}
