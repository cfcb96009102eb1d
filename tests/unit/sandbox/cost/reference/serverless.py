"""Reference values for tests/unit/sandbox/cost/purchasing.test.ts (serverless latency).

A served request is log-normal (mean 100 ms, cv 0.5); a share f of them also waits a cold start of
3,500 ms. The p99 of that mixture, by scipy's brentq on the mixture CDF.

    python3 tests/unit/sandbox/cost/reference/serverless.py
"""
from math import exp, log, sqrt

from scipy.optimize import brentq
from scipy.stats import lognorm

mean, cv, setup = 100.0, 0.5, 3500.0
sigma = sqrt(log(1 + cv * cv))
warm = lognorm(s=sigma, scale=exp(log(mean) - sigma * sigma / 2))
print(f"warm p99={warm.ppf(0.99):.6f}")
for f in (0.1, 0.005):
    mix = lambda x: (1 - f) * warm.cdf(x) + f * warm.cdf(x - setup) - 0.99
    print(f"f={f}: p99={brentq(mix, 1e-6, 10 * setup, xtol=1e-9):.6f}")
