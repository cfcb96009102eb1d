/**
 * Monitor figures (issue #10): `monitor.compareDistributions` on 1,000,000 vs 1,000,000 numeric
 * values with every statistic (goal ≤ 400 ms), beside the same statistics computed by scipy/numpy on
 * this machine in the same run (python3 is spawned here only, reading the same values from a temp
 * file).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compareDistributions } from '../../src/main/sandbox/monitor'
import { createRng } from '../../src/main/sandbox/rng'
import { median, report, time } from './util'

const N = 1_000_000

function normalSample(seed: string, n: number, mean: number, sd: number): number[] {
  const rng = createRng(seed)
  return Array.from({ length: n }, () => mean + sd * rng.normal())
}

/** The same statistics with numpy/scipy: ks_2samp, Sturges histograms, PSI, Jensen–Shannon, Wasserstein, std. */
const PYTHON = `
import sys, time, numpy as np
from scipy import stats
from scipy.spatial import distance
b = np.fromfile(sys.argv[1], dtype='<f8'); c = np.fromfile(sys.argv[2], dtype='<f8')
def run():
    r = stats.ks_2samp(b, c)
    edges = np.histogram_bin_edges(np.concatenate([b, c]), bins='sturges')
    hb = np.histogram(b, edges)[0] / len(b); hc = np.histogram(c, edges)[0] / len(c)
    hb[hb == 0] = 0.0001; hc[hc == 0] = 0.0001
    psi = np.sum((hc - hb) * np.log(hc / hb)); js = distance.jensenshannon(hb, hc, base=2)
    w = stats.wasserstein_distance(b, c); wn = w / max(np.std(b), 0.001)
    return r.statistic, r.pvalue, psi, js, w, wn
run()
ts = []
for _ in range(3):
    t0 = time.perf_counter(); out = run(); ts.append((time.perf_counter() - t0) * 1000)
print(sorted(ts)[1], *out)
`

function scipyFigures(b: number[], c: number[]): { ms: number; values: number[] } | null {
  const dir = mkdtempSync(join(tmpdir(), 'monitor-bench-'))
  try {
    writeFileSync(join(dir, 'b.f64'), Buffer.from(Float64Array.from(b).buffer))
    writeFileSync(join(dir, 'c.f64'), Buffer.from(Float64Array.from(c).buffer))
    const r = spawnSync('python3', ['-c', PYTHON, join(dir, 'b.f64'), join(dir, 'c.f64')], { encoding: 'utf8' })
    if (r.status !== 0) {
      console.log(`  (python3 with numpy and scipy not available: ${r.stderr.split('\n').slice(-2).join(' ')})`)
      return null
    }
    const [ms, ...values] = r.stdout.trim().split(/\s+/).map(Number)
    return { ms, values }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export function runMonitorBench(): void {
  const cases: [string, number, number][] = [
    ['no drift', 0, 1],
    ['slight drift (KS p-value from the Smirnov sum)', 0.004, 1]
  ]
  const baseline = normalSample('monitor-bench/baseline', N, 0, 1)
  for (const [name, shift, sd] of cases) {
    const current = normalSample(`monitor-bench/current/${name}`, N, shift, sd)
    const ts = time(() => compareDistributions(baseline, current), 5, 1)
    const ours = compareDistributions(baseline, current)
    const py = scipyFigures(baseline, current)
    const ratio = py ? `scipy/numpy ${py.ms.toFixed(0)} ms, ratio ${(py.ms / median(ts)).toFixed(1)}×` : 'scipy not run'
    report(`compareDistributions 1M vs 1M, ${name} (median of 5)`, `${median(ts).toFixed(0)} ms`, 'goal ≤ 400 ms', ratio)
    if (py) {
      const [d, p, psi, js, w, wn] = py.values
      const mine = [ours.ks!.statistic, ours.ks!.pValue, ours.psi, ours.jensenShannon, ours.wasserstein!, ours.wassersteinNormed!]
      const worst = Math.max(...mine.map((v, i) => Math.abs(v - [d, p, psi, js, w, wn][i]) / Math.max(Math.abs([d, p, psi, js, w, wn][i]), 1e-300)))
      report('  largest relative difference from scipy/numpy', worst.toExponential(1), '', `D ${d}, p ${p}`)
    }
  }
}
