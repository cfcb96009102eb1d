"""Reference values for the monitor's statistics, computed once with numpy and scipy.

Run from the repository root:

    python3 tests/reference/monitor_reference.py

It writes tests/reference/monitor-reference.json, which the unit tests under
tests/unit/sandbox/monitor read. Only numpy, scipy and the Python standard library are used; metrics
scipy lacks are computed here by hand from their definitions. Large samples are not stored: they are
described by a generator that both this script and the tests reproduce bit for bit (see `gen`).
"""
import csv
import io
import json
import math
import sys

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance

OUT = "tests/reference/monitor-reference.json"


def gen(spec):
    """x_i = shift + scale * u_i^power, u_i = ((i*2654435761 + seed*1013904223) mod 2^32) / 2^32,
    optionally floored to 1/levels. Integer arithmetic and single roundings, so JavaScript gets the
    same doubles."""
    n, seed = spec["n"], spec["seed"]
    i = np.arange(n, dtype=np.uint64)
    x = (i * np.uint64(2654435761) + np.uint64(seed * 1013904223)) % np.uint64(2**32)
    u = x.astype(np.float64) / 2.0**32
    v = u * u if spec.get("power", 1) == 2 else u
    v = spec.get("shift", 0.0) + spec.get("scale", 1.0) * v
    if spec.get("levels"):
        v = np.floor(v * spec["levels"]) / spec["levels"]
    return v


def sample(s):
    return gen(s) if isinstance(s, dict) else np.asarray(s, dtype=np.float64)


def f(x):
    """JSON-safe float."""
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


out = {"versions": {"numpy": np.__version__, "scipy": scipy.__version__, "python": sys.version.split()[0]}}

# --- special functions -------------------------------------------------------------------------
gamma_cases = []
for a in [0.5, 1, 1.5, 2, 3.5, 7, 10, 24.5, 50, 99.5, 200, 499.5, 1000, 5000]:
    for rel in [0.01, 0.1, 0.5, 0.9, 0.99, 1.0, 1.01, 1.1, 1.5, 2, 4, 10]:
        x = a * rel
        gamma_cases.append({"a": a, "x": x, "q": f(special.gammaincc(a, x)), "p": f(special.gammainc(a, x))})
out["gamma"] = gamma_cases
out["lgamma"] = [{"x": x, "value": f(special.gammaln(x))} for x in [0.1, 0.5, 1, 1.5, 2, 3, 7.5, 9.99, 10, 12.5, 100, 1e4, 1e6]]
out["erfc"] = [{"x": x, "value": f(special.erfc(x))} for x in [-3, -1, -0.2, 0, 0.1, 0.5, 1, 2, 3, 5, 8, 20]]
out["chi2sf"] = [{"x": x, "dof": k, "value": f(stats.chi2.sf(x, k))} for k in [1, 2, 3, 9, 40, 999] for x in [0.001, 0.5, 3.84, k, 2 * k + 10]]

# --- kstwo and smirnov over every branch of scipy's _kolmogn -----------------------------------
kst = []
for n in [1, 2, 3, 5, 10, 50, 100, 140, 141, 500, 5000, 50000, 100000, 100001, 500000]:
    for x in [0.0001, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.01, 0.02, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.45, 0.5, 0.6, 0.9, 0.99]:
        kst.append({"n": n, "x": x, "sf": f(stats.kstwo.sf(x, n))})
out["kstwo"] = kst
out["smirnov"] = [{"n": n, "x": x, "sf": f(special.smirnov(n, x))}
                  for n in [1, 2, 7, 10, 60, 1000, 20000, 500000] for x in [0.0003, 0.001, 0.01, 0.03, 0.1, 0.3, 0.5, 0.7, 0.95]]

# --- ks_2samp ---------------------------------------------------------------------------------
rng = np.random.default_rng(20260105)
ks_cases = [
    ("equal sizes, exact", np.round(rng.normal(0, 1, 20), 3).tolist(), np.round(rng.normal(0.8, 1, 20), 3).tolist()),
    ("equal sizes with ties, exact", rng.integers(0, 5, 30).astype(float).tolist(), rng.integers(1, 6, 30).astype(float).tolist()),
    ("unequal sizes, exact", np.round(rng.normal(0, 1, 30), 3).tolist(), np.round(rng.normal(0.3, 1.2, 45), 3).tolist()),
    ("very unequal sizes, exact", np.round(rng.normal(0, 1, 7), 3).tolist(), np.round(rng.normal(0, 1, 300), 3).tolist()),
    ("one value against five", [0.5], [0.1, 0.2, 0.3, 0.9, 1.5]),
    ("identical samples give p = 1", [1.0, 2.0, 3.0, 4.0], [4.0, 3.0, 2.0, 1.0]),
    ("completely separated samples", [1.0, 2.0, 3.0], [10.0, 11.0, 12.0, 13.0]),
    ("ties across samples, unequal sizes", rng.integers(0, 3, 40).astype(float).tolist(), rng.integers(0, 4, 25).astype(float).tolist()),
    ("exact at the 10,000 limit", {"n": 10000, "seed": 1}, {"n": 9000, "seed": 2, "shift": 0.01}),
    ("exact, equal sizes at the limit", {"n": 10000, "seed": 3}, {"n": 10000, "seed": 4, "scale": 1.02}),
    ("asymptotic, mild shift", {"n": 12000, "seed": 5}, {"n": 15000, "seed": 6, "shift": 0.01}),
    ("asymptotic, no drift, Pelz-Good", {"n": 400000, "seed": 7, "power": 2}, {"n": 300000, "seed": 8, "power": 2}),
    ("asymptotic, Durbin matrix", {"n": 20000, "seed": 9}, {"n": 20000, "seed": 10}),
    ("asymptotic, small second sample", {"n": 20000, "seed": 11}, {"n": 100, "seed": 12, "shift": 0.05}),
    ("asymptotic, drift, Smirnov sum", {"n": 300000, "seed": 13}, {"n": 250000, "seed": 14, "shift": 0.004}),
    ("asymptotic, strong drift", {"n": 50000, "seed": 15}, {"n": 50000, "seed": 16, "shift": 0.2}),
    ("asymptotic with ties", {"n": 30000, "seed": 17, "levels": 20}, {"n": 25000, "seed": 18, "levels": 20, "shift": 0.02}),
]
ks_out = []
for name, a, b in ks_cases:
    r = stats.ks_2samp(sample(a), sample(b))
    ks_out.append({"name": name, "a": a, "b": b, "statistic": f(r.statistic), "pValue": f(r.pvalue)})
out["ks"] = ks_out

with open(OUT, "w") as fh:
    json.dump(out, fh, indent=1)
print(f"wrote {OUT}")
