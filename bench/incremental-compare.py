#!/usr/bin/env python3
"""Issue 16: two time replays of the same seeds side by side (replay-raw.tsv of TimeReplay).

Usage: bench/incremental-compare.py A/replay-raw.tsv B/replay-raw.tsv [label-A label-B]
Per step, means over the seeds: each run's incremental NDCG@10, its ratio to the retrain and to
the frozen model (ratio of the means, as replay.md), what its new rows cost the known-item cases
(full ranking against ranking the first model's items only), new items' Recall@20, the CPU share,
and the per-seed ratios. The retrain and frozen columns must agree between the two runs (same
seeds and code path), which the script checks.
"""
import csv
import math
import sys


def load(path):
    with open(path) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return {(r["seed"], int(r["step"])): r for r in rows}


def mean(xs):
    xs = [x for x in xs if not math.isnan(x)]
    return sum(xs) / len(xs) if xs else float("nan")


def main():
    a, b = load(sys.argv[1]), load(sys.argv[2])
    la, lb = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else ("A", "B")
    # the seeds whose six steps both runs finished (a run stopped early gives its finished seeds)
    seeds = sorted(s for s in {s for s, _ in a} & {s for s, _ in b} if all((s, k) in a and (s, k) in b for k in range(1, 7)))
    same = all(
        a[(s, k)]["retrain_ndcg10"] == b[(s, k)]["retrain_ndcg10"]
        and a[(s, k)]["frozen_ndcg10"] == b[(s, k)]["frozen_ndcg10"]
        for s in seeds
        for k in range(1, 7)
        if (s, k) in a and (s, k) in b
    )
    print(f"seeds {', '.join(seeds)}; retrain and frozen identical in both runs: {same}")
    print(
        f"| step | NDCG@10 {la} / {lb} | retrain | frozen | inc / retrain {la} / {lb} | inc / frozen {la} / {lb}"
        f" | new rows' cost on known cases {la} / {lb} (retrain) | new-item R@20 {la} / {lb} / retrain"
        f" | CPU share {la} / {lb} | per seed inc / retrain {lb} |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for k in range(2, 7):
        def col(d, c):
            return mean([float(d[(s, k)][c]) for s in seeds])

        def cost(d, who):
            if f"{who}_known_ndcg10" not in next(iter(d.values())):
                return float("nan")
            known = col(d, f"{who}_known_ndcg10")
            full = col(d, f"{who}_old_ndcg10")
            return 100 * (full - known) / known if known else float("nan")

        re, fr = col(a, "retrain_ndcg10"), col(a, "frozen_ndcg10")
        ia, ib = col(a, "inc_ndcg10"), col(b, "inc_ndcg10")
        share = lambda d: 100 * col(d, "inc_cpu_s") / col(d, "retrain_cpu_s")
        per_seed = ", ".join(
            f"{float(b[(s, k)]['inc_ndcg10']) / float(b[(s, k)]['retrain_ndcg10']):.2f}" for s in seeds
        )
        print(
            f"| {k} | {ia:.4f} / {ib:.4f} | {re:.4f} | {fr:.4f} | {ia / re:.2f} / **{ib / re:.2f}** |"
            f" {ia / fr:.2f} / {ib / fr:.2f} | {cost(a, 'inc'):+.0f}% / {cost(b, 'inc'):+.0f}%"
            f" ({cost(a, 'retrain'):+.0f}%) | {col(a, 'inc_new_recall20'):.4f} / {col(b, 'inc_new_recall20'):.4f}"
            f" / {col(a, 'retrain_new_recall20'):.4f} | {share(a):.0f}% / {share(b):.0f}% | {per_seed} |"
        )


if __name__ == "__main__":
    main()
