/** How a lab's status reads to the learner, and its badge colour. */
export type LabStatus = 'not_started' | 'in_progress' | 'done' | 'done_assisted'

export const STATUS_TEXT: Record<LabStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  done_assisted: 'Done with help'
}

export const STEP_OUTCOME_TEXT: Record<string, string> = {
  'first-try': 'First try',
  'with-help': 'With hints or retries',
  assisted: 'Solution shown',
  'not-passed': 'Not passed'
}
