#!/usr/bin/env bash
# Issue 18 item 7: held-out RMSE of rating-model settings on the training folds of ml-100k, never a
# test rating (io.attnrec.cli.bench.RatingTune). Usage: bench/rating-tune.sh NAME FOLDS 'SPEC;SPEC...'
# Writes bench/results/autorec/tune-NAME.log with the commit and the load before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
name="$1"; folds="$2"; specs="$3"
out="bench/results/autorec/tune-$name.log"
mkdir -p "$(dirname "$out")"
cp="$(bench/classpath.sh)"
{
  echo "# commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- attnrec-core || echo ' (+ uncommitted rating changes)') seed 42 folds $folds"
  echo "# start $(date -u +%FT%TZ) load: $(uptime)"
  start=$(date +%s)
  nice -n 5 java -Xmx2g -cp "$cp" io.attnrec.cli.bench.RatingTune ../shared/data/ml-100k "$folds" 42 "$specs"
  echo "# end $(date -u +%FT%TZ) wall $(( $(date +%s) - start )) s load: $(uptime)"
} > "$out" 2>&1
