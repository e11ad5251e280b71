#!/usr/bin/env bash
# Issue 16, item 2: a never-seen item, sent with PUT /v1/items/{id}, recommended at once (no
# training) by a real `attnrec serve` with a content-aware model (sasrec:content=true) on a small
# synthetic world. Writes a curl transcript with UTC timestamps to bench/results/new-item-curl.txt.
#   bench/new-item-curl.sh [WORKDIR]   (default /tmp/attnrec-new-item)
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:-/tmp/attnrec-new-item}
PORT=${PORT:-18431}
OUT=bench/results/new-item-curl.txt
rm -rf "$W" && mkdir -p "$W"
./attnrec synth --out "$W/world" --users 600 --items 300 --topics 10 --interests 2 --seed 7 >/dev/null
./attnrec train --data "$W/world" --epochs 8 --out "$W/models/sasrec-content" \
    --model 'sasrec:content=true:content_id_dropout=0.3:dim=32:blocks=1:heads=1:max_len=50' >"$W/train.log" 2>&1
./attnrec serve --model "$W/models" --db "sqlite:$W/events.db" --port "$PORT" >"$W/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -sf "localhost:$PORT/ready" >/dev/null && break; sleep 0.5; done

run() { # prints a timestamp, the command, and its answer
    echo "[$(date -u +%H:%M:%S.%3N)] \$ $*"
    eval "$@"
    echo
    echo
}
J='-H Content-Type:application/json'
top() { python3 -c 'import json,sys; d=json.load(sys.stdin); [print("  %2d %-11s %-9s %8.4f  %s" % (i+1, x["item"], x.get("source","model"), x["score"], x["title"])) for i,x in enumerate(d["items"])]'; }
{
echo "# new item recommendable at once (issue 16); commit $(git rev-parse --short HEAD); $(uptime)"
echo "# world: synth --users 600 --items 300 --topics 10 --interests 2 --seed 7; u75's 28 history items are all 'jazz'"
echo "# model: sasrec:content=true:content_id_dropout=0.3:dim=32:blocks=1:heads=1:max_len=50, 8 epochs"
echo
run "curl -s 'localhost:$PORT/v1/models' | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d[\"active\"], [m[\"type\"] for m in d[\"models\"]])'"
run "curl -s 'localhost:$PORT/v1/users/u75/recommendations?k=6' | top"
run "curl -s -X PUT localhost:$PORT/v1/items/new-jazz-1 $J -d '{\"title\": \"jazz Velvet Nocturne\", \"categories\": [\"jazz\"]}'"
run "curl -s 'localhost:$PORT/v1/users/u75/recommendations?k=6' | top"
run "curl -s 'localhost:$PORT/v1/users/u75/recommendations?k=3' | python3 -m json.tool"
echo "# a user of another topic does not get it in the top 10:"
run "curl -s 'localhost:$PORT/v1/users/u63/recommendations?k=10' | python3 -c 'import json,sys; print([x[\"item\"] for x in json.load(sys.stdin)[\"items\"]])'"
echo "# u70 (jazz too) gets it; after an event on it, the event is stored (listed as unknown to the model), counted, and it is not recommended back:"
run "curl -s 'localhost:$PORT/v1/users/u70/recommendations?k=10' | python3 -c 'import json,sys; print([x[\"item\"] for x in json.load(sys.stdin)[\"items\"]])'"
run "curl -s -X POST localhost:$PORT/v1/events $J -d '{\"user\": \"u70\", \"item\": \"new-jazz-1\"}'"
run "curl -s 'localhost:$PORT/v1/users/u70/recommendations?k=10' | python3 -c 'import json,sys; print([x[\"item\"] for x in json.load(sys.stdin)[\"items\"]])'"
run "curl -s localhost:$PORT/metrics | grep -E '^attnrec_(events_new_items|events_unknown_items|new_items|new_item_recommendations)'"
echo "# bad input: a 4xx JSON error"
run "curl -s -w ' HTTP %{http_code}' -X PUT localhost:$PORT/v1/items/new-jazz-2 $J -d '{\"title\": \"x\", \"colour\": \"red\"}'"
} >"$OUT" 2>&1
echo "wrote $OUT"
