#!/usr/bin/env bash
# Full-ranking evaluation throughput on amazon-beauty-bert4rec (40,226 users x 54,542 items).
# Usage: bench/eval-speed.sh [MODELS] [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
./attnrec --version >/dev/null   # builds the jar if needed
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"   # as the attnrec launcher: PyTorch threads must not spin beside the Java kernel
exec java -Xmx6g --add-modules jdk.incubator.vector -cp "$(bench/classpath.sh)" io.attnrec.cli.bench.EvalSpeed \
  ../shared/data/amazon-beauty-bert4rec "${1:-pop,ease}" "${2:-5}"
