#!/usr/bin/env python3
"""Issue 18 item 7 (session 17): an inner split of one ML-100K training fold, for choosing settings
without a test rating.

Reads only TRAIN (e.g. ../shared/data/ml-100k/u1.base) and writes OUT/u1.base and OUT/u1.test, an
inner training and test fold made from it, plus OUT/u.data (= TRAIN, so that the loader's id maps
never see a rating outside it) and links to the item and user files. Two shapes:

  users    like the official u1.test: a share of the users (default 0.49, as u1's 459 of 943) each
           lose a share of their ratings (default 0.43, u1's median) — users with few known
           ratings, the case the official u1 fold is built of
  uniform  each rating held out with probability 0.2 (the random slices settings were chosen on)

Usage: bench/rating-inner-split.py TRAIN OUT users|uniform [SEED]
"""
import os
import sys

import numpy as np

train, out, shape = sys.argv[1], sys.argv[2], sys.argv[3]
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 17
rows = np.loadtxt(train, dtype=np.int64)
rng = np.random.default_rng(seed)
if shape == "users":
    users = np.unique(rows[:, 0])
    chosen = set(users[rng.random(len(users)) < 0.49].tolist())
    held = np.array([u in chosen for u in rows[:, 0]]) & (rng.random(len(rows)) < 0.43)
elif shape == "uniform":
    held = rng.random(len(rows)) < 0.2
else:
    sys.exit("shape must be users or uniform")
os.makedirs(out, exist_ok=True)
fmt = "%d\t%d\t%d\t%d"
np.savetxt(os.path.join(out, "u1.base"), rows[~held], fmt=fmt)
np.savetxt(os.path.join(out, "u1.test"), rows[held], fmt=fmt)
np.savetxt(os.path.join(out, "u.data"), rows, fmt=fmt)
src = os.path.dirname(os.path.abspath(train))
for name in ["u.item", "u.user", "u.genre", "u.occupation", "u.info"]:
    link = os.path.join(out, name)
    if not os.path.lexists(link) and os.path.exists(os.path.join(src, name)):
        os.symlink(os.path.join(src, name), link)
per_user = {}
for u, h in zip(rows[:, 0], held):
    per_user.setdefault(u, []).append(h)
shares = [np.mean(v) for v in per_user.values() if any(v)]
print(f"{train} -> {out} ({shape}, seed {seed}): {int((~held).sum())} inner training ratings, "
      f"{int(held.sum())} inner test ratings of {len(shares)} users, median share {np.median(shares):.2f}")
