/**
 * Where the workload simulation departs from AWS, in words a learner can read. The UI shows this list
 * beside any chart built from simulated endpoint metrics.
 */
export const SIMPLIFICATIONS: readonly string[] = Object.freeze([
  'Traffic is generated per minute: each minute\'s request count is Poisson-distributed around the pattern\'s expected rate. Above a mean of 60 requests per minute a normal approximation is used.',
  'Each instance is modelled as c parallel workers (one per vCPU, or the accelerator\'s parallel slots) and queueing delay uses the Allen–Cunneen approximation for an M/G/c queue.',
  'Under overload, a fluid queue holds at most 60 seconds of work; requests beyond that time out and count as Invocation5XXErrors (InvokeEndpoint\'s 60-second limit). Timed-out requests add no ModelLatency sample.',
  'Queueing delay inside the container is counted in ModelLatency. OverheadLatency is a small constant plus a per-KiB payload cost, with random spread.',
  'Minimum and Maximum of a minute are the expected smallest and largest of that minute\'s samples, not real extremes; latency percentiles come from a per-minute log-normal distribution.',
  'Burstable instances (ml.t2, ml.t3) are treated as unthrottled: CPU credits are not modelled. Their baseline CPU is shown for information only.',
  'Instance speed (cpuSpeed), accelerator throughput, disk size, idle CPU and memory overheads are illustrative modelling inputs, not AWS figures. Prices are illustrative with an as-of date.',
  'All instances of a variant run the same model; requests are spread by a random load balancer, which sets the spread between the busiest and idlest instance.',
  'Auto scaling follows target tracking on InvocationsPerInstance: scale out after 3 consecutive minutes above the target, scale in after 15 consecutive minutes below 90% of it, to ceil(requests per minute / target) within MinCapacity and MaxCapacity.',
  'Only one scaling activity runs at a time. New instances serve after a start-up time (default 5 minutes); scale-in removes instances at once. Cooldowns count from when the previous activity completed.',
  'During the scale-out cooldown the sandbox starts no further scale-out. AWS may still add capacity then, counting what the previous scale-out added.',
  'A minute without requests has no InvocationsPerInstance datapoint and interrupts both scaling alarms, so an endpoint with no traffic at all does not scale in.',
  'InitialInstanceCount must lie within [MinCapacity, MaxCapacity]; AWS would instead scale the variant to the nearer bound.',
  'Metrics reach alarms as soon as their minute ends; CloudWatch\'s publishing delay is not modelled.',
  'Billing counts every instance from the minute its start-up begins, per minute, at the on-demand price.',
  'Client (4XX) errors are a fixed share of answered requests set by the model profile; a latency regression makes every request slower and uses more CPU or accelerator time.'
])
