#!/usr/bin/env bash
# Issue 16: time replay. A SASRec trained on the first 70% of the data's time span, then six equal
# windows: before each, an incremental update (warm start from the previous incremental model),
# a full retrain on everything so far, and the frozen first model; NDCG@10 / Recall@20 on the
# window's events (full ranking), new items' Recall@20, wall time per step.
# Usage: bench/incremental.sh [DATA_PATH=../shared/data/ml-latest-small] [MODEL_SPEC] [WARM_EPOCHS=5] [PER_USER=30] [SEED=42] [WARM_OPTIONS]
#   writes bench/results/incremental-<name>/replay.tsv, replay.png and log.txt
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data/ml-latest-small}"
[ -e "$data" ] || { echo "bench: $data is missing; nothing to measure" >&2; exit 1; }
name="$(basename "$data")"
out="bench/results/incremental-$name"
rm -rf "$out/base" "$out"/inc-* "$out"/retrain-*
mkdir -p "$out"
cp="$(bench/classpath.sh)"
echo "== $name (commit $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg))" | tee "$out/log.txt"
start=$(date +%s)
OMP_WAIT_POLICY=PASSIVE nice -n 10 java -Xmx4g -Dai.djl.offline=true -cp "$cp" io.attnrec.cli.bench.TimeReplay \
  "$data" "$out" "${2:-}" "${3:-5}" "${4:-30}" "${5:-42}" "${6:-}" 2>&1 | grep -v "^attnrec: " | tee -a "$out/log.txt"
echo "wall-clock: $(( $(date +%s) - start )) s; load after $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/log.txt"
# the models are large and reproducible: keep only the figures
rm -rf "$out/base" "$out"/inc-* "$out"/retrain-*
