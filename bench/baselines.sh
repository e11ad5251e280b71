#!/usr/bin/env bash
# Issue 2 benchmark: the four baselines on three real data sets, full ranking, leave-one-out.
# Usage: bench/baselines.sh [SEED]   (writes bench/results/baselines-<data>.json)
set -euo pipefail
cd "$(dirname "$0")/.."
seed="${1:-42}"
data=../shared/data
[ -d "$data" ] || { echo "bench: $data is missing; nothing to measure" >&2; exit 1; }
for ds in ml-100k amazon-beauty-bert4rec amazon-video-games-sasrec; do
  echo "== $ds (seed $seed, commit $(git rev-parse --short HEAD))"
  /usr/bin/time -v ./attnrec compare --data "$data/$ds" --models pop,itemknn,ease,bpr \
      --protocol loo --seed "$seed" --json "bench/results/baselines-$ds.json" 2> >(grep -E "attnrec:|Maximum resident|Elapsed" >&2)
done
