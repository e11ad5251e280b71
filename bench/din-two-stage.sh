#!/usr/bin/env bash
# Issue 18, item 6: DIN as a second stage trained on the first stage's own candidates.
#   bench/din-two-stage.sh sweep DATA FIRST_DIR SEED OPTS...   trains din-rerank once per OPTS (e.g.
#       candidates=100,pretrain_epochs=3) with `attnrec train`: validation only, the test split is
#       not read. Each log holds the first stage's and the second stage's NDCG@10 on the held-out
#       validation users (the figure that chooses the settings).
#   bench/din-two-stage.sh compare DATA FIRST_DIR SEED OPTS OLD_DIN_EPOCHS   the test run, once:
#       the first stage alone, + the old re-ranker (din:rerank=, uniform negatives), + din-rerank
#       with OPTS; compare prints paired t / Wilcoxon of NDCG@10 against the first model.
# FIRST_DIR: a first stage saved by `attnrec train` on the same data and seed (saved:dir=).
# JAR (default: the worktree's CLI, built by ./attnrec) may name a frozen copy of the CLI jar.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="$1"
name="$2"
first="$3"
seed="$4"
shift 4
data=../shared/data/$name
[ -d "$data" ] || { echo "bench: $data is missing; nothing to measure" >&2; exit 1; }
[ -d "$first" ] || { echo "bench: no first stage in $first" >&2; exit 1; }
mkdir -p bench/results
run() {
  if [ -n "${JAR:-}" ]; then
    OMP_WAIT_POLICY=PASSIVE DJL_OFFLINE=true MALLOC_ARENA_MAX=2 nice -n 10 java -Xmx6g \
      --add-modules jdk.incubator.vector -Dai.djl.offline=true -jar "$JAR" "$@"
  else
    ATTNREC_JAVA_OPTS=-Xmx6g nice -n 10 ./attnrec "$@"
  fi
}
stamp() { echo "== $* (commit $(git rev-parse --short HEAD), $(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"; }
case "$mode" in
  sweep)
    for opts in "$@"; do
      tag=$(echo "$opts" | tr ',=' '-_')
      stamp "sweep $name $opts"
      start=$(date +%s)
      run train --data "$data" --seed "$seed" --out "models/two-stage-$name-$tag" \
        --model "din-rerank:first=saved,saved.dir=$first,$opts" 2>&1 | tr '\r' '\n' \
        | grep -v '^INFO\|incubator' | tee "bench/results/din-two-stage-$name-sweep-$tag.log"
      echo "wall-clock $(( $(date +%s) - start )) s; load $(cut -d' ' -f1-3 /proc/loadavg)"
    done
    ;;
  compare)
    opts="$1"
    old="${2:-5}"
    stamp "compare $name first=$first din-rerank:$opts old din epochs $old"
    start=$(date +%s)
    run compare --data "$data" --seed "$seed" \
      --models "saved:dir=$first,din:rerank=saved,candidates=100,saved.dir=$first,epochs=$old,din-rerank:first=saved,saved.dir=$first,$opts" \
      --json "bench/results/din-two-stage-$name-compare.json" 2>&1 | tr '\r' '\n' | grep -v '^INFO\|incubator' \
      | tee "bench/results/din-two-stage-$name-compare.log"
    echo "wall-clock $(( $(date +%s) - start )) s; load $(cut -d' ' -f1-3 /proc/loadavg)"
    ;;
  *) echo "usage: $0 sweep|compare DATA FIRST_DIR SEED ..." >&2; exit 2 ;;
esac
