"""Reference values for the trimmed statistics and percentile rank of a log-normal mixture.

Independent of the closed forms in src/main/sandbox/cloudwatch/statistics.ts: quantiles by root
finding on scipy's log-normal CDFs, expectations by numerical integration (scipy.integrate.quad) of
x times the mixture density. Definitions from the CloudWatch user guide, "CloudWatch statistics
definitions": TM = mean of the values between the bounds, TC = their count, TS = their sum,
WM = mean after setting values beyond a bound to the bound's value, PR = percentage of values above
the lower and at most the upper bound.

Run:  python3 tests/unit/sandbox/cloudwatch/reference/extended_statistics.py
The printed values are committed in ../extended-statistics.test.ts.
"""
import math

from scipy import integrate, optimize, stats

MIXTURES = {
    # name: [(sample count, mu, sigma)]
    'single': [(5000, 10.0, 0.5)],
    'two-minute': [(300, 9.0, 0.4), (100, 10.5, 0.6)],
}


def mixture(components):
    total = sum(c for c, _, _ in components)
    dists = [(c / total, stats.lognorm(s=sig, scale=math.exp(mu))) for c, mu, sig in components]

    def cdf(x):
        return sum(w * d.cdf(x) for w, d in dists)

    def pdf(x):
        return sum(w * d.pdf(x) for w, d in dists)

    def quantile(p):
        return optimize.brentq(lambda x: cdf(x) - p, 1e-9, 1e12, xtol=1e-12, rtol=1e-14)

    def integral(f, a, b):
        # Split at the components' medians so quad sees every peak.
        points = sorted({a, b, *[math.exp(mu) for _, mu, _ in components if a < math.exp(mu) < b]})
        return sum(integrate.quad(lambda x: f(x) * pdf(x), lo, hi, limit=400, epsabs=0, epsrel=1e-10)[0] for lo, hi in zip(points, points[1:]))

    return total, cdf, quantile, integral


def statistics_for(components):
    n, cdf, q, integral = mixture(components)
    inf = math.inf

    def between(a, b):  # a, b values; (a, b]
        return integral(lambda x: 1.0, a, b), integral(lambda x: x, a, b)

    def tm_pct(lo, hi):
        a, b = q(lo) if lo > 0 else 0.0, q(hi) if hi < 1 else inf
        mass, s = between(a, b)
        return s / mass, n * mass, n * s

    def wm_pct(lo, hi):
        a, b = q(lo) if lo > 0 else 0.0, q(hi) if hi < 1 else inf
        _, s = between(a, b)
        return a * lo + s + (b * (1 - hi) if hi < 1 else 0.0)

    def tm_val(x, y):
        mass, s = between(x, y)
        return s / mass, n * mass, n * s

    def wm_val(x, y):
        _, s = between(x, y)
        return x * cdf(x) + s + y * (1 - cdf(y))

    out = {}
    out['tm90'], out['tc90'], out['ts90'] = tm_pct(0, 0.9)
    out['TM(10%:90%)'], out['TC(10%:90%)'], out['TS(10%:90%)'] = tm_pct(0.1, 0.9)
    out['IQM'] = tm_pct(0.25, 0.75)[0]
    out['TM(10%:)'] = tm_pct(0.1, 1)[0]
    out['TS(80%:)'] = tm_pct(0.8, 1)[2]
    out['wm98'] = wm_pct(0, 0.98)
    out['WM(10%:90%)'] = wm_pct(0.1, 0.9)
    out['TM(20000:30000)'], out['TC(20000:30000)'], out['TS(20000:30000)'] = tm_val(20000, 30000)
    out['TS(:25000)'] = tm_val(0, 25000)[2]
    out['WM(15000:40000)'] = wm_val(15000, 40000)
    out['PR(:25000)'] = 100 * cdf(25000)
    out['PR(20000:30000)'] = 100 * (cdf(30000) - cdf(20000))
    out['PR(30000:)'] = 100 * (1 - cdf(30000))
    return out


if __name__ == '__main__':
    for name, comps in MIXTURES.items():
        print(name)
        for k, v in statistics_for(comps).items():
            print(f"  {k!r}: {float(v)!r},")
