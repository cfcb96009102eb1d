/**
 * What the lab player shows for each step kind, keyed by kind, as the sandbox console chooses its
 * panels: the workspace card's heading and Run button, an optional block of the step's fixed
 * settings above the inputs, and the component that charts the run's result. The player names no
 * kind; a new kind is a component in its service's feature folder and one line here.
 *
 * Each component gets the step's whole run (`run`, narrowed to its kind by `kindView`), so it reads
 * its own result without an adapter.
 */
import type { Component } from 'vue'
import type { StepKindName, StepRun } from '@shared/contract/labs'
import AlarmResults from './AlarmResults.vue'
import AlarmSettings from './AlarmSettings.vue'
import AuditResults from './AuditResults.vue'
import BudgetResults from './BudgetResults.vue'
import CompositeResults from './CompositeResults.vue'
import MonitorResults from './MonitorResults.vue'
import DeployResults from './DeployResults.vue'
import DeploySettings from './DeploySettings.vue'
import PurchasingResults from './PurchasingResults.vue'
import RightsizingResults from './RightsizingResults.vue'
import SpotTrainingResults from './SpotTrainingResults.vue'

export type RunOf<K extends StepKindName> = Extract<StepRun, { kind: K }>

export interface KindView {
  /** The workspace card's heading ("Your alarm"). */
  title: string
  /** The Run button's text, naming what a run simulates ("Run the week"). */
  runLabel: string
  /** Shown above the inputs: what the lab fixed for this step. Props: `{ run }`. */
  settings?: Component
  /** The consequence, charted. Props: `{ run }`. */
  results: Component
}

const VIEWS: { [K in StepKindName]: KindView } = {
  alarm: { title: 'Your alarm', runLabel: 'Run the week', settings: AlarmSettings, results: AlarmResults },
  composite: { title: 'Your composite alarm', runLabel: 'Run the week', results: CompositeResults },
  cloudtrail: { title: 'Your investigation', runLabel: 'Run the lookup', results: AuditResults },
  rightsizing: { title: 'Your endpoint', runLabel: 'Price every candidate', results: RightsizingResults },
  spotTraining: { title: 'Your training job', runLabel: 'Run the job', results: SpotTrainingResults },
  purchasing: { title: 'Your purchasing options', runLabel: 'Price the month', results: PurchasingResults },
  budget: { title: 'Your tags and budget', runLabel: 'Run the month', results: BudgetResults },
  monitor: { title: 'Your monitoring', runLabel: 'Run the schedule', results: MonitorResults },
  deploy: { title: 'Your release', runLabel: 'Deploy and run the hour', settings: DeploySettings, results: DeployResults }
}

/** A kind this build of the renderer does not know (a lab file newer than the app): inputs and checks still work. */
const UNKNOWN: KindView = { title: 'Your settings', runLabel: 'Run', results: {} as Component }

export function kindView(kind: string): KindView & { known: boolean } {
  const view = (VIEWS as Record<string, KindView | undefined>)[kind]
  return view ? { ...view, known: true } : { ...UNKNOWN, known: false }
}
