"""Base positive rates of the two Model Monitor scenarios (src/main/sandbox/monitor/features.ts).

The label is Bernoulli(sigmoid(intercept + sum of coefficient * z)), z = (x - mean) / std of the
feature *after* clamping and rounding, plus the category's coefficient. The base rate is the mean
of that sigmoid over the features' distribution, estimated here by Monte Carlo over 4,000,000 draws.
Also: the user_age shift (in baseline standard deviations) that brings the recommender to 2 %
(the study guide's worked example: the click-through rate falls from 5 % to 2 %).

    python3 tests/unit/sandbox/monitor/reference/scenario_base_rates.py
    recommender intercept -3.49: 0.0501   (shift for 2 %: 1.16)
    fraud intercept -3.48: 0.1001
"""
import numpy as np
from scipy.optimize import brentq

N = 4_000_000
rng = np.random.default_rng(0)
z1, z2, z3, u = rng.standard_normal(N), rng.standard_normal(N), rng.standard_normal(N), rng.random(N)


def recommender(intercept, age_shift=0.0):
    age = np.round(np.clip(34 + age_shift * 9 + 9 * z1, 18, 90))
    session = np.clip(12 + 5 * z2, 0, None)
    items = np.round(np.clip(8 + 3 * z3, 0, None))
    device = np.where(u < 0.6, 0.2, np.where(u < 0.9, 0.0, -0.2))
    z = intercept - 0.9 * (age - 34) / 9 + 0.5 * (session - 12) / 5 + 0.3 * (items - 8) / 3 + device
    return float((1 / (1 + np.exp(-z))).mean())


def fraud(intercept):
    amount = np.clip(80 + 40 * z1, 0, None)
    age = np.round(np.clip(700 + 300 * z2, 0, None))
    risk = np.clip(0.3 + 0.15 * z3, 0, 1)
    channel = np.where(u < 0.5, 0.6, np.where(u < 0.9, -0.6, 0.3))
    z = intercept + 1.4 * (amount - 80) / 40 - 1.0 * (age - 700) / 300 + 0.8 * (risk - 0.3) / 0.15 + channel
    return float((1 / (1 + np.exp(-z))).mean())


shift = brentq(lambda s: recommender(-3.49, s) - 0.02, 0, 4)
print(f"recommender intercept -3.49: {recommender(-3.49):.4f}   (shift for 2 %: {shift:.2f})")
print(f"fraud intercept -3.48: {fraud(-3.48):.4f}")
