#!/usr/bin/env python3
"""Issue 16: the replay table of record over several runs of one setting (replay-raw.tsv of TimeReplay).

Usage: bench/incremental-pool.py RUN/replay-raw.tsv [RUN2/replay-raw.tsv ...]
The runs' rows are pooled (each seed once: a seed in two runs is refused). Per replay step 2-6,
means over the seeds: the incremental model's NDCG@10, the retrain's and the frozen first model's,
the ratios of the means (incremental / retrain, incremental / frozen: as replay.md), the CPU share of
the retrain, and the per-seed ratio to the retrain. Last line: the CPU share over steps 2-6.

Whether a gap to the retrain is more than the seeds' noise (a retrain on a small set is itself a
lottery): a 95% interval of the ratio of means from a bootstrap over seeds (the seeds drawn with
replacement, 10,000 draws, a fixed generator seed), and t of the mean per-seed difference
(incremental - retrain) over its standard error.
"""
import csv
import math
import random
import sys

BOOTSTRAP_DRAWS = 10_000


def seed_interval(inc, retrain, rng):
    """95% bootstrap interval over seeds of sum(inc) / sum(retrain); inc[i], retrain[i] from one seed."""
    n = len(inc)
    ratios = []
    for _ in range(BOOTSTRAP_DRAWS):
        picks = [rng.randrange(n) for _ in range(n)]
        ratios.append(sum(inc[i] for i in picks) / sum(retrain[i] for i in picks))
    ratios.sort()
    return ratios[int(0.025 * BOOTSTRAP_DRAWS)], ratios[int(0.975 * BOOTSTRAP_DRAWS) - 1]


def paired_t(inc, retrain):
    """Mean per-seed difference over its standard error; nan with fewer than two seeds or no spread."""
    diffs = [a - b for a, b in zip(inc, retrain)]
    n = len(diffs)
    if n < 2:
        return math.nan
    mean = sum(diffs) / n
    sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (n - 1))
    return mean / (sd / math.sqrt(n)) if sd > 0 else math.nan


def main():
    rows = []
    seen = {}
    for path in sys.argv[1:]:
        with open(path) as f:
            for r in csv.DictReader(f, delimiter="\t"):
                key = (r["seed"], r["step"])
                if key in seen:
                    sys.exit(f"seed {r['seed']} step {r['step']} is in both {seen[key]} and {path}")
                seen[key] = path
                rows.append(r)
    if not rows:
        sys.exit("usage: bench/incremental-pool.py RUN/replay-raw.tsv [...]")
    seeds = sorted({r["seed"] for r in rows}, key=int)
    print("seeds", ",".join(seeds))
    rng = random.Random(16)
    print(
        "| step | incremental | retrain | frozen | inc / retrain | [95% over seeds] | t | inc / frozen | CPU share"
        " | per seed inc / retrain |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for step in range(2, 7):
        at = sorted((r for r in rows if int(r["step"]) == step), key=lambda r: int(r["seed"]))
        if not at:
            continue

        def mean(column):
            return sum(float(r[column]) for r in at) / len(at)

        inc, retrain, frozen = mean("inc_ndcg10"), mean("retrain_ndcg10"), mean("frozen_ndcg10")
        inc_at = [float(r["inc_ndcg10"]) for r in at]
        retrain_at = [float(r["retrain_ndcg10"]) for r in at]
        per_seed = " ".join(f"{a / b:.2f}" for a, b in zip(inc_at, retrain_at))
        low, high = seed_interval(inc_at, retrain_at, rng)
        t = paired_t(inc_at, retrain_at)
        print(
            f"| {step} | {inc:.4f} | {retrain:.4f} | {frozen:.4f} | {inc / retrain:.3f} | [{low:.2f}, {high:.2f}]"
            f" | {t:.1f} | {inc / frozen:.2f}"
            f" | {mean('inc_cpu_s') / mean('retrain_cpu_s'):.1%} | {per_seed} |"
        )
    later = [r for r in rows if int(r["step"]) > 1]
    share = sum(float(r["inc_cpu_s"]) for r in later) / sum(float(r["retrain_cpu_s"]) for r in later)
    print(f"steps 2-6 CPU share of the retrain: {share:.1%}")


if __name__ == "__main__":
    main()
