#!/usr/bin/env bash
# Issue 19: models over several seeds of ComiRec's user split, with interest coverage (seen and
# plain) and purity beside Recall@50, and paired tests against the first model
# (attnrec-bench InterestSeeds). Pass `validation` to read only the validation users (choosing
# settings); leave it out for the final table. PRUNINGS: read-out variants of each trained
# multi-interest network, `prune_cosine/prune_single[/merge]`, comma-separated.
# The jars are copied to a temporary folder first, so that a build in this checkout while the run
# goes on (they take minutes to hours) cannot change the classes it loads.
# Usage: bench/interest-seeds.sh DATA_PATH OUT_JSON SEEDS 'MODEL;MODEL;...' [validation|test] [PRUNINGS]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -e "$1" ] || { echo "bench: $1 is missing; nothing to measure" >&2; exit 1; }
cp="$(bench/classpath.sh)"
snap="$(mktemp -d)"
trap 'rm -rf "$snap"' EXIT
copied=""
IFS=: read -ra parts <<< "$cp"
for p in "${parts[@]}"; do
  if [[ "$p" == *'/*' ]]; then
    mkdir -p "$snap/lib"; cp "${p%/\*}"/* "$snap/lib/"; copied="$copied:$snap/lib/*"
  else
    cp "$p" "$snap/"; copied="$copied:$snap/$(basename "$p")"
  fi
done
echo "== $(basename "$1") seeds $3 (commit $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
start=$(date +%s)
nice -n 10 java -Xmx6g -cp "${copied#:}" io.attnrec.cli.bench.InterestSeeds "$@"
echo "wall-clock: $(( $(date +%s) - start )) s, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
