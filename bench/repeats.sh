#!/usr/bin/env bash
# Issue 18: how many test and validation targets repeat an item of their case's history, per data
# set and protocol (what the whole-history mask turns into misses). Runs `compare --models pop`
# (cheap) and reads the counts from the JSON report's protocol section.
# Usage: bench/repeats.sh OUT_DIR DATA_PATH... (protocols loo and user; seed 42)
set -euo pipefail
cd "$(dirname "$0")/.."
out="$1"; shift
mkdir -p "$out"
jar="java -Xmx6g -Dai.djl.offline=true -jar attnrec-cli/target/attnrec.jar"
echo "commit $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| data | protocol | test targets | in history | share | validation targets | in history | share |\n|---|---|---|---|---|---|---|---|\n'
for data in "$@"; do
  name="$(basename "$data")"
  for protocol in loo user; do
    json="$out/$name-$protocol.json"
    $jar compare --data "$data" --models pop --protocol "$protocol" --seed 42 --threads 1 --json "$json" >/dev/null 2>&1 \
      || { echo "| $name | $protocol | failed | | | | | |"; continue; }
    python3 - "$json" "$name" "$protocol" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))["protocol"]
t, tr = p["test_targets"], p["test_targets_in_history"]
v, vr = p["validation_targets"], p["validation_targets_in_history"]
print(f"| {sys.argv[2]} | {sys.argv[3]} | {t} | {tr} | {100*tr/max(t,1):.2f}% | {v} | {vr} | {100*vr/max(v,1):.2f}% |")
PY
  done
done
