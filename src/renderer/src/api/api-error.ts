import type { ErrorBody, ErrorIssue } from '@shared/errors'

/** A request the host refused (or could not be reached for): its code, message and the fields it names. */
export class ApiError extends Error {
  readonly code: ErrorBody['code']
  readonly issues: ErrorIssue[]
  constructor(body: ErrorBody) {
    super(body.message)
    this.name = 'ApiError'
    this.code = body.code
    this.issues = body.issues
  }

  /** The message for one field (e.g. `alarm.Period`), to show beside that field. */
  issueFor(path: string): string | undefined {
    return this.issues.find((i) => i.path === path || i.path.endsWith(`.${path}`))?.message
  }
}
