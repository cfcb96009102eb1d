/**
 * The one error shape every transport returns: `{ error: { code, message, issues } }`.
 * Sandbox code throws `LabError` for bad input; the IPC and HTTP layers turn it into this shape,
 * so a learner sees which field is wrong and what is allowed, never a stack trace.
 */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNKNOWN_CHANNEL'
  | 'STORE'
  | 'INTERNAL'

export interface ErrorIssue {
  /** Field path, e.g. `alarm.Period` or `datapoints[3]`. Empty for the whole request. */
  path: string
  message: string
}

export interface ErrorBody {
  code: ErrorCode
  message: string
  issues: ErrorIssue[]
}

export class LabError extends Error {
  readonly code: ErrorCode
  readonly issues: ErrorIssue[]
  constructor(code: ErrorCode, message: string, issues: ErrorIssue[] = []) {
    super(message)
    this.name = 'LabError'
    this.code = code
    this.issues = issues
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, issues: this.issues }
  }
}

/** A validation failure on one field: the message names the field and what is allowed. */
export function invalidField(path: string, message: string): LabError {
  return new LabError('VALIDATION', `${path}: ${message}`, [{ path, message }])
}
