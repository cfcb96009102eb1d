"""Reference quantiles for compare.test.ts: numpy's default ("linear") percentile.

Run: python3 tests/unit/sandbox/deploy/reference/quantiles.py
Output (committed in compare.test.ts):
  small 4.0 7.5 9.0 4.0
  ties 0.0 383.9999999999995 600.0 72.0
  two 15.0 19.5 20.0 15.0
"""
import numpy as np

samples = {
    "small": [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5],
    "ties": [0, 0, 0, 0, 0, 0, 0, 0, 120, 600],
    "two": [10, 20],
}
for name, xs in samples.items():
    a = np.array(xs, dtype=float)
    print(name, repr(float(np.percentile(a, 50))), repr(float(np.percentile(a, 95))), repr(float(a.max())), repr(float(a.mean())))
