/** How a lab's status reads to the learner, and its badge colour. */
export type LabStatus = 'not_started' | 'in_progress' | 'done' | 'done_assisted'

export const STATUS_TEXT: Record<LabStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  done_assisted: 'Done, solution shown'
}

/** The one vocabulary for how a step was solved (the host's StepOutcome). */
export const STEP_OUTCOME_TEXT: Record<string, string> = {
  solved: 'Solved',
  'solved-with-hints': 'Solved with hints',
  'solution-shown': 'Solution shown',
  'not-solved': 'Not solved'
}
