#!/usr/bin/env bash
# A real Spark standalone cluster on this machine: a master and two workers, each its own JVM on
# 127.0.0.1, started from Spark's jars as Maven resolves them (no Spark download; see docs/spark.md).
#
#   tapweight-spark/scripts/standalone-cluster.sh start              # master spark://127.0.0.1:7077, UI :8080
#   tapweight-spark/scripts/standalone-cluster.sh submit BENCH.yaml OUT [options of the bench]
#   tapweight-spark/scripts/standalone-cluster.sh stop
#
# submit is spark-submit (its class, org.apache.spark.deploy.SparkSubmit, run from the same jars) with
# the application jar built by -Pspark-jar; the driver runs here (client mode), the cells on the
# workers' executors. Worker size: WORKER_MEMORY (default 5g) and one core each; executors get
# EXECUTOR_MEMORY of heap (default 2g) plus ND4J's off-heap limits below.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
home="$root/tapweight-spark/target/spark-home"
app_jar="$root/tapweight-spark/target/tapweight-spark-0.1.0-SNAPSHOT-spark.jar"
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
# Spark 4.1's JavaModuleOptions: spark-submit's launcher script would add them; we start the JVMs ourselves.
opens="$(sed -n 's:.*<spark.java.options>\(.*\)</spark.java.options>.*:\1:p' "$root/tapweight-spark/pom.xml")"

need_jars() {
  if [ ! -d "$home/jars" ]; then
    mvn -B -q -f "$root/tapweight-spark/spark-home/pom.xml" dependency:copy-dependencies -DoutputDirectory="$home/jars"
  fi
  mkdir -p "$home/conf"
  cp "$root/tapweight-spark/spark-home/log4j2.properties" "$home/conf/"
}

case "${1:-}" in
  start)
    for f in "$home"/run/*.pid; do
      if [ -e "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; then
        echo "a cluster started here is still running ($f); stop it first: $0 stop" >&2
        exit 2
      fi
    done
    need_jars
    mkdir -p "$home/logs" "$home/run" "$home/work"
    java $opens -Xmx512m -cp "$home/conf:$home/jars/*" org.apache.spark.deploy.master.Master \
      --host 127.0.0.1 --port 7077 --webui-port 8080 >"$home/logs/master.log" 2>&1 &
    echo $! >"$home/run/master.pid"
    for _ in $(seq 60); do grep -q "I have been elected leader" "$home/logs/master.log" 2>/dev/null && break; sleep 1; done
    grep -q "I have been elected leader" "$home/logs/master.log" || { echo "the master did not start: $home/logs/master.log" >&2; exit 1; }
    for w in 1 2; do
      java $opens -Xmx512m -cp "$home/conf:$home/jars/*" org.apache.spark.deploy.worker.Worker \
        --host 127.0.0.1 --cores 1 --memory "${WORKER_MEMORY:-5g}" --work-dir "$home/work/worker-$w" \
        --webui-port $((8080 + w)) spark://127.0.0.1:7077 >"$home/logs/worker-$w.log" 2>&1 &
      echo $! >"$home/run/worker-$w.pid"
    done
    for w in 1 2; do
      for _ in $(seq 60); do grep -q "Successfully registered with master" "$home/logs/worker-$w.log" 2>/dev/null && break; sleep 1; done
      grep -q "Successfully registered with master" "$home/logs/worker-$w.log" || { echo "worker $w did not register: $home/logs/worker-$w.log" >&2; exit 1; }
    done
    echo "master spark://127.0.0.1:7077 with 2 workers (pids $(cat "$home"/run/*.pid | tr '\n' ' ')); logs in $home/logs"
    ;;
  submit)
    shift
    [ -f "$app_jar" ] || { echo "$app_jar is missing; build it with: mvn -B -q package -DskipTests -Pspark-jar -pl tapweight-spark -am" >&2; exit 2; }
    need_jars
    bench="$(readlink -f "${1:?bench config}")"
    out="${2:?output folder or URI}"
    [[ "$out" =~ ^[A-Za-z][A-Za-z0-9+.-]+: ]] || out="$(realpath -m "$out")"  # paths are the caller's, not the repository's
    nd4j="-Djava.awt.headless=true -Dorg.nd4j.autodiff.samediff=false -Dorg.bytedeco.javacpp.maxbytes=3g -Dorg.bytedeco.javacpp.maxphysicalbytes=5g"
    cd "$root"
    OMP_NUM_THREADS=1 TAPWEIGHT_HOME="$root" TAPWEIGHT_DATA="$root/data" \
    java $opens $nd4j -Xmx2g -cp "$home/conf:$home/jars/*" org.apache.spark.deploy.SparkSubmit \
      --master spark://127.0.0.1:7077 --deploy-mode client --class org.tapweight.spark.SparkBenchMain \
      --executor-cores 1 --executor-memory "${EXECUTOR_MEMORY:-2g}" \
      --conf spark.task.cpus=1 --conf spark.task.maxFailures=4 \
      --conf "spark.executor.extraJavaOptions=$nd4j" \
      --conf spark.executorEnv.OMP_NUM_THREADS=1 --conf spark.executorEnv.OMP_WAIT_POLICY=PASSIVE \
      --conf "spark.executorEnv.TAPWEIGHT_HOME=$root" --conf "spark.executorEnv.TAPWEIGHT_DATA=$root/data" \
      "$app_jar" -c "$bench" -o "$out" "${@:3}"
    ;;
  stop)
    pids=()
    for f in "$home"/run/*.pid; do
      [ -e "$f" ] || continue
      pids+=("$(cat "$f")")
      kill "$(cat "$f")" 2>/dev/null || true
      rm -f "$f"
    done
    for pid in "${pids[@]}"; do  # gone before this returns, so nothing of the cluster runs after it
      for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    done
    echo "stopped"
    ;;
  *)
    sed -n '2,12p' "$0" >&2
    exit 2
    ;;
esac
