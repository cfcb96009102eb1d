/**
 * The names of every channel in the contract, and nothing else.
 *
 * The preload script imports this list (not the schemas) so that it stays tiny and fully bundled;
 * `contract.ts` checks at compile time that its table has exactly these keys.
 */
export const CHANNELS = [
  'app.info',
  'settings.get',
  'settings.update',
  'progress.summary',
  'progress.recordActivity',
  'progress.reset',
  'progress.export',
  'progress.import',
  'cloudwatch.evaluateAlarm',
  'sandbox.catalog',
  'sandbox.listWorlds',
  'sandbox.createWorld',
  'sandbox.getWorld',
  'sandbox.deleteWorld',
  'sandbox.act',
  'sandbox.listMetrics',
  'sandbox.getMetricData',
  'sandbox.describeAlarms',
  'sandbox.lookupEvents',
  'sandbox.notifications',
  'labs.list',
  'labs.get',
  'labs.start',
  'labs.run',
  'labs.check',
  'labs.hint',
  'labs.solution',
  'labs.goToStep',
  'labs.answer',
  'cost.recommend',
  'cost.trainingJob',
  'monitor.compareDistributions',
  'monitor.modelQuality',
  'events.testEventPattern'
] as const

export type Channel = (typeof CHANNELS)[number]

/** Prefix of every IPC channel name, so the main process ignores anything that is not ours. */
export const IPC_PREFIX = 'lab:'

export function isChannel(name: string): name is Channel {
  return (CHANNELS as readonly string[]).includes(name)
}
