#!/usr/bin/env bash
# Issue 16: what never-seen catalogue items cost a recommendation request. A real `attnrec serve`
# with sasrec:content=true on a small synthetic world (as bench/new-item-curl.sh); p50/p95 of
# GET /v1/users/{id}/recommendations?k=10 over N sequential requests with 0, 100 and 1000 new items.
#   bench/new-item-latency.sh [N] [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-300}
W=${2:-/tmp/attnrec-new-item-latency}
PORT=${PORT:-18432}
rm -rf "$W" && mkdir -p "$W"
./attnrec synth --out "$W/world" --users 600 --items 300 --topics 10 --interests 2 --seed 7 >/dev/null
./attnrec train --data "$W/world" --epochs 8 --out "$W/models/sasrec-content" \
    --model 'sasrec:content=true:content_id_dropout=0.3:dim=32:blocks=1:heads=1:max_len=50' >"$W/train.log" 2>&1
./attnrec serve --model "$W/models" --db "sqlite:$W/events.db" --port "$PORT" --no-access-log >"$W/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -sf "localhost:$PORT/ready" >/dev/null && break; sleep 0.5; done
echo "commit $(git rev-parse --short HEAD); $(uptime)"
python3 - "$PORT" "$N" <<'PY'
import json, sys, time, urllib.request
port, n = int(sys.argv[1]), int(sys.argv[2])
base = f"http://127.0.0.1:{port}"
topics = ["jazz", "running", "baby-food", "hiking", "cooking", "gardening", "photography"]
def put(i):
    body = json.dumps({"title": f"{topics[i % len(topics)]} new thing {i}", "categories": [topics[i % len(topics)]]}).encode()
    req = urllib.request.Request(f"{base}/v1/items/new-{i}", data=body, method="PUT", headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
def measure(label):
    for u in range(20):  # warm-up
        urllib.request.urlopen(f"{base}/v1/users/u{u + 1}/recommendations?k=10").read()
    times, fresh = [], 0
    for r in range(n):
        t0 = time.perf_counter()
        d = json.loads(urllib.request.urlopen(f"{base}/v1/users/u{1 + r % 599}/recommendations?k=10").read())
        times.append((time.perf_counter() - t0) * 1000)
        fresh += sum(1 for x in d["items"] if "source" in x)
    times.sort()
    print(f"{label:>16}: p50 {times[len(times)//2]:6.2f} ms  p95 {times[int(len(times)*0.95)]:6.2f} ms  new items per list {fresh/n:.2f}")
measure("0 new items")
for i in range(100): put(i)
measure("100 new items")
for i in range(100, 1000): put(i)
measure("1000 new items")
PY
echo "$(uptime)"
