#!/usr/bin/env bash
# Old and new server side by side (issue 20), driven by wrk (a C load generator, one thread)
# instead of ServeBenchmark's JDK HttpClient, whose own CPU on this 2-core machine is a large part
# of every request: two `attnrec serve` processes on the same model folder (OLD_ROOT's jar and
# this checkout's), each warmed up, then measured in alternation, ROUNDS times, at each
# concurrency. One JSON line per measurement with the load average before/after and the server's
# resident memory. Needs `wrk` (Debian package `wrk`).
#
# Usage: bench/serve-compare-wrk.sh OLD_ROOT MODELS_DIR [ROUNDS=3] [SECONDS=20] [CONCURRENCY=1,32]
set -euo pipefail
cd "$(dirname "$0")/.."
old_root=$(cd "$1" && pwd); models=$(cd "$2" && pwd); rounds=${3:-3}; secs=${4:-20}; levels=${5:-1,32}
command -v wrk >/dev/null || { echo "serve-compare-wrk: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
./attnrec --version >/dev/null
(cd "$old_root" && ./attnrec --version >/dev/null)
export OMP_WAIT_POLICY=PASSIVE DJL_OFFLINE=true OPT_OUT_TRACKING=true MALLOC_ARENA_MAX=2
work=$(mktemp -d)
pids=()
# at exit: stop both servers, then copy the new server's batching summary ("scorer of ...") to stderr
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  grep -h "scorer of" "$work/new.log" >&2 || true; rm -rf "$work"' EXIT
start() { # NAME JAR PORT
  # shellcheck disable=SC2086
  java ${SERVER_OPTS:--Xmx2g} --add-modules jdk.incubator.vector -Dai.djl.offline=true -jar "$2" serve \
    --model "$models" --db "sqlite:$work/$1.db" --port "$3" >"$work/$1.log" 2>&1 &
  pids+=($!)
  echo $! >"$work/$1.pid"
}
start old "$old_root/attnrec-cli/target/attnrec.jar" 18101
start new "$PWD/attnrec-cli/target/attnrec.jar" 18102
port() { [ "$1" = old ] && echo 18101 || echo 18102; }
for side in old new; do
  until curl -sf "http://127.0.0.1:$(port $side)/health" >/dev/null; do
    kill -0 "$(cat "$work/$side.pid")" 2>/dev/null || { cat "$work/$side.log" >&2; exit 1; }
    sleep 0.1
  done
done
model=$(for d in "$models"/*/; do [ -f "$d/manifest.json" ] && echo "${d%/}"; done | sort | head -1)
export WRK_USERS="$model/ids/users.txt"
load() { cut -d' ' -f1 /proc/loadavg; }
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$(cat "$work/$1.pid")/status"; }
run() { # SIDE CONCURRENCY SECONDS SEED
  WRK_SEED=$4 wrk -t1 -c"$2" -d"$3"s --timeout 10s -s bench/wrk-users.lua "http://127.0.0.1:$(port "$1")" | tail -1
}
for side in old new; do run $side 32 "$secs" 1 >/dev/null; done   # warm-up: JIT, caches
for r in $(seq 1 "$rounds"); do
  for c in ${levels//,/ }; do
    for side in old new; do
      before=$(load)
      line=$(run $side "$c" "$secs" $((r * 100 + c)))
      echo "{\"server\": \"$side\", \"round\": $r, \"concurrency\": $c, \"load_before\": $before, \"load_after\": $(load), \"rss_mib\": $(rss $side), ${line#\{}"
    done
  done
done
