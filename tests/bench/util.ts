export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

export function report(name: string, value: string, goal = '', detail = ''): void {
  console.log(`${name.padEnd(58)} ${value.padStart(12)}  ${goal}${detail ? `\n${''.padEnd(60)}(${detail})` : ''}`)
}

/** Runs fn `runs` times after `warmup` runs and returns the timings in ms. */
export function time(fn: () => unknown, runs = 7, warmup = 2): number[] {
  for (let i = 0; i < warmup; i++) fn()
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    fn()
    out.push(performance.now() - t0)
  }
  return out
}
