#!/usr/bin/env bash
# Issue 6, item 2: DIN alone (GAUC against 100 sampled negatives per user) and DIN as a re-ranker
# of SASRec's top 100 (full ranking, against SASRec alone). Trains each model once and reuses the
# artifacts (saved:dir= and din's scorer=).
# Usage: bench/din.sh DATA_NAME [SEED=42] [DIN_EPOCHS=5] [SASREC_DIR=train one]
#   writes bench/results/din-DATA_NAME-{gauc,rerank}.json; models under models/bench-DATA_NAME/
set -euo pipefail
cd "$(dirname "$0")/.."
name="$1"
seed="${2:-42}"
epochs="${3:-5}"
data=../shared/data/$name
[ -d "$data" ] || { echo "bench: $data is missing; nothing to measure" >&2; exit 1; }
dir="models/bench-$name"
mkdir -p "$dir"
sasrec="${4:-$dir/sasrec}"
echo "== din on $name (seed $seed, din epochs $epochs, commit $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg))"
[ -d "$sasrec" ] || ./attnrec train --data "$data" --model sasrec --seed "$seed" --out "$sasrec"
# DIN scores one candidate at a time: its post-training validation report uses the same 100
# sampled negatives as its GAUC (a full ranking of Beauty's 54,542 items per user would take hours)
[ -d "$dir/din" ] || ./attnrec train --data "$data" --model "din:epochs=$epochs" --seed "$seed" \
  --sampled-negatives 100 --out "$dir/din"
./attnrec evaluate --model "$dir/din" --data "$data" --seed "$seed" --sampled-negatives 100 \
  --json "bench/results/din-$name-gauc.json"
./attnrec compare --data "$data" --seed "$seed" \
  --models "saved:dir=$sasrec,din:rerank=saved,candidates=100,saved.dir=$sasrec,scorer=$dir/din" \
  --json "bench/results/din-$name-rerank.json"
