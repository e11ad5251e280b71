#!/usr/bin/env bash
# Batch top-50 on Spark for 1,000,000 users x 50,000 items (issue 17): a SASRec model trained on a
# 20,000-user world scores the 1,000,000 users of the world made with the same seed (the 20,000-user
# world is its exact prefix: same items, same first users), read from the Parquet folder that
# `attnrec spark prepare` writes (`spark recommend --data`), at local[1] and local[2]; against the
# single-machine evaluator's users/s with the same model on the 20,000-user world. Peak resident
# memory of each JVM from /usr/bin/time (in local mode the executor is the driver JVM).
# usage: bench/spark-topk-1m.sh [WORK=/tmp/attnrec-spark-bench]
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-/tmp/attnrec-spark-bench}"; mkdir -p "$work"
small="$work/world-20000-50000"; big="$work/world-1000000-50000"; model="$work/sasrec-20000-50000"
prepared="$work/prepared-1m"
echo "commit $(git rev-parse --short HEAD), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
peak() { grep "Maximum resident" "$1" | awk '{printf "%.0f MB", $6/1024}'; }
wall() { grep "Elapsed (wall" "$1" | awk '{print $NF}'; }
[ -d "$small" ] || ./attnrec synth --out "$small" --users 20000 --items 50000 --seed 42
[ -d "$model" ] || ./attnrec train --data "$small" --model sasrec:epochs=1:dim=32:blocks=1:max_len=50 --seed 42 --out "$model"
[ -d "$big" ] || ./attnrec synth --out "$big" --users 1000000 --items 50000 --seed 42
cmp -s "$small/synth.item" "$big/synth.item" || { echo "the two worlds do not share their items" >&2; exit 1; }
if [ ! -f "$prepared/attnrec-prepared.json" ]; then
  /usr/bin/time -v -o "$work/time-prepare-1m.txt" ./attnrec spark prepare --master "local[2]" \
    --data "$big/synth.inter" --format csv --column user=user_id:token --column item=item_id:token \
    --column timestamp=timestamp:float --out "$prepared"
  echo "  spark prepare local[2]: wall $(wall "$work/time-prepare-1m.txt"), peak RSS $(peak "$work/time-prepare-1m.txt"); load $(cut -d' ' -f1-3 /proc/loadavg)"
fi
for t in 1 2; do
  /usr/bin/time -v -o "$work/time-eval-$t.txt" ./attnrec evaluate --model "$model" --data "$small" --k 50 --threads "$t" \
    --json "$work/eval-$t.json" | tail -1
  python3 -c "import json,sys; r=json.load(open('$work/eval-$t.json'))['results'][0]; print('single machine, $t thread(s): %d users in %.1f s = %.0f users/s' % (r['users'], r['eval_seconds'], r['users']/r['eval_seconds']))"
  echo "  peak RSS $(peak "$work/time-eval-$t.txt"); load $(cut -d' ' -f1-3 /proc/loadavg)"
done
for m in 1 2; do
  /usr/bin/time -v -o "$work/time-spark1m-$m.txt" ./attnrec spark recommend --master "local[$m]" --model "$model" \
    --data "$prepared" --k 50 --out "$work/top50-1m-local$m" 2>&1 | grep -v '^\s*$' | tail -2
  echo "  spark local[$m]: wall $(wall "$work/time-spark1m-$m.txt"), peak RSS $(peak "$work/time-spark1m-$m.txt"); load $(cut -d' ' -f1-3 /proc/loadavg)"
done
