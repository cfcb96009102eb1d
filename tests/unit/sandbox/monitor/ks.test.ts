import { describe, expect, it } from 'vitest'
import { kstwoSf, smirnovSf } from '../../../../src/main/sandbox/monitor/kolmogorov'
import { ks2sampSorted } from '../../../../src/main/sandbox/monitor/ks'
import { chi2Sf, erfc, gammaP, gammaQ, logGamma } from '../../../../src/main/sandbox/monitor/special'
import { REF, expectClose, sample } from './reference'

const sorted = (xs: number[]): Float64Array => Float64Array.from(xs).sort()

describe('special functions against scipy.special', () => {
  it('regularized incomplete gamma P and Q match gammainc / gammaincc to 1e-11 (worst case a = 5000, x = 7500)', () => {
    for (const c of REF.gamma) {
      expectClose(gammaQ(c.a, c.x), c.q, 1e-11, 1e-300, `Q(${c.a}, ${c.x})`)
      expectClose(gammaP(c.a, c.x), c.p, 1e-11, 1e-300, `P(${c.a}, ${c.x})`)
    }
  })
  it('log-gamma, erfc and the chi-squared survival function match scipy', () => {
    for (const c of REF.lgamma) expectClose(logGamma(c.x), c.value, 1e-14, 1e-14, `lgamma(${c.x})`)
    for (const c of REF.erfc) expectClose(erfc(c.x), c.value, 1e-13, 1e-300, `erfc(${c.x})`)
    for (const c of REF.chi2sf) expectClose(chi2Sf(c.x, c.dof), c.value, 1e-12, 1e-300, `chi2.sf(${c.x}, ${c.dof})`)
  })
})

describe('Kolmogorov distributions against scipy.stats.kstwo and scipy.special.smirnov', () => {
  it('kstwo.sf matches on every branch scipy uses (Ruben–Gambino, Durbin, Pomeranz, Pelz–Good, Smirnov)', () => {
    for (const c of REF.kstwo) expectClose(kstwoSf(c.x, c.n), c.sf, 1e-9, 1e-300, `kstwo.sf(${c.x}, ${c.n})`)
  })
  it('the one-sided Smirnov survival function matches', () => {
    for (const c of REF.smirnov) expectClose(smirnovSf(c.n, c.x), c.sf, 1e-9, 1e-300, `smirnov(${c.n}, ${c.x})`)
  })
})

describe('two-sample Kolmogorov–Smirnov test against scipy.stats.ks_2samp', () => {
  for (const c of REF.ks) {
    it(`${c.name}`, () => {
      const r = ks2sampSorted(sorted(sample(c.a)), sorted(sample(c.b)))
      // The statistic is a ratio of counts computed with the same operations: bit-for-bit equal.
      expect(r.statistic).toBe(c.statistic)
      expectClose(r.pValue, c.pValue, 1e-9, 1e-300, 'pValue')
    })
  }
})
