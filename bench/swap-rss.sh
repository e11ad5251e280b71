#!/usr/bin/env bash
# Resident memory of a real `attnrec serve` process across hot swaps (issue 14 item 11):
# activates the first two models of MODELS_DIR alternately N times (three recommendations
# after each) and prints VmRSS after activation 1, 10, 25, 50 and 100.
#
# Usage: bench/swap-rss.sh MODELS_DIR [N] [serve options, e.g. --no-gc-after-activation]
#   Server JVM options: $ATTNREC_JAVA_OPTS (default -Xmx8g, as the attnrec launcher).
set -euo pipefail
cd "$(dirname "$0")/.."
models=$(cd "$1" && pwd); shift
n=${1:-50}; [ $# -gt 0 ] && shift
./attnrec --version >/dev/null   # builds the jar if needed
port=${ATTNREC_BENCH_PORT:-18092}
mapfile -t names < <(for d in "$models"/*/; do [ -f "$d/manifest.json" ] && basename "$d"; done | sort)
if [ "${#names[@]}" -lt 2 ]; then echo "need two model artifacts in $models" >&2; exit 2; fi
work=$(mktemp -d)
export OMP_WAIT_POLICY=PASSIVE DJL_OFFLINE=true OPT_OUT_TRACKING=true
# shellcheck disable=SC2086
java ${ATTNREC_JAVA_OPTS:--Xmx8g} -Dai.djl.offline=true -jar attnrec-cli/target/attnrec.jar \
  serve --model "$models" --activate "${names[0]}" --db "sqlite:$work/events.db" --port "$port" \
  --no-access-log "$@" >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 240); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
rss() { awk '/VmRSS/{print int($2/1024)}' "/proc/$pid/status"; }
out="start=$(rss)"
for i in $(seq "$n"); do
  m=${names[$((i % 2))]}
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    "http://127.0.0.1:$port/v1/models/$m/activate")
  [ "$code" = 200 ] || { echo "activation $i of $m: HTTP $code" >&2; exit 1; }
  for u in 1 2 3; do curl -s -o /dev/null "http://127.0.0.1:$port/v1/users/$u/recommendations?k=10"; done
  case $i in 1|10|25|50|100) out="$out after$i=$(rss)";; esac
done
echo "{\"activations\": $n, \"rss_mib\": \"$out\", \"java_opts\": \"${ATTNREC_JAVA_OPTS:--Xmx8g}\", \"serve_opts\": \"$*\", \"load1\": $(cut -d' ' -f1 /proc/loadavg)}"
