#!/usr/bin/env bash
# ANN retrieval: recall@50 and latency of the HNSW index against exact search on a synthetic
# catalogue (default 1,000,000 items x 64; the build takes 10-25 minutes on 2 cores).
# Usage: bench/ann.sh [AnnBenchmark options, e.g. --items 100000 --candidates 250,1000]
set -euo pipefail
cd "$(dirname "$0")/.."
./attnrec --version >/dev/null   # builds the jar if needed
exec java -Xmx8g -cp "$(bench/classpath.sh)" io.attnrec.serve.bench.AnnBenchmark \
  --m 32 --candidates 250,500,1000 "$@"
