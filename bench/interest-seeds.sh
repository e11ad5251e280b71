#!/usr/bin/env bash
# Issue 19: models over several seeds of ComiRec's user split, with interest coverage (seen and
# plain) and purity beside Recall@50, and paired tests against the first model
# (attnrec-bench InterestSeeds). Pass `validation` to read only the validation users (choosing
# settings); leave it out for the final table.
# Usage: bench/interest-seeds.sh DATA_PATH OUT_JSON SEEDS 'MODEL;MODEL;...' [validation]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -e "$1" ] || { echo "bench: $1 is missing; nothing to measure" >&2; exit 1; }
cp="$(bench/classpath.sh)"
echo "== $(basename "$1") seeds $3 (commit $(git rev-parse --short HEAD), load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
start=$(date +%s)
nice -n 10 java -Xmx6g -cp "$cp" io.attnrec.cli.bench.InterestSeeds "$@"
echo "wall-clock: $(( $(date +%s) - start )) s, load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
