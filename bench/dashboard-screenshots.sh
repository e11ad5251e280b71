#!/usr/bin/env bash
# PNG screenshots of every dashboard page, written to docs/screenshots/ (headless Chromium).
#
#   bench/dashboard-screenshots.sh synth    # (a) synthetic world, ComiRec-SA (multi-interest) + SASRec
#   bench/dashboard-screenshots.sh beauty   # (b) SASRec on amazon-beauty-bert4rec (trains for a while)
#
# Needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver).
# Models and events go to $WORK (default /tmp/attnrec-shots); existing models there are reused.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
what="${1:-synth}"
work="${WORK:-/tmp/attnrec-shots}/$what"
port="${PORT:-18080}"
mkdir -p "$work" docs/screenshots

case "$what" in
  synth)
    if [ ! -f "$work/world/synth.inter" ]; then
      ./attnrec synth --out "$work/world" --interests 4 --seed 7
    fi
    [ -f "$work/models/comirec-sa/manifest.json" ] || nice -n 10 ./attnrec train --data "$work/world" \
        --protocol user --model comirec-sa --epochs 5 --out "$work/models/comirec-sa"
    # A second model with a training curve (sequence models write curve.json to their output_dir= folder).
    [ -f "$work/models/sasrec/manifest.json" ] || nice -n 10 ./attnrec train --data "$work/world" \
        --protocol user --model "sasrec:output_dir=$work/curve-sasrec" --epochs 5 --out "$work/models/sasrec"
    activate=comirec-sa user=u7 item=i12 queries=("i12" "i40" "i300")
    ;;
  beauty)
    data="$root/../shared/data/amazon-beauty-bert4rec"
    [ -f "$work/models/sasrec-beauty/manifest.json" ] || nice -n 10 ./attnrec train --data "$data" \
        --model "sasrec:loss=ce:output_dir=$work/curve-sasrec-beauty" --epochs "${EPOCHS:-4}" --seed 42 \
        --out "$work/models/sasrec-beauty"
    # No titles in this data set: the playground searches popular items by id (filled in below).
    activate=sasrec-beauty user="${SHOT_USER:-1}" item="${SHOT_ITEM:-}" queries=()
    ;;
  *) echo "usage: $0 synth|beauty" >&2; exit 2 ;;
esac

# Test classes (the screenshot tool) and their class path, built from this tree.
nice -n 10 mvn -o -B -q -pl attnrec-serve -am test-compile -Dspotless.check.skip=true
cpfile="$work/classpath.txt"
mvn -o -B -q -pl attnrec-serve -am dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$cpfile" >/dev/null
cp="$root/attnrec-serve/target/test-classes:$root/attnrec-serve/target/classes:$(cat "$cpfile")"

rm -f "$work/events.db"*
./attnrec serve --model "$work/models" --activate "$activate" --port "$port" --db "sqlite:$work/events.db" \
    >"$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 1
done
popular=$(curl -fs "http://127.0.0.1:$port/v1/items?size=4" | grep -o '"item":"[^"]*"' | cut -d'"' -f4)
[ -n "$item" ] || item=$(echo "$popular" | head -n 1)
[ "${#queries[@]}" -gt 0 ] || mapfile -t queries < <(echo "$popular" | tail -n 3)
# Stored events, so that the overview and item pages have events over time: three other users
# take the item an hour apart, and the user clicks the first five recommendations, as a person would.
now=$(date +%s)
post() {
  curl -fs -X POST "http://127.0.0.1:$port/v1/events" -H 'Content-Type: application/json' \
      -d "{\"user\":\"$1\",\"item\":\"$2\",\"type\":\"click\",\"timestamp\":$3}" >/dev/null
}
for i in 1 2 3; do post "visitor$i" "$item" $((now - 3600 * (4 - i))); done
recs=$(curl -fs "http://127.0.0.1:$port/v1/users/$user/recommendations?k=5" | grep -o '"item":"[^"]*"' | cut -d'"' -f4)
i=0
for r in $recs; do i=$((i + 1)); post "$user" "$r" $((now - 600 * (6 - i))); done
java -cp "$cp" io.attnrec.serve.DashboardScreenshots "http://127.0.0.1:$port" docs/screenshots "$what" \
    "$user" "$item" "${queries[@]}"
