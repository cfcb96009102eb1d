"""Reference values for tests/unit/sandbox/workload/steady-state.test.ts and the cost tests.

Independent of the TypeScript code: Erlang C from its textbook sum formula (not the Erlang B
recurrence the sandbox uses), the Allen-Cunneen M/G/c factor, and log-normal percentiles from
scipy.stats.lognorm. Run once; the printed values are copied into the tests.

    python3 tests/unit/sandbox/cost/reference/steady_state.py
"""
from math import exp, factorial, log, sqrt

from scipy.optimize import brentq
from scipy.stats import lognorm


def erlang_c(c, a):
    """Probability of waiting in M/M/c with offered load a = lambda * S (textbook sum form)."""
    top = a**c / factorial(c) * c / (c - a)
    bottom = sum(a**k / factorial(k) for k in range(c)) + top
    return top / bottom


def wait_ms(c, rpm, service_ms, cs):
    lam = rpm / 60000.0  # per ms
    a = lam * service_ms
    if a == 0:
        return 0.0
    wq_mmc = erlang_c(c, a) / (c / service_ms - lam)
    return wq_mmc * (1 + cs * cs) / 2


def latency(c, rpm, service_ms, cs):
    w = wait_ms(c, rpm, service_ms, cs)
    mean = service_ms + w
    sd = sqrt((service_ms * cs) ** 2 + w * w)
    return w, mean, sd


def p99(mean, sd, q=0.99):
    cv = sd / mean
    sigma = sqrt(log(1 + cv * cv))
    mu = log(mean) - sigma * sigma / 2
    return lognorm(s=sigma, scale=exp(mu)).ppf(q)


def case(name, c, rpm, service_ms, cs):
    w, mean, sd = latency(c, rpm, service_ms, cs)
    print(f"{name}: wait={w:.6f} mean={mean:.6f} sd={sd:.6f} p99={p99(mean, sd):.6f}")


# ml.m5.large (2 workers), 1000 ms service, cs = 1, 90 requests/min.
case("mm2", 2, 90, 1000.0, 1.0)
# ml.m5.xlarge (4 workers), 10 ms service, cs = 0.5, 600 requests/min per instance.
case("m5xl-600", 4, 600, 10.0, 0.5)
# ml.m5.xlarge (4 workers), 10 ms service, cs = 0.5, 21,600 requests/min (90% busy).
case("m5xl-flat", 4, 21600, 10.0, 0.5)
# ml.g4dn.xlarge serving BERT on the T4: 90 / 12 = 7.5 ms, 1 slot, cs = 0.5, 4,000 requests/min.
case("g4dn-bert", 1, 4000, 7.5, 0.5)


def crossing(c, service_ms, cs, limit_ms, hi_rpm):
    f = lambda rpm: p99(*latency(c, rpm, service_ms, cs)[1:]) - limit_ms
    return brentq(f, 1e-9, hi_rpm, xtol=1e-10)


# ml.m5.xlarge, 10 ms, cs 0.5: the per-instance rate where p99 reaches 40 ms.
print(f"m5xl p99=40ms at rpm={crossing(4, 10.0, 0.5, 40.0, 21600):.6f}")
# ml.m5.large (2 workers), 10 ms: p99 = 40 ms.
print(f"m5l p99=40ms at rpm={crossing(2, 10.0, 0.5, 40.0, 10800):.6f}")

# cost.recommend hand case: 10 ms model, 300 requests/s = 18,000/min, p99 <= 40 ms.
c5_service = 10.0 / 1.1  # ml.c5 vCPU speed 1.1
print(f"c5xl p99=40ms at rpm={crossing(4, c5_service, 0.5, 40.0, 0.9 * 4 * 60000 / c5_service):.6f}")
case("rec m5.large x3 at 6000/instance", 2, 6000, 10.0, 0.5)
case("rec m5.xlarge x1 at 18000", 4, 18000, 10.0, 0.5)
case("rec c5.xlarge x1 at 18000", 4, 18000, c5_service, 0.5)
# ml.t2.medium (2 vCPU, speed 0.8; the cheapest hosting type) serving a 6 ms model at 50 requests/s = 3,000/min.
case("rec t2.medium x1 at 3000", 2, 3000, 6.0 / 0.8, 0.5)

# Load test on ml.m5.xlarge (10 ms model): the stages either side of the p99 = 40 ms crossing.
case("stairs 19200", 4, 19200, 10.0, 0.5)
case("stairs 20400", 4, 20400, 10.0, 0.5)
