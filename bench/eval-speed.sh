#!/usr/bin/env bash
# Full-ranking evaluation throughput on amazon-beauty-bert4rec (40,226 users x 54,542 items).
# Usage: bench/eval-speed.sh [MODELS] [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
./attnrec --version >/dev/null   # builds the jar if needed
exec java -Xmx6g --add-modules jdk.incubator.vector -cp "$(bench/classpath.sh)" io.attnrec.cli.bench.EvalSpeed \
  ../shared/data/amazon-beauty-bert4rec "${1:-pop,ease}" "${2:-5}"
