#!/usr/bin/env bash
# Issue 3, item 4: the same seed gives identical metrics, and a saved model scores exactly as the
# one in memory. Trains MODEL RUNS times with one seed and --deterministic (PyTorch on one thread),
# evaluates every artifact on the test split, and runs `compare` (train + test in memory, nothing
# saved) with the same seed; all metric sets and all artifacts' weights must be identical.
# MODE=default drops --deterministic, to measure how often two-thread runs drift.
# Usage: bench/reproducibility.sh [DATA=../shared/data/ml-100k] [MODEL=sasrec:epochs=20] [SEED=7] [RUNS=2]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data/ml-100k}"
model="${2:-sasrec:epochs=20}"
seed="${3:-7}"
runs="${4:-2}"
flag="--deterministic"
[ "${MODE:-deterministic}" = default ] && flag=""
[ -e "$data" ] || { echo "bench: $data is missing; nothing to measure" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "== reproducibility: $model on $data, seed $seed, $runs runs, ${flag:-two threads}, commit $(git rev-parse --short HEAD)"
metrics() { python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["results"][0]["metrics"], sort_keys=True))' "$1"; }
weights() { find "$1/model" -type f -exec sha256sum {} + | awk '{print $1}' | sort | sha256sum | cut -c1-16; }
for run in $(seq 1 "$runs"); do
  start=$(date +%s)
  ./attnrec train --data "$data" --model "$model:progress=false" --seed "$seed" $flag --out "$tmp/$run" >/dev/null 2>&1
  ./attnrec evaluate --model "$tmp/$run" --data "$data" --seed "$seed" $flag --json "$tmp/$run.json" >/dev/null 2>&1
  echo "run $run: weights $(weights "$tmp/$run")  $(metrics "$tmp/$run.json" | cut -c1-90)...  ($(( $(date +%s) - start )) s, load $(cut -d' ' -f1 /proc/loadavg))"
done
./attnrec compare --data "$data" --models "$model:progress=false" --seed "$seed" $flag --json "$tmp/mem.json" >/dev/null 2>&1
echo "in memory:                $(metrics "$tmp/mem.json" | cut -c1-90)..."
distinct_w=$(for run in $(seq 1 "$runs"); do weights "$tmp/$run"; done | sort -u | wc -l)
distinct_m=$(for run in $(seq 1 "$runs"); do metrics "$tmp/$run.json"; done | sort -u | wc -l)
echo "distinct weights: $distinct_w of $runs runs; distinct metric sets: $distinct_m"
[ "$distinct_w" = 1 ] && [ "$distinct_m" = 1 ] || { echo "FAIL: trainings with seed $seed differ"; exit 1; }
[ "$(metrics "$tmp/1.json")" = "$(metrics "$tmp/mem.json")" ] || { echo "FAIL: the saved model scores differently from the one in memory"; exit 1; }
echo "OK: identical weights and metrics in all $runs runs, and the saved model scores as the one in memory"
