#!/usr/bin/env bash
# Duplicate-code report of issue 13 at a commit: `duplicates --repo` over copies of the main sources of
# attnrec-{core,nn,serve,cli} (as session 6 measured it), then the pairs between two model packages
# (bench/model-pairs.py). Usage: bench/dup-pairs.sh COMMIT [OUT.txt]
set -euo pipefail
cd "$(dirname "$0")/.."
commit="${1:?usage: bench/dup-pairs.sh COMMIT [OUT.txt]}"
out="${2:-}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git archive "$commit" attnrec-core/src/main attnrec-nn/src/main attnrec-serve/src/main attnrec-cli/src/main | tar -x -C "$tmp"
duplicates --repo "$tmp" --most 200 --seconds 120 > "$tmp/report.txt"
report() { head -1 "$tmp/report.txt"; python3 bench/model-pairs.py "$tmp/report.txt"; }
if [ -n "$out" ]; then report > "$out"; else report; fi
