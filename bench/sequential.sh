#!/usr/bin/env bash
# Issue 3, item 2: pop, ease, gru4rec, lstm-attn and sasrec with each loss, full ranking,
# leave-one-out. Neural models stop early on validation NDCG@10; EPOCHS caps the epochs (the
# models' own default is 200 with patience 10, too long for the Amazon sets on 2 cores).
# Usage: bench/sequential.sh DATA_NAME [SEED=42] [EPOCHS=200] [MODELS=...]
#   MODELS: comma-separated specs, options inside a spec joined by ':' (sasrec:loss=ce:dropout=0.1)
#   writes bench/results/sequential-DATA_NAME.json (or $OUT)
set -euo pipefail
cd "$(dirname "$0")/.."
name="$1"
seed="${2:-42}"
epochs="${3:-200}"
models="${4:-pop,ease,gru4rec,lstm-attn,sasrec:loss=ce,sasrec:loss=bce,sasrec:loss=sampled,sasrec:loss=gbce}"
data=../shared/data/$name
[ -d "$data" ] || { echo "bench: $data is missing; nothing to measure" >&2; exit 1; }
. bench/specs.sh
specs="$(cap_epochs "$models" "$epochs")"
echo "== $name (seed $seed, epochs <= $epochs, commit $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg))"
start=$(date +%s)
./attnrec compare --data "$data" --models "$specs" --protocol loo --seed "$seed" \
  --json "${OUT:-bench/results/sequential-$name.json}"
echo "wall-clock: $(( $(date +%s) - start )) s"
