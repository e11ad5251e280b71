#!/usr/bin/env bash
# Prints the class path of the benchmark programs (module attnrec-bench), building the CLI jar and
# the benchmark jar first when sources changed. Usage: java -cp "$(bench/classpath.sh)" CLASS ...
set -euo pipefail
cd "$(dirname "$0")/.."
./attnrec --version >/dev/null   # builds the CLI jar and its lib/ if needed
jar=attnrec-bench/target/attnrec-bench.jar
fixtures=attnrec-serve/target/attnrec-serve-0.1.0-SNAPSHOT-tests.jar   # the synthetic serving models
if [ ! -f "$jar" ] || [ ! -f "$fixtures" ] || [ -n "$(find attnrec-bench/src -newer "$jar" -print -quit)" ]; then
  mvn -B -q -o -DskipTests -Dspotless.check.skip=true -pl attnrec-bench -am package >&2
fi
echo "$PWD/$jar:$PWD/$fixtures:$PWD/attnrec-cli/target/attnrec.jar:$PWD/attnrec-cli/target/lib/*"
