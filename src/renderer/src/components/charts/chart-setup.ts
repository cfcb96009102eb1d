/**
 * The only place Chart.js is imported from. It registers just what the line charts here use, so
 * the bundle carries no bar/pie controllers or the time scale (which would need a date adapter).
 * Import chart components lazily (they end up in the sandbox's chunk, not the app's first load).
 */
import { Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js'

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend)

export { Chart }
