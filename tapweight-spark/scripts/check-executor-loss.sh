#!/usr/bin/env bash
# A lost executor on a real standalone cluster: submits the quick molecular grid to the local master +
# 2 workers, and as soon as a cell with outer steps has pushed a checkpoint and is not finished, kills every executor
# JVM with SIGKILL. The workers start new executors, Spark retries the lost tasks, and they resume
# from the pushed checkpoints. Checks that the results equal those of the uninterrupted local bench
# (results/spark-standalone/local, from check-standalone.sh) and writes docs/checks/spark-executor-loss.txt.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$root"
out="$root/results/spark-executor-loss"
report="$root/docs/checks/spark-executor-loss.txt"
reference="$root/results/spark-standalone/local/results.csv"
[ -f "$reference" ] || { echo "$reference is missing: run tapweight-spark/scripts/check-standalone.sh first" >&2; exit 2; }
rm -rf "$out"
mkdir -p "$out"
cluster=tapweight-spark/scripts/standalone-cluster.sh
trap '$cluster stop >/dev/null' EXIT
$cluster start
$cluster submit examples/bench-quick.yaml "$out/bench" >"$out/spark-submit.log" 2>&1 &
submit=$!
victim=""
for _ in $(seq 600); do
  for ckpt in "$out"/bench/cells/bbbp/*/seed-1/checkpoint.zip; do
    [ -e "$ckpt" ] || continue
    cell=$(dirname "$ckpt")
    [ -e "$cell/results.json" ] && continue
    [[ "$cell" == */direct/* ]] && continue  # no outer steps: its only checkpoint is the final one
    victim=${cell#"$out/bench/"}
    break 2
  done
  sleep 1
done
[ -n "$victim" ] || { echo "no cell pushed a checkpoint" >&2; exit 1; }
executors=$(pgrep -f CoarseGrainedExecutorBackend | tr '\n' ' ')
kill -9 $executors
killed_at=$(date -u +%H:%M:%S)
wait "$submit"
without_seconds() { python3 "$root/tapweight-spark/scripts/results-without-seconds.py" "$1"; }
if diff <(without_seconds "$out/bench/results.csv") <(without_seconds "$reference") >"$out/results-diff.txt"; then
  verdict="identical to the uninterrupted local bench's (every column but seconds)"
else
  verdict="DIFFERENT from the uninterrupted local bench's: see results/spark-executor-loss/results-diff.txt"
fi
{
  echo "# A lost executor on the standalone cluster ($(date -u +%Y-%m-%dT%H:%MZ)): tapweight-spark/scripts/check-executor-loss.sh"
  echo "killed with SIGKILL at $killed_at: every executor JVM (pids $executors), once $victim had pushed a checkpoint and was unfinished"
  echo "results.csv: $verdict"
  echo
  echo "## the driver's lines on the lost executors and retried tasks"
  grep -E "Lost executor|Lost task|Removed executor|Executor lost" "$out/spark-submit.log" | sed 's/^[0-9:]* //' | head -12 || true
  echo
  echo "## spark-submit's summary of the cells"
  grep -E "cells on|: (finished|diverged|skipped)" "$out/spark-submit.log" || true
  echo
  echo "## $victim: its record's resume event"
  grep -o '"type":"resume"[^}]*' "$out/bench/$victim/run-record.jsonl" | head -2 || echo "(no resume event)"
  echo "steps in its record: $(grep -c '"type":"step"' "$out/bench/$victim/run-record.jsonl")"
} >"$report"
cat "$report"
