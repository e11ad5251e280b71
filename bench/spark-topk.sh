#!/usr/bin/env bash
# Batch top-50 on Spark (attnrec spark recommend, local[1] and local[2]) against the
# single-machine evaluator (attnrec evaluate, 1 and 2 threads) with the same SASRec model on a
# synthetic world; peak resident memory of each JVM from /usr/bin/time (in local mode the
# executor is the driver JVM). Issue 17 asks for 1,000,000 users x 50,000 items; the default here
# is reduced to fit the 2-core development machine.
# usage: bench/spark-topk.sh [USERS=20000] [ITEMS=50000] [WORK=/tmp/attnrec-spark-bench]
set -euo pipefail
cd "$(dirname "$0")/.."
users="${1:-20000}"; items="${2:-50000}"; work="${3:-/tmp/attnrec-spark-bench}"
mkdir -p "$work"
world="$work/world-$users-$items"; model="$work/sasrec-$users-$items"
echo "commit $(git rev-parse --short HEAD), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -d "$world" ] || ./attnrec synth --out "$world" --users "$users" --items "$items" --seed 42
[ -d "$model" ] || ./attnrec train --data "$world" --model sasrec:epochs=1:dim=32:blocks=1:max_len=50 --seed 42 --out "$model"
peak() { grep "Maximum resident" "$1" | awk '{printf "%.0f MB", $6/1024}'; }
for t in 1 2; do
  /usr/bin/time -v -o "$work/time-eval-$t.txt" ./attnrec evaluate --model "$model" --data "$world" --k 50 --threads "$t" \
    --json "$work/eval-$t.json" | tail -2
  python3 -c "import json,sys; r=json.load(open('$work/eval-$t.json'))['results'][0]; print('single machine, $t thread(s): %d users in %.1f s = %.0f users/s' % (r['users'], r['eval_seconds'], r['users']/r['eval_seconds']))"
  echo "  peak RSS $(peak "$work/time-eval-$t.txt"); load $(cut -d' ' -f1-3 /proc/loadavg)"
done
for m in 1 2; do
  /usr/bin/time -v -o "$work/time-spark-$m.txt" ./attnrec spark recommend --master "local[$m]" --model "$model" --k 50 \
    --out "$work/top50-local$m" | tail -1
  echo "  spark local[$m]: peak RSS $(peak "$work/time-spark-$m.txt"); load $(cut -d' ' -f1-3 /proc/loadavg)"
done
