#!/usr/bin/env bash
# The quick molecular grid (examples/bench-quick.yaml) twice on this machine: submitted to a real
# standalone Spark cluster (a master and 2 workers of one core each, standalone-cluster.sh), and by
# `bin/tapweight bench --parallel 2`; wall times side by side and results.csv compared with the
# seconds column left out. Writes results/spark-standalone/ and docs/checks/spark-standalone.txt.
#   tapweight-spark/scripts/check-standalone.sh        (about 15 minutes on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$root"
out="$root/results/spark-standalone"
report="$root/docs/checks/spark-standalone.txt"
[ -f tapweight-bench/target/tapweight-bench.jar ] || mvn -B -q package -DskipTests
[ -f tapweight-spark/target/tapweight-spark-0.1.0-SNAPSHOT-spark.jar ] || mvn -B -q package -DskipTests -Pspark-jar -pl tapweight-spark -am
rm -rf "$out/spark" "$out/local"
mkdir -p "$out" "$(dirname "$report")"
cluster=tapweight-spark/scripts/standalone-cluster.sh
trap '$cluster stop >/dev/null' EXIT
$cluster start
start=$(date +%s.%N)
$cluster submit examples/bench-quick.yaml "$out/spark" >"$out/spark-submit.log" 2>&1
spark_s=$(echo "$(date +%s.%N) - $start" | bc)
$cluster stop
start=$(date +%s.%N)
bin/tapweight bench --config examples/bench-quick.yaml --out "$out/local" --parallel 2 >"$out/local-bench.log" 2>&1
local_s=$(echo "$(date +%s.%N) - $start" | bc)
without_seconds() { python3 "$root/tapweight-spark/scripts/results-without-seconds.py" "$1"; }
if diff <(without_seconds "$out/spark/results.csv") <(without_seconds "$out/local/results.csv") >"$out/results-diff.txt"; then
  verdict="identical (all $(($(wc -l <"$out/local/results.csv") - 1)) rows, every column but seconds)"
else
  verdict="DIFFERENT: see results/spark-standalone/results-diff.txt"
fi
{
  echo "# Quick molecular grid on a standalone Spark cluster vs bench --parallel 2 ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo "# command: tapweight-spark/scripts/check-standalone.sh; machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB"
  echo "spark-submit to spark://127.0.0.1:7077 (master + 2 workers x 1 core): $(printf '%.0f' "$spark_s") s (JVM start, Spark context, executors, 12 cells, reports)"
  echo "bin/tapweight bench --parallel 2:                                     $(printf '%.0f' "$local_s") s"
  echo "ratio spark / local: $(echo "scale=2; $spark_s / $local_s" | bc)"
  echo "results.csv: $verdict"
  echo
  echo "## spark-submit's summary of the cells"
  grep -E "cells on|: (finished|diverged|skipped)" "$out/spark-submit.log" || echo "(none: see $out/spark-submit.log)"
  echo
  echo "## the workers' executors (from the master's log)"
  grep -E "Registering worker|Launching executor|Granted executor" "$root/tapweight-spark/target/spark-home/logs/master.log" | sed 's/^[0-9:]* //' || true
  echo
  echo "## results.csv (spark)"
  cat "$out/spark/results.csv"
} >"$report"
cat "$report"
