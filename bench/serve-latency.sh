#!/usr/bin/env bash
# Serving latency: GET /v1/users/{id}/recommendations over loopback at concurrency 32.
# Without --model it serves a synthetic 54,542-item embedding model (amazon-beauty's size).
# Usage: bench/serve-latency.sh [--model ARTIFACT_DIR] [--concurrency 32] [--requests 20000] [--explain]
set -euo pipefail
cd "$(dirname "$0")/.."
./attnrec --version >/dev/null   # builds the jar if needed
exec java -Xmx2g --add-modules jdk.incubator.vector -cp "$(bench/classpath.sh)" io.attnrec.serve.bench.ServeBenchmark "$@"
