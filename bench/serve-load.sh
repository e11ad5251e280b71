#!/usr/bin/env bash
# Serving benchmark against a real `attnrec serve` process on loopback:
#   1. start-up: seconds from launching the server JVM until GET /health answers 200;
#   2. p50/p99 and requests/s of GET /v1/users/{id}/recommendations at each concurrency;
#   3. the same while the first two models of the folder are hot-swapped (POST
#      /v1/models/{name}/activate every --swap-every-ms, default 1000);
#   4. the server's resident memory (VmRSS, peak VmHWM) after every run.
# Every line carries the 1-minute load average before and after the run.
#
# Usage: bench/serve-load.sh MODELS_DIR [ServeBenchmark options, e.g. --concurrency 1,8,32 --requests 20000]
#   MODELS_DIR: a folder of at least two artifacts (see bench/results/serving.md for how they
#   were made); the first by name is served first. Server JVM options: $ATTNREC_JAVA_OPTS
#   (default -Xmx8g, as the attnrec launcher).
set -euo pipefail
cd "$(dirname "$0")/.."
models=$(cd "$1" && pwd); shift
cp="$(bench/classpath.sh)"   # builds the jars if needed
port=${ATTNREC_BENCH_PORT:-18091}
mapfile -t names < <(for d in "$models"/*/; do [ -f "$d/manifest.json" ] && basename "$d"; done | sort)
if [ "${#names[@]}" -lt 2 ]; then echo "need two model artifacts in $models" >&2; exit 2; fi
work=$(mktemp -d)
export OMP_WAIT_POLICY=PASSIVE DJL_OFFLINE=true OPT_OUT_TRACKING=true

t0=$(date +%s%N)
# shellcheck disable=SC2086
java ${ATTNREC_JAVA_OPTS:--Xmx8g} --add-modules jdk.incubator.vector -Dai.djl.offline=true -jar attnrec-cli/target/attnrec.jar \
  serve --model "$models" --db "sqlite:$work/events.db" --port "$port" >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null; then cat "$work/server.log" >&2; exit 1; fi
  sleep 0.02
done
t1=$(date +%s%N)
rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
printf '{"startup_s": %.2f, "model": "%s", "load1": %s, "server_rss_mib_idle": %s, "java_opts": "%s"}\n' \
  "$(echo "($t1 - $t0) / 1000000000" | bc -l)" "${names[0]}" "$(cut -d' ' -f1 /proc/loadavg)" "$rss" \
  "${ATTNREC_JAVA_OPTS:--Xmx8g}"

bench() { java -Xmx1g -cp "$cp" io.attnrec.serve.bench.ServeBenchmark --url "http://127.0.0.1:$port" \
  --model "$models/${names[0]}" --pid "$pid" "$@"; }
bench "$@"
bench --swap "${names[0]},${names[1]}" "$@"
