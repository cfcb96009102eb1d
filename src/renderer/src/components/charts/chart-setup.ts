/**
 * The only place Chart.js is imported from. It registers just what the charts here use (line
 * charts on linear and logarithmic axes, the Cost tab's stacked bars over a category axis,
 * tooltips, legends, the decimation plugin (long lines drawn min-max per pixel), and chartjs-plugin-zoom for zoom and pan), so the bundle carries no pie
 * controllers or the time scale (which would need a date adapter). Import chart components lazily
 * (they end up in the views' chunks, not the first load).
 *
 * chartjs-plugin-zoom (kept by the Chart.js organisation, 2.x for Chart.js 4) brings hammerjs for
 * touch pinch and pan; drag-to-zoom and the wheel work without it.
 */
import { BarController, BarElement, CategoryScale, Chart, Decimation, Legend, LineController, LineElement, LinearScale, LogarithmicScale, PointElement, Tooltip } from 'chart.js'
import zoomPlugin from 'chartjs-plugin-zoom'

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend, Decimation, BarController, BarElement, CategoryScale, zoomPlugin)

export { Chart }
