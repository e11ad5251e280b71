#!/usr/bin/env bash
# Same answers (issue 20): GET /v1/users/{id}/recommendations from two servers on one model folder —
# BASE_ROOT's jar (e.g. a checkout of the commit before a scoring change) and this checkout's — for
# N random users (seeded) over several queries (k, exclude_seen, diversity); prints how many JSON
# answers differ (items, scores, order, everything). Usage: bench/serve-same.sh BASE_ROOT MODELS_DIR [N=500]
set -euo pipefail
cd "$(dirname "$0")/.."
base=$(cd "$1" && pwd); models=$(cd "$2" && pwd); n=${3:-500}
(cd "$base" && ./attnrec --version >/dev/null)
./attnrec --version >/dev/null
export OMP_WAIT_POLICY=PASSIVE DJL_OFFLINE=true OPT_OUT_TRACKING=true MALLOC_ARENA_MAX=2
work=$(mktemp -d)
java -Xmx2g --add-modules jdk.incubator.vector -jar "$base/attnrec-cli/target/attnrec.jar" serve --model "$models" \
  --db "sqlite:$work/a.db" --port 18311 --no-access-log >"$work/a.log" 2>&1 &
a=$!
java -Xmx2g --add-modules jdk.incubator.vector -jar "$PWD/attnrec-cli/target/attnrec.jar" serve --model "$models" \
  --db "sqlite:$work/b.db" --port 18312 --no-access-log >"$work/b.log" 2>&1 &
b=$!
trap 'kill $a $b 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
for p in 18311 18312; do until curl -sf "http://127.0.0.1:$p/health" >/dev/null; do sleep 0.3; done; done
model=$(for d in "$models"/*/; do [ -f "$d/manifest.json" ] && echo "${d%/}"; done | sort | head -1)
python3 - "$n" "$model/ids/users.txt" <<'PY'
import json, random, sys, urllib.request
n, users = int(sys.argv[1]), open(sys.argv[2]).read().split()
r = random.Random(42)
queries = ["k=10", "k=100", "k=10&exclude_seen=false", "k=20&diversity=0.5", "k=50"]
def get(port, u, q):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/users/{u}/recommendations?{q}") as f:
        return json.load(f)
diff = 0
for i in range(n):
    u, q = r.choice(users), queries[i % len(queries)]
    a, b = get(18311, u, q), get(18312, u, q)
    if a != b:
        diff += 1
        if diff <= 3:
            print("DIFF", u, q, json.dumps(a)[:300], json.dumps(b)[:300])
print(f"{n} requests, {diff} answers differ (queries {queries}, users drawn with seed 42)")
PY
