#!/usr/bin/env bash
# Issue 16: time replay. A SASRec trained on the first 70% of the data (time span, or cut=events:
# event count), then six equal windows: before each, an incremental update (warm start from the
# previous incremental model), a full retrain on everything so far with the first model's
# settings, and the frozen first model; NDCG@10 / Recall@20 on the window's events (full
# ranking), new items' Recall@20, wall and CPU time per step; several seeds (mean ± sd), a paired
# test across users of incremental against retrain.
# Usage: bench/incremental.sh DATA_PATH RUN_NAME [key=value ...]   (keys: see TimeReplay's javadoc:
#   model, seeds, per_user, cut, steps, max_steps, warm_epochs, replay, warm_options, select, select_time,
#   select_seeds, select_chain, select_only)
#   writes bench/results/incremental-<data>/<RUN_NAME>/{replay.md,replay-raw.tsv,replay.png,selection.md,log.txt}
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:?usage: bench/incremental.sh DATA_PATH RUN_NAME [key=value ...]}"
run="${2:?usage: bench/incremental.sh DATA_PATH RUN_NAME [key=value ...]}"
shift 2
[ -e "$data" ] || { echo "bench: $data is missing; nothing to measure" >&2; exit 1; }
out="bench/results/incremental-$(basename "$data")/$run"
mkdir -p "$out"
work="$(mktemp -d)"   # the models: large and reproducible, not kept
trap 'rm -rf "$work"' EXIT
# a private copy of the jars: a run takes an hour, and a rebuild in this checkout meanwhile must not
# change the classes under it
mkdir -p "$work/cp"
bench/classpath.sh >/dev/null   # builds the jars when sources changed
cp -r attnrec-bench/target/attnrec-bench.jar attnrec-cli/target/attnrec.jar attnrec-cli/target/lib "$work/cp/"
cp="$work/cp/*:$work/cp/lib/*"
echo "== $(basename "$data") $run (commit $(git rev-parse --short HEAD), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)) $*" | tee "$out/log.txt"
start=$(date +%s)
OMP_WAIT_POLICY=PASSIVE nice -n 10 java -Xmx4g -Dai.djl.offline=true -cp "$cp" io.attnrec.cli.bench.TimeReplay \
  data="$data" out="$work" "$@" 2>&1 | grep --line-buffered -v "^attnrec: " | tee -a "$out/log.txt"
cp "$work"/replay.md "$work"/replay-raw.tsv "$work"/replay.png "$out"/ 2>/dev/null || true
cp "$work"/selection.md "$out"/ 2>/dev/null || true
echo "wall-clock: $(( $(date +%s) - start )) s; load after $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/log.txt"
