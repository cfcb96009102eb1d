/**
 * The scatter controller for the trade-off charts, registered here rather than in the shared
 * chart-setup.ts so only the lab player's chunk carries it.
 */
import { ScatterController } from 'chart.js'
import { Chart } from '@/components/charts/chart-setup'

Chart.register(ScatterController)

export { Chart }
