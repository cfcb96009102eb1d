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

# --- drift statistics (issue #10, item 5) ------------------------------------------------------
def shares_numeric(b, c):
    edges = np.histogram_bin_edges(np.concatenate([b, c]), bins="sturges")
    hb = np.histogram(b, edges)[0] / len(b)
    hc = np.histogram(c, edges)[0] / len(c)
    return edges, hb, hc


def fill(s):
    s = s.copy()
    s[s == 0] = 0.0001
    return s


def psi(b, c):
    return float(np.sum((c - b) * np.log(c / b)))


def chi2_homogeneity(cb, cc, keys):
    table = np.array([[cb.get(k, 0) for k in keys], [cc.get(k, 0) for k in keys]], dtype=float)
    if len(keys) == 1:
        return 0.0, 1.0
    stat, p, dof, _ = stats.chi2_contingency(table, correction=False)
    return float(stat), float(p)


def ztest(b, c):
    """Evidently z_stattest: indicator 'not the smallest key', pooled two-proportion z-test."""
    keys = sorted(set(b) | set(c))
    if len(set(b)) == 1 and len(set(c)) == 1 and len(keys) == 1:
        return 1.0
    rb = np.array([0 if x == keys[0] else 1 for x in b], dtype=float)
    rc = np.array([0 if x == keys[0] else 1 for x in c], dtype=float)
    n1, n2 = len(rb), len(rc)
    p1, p2 = rb.sum() / n1, rc.sum() / n2
    P = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
    return float(2 * stats.norm.sf(abs(z)))


DEFAULT_T = {"ks": 0.05, "chisquare": 0.05, "z": 0.05, "wasserstein": 0.1, "jensenshannon": 0.1, "psi": 0.1}


def decide(method, value, t):
    if method == "ks":
        return value <= t
    if method in ("chisquare", "z"):
        return value < t
    return value >= t


def auto_method(kind, nb, distinct):
    # evidently registry._get_default_stattest
    if nb <= 1000:
        if kind == "numeric" and distinct > 5:
            return "ks"
        return "chisquare" if distinct > 2 else "z"
    return "wasserstein" if kind == "numeric" and distinct > 5 else "jensenshannon"


def counts(xs):
    d = {}
    for x in xs:
        d[x] = d.get(x, 0) + 1
    return d


def compare(b, c, method=None, threshold=None):
    if isinstance(b[0], str):
        cb, cc = counts(b), counts(c)
        keys = sorted(set(cb) | set(cc))
        sb = np.array([cb.get(k, 0) / len(b) for k in keys])
        sc = np.array([cc.get(k, 0) / len(c) for k in keys])
        linf = float(np.max(np.abs(sb - sc)))
        fb, fc = fill(sb), fill(sc)
        chi = chi2_homogeneity(cb, cc, keys)
        res = {"linfSimple": linf, "linfRobust": max(0.0, linf - 1.8 * math.sqrt((len(b) + len(c)) / (len(b) * len(c)))),
               "psi": psi(fb, fc), "jensenShannon": float(distance.jensenshannon(fb, fc, base=2)),
               "chiSquare": {"statistic": chi[0], "pValue": chi[1]}}
        m = method or auto_method("categorical", len(b), len(keys))
        value = {"chisquare": chi[1], "z": ztest(b, c) if m == "z" else None, "psi": res["psi"], "jensenshannon": res["jensenShannon"]}[m]
    else:
        b = np.asarray(b, dtype=float)
        c = np.asarray(c, dtype=float)
        r = stats.ks_2samp(b, c)
        _, hb, hc = shares_numeric(b, c)
        fb, fc = fill(hb), fill(hc)
        w = float(stats.wasserstein_distance(b, c))
        distinct = len(np.unique(np.concatenate([b, c])))
        res = {"ks": {"statistic": float(r.statistic), "pValue": float(r.pvalue)}, "linfSimple": float(r.statistic),
               "linfRobust": max(0.0, float(r.statistic) - 1.8 * math.sqrt((len(b) + len(c)) / (len(b) * len(c)))),
               "psi": psi(fb, fc), "jensenShannon": float(distance.jensenshannon(fb, fc, base=2)),
               "wasserstein": w, "wassersteinNormed": w / max(float(np.std(b)), 0.001)}
        m = method or auto_method("numeric", len(b), distinct)
        if m == "chisquare":
            cb, cc = counts(b.tolist()), counts(c.tolist())
            value = chi2_homogeneity(cb, cc, sorted(set(cb) | set(cc)))[1]
        elif m == "z":
            value = ztest(b.tolist(), c.tolist())
        else:
            value = {"ks": float(r.pvalue), "wasserstein": res["wassersteinNormed"], "psi": res["psi"], "jensenshannon": res["jensenShannon"]}[m]
    t = DEFAULT_T[m] if threshold is None else threshold
    res["auto"] = {"method": m, "value": float(value), "threshold": t, "drift": bool(decide(m, float(value), t))}
    return res


drift_cases = [
    ("small numeric sample: auto picks KS", np.round(rng.normal(40, 10, 300), 1).tolist(), np.round(rng.normal(45, 12, 250), 1).tolist(), None, None),
    ("small numeric sample with 4 values: auto picks chi-squared", rng.integers(1, 5, 200).astype(float).tolist(), rng.integers(1, 5, 150).astype(float).tolist(), None, None),
    ("small binary numeric sample: auto picks the z-test", rng.integers(0, 2, 500).astype(float).tolist(), (rng.random(400) < 0.6).astype(float).tolist(), None, None),
    ("large numeric sample: auto picks normed Wasserstein", {"n": 5000, "seed": 21, "scale": 50}, {"n": 4000, "seed": 22, "scale": 55, "shift": 2}, None, None),
    ("large numeric sample with 3 values: auto picks Jensen-Shannon", {"n": 3000, "seed": 23, "levels": 3}, {"n": 2000, "seed": 24, "levels": 3, "power": 2}, None, None),
    ("1,024 pooled values: Sturges uses log2 exactly", {"n": 512, "seed": 25}, {"n": 512, "seed": 26, "shift": 0.1}, None, None),
    ("constant baseline: Wasserstein normed by the 0.001 floor", [3.0] * 50, np.round(rng.normal(3, 0.01, 40), 4).tolist(), None, None),
    ("both samples constant and equal", [7.0] * 20, [7.0] * 30, None, None),
    ("negative and positive values, empty bins", [-50.0, -49.0, -48.5] + np.round(rng.normal(0, 1, 60), 2).tolist(), np.round(rng.normal(0, 1, 70), 2).tolist() + [60.0], None, None),
    ("override: PSI with threshold 0.2", np.round(rng.normal(0, 1, 800), 3).tolist(), np.round(rng.normal(0.3, 1, 900), 3).tolist(), "psi", 0.2),
    ("override: KS on a large sample", {"n": 20000, "seed": 27}, {"n": 20000, "seed": 28, "shift": 0.01}, "ks", 0.01),
    ("categorical, small: auto picks chi-squared", rng.choice(["red", "green", "blue"], 300, p=[0.5, 0.3, 0.2]).tolist(), rng.choice(["red", "green", "blue", "pink"], 200, p=[0.4, 0.3, 0.2, 0.1]).tolist(), None, None),
    ("categorical, binary: auto picks the z-test", rng.choice(["yes", "no"], 600, p=[0.3, 0.7]).tolist(), rng.choice(["yes", "no"], 500, p=[0.4, 0.6]).tolist(), None, None),
    ("categorical, large: auto picks Jensen-Shannon", rng.choice(["a", "b", "c", "d"], 5000, p=[0.4, 0.3, 0.2, 0.1]).tolist(), rng.choice(["a", "b", "c", "e"], 3000, p=[0.25, 0.25, 0.25, 0.25]).tolist(), None, None),
    ("categorical, one category on both sides", ["x"] * 10, ["x"] * 12, None, None),
    ("categorical override: PSI", rng.choice(["a", "b"], 100).tolist(), rng.choice(["a", "b", "c"], 80).tolist(), "psi", None),
]
drift_out = []
for name, b, c, m, t in drift_cases:
    bb = sample(b).tolist() if isinstance(b, dict) else b
    cc = sample(c).tolist() if isinstance(c, dict) else c
    drift_out.append({"name": name, "baseline": b, "current": c, "method": m, "threshold": t, "expected": compare(bb, cc, m, t)})
out["drift"] = drift_out

# --- model quality (issue #10, item 6; AWS model-monitor-model-quality-metrics) ------------------
def fbeta(p, r, beta):
    b2 = beta * beta
    den = b2 * p + r
    return 0.0 if den == 0 else (1 + b2) * p * r / den


def div(a, b):
    return 0.0 if b == 0 else a / b


def binary_metrics(y, yhat, score):
    tp = int(np.sum((y == 1) & (yhat == 1))); fp = int(np.sum((y == 0) & (yhat == 1)))
    fn = int(np.sum((y == 1) & (yhat == 0))); tn = int(np.sum((y == 0) & (yhat == 0)))
    n = len(y); prec = div(tp, tp + fp); rec = div(tp, tp + fn); fpr = div(fp, fp + tn); pos = tp + fn
    u = stats.mannwhitneyu(score[y == 1], score[y == 0]).statistic
    cp, cr = pos / n, (1.0 if pos > 0 else 0.0)
    return {"accuracy": (tp + tn) / n, "precision": prec, "recall": rec, "f0_5": fbeta(prec, rec, 0.5), "f1": fbeta(prec, rec, 1),
            "f2": fbeta(prec, rec, 2), "auc": u / (pos * (n - pos)), "true_positive_rate": rec, "true_negative_rate": 1 - fpr,
            "false_positive_rate": fpr, "false_negative_rate": 1 - rec, "accuracy_best_constant_classifier": pos / n,
            "precision_best_constant_classifier": cp, "recall_best_constant_classifier": cr,
            "f0_5_best_constant_classifier": fbeta(cp, cr, 0.5), "f1_best_constant_classifier": fbeta(cp, cr, 1),
            "f2_best_constant_classifier": fbeta(cp, cr, 2)}


def multiclass_metrics(y, yhat):
    classes = sorted(set(y) | set(yhat)); n = len(y)
    out = {"accuracy": float(np.mean(y == yhat))}
    for key, beta in [("weighted_recall", None), ("weighted_precision", None), ("weighted_f0_5", 0.5), ("weighted_f1", 1), ("weighted_f2", 2)]:
        tot = 0.0
        for c in classes:
            sup = np.sum(y == c)
            if sup == 0:
                continue
            p = div(np.sum((y == c) & (yhat == c)), np.sum(yhat == c)); r = np.sum((y == c) & (yhat == c)) / sup
            v = r if key == "weighted_recall" else p if key == "weighted_precision" else fbeta(p, r, beta)
            tot += sup / n * v
        out[key] = float(tot)
    sup = {c: int(np.sum(y == c)) for c in classes if np.sum(y == c) > 0}
    least = min(sup.values()); best = [c for c in classes if sup.get(c) == least][-1]
    s_ = sup[best] / n
    out.update({"accuracy_best_constant_classifier": s_, "weighted_recall_best_constant_classifier": s_,
                "weighted_precision_best_constant_classifier": s_ * s_, "weighted_f0_5_best_constant_classifier": s_ * fbeta(s_, 1, 0.5),
                "weighted_f1_best_constant_classifier": s_ * fbeta(s_, 1, 1), "weighted_f2_best_constant_classifier": s_ * fbeta(s_, 1, 2)})
    return out


def regression_metrics(y, yhat):
    e = y - yhat; mse = float(np.mean(e * e)); tot = float(np.sum((y - y.mean()) ** 2))
    return {"mae": float(np.mean(np.abs(e))), "mse": mse, "rmse": math.sqrt(mse), "r2": 1 - float(np.sum(e * e)) / tot}


def quality_case(name, problem, labels, preds, probs, fn):
    n = len(labels)
    subs = [sorted(rng.choice(n, int(0.8 * n), replace=False).tolist()) for _ in range(5)] if n >= 200 else None
    full = fn(np.arange(n))
    res = {}
    for k, v in full.items():
        sd = float(np.std([fn(np.asarray(idx))[k] for idx in subs], ddof=1)) if subs else float("nan")
        res[k] = {"value": f(v), "standard_deviation": f(sd)}
    return {"name": name, "problemType": problem, "labels": labels, "predictions": preds, "probabilities": probs, "subsamples": subs, "expected": res}


quality = []
yb = (rng.random(500) < 0.3).astype(int); sc = np.clip(0.3 * yb + rng.random(500) * 0.7, 0, 1).round(3); pb = (sc > 0.5).astype(int)
quality.append(quality_case("binary with probabilities, 500 rows", "BinaryClassification", yb.tolist(), pb.tolist(), sc.tolist(),
                            lambda idx: binary_metrics(yb[idx], pb[idx], sc[idx])))
yb2 = (rng.random(60) < 0.5).astype(int); pb2 = np.where(rng.random(60) < 0.8, yb2, 1 - yb2)
quality.append(quality_case("binary without probabilities, 60 rows: no standard deviation", "BinaryClassification", yb2.tolist(), pb2.tolist(), None,
                            lambda idx: binary_metrics(yb2[idx], pb2[idx], pb2[idx].astype(float))))
ym = rng.choice(["cat", "dog", "fox"], 300, p=[0.5, 0.3, 0.2]); pm = np.where(rng.random(300) < 0.7, ym, rng.choice(["cat", "dog", "fox"], 300))
quality.append(quality_case("multiclass with string labels, 300 rows", "MulticlassClassification", ym.tolist(), pm.tolist(), None,
                            lambda idx: multiclass_metrics(ym[idx], pm[idx])))
yr = np.round(rng.normal(10, 3, 250), 2); pr = np.round(yr + rng.normal(0, 1, 250), 2)
quality.append(quality_case("regression, 250 rows", "Regression", yr.tolist(), pr.tolist(), None, lambda idx: regression_metrics(yr[idx], pr[idx])))
out["quality"] = quality

# --- baselining statistics (statistics.json by hand, Deequ's bucket rule) ---------------------------
n_rows = 400
ages = rng.integers(18, 80, n_rows).astype(float)
income = np.round(rng.lognormal(10, 0.5, n_rows), 2)
income_cells = [None if rng.random() < 0.05 else float(v) for v in income]
cities = rng.choice(["Lisbon", "Oslo", "Quito", "Accra"], n_rows, p=[0.4, 0.3, 0.2, 0.1])
city_cells = [None if rng.random() < 0.02 else str(v) for v in cities]


def numeric_stats(cells):
    xs = np.array([c for c in cells if c is not None], dtype=float)
    xs.sort()
    start, end = xs[0], xs[-1]
    buckets = []
    for i in range(10):
        lo = start + (end - start) * i / 10.0
        hi = start + (end - start) * (i + 1) / 10.0
        right = np.searchsorted(xs, hi, "right") if i == 9 else np.searchsorted(xs, hi, "left")
        buckets.append({"lower_bound": lo, "upper_bound": hi, "count": int(right - np.searchsorted(xs, lo, "left"))})
    return {"common": {"num_present": len(xs), "num_missing": len(cells) - len(xs)}, "mean": float(xs.mean()), "sum": float(xs.sum()),
            "std_dev": float(xs.std()), "min": float(start), "max": float(end), "distribution": {"kll": {"buckets": buckets}}}


def string_stats(cells):
    present = [c for c in cells if c is not None]
    cnt = counts(present)
    buckets = sorted(cnt.items(), key=lambda kv: (-kv[1], kv[0]))
    return {"common": {"num_present": len(present), "num_missing": len(cells) - len(present)}, "distinct_count": len(cnt),
            "distribution": {"categorical": {"buckets": [{"value": k, "count": v} for k, v in buckets]}}}


out["baseline"] = {
    "columns": [{"name": "age", "values": ages.astype(int).tolist()}, {"name": "income", "values": income_cells}, {"name": "city", "values": city_cells}],
    "statistics": {"version": 0, "dataset": {"item_count": n_rows}, "features": [
        {"name": "age", "inferred_type": "Integral", "numerical_statistics": numeric_stats(ages.tolist())},
        {"name": "income", "inferred_type": "Fractional", "numerical_statistics": numeric_stats(income_cells)},
        {"name": "city", "inferred_type": "String", "string_statistics": string_stats(city_cells)}]},
}

# --- CSV: Python's csv module as the independent reading of tricky files ---------------------------
import re
INTEGRAL_RE = re.compile(r"^[+-]?\d+$")
FRACTIONAL_RE = re.compile(r"^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$")


def cell_kind(c):
    if c == "":
        return 0
    if INTEGRAL_RE.match(c):
        return 1
    if FRACTIONAL_RE.match(c):
        return 2
    return 3


tricky = ('\ufeffid,name,amount,comment\r\n1,"Smith, Jane",12.50,"said ""hi"""\r\n'
          '2,Lee,-7,"two\nlines"\n\n3,"",1e3,plain\r4,O\'Brien,,"x,y"\n5,Zoë,0.1000000000000000055511151231257827,\n')
rows = list(csv.reader(io.StringIO(tricky.lstrip("\ufeff"), newline="")))
rows = [r for r in rows if r]  # blank lines are skipped
out["csvTricky"] = {"text": tricky, "header": rows[0], "rows": rows[1:],
                    "kinds": [[cell_kind(c) for c in r] for r in rows[1:]],
                    "numbers": [[float(c) if cell_kind(c) in (1, 2) else None for c in r] for r in rows[1:]]}

# A small bring-your-own-data pair and the report the pipeline must give for it.
nb_, nc_ = 1500, 1200
b_age = rng.integers(18, 90, nb_); c_age = rng.integers(25, 95, nc_)
b_inc = np.round(rng.normal(50000, 9000, nb_), 2); c_inc = np.round(rng.normal(52000, 9000, nc_), 2)
b_plan = rng.choice(["basic", "pro", "team"], nb_, p=[0.6, 0.3, 0.1]); c_plan = rng.choice(["basic", "pro", "team", "max"], nc_, p=[0.5, 0.3, 0.15, 0.05])
b_lines = ["age,income,plan"] + [f"{a},{'' if i % 97 == 0 else v},{p}" for i, (a, v, p) in enumerate(zip(b_age, b_inc, b_plan))]
c_lines = ["plan,age,income,extra"] + [f"{p},{'n/a' if i % 150 == 0 else a},{v},1" for i, (a, v, p) in enumerate(zip(c_age, c_inc, c_plan))]
b_inc_present = [float(v) for i, v in enumerate(b_inc) if i % 97 != 0]
c_age_numeric = [float(a) for i, a in enumerate(c_age) if i % 150 != 0]
out["csvReport"] = {
    "baseline": "\n".join(b_lines) + "\n", "current": "\r\n".join(c_lines),
    "expected": {"age": compare(b_age.astype(float).tolist(), c_age_numeric), "income": compare(b_inc_present, c_inc.tolist()),
                 "plan": compare(b_plan.tolist(), c_plan.tolist())},
    "ageMismatches": sum(1 for i in range(nc_) if i % 150 == 0), "incomeMissing": sum(1 for i in range(nb_) if i % 97 == 0),
}

with open(OUT, "w") as fh:
    json.dump(out, fh, indent=1)
print(f"wrote {OUT}")
