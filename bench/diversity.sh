#!/usr/bin/env bash
# Issue 4, item 3: the diversity trade-off of ComiRec's greedy aggregation. Trains MODEL once under
# the user split, then evaluates the test users at each lambda: Recall/HitRate@20/50 against the
# category intra-list diversity of the top 50 (and purity when the data has planted truth).
# Usage: bench/diversity.sh DATA_PATH [MODEL=comirec-sa] [SEED=42] [LAMBDAS=0,0.1,0.25,0.5,1]
#   writes bench/results/diversity/<data>-<model>.{json,md,png}
set -euo pipefail
cd "$(dirname "$0")/.."
data="$1"
model="${2:-comirec-sa}"
seed="${3:-42}"
lambdas="${4:-0,0.1,0.25,0.5,1}"
[ -e "$data" ] || { echo "bench: $data is missing; nothing to measure" >&2; exit 1; }
./attnrec --version >/dev/null   # builds the jar when needed
echo "== diversity $data $model (seed $seed, commit $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg))"
export OMP_WAIT_POLICY=PASSIVE DJL_OFFLINE=true OPT_OUT_TRACKING=true
exec java -Xmx8g -Dai.djl.offline=true -cp "$(bench/classpath.sh)" \
  io.attnrec.cli.bench.MultiInterestBench "$data" "$model" bench/results/diversity "$seed" "$lambdas"
