#!/usr/bin/env python3
"""Issue 18 item 7 (session 16): is there a time signal in ML-100K ratings that the rating models miss?

Reads only a training file (default ../shared/data/ml-100k/u1.base), holds out 10% of it (seeded),
fits Koren's shrunk baseline mu + b_u + b_i on the rest, and measures the held-out RMSE of the
baseline plus one feature: the user's time-weighted mean baseline residual over their other
ratings, weights exp(-dt / tau), shrunk by 3 pseudo-ratings (what rating-blend's `recent` option
computes). The feature's coefficient is fitted on one half of the held-out ratings and measured on
the other, both ways. Three variants of which ratings count: strictly before the rating ("before",
what attnrec uses), at or before ("same second too": ML-100K stores a page of ratings under one
second), and all ("both sides"). Also prints the share of ratings that share their second with
another rating of the same user. No test file is read.

Usage: bench/rating-time-signal.py [TRAIN_FILE]
"""
import sys

import numpy as np

path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ml-100k/u1.base"
data = np.loadtxt(path, dtype=np.int64)  # user, item, rating, unix seconds
held = np.random.default_rng(0).random(len(data)) < 0.1
fit, val = data[~held], data[held]
users, items, ratings = fit[:, 0], fit[:, 1], fit[:, 2]
nu, ni = users.max() + 1, max(items.max(), val[:, 1].max()) + 1
mu = ratings.mean()
b_i = np.bincount(items, ratings - mu, ni) / (np.bincount(items, minlength=ni) + 25)
b_u = np.bincount(users, ratings - mu - b_i[items], nu) / (np.bincount(users, minlength=nu) + 10)
residual = ratings - mu - b_u[users] - b_i[items]
base = mu + b_u[val[:, 0]] + b_i[val[:, 1]]
by_user = {u: (fit[users == u, 3], residual[users == u]) for u in np.unique(users)}
half = np.arange(len(val)) % 2 == 0


def cross_fitted_rmse(feature):
    x = np.column_stack([np.ones(len(val)), feature])
    sse = 0.0
    for a, b in [(half, ~half), (~half, half)]:
        w = np.linalg.lstsq(x[a], val[a, 2] - base[a], rcond=None)[0]
        sse += np.sum((np.clip(base[b] + x[b] @ w, 1, 5) - val[b, 2]) ** 2)
    return np.sqrt(sse / len(val))


def recent(tau, which):
    out = np.zeros(len(val))
    for n, (u, t) in enumerate(zip(val[:, 0], val[:, 3])):
        times, res = by_user.get(u, (np.zeros(0), np.zeros(0)))
        dt = t - times
        keep = {"before": dt > 0, "same second too": dt >= 0, "both sides": np.ones_like(dt, bool)}[which]
        w = np.exp(-np.abs(dt) / tau) * keep
        out[n] = (w @ res) / (w.sum() + 3)
    return out


key = fit[:, 0] * 10**10 + fit[:, 3]
_, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
print(f"{path}: {len(fit)} fit ratings, {len(val)} held out")
print(f"ratings sharing their second with another rating of the same user: {np.mean(counts[inverse] > 1):.1%}")
print(f"baseline alone: held-out RMSE {cross_fitted_rmse(np.zeros(len(val))):.4f}")
for which in ["before", "same second too", "both sides"]:
    for tau in [60, 300, 1800, 86400]:
        print(f"baseline + recent residual, {which:15s} tau {tau:6d} s: {cross_fitted_rmse(recent(tau, which)):.4f}")
