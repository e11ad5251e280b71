#!/usr/bin/env bash
# Issue 18 item 7 (session 12): autorec alone and rating-blend with autorec on the official
# ml-100k folds (compare --protocol rating: test RMSE beside the held-out RMSE of the training fold).
# One JVM at a time, niced. Usage: [SEED=42] bench/autorec-rating.sh NAME FOLDS MODELS
set -euo pipefail
cd "$(dirname "$0")/.."
name="$1"; folds="$2"; models="$3"; seed="${SEED:-42}"
out="bench/results/autorec/$name"
mkdir -p "$(dirname "$out")"
./attnrec --version >/dev/null 2>&1
{
  echo "# commit $(git rev-parse --short HEAD) seed $seed folds $folds models $models"
  echo "# start $(date -u +%FT%TZ) load: $(uptime)"
  start=$(date +%s)
  ATTNREC_JAVA_OPTS=-Xmx3g nice -n 5 ./attnrec compare --data ../shared/data/ml-100k --protocol rating \
    --folds "$folds" --models "$models" --seed "$seed" --threads 1 --json "$out.json"
  echo "# end $(date -u +%FT%TZ) wall $(( $(date +%s) - start )) s load: $(uptime)"
} > "$out.log" 2>&1
