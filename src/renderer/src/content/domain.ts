/** The exam's Domain 4 items (a copy of shared/EXAM-DOMAIN4.json kept in resources/content). */
import exam from '../../../../resources/content/exam-domain4.json'

export interface ExamItem {
  id: string
  kind: 'knowledge' | 'skill'
  text: string
}

export interface TaskStatement {
  id: string
  title: string
  items: ExamItem[]
}

export const domain = exam.domain
export const taskStatements = exam.taskStatements as TaskStatement[]

/** The labs that practise a task statement: filed under it, or tagging one of its exam items. */
export function labsForTask<L extends { taskStatement: string; examItems: string[] }>(taskId: string, labs: L[]): L[] {
  return labs.filter((l) => l.taskStatement === taskId || l.examItems.some((i) => i.startsWith(`${taskId}.`)))
}
