#!/usr/bin/env bash
# Issue 3, item 4: the same seed twice gives identical metrics, and a saved model scores exactly
# as the one in memory. Trains MODEL twice with one seed, evaluates both artifacts on the test
# split, and runs `compare` (train + test in memory, nothing saved) with the same seed; all three
# metric sets must be identical, as must the two artifacts' weights.
# Usage: bench/reproducibility.sh [DATA=../shared/data/ml-100k] [MODEL=sasrec:epochs=20] [SEED=7]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data/ml-100k}"
model="${2:-sasrec:epochs=20}"
seed="${3:-7}"
[ -e "$data" ] || { echo "bench: $data is missing; nothing to measure" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "== reproducibility: $model on $data, seed $seed, commit $(git rev-parse --short HEAD)"
for run in a b; do
  ./attnrec train --data "$data" --model "$model:progress=false" --seed "$seed" --out "$tmp/$run" 2>/dev/null
  ./attnrec evaluate --model "$tmp/$run" --data "$data" --seed "$seed" --json "$tmp/$run.json" >/dev/null 2>&1
done
./attnrec compare --data "$data" --models "$model:progress=false" --seed "$seed" --json "$tmp/mem.json" >/dev/null 2>&1
metrics() { python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["results"][0]["metrics"], sort_keys=True))' "$1"; }
for f in a b mem; do echo "$f: $(metrics "$tmp/$f.json" | cut -c1-160)..."; done
weights() { find "$1/model" -type f -exec sha256sum {} + | awk '{print $1}' | sort | sha256sum | cut -c1-16; }
echo "weights a: $(weights "$tmp/a")  weights b: $(weights "$tmp/b")"
[ "$(metrics "$tmp/a.json")" = "$(metrics "$tmp/b.json")" ] || { echo "FAIL: two trainings with seed $seed differ"; exit 1; }
[ "$(metrics "$tmp/a.json")" = "$(metrics "$tmp/mem.json")" ] || { echo "FAIL: the saved model scores differently from the one in memory"; exit 1; }
[ "$(weights "$tmp/a")" = "$(weights "$tmp/b")" ] || { echo "FAIL: weights differ"; exit 1; }
echo "OK: identical metrics (train twice, evaluate saved artifacts, in-memory compare) and identical weights"
