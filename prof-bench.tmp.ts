import { World } from './src/main/sandbox/world'
import { thirtyDayActions } from './tests/bench/sandbox'
const actions = thirtyDayActions()
World.replay('warm', actions)
for (let r = 0; r < 3; r++) {
  const c = process.cpuUsage()
  World.replay('bench', actions)
  const d = process.cpuUsage(c)
  console.log('30 days:', ((d.user + d.system) / 1000).toFixed(0), 'ms cpu')
}
