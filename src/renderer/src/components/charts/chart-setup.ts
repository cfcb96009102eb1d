/**
 * The only place Chart.js is imported from. It registers just what the charts here use (lines, and
 * the Cost tab's stacked bars over a category axis), so the bundle carries no pie controllers or the
 * time scale (which would need a date adapter).
 * Import chart components lazily (they end up in the sandbox's chunk, not the app's first load).
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js'

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend, BarController, BarElement, CategoryScale)

export { Chart }
