#!/usr/bin/env bash
# Old and new server side by side in one run (issue 20): two `attnrec serve` processes on the same
# model folder, one from OLD_ROOT's jar (e.g. a worktree at main) and one from this checkout, and
# ServeBenchmark against each in turn, alternating, at each concurrency, so that both see the same
# machine load. Every JSON line carries the load average before and after.
#
# Usage: bench/serve-compare.sh OLD_ROOT MODELS_DIR [ROUNDS=2] [ServeBenchmark options...]
#   e.g. bench/serve-compare.sh /work/wt-perf-old /tmp/perf/serve-models 2 --concurrency 1,32 --requests 4000
# Server JVM options: $SERVER_OPTS (default -Xmx2g). With PROFILE=1 both servers record a JFR
# profile (${JFR_DIR:-/tmp}/serve-profile-{old,new}.jfr; summarise with bench/jfr-breakdown.py).
set -euo pipefail
cd "$(dirname "$0")/.."
old_root=$(cd "$1" && pwd); models=$(cd "$2" && pwd); rounds=${3:-2}; shift 3
cp="$(bench/classpath.sh)"
(cd "$old_root" && ./attnrec --version >/dev/null)
export OMP_WAIT_POLICY=PASSIVE DJL_OFFLINE=true OPT_OUT_TRACKING=true MALLOC_ARENA_MAX=2
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT
start() { # NAME JAR PORT EXTRA_OPTS...
  local name=$1 jar=$2 port=$3; shift 3
  # shellcheck disable=SC2086
  java ${SERVER_OPTS:--Xmx2g} "$@" -Dai.djl.offline=true -jar "$jar" serve --model "$models" \
    --db "sqlite:$work/$name.db" --port "$port" >"$work/$name.log" 2>&1 &
  pids+=($!)
  echo $! >"$work/$name.pid"
}
jfr() { if [ "${PROFILE:-0}" = 1 ]; then echo "-XX:StartFlightRecording=filename=${JFR_DIR:-/tmp}/serve-profile-$1.jfr,settings=profile"; fi; }
# shellcheck disable=SC2046
# both with the JDK's vector API, as the `attnrec` launcher starts every command: without it the
# scoring kernels fall back to plain Java (sessions 8 and 9 first ran the old server without it)
start old "$old_root/attnrec-cli/target/attnrec.jar" 18101 --add-modules jdk.incubator.vector $(jfr old)
# shellcheck disable=SC2046
start new "$PWD/attnrec-cli/target/attnrec.jar" 18102 --add-modules jdk.incubator.vector $(jfr new)
for side in old new; do
  port=$([ $side = old ] && echo 18101 || echo 18102)
  until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do
    if ! kill -0 "$(cat "$work/$side.pid")" 2>/dev/null; then cat "$work/$side.log" >&2; exit 1; fi
    sleep 0.1
  done
done
model=$(for d in "$models"/*/; do [ -f "$d/manifest.json" ] && echo "${d%/}"; done | sort | head -1)
for r in $(seq 1 "$rounds"); do
  for side in old new; do
    port=$([ $side = old ] && echo 18101 || echo 18102)
    java -Xmx1g -cp "$cp" io.attnrec.serve.bench.ServeBenchmark --url "http://127.0.0.1:$port" \
      --model "$model" --pid "$(cat "$work/$side.pid")" "$@" | sed "s/^{/{\"server\": \"$side\", \"round\": $r, /"
  done
done
