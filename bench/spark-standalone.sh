#!/usr/bin/env bash
# The spark-submit path of attnrec-spark/README.md, tried against a local standalone cluster
# (one master, one worker) started from the same Spark 4.2.0 jars that Maven resolved; no Spark
# distribution is installed here, so SPARK_HOME is a folder of links to those jars and
# spark-submit is its main class, org.apache.spark.deploy.SparkSubmit (what bin/spark-submit runs).
#
# usage: bench/spark-standalone.sh MODEL_DIR OUT_DIR [K]
# needs: attnrec-spark/target/attnrec-spark-cluster.jar (mvn -B -Pcluster -pl attnrec-spark -am -DskipTests package)
#        and target/classpath.txt + classpath-cluster.txt (a plain package of the module, then the cluster one)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="$1"; out="$2"; k="${3:-10}"
t="$root/attnrec-spark/target"
home="$t/spark-home"
rm -rf "$home"; mkdir -p "$home/jars" "$home/work" "$home/logs"
touch "$home/RELEASE"   # marks a distribution layout: jars are in $SPARK_HOME/jars
# Spark's jars = the module's class path without attnrec and DJL (the application jar carries them)
tr ':' '\n' < "$t/classpath.txt" | grep '\.jar$' | grep -v -e '/io/attnrec/' -e '/ai/djl/' \
  | while read -r j; do ln -s "$j" "$home/jars/"; done
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_WORKER_DIR="$home/work"
export DJL_OFFLINE=true OMP_WAIT_POLICY=PASSIVE OPT_OUT_TRACKING=true
flags=(-XX:+IgnoreUnrecognizedVMOptions -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
    java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  flags+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
cp="$home/jars/*"
java "${flags[@]}" -Xmx512m -cp "$cp" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port 7077 --webui-port 18080 >"$home/logs/master.log" 2>&1 &
master=$!
sleep 8
java "${flags[@]}" -Xmx512m -cp "$cp" org.apache.spark.deploy.worker.Worker \
  --host 127.0.0.1 --cores 2 --memory 3g --webui-port 18081 --work-dir "$home/work" \
  spark://127.0.0.1:7077 >"$home/logs/worker.log" 2>&1 &
worker=$!
trap 'kill $worker $master 2>/dev/null || true' EXIT
sleep 8
set -x
java "${flags[@]}" -cp "$cp" org.apache.spark.deploy.SparkSubmit \
  --master spark://127.0.0.1:7077 --deploy-mode client --class io.attnrec.spark.SparkMain \
  --conf spark.driver.host=127.0.0.1 --conf spark.ui.enabled=false \
  --driver-java-options "-Dai.djl.offline=true" \
  --conf spark.executor.extraJavaOptions=-Dai.djl.offline=true --conf spark.executor.memory=2g \
  --conf spark.executorEnv.DJL_OFFLINE=true --conf spark.executorEnv.OMP_WAIT_POLICY=PASSIVE \
  --conf spark.executorEnv.OPT_OUT_TRACKING=true \
  "$t/attnrec-spark-cluster.jar" recommend --model "$model" --k "$k" --out "$out"
