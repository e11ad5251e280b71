#!/usr/bin/env bash
# Issue 4, item 2: multi-interest models against single-vector ones under ComiRec's user split
# (SPEC §4: whole users held out; the first 80% of a held-out user's sequence is the history, the
# rest the targets), full ranking, Recall/HitRate@20/50. Neural models stop early on validation;
# EPOCHS caps the epochs.
# Usage: bench/multi-interest.sh DATA_PATH [SEED=42] [EPOCHS=200] [MODELS=...]
#   writes bench/results/multi-interest-<basename of DATA_PATH>.json
set -euo pipefail
cd "$(dirname "$0")/.."
data="$1"
seed="${2:-42}"
epochs="${3:-200}"
models="${4:-pop,ease,sasrec,comirec-sa,comirec-dr,mind}"
[ -e "$data" ] || { echo "bench: $data is missing; nothing to measure" >&2; exit 1; }
. bench/specs.sh
specs="$(cap_epochs "$models" "$epochs")"
name="$(basename "$data")"
echo "== $name (seed $seed, epochs <= $epochs, commit $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg))"
start=$(date +%s)
./attnrec compare --data "$data" --models "$specs" --protocol user --k 20,50 --seed "$seed" \
  --json "bench/results/multi-interest-$name.json"
echo "wall-clock: $(( $(date +%s) - start )) s"
