#!/usr/bin/env python3
"""Issue 18: a copy of MovieLens-100K where a seeded 6.7% of users consume an earlier item again
right after their last event (so their leave-one-out test target repeats a history item), to see
what a label-dependent mask does. Usage: bench/repeat-world.py ML100K_DIR OUT_DIR [SEED=42] [SHARE=0.067]"""
import collections
import os
import random
import sys

src, dst = sys.argv[1], sys.argv[2]
random.seed(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
share = float(sys.argv[4]) if len(sys.argv) > 4 else 0.067
by = collections.defaultdict(list)
for line in open(os.path.join(src, "u.data")):
    u, i, r, t = line.rstrip("\n").split("\t")
    by[u].append((int(t), i, r))
os.makedirs(dst, exist_ok=True)
n = 0
with open(os.path.join(dst, "u.data"), "w") as f:
    for u, ev in by.items():
        ev.sort()
        for t, i, r in ev:
            f.write(f"{u}\t{i}\t{r}\t{t}\n")
        if random.random() < share:
            t, i, r = random.choice(ev[:-1])
            f.write(f"{u}\t{i}\t{r}\t{ev[-1][0] + 1}\n")
            n += 1
print(f"users with a repeat appended: {n} of {len(by)}")
