#!/usr/bin/env python3
"""Issue 16: how far two sets of full retrains of one replay step lie apart (the noise floor of a ratio).

Usage: bench/incremental-retrain-noise.py RUN/replay-raw.tsv [RUN2/replay-raw.tsv ...]
The runs' rows are pooled (each seed once). For every replay step 2-6 and every split of the seeds
into two halves, the ratio of the halves' mean retrain NDCG@10 (as the replay's ratio of means, a
half standing in for the incremental model): its range over the splits says how far a ratio to the
retrain moves when the model compared is itself a retrain with other seeds. Also the incremental
model's ratio over the same halves (incremental of one half over the retrain of the other).
"""
import csv
import itertools
import sys


def main(paths):
    rows = {}
    for path in paths:
        with open(path, newline="") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                key = (int(r["seed"]), int(r["step"]))
                if key in rows:
                    sys.exit(f"seed {key[0]} step {key[1]} appears twice")
                rows[key] = r
    seeds = sorted({s for s, _ in rows})
    if len(seeds) < 2 or len(seeds) % 2:
        sys.exit(f"need an even number of seeds, got {seeds}")
    half = len(seeds) // 2
    splits = [c for c in itertools.combinations(seeds, half) if seeds[0] in c]
    print(f"seeds {seeds}; {len(splits)} splits into halves of {half}")
    print("| step | retrain / retrain over the splits (min – max) | incremental / other half's retrain (min – max) |")
    print("| --- | --- | --- |")
    for step in range(2, 7):
        rr, ir = [], []
        for a in splits:
            b = [s for s in seeds if s not in a]
            ra = sum(float(rows[(s, step)]["retrain_ndcg10"]) for s in a)
            rb = sum(float(rows[(s, step)]["retrain_ndcg10"]) for s in b)
            ia = sum(float(rows[(s, step)]["inc_ndcg10"]) for s in a)
            ib = sum(float(rows[(s, step)]["inc_ndcg10"]) for s in b)
            rr += [ra / rb, rb / ra]
            ir += [ia / rb, ib / ra]
        print(f"| {step} | {min(rr):.3f} – {max(rr):.3f} | {min(ir):.3f} – {max(ir):.3f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
