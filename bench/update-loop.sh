#!/usr/bin/env bash
# Issue 16, the loop: a real `attnrec serve --update-every` on a small synthetic world grows its
# SASRec twice from the events it stores (new items included), validating each child against its
# parent and hot-swapping it; writes a transcript with UTC timestamps to bench/results/update-loop.txt.
#   bench/update-loop.sh [WORKDIR]   (default /tmp/attnrec-update-loop)
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:-/tmp/attnrec-update-loop}
PORT=${PORT:-18432}
EVERY=${EVERY:-40s}
OUT=bench/results/update-loop.txt
rm -rf "$W" && mkdir -p "$W/models"
./attnrec synth --out "$W/world" --users 600 --items 300 --topics 10 --interests 2 --seed 7 >/dev/null
# the same world with 200 more users (same seed: the 600-user world is its exact prefix); their
# events arrive at the server after the model was trained
./attnrec synth --out "$W/later" --users 800 --items 300 --topics 10 --interests 2 --seed 7 >/dev/null
./attnrec train --data "$W/world" --epochs 8 --seed 42 --out "$W/models/sasrec" \
    --model 'sasrec:dim=32:blocks=1:heads=1:max_len=50' >"$W/train.log" 2>&1
./attnrec serve --model "$W/models" --db "sqlite:$W/events.db" --port "$PORT" \
    --update-every "$EVERY" --update-dir "$W/updates" >"$W/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 240); do curl -sf "localhost:$PORT/ready" >/dev/null && break; sleep 0.5; done

run() { echo "[$(date -u +%H:%M:%S)] \$ $*"; eval "$@"; echo; echo; }
J='-H Content-Type:application/json'
models() { python3 -c '
import json,sys
d=json.load(sys.stdin)
print("active:", d["active"])
for m in d["models"]:
    l=m.get("lineage") or {}
    print("  %-28s parent=%-28s generation=%s items_added=%s events_added=%s" % (m["name"], m.get("parent"), l.get("generation"), l.get("items_added"), l.get("events_added")))
u=d.get("updates") or {}
print("last update:", u.get("last_outcome"), "-", u.get("last_reason"), u.get("last_metrics"))'; }
# events: the later users' own histories (u601..), with a never-seen item read in the middle of each
events() { python3 - "$W/later/synth.inter" "$@" <<'PY'
import json,sys
path,first,last,new=sys.argv[1],int(sys.argv[2]),int(sys.argv[3]),sys.argv[4]
seqs={}
for line in open(path).read().splitlines()[1:]:
    u,i,t=line.split("\t"); n=int(u[1:])
    if first<=n<=last: seqs.setdefault(u,[]).append((i,int(float(t))))
ev=[]
for u,seq in seqs.items():
    mid=len(seq)//2
    for k,(i,t) in enumerate(seq):
        ev.append({"user":u,"item":i,"timestamp":t})
        if k==mid: ev.append({"user":u,"item":new,"timestamp":t})
print(json.dumps(ev))
PY
}
wait_update() { # until the given number of update rounds have ended
  for _ in $(seq 600); do
    n=$(curl -s "localhost:$PORT/metrics" | awk '/^attnrec_updates_total/ {s+=$2} END {print s+0}')
    [ "${n%.*}" -ge "$1" ] && return 0; sleep 1; done; echo "timed out"; }
{
echo "# attnrec serve --update-every $EVERY grows its model from stored events (issue 16); commit $(git rev-parse --short HEAD); $(uptime)"
echo "# world: synth --users 600 --items 300 --topics 10 --interests 2 --seed 7; model sasrec:dim=32:blocks=1:heads=1:max_len=50, 8 epochs, seed 42"
echo
run "curl -s localhost:$PORT/v1/models | models"
run "curl -s -X PUT localhost:$PORT/v1/items/new-1 $J -d '{\"title\": \"jazz New One\", \"categories\": [\"jazz\"]}'"
events 601 700 new-1 >"$W/batch1.json"; events 701 800 new-2 >"$W/batch2.json"
echo "# batch 1: the histories of users u601..u700 (new to the model), each with new-1 read in the middle"
run "curl -s -X POST localhost:$PORT/v1/events $J --data @$W/batch1.json"
echo "# waiting for the first scheduled round that sees the events ..."
wait_update 1; n=$(curl -s "localhost:$PORT/metrics" | awk '/^attnrec_updates_total/ {s+=$2} END {print s+0}')
run "curl -s localhost:$PORT/v1/models | models"
echo "# batch 2: users u701..u800, each with new-2 read in the middle"
run "curl -s -X PUT localhost:$PORT/v1/items/new-2 $J -d '{\"title\": \"hiking New Two\", \"categories\": [\"hiking\"]}'"
run "curl -s -X POST localhost:$PORT/v1/events $J --data @$W/batch2.json"
echo "# waiting for the next round ..."
wait_update $(( ${n%.*} + 1 ))
run "curl -s localhost:$PORT/v1/models | models"
run "curl -s localhost:$PORT/metrics | grep -E '^attnrec_update'"
run "curl -s 'localhost:$PORT/v1/users/u650/recommendations?k=5' | python3 -c 'import json,sys; print([(x[\"item\"], x.get(\"source\",\"model\")) for x in json.load(sys.stdin)[\"items\"]])'"
echo "# the server's log lines about updates:"
grep -E 'model update' "$W/serve.log" | sed -E 's/^.*(model update)/\1/' | cut -c1-300
} >"$OUT" 2>&1
echo "wrote $OUT"
