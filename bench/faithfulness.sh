#!/usr/bin/env bash
# Issue 19, item 6: are explanations faithful? For up to USERS leave-one-out test users, the top
# recommendation is explained by deletion attribution, by the model's attention and at random;
# removing the 1..5 history items each ranks first, how far does the item's rank drop?
# (io.attnrec.cli.bench.Faithfulness; method in its javadoc.)
# Usage: bench/faithfulness.sh DATA_PATH MODEL_SPEC [SEED=42] [USERS=1000]
#   MODEL_SPEC: e.g. sasrec:epochs=20, or saved:dir=DIR for a model from `attnrec train` with the
#   same data and seed. Writes bench/results/faithfulness-<data>-<model>.json and prints the table.
set -euo pipefail
cd "$(dirname "$0")/.."
data="$1"
spec="$2"
seed="${3:-42}"
users="${4:-1000}"
[ -e "$data" ] || { echo "bench: $data is missing; nothing to measure" >&2; exit 1; }
[ -f attnrec-cli/target/attnrec.jar ] || ./attnrec --help >/dev/null
name="$(basename "$data")"
label="${spec%%:*}"
if [ "$label" = saved ]; then label="$(basename "${spec#*dir=}")"; fi
echo "== $name $spec (seed $seed, users <= $users, commit $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg))"
start=$(date +%s)
OMP_WAIT_POLICY=PASSIVE nice -n 10 java -Xmx6g -Dai.djl.offline=true \
  -cp "$(bench/classpath.sh)" io.attnrec.cli.bench.Faithfulness \
  "$data" "$spec" "bench/results/faithfulness-$name-$label.json" "$seed" "$users"
echo "wall-clock: $(( $(date +%s) - start )) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
