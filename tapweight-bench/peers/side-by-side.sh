#!/usr/bin/env bash
# Our JMH encoder benchmarks and their PyTorch twins, in the same run, pinned to the same core(s),
# alternating, several rounds; prints a markdown table of ms per step and the ratio ours/PyTorch,
# and writes it to results/perf-side-by-side/<date>.md with this command.
#
#   mvn -B -q -o package -DskipTests            # first: this script builds nothing
#   tapweight-bench/peers/side-by-side.sh [rounds=3]
#
# Environment: CORE (1-thread core, default 0), CORES2 (2-thread cores, default 0,1),
# ROUNDS2 (2-thread rounds, default 1; 0 skips), ENCODERS (default "gin mlm"; "minilm": all-MiniLM-L6-v2's
# MLM step at 32 x 64, issue 16),
# PYTHON (default /usr/bin/python3), OUT (the table file), QUICK=1 (1-second iterations: a smoke test).
# PyTorch: Debian's, `apt-get install -y python3-torch libopenblas0-openmp` (without OpenBLAS,
# Debian's torch runs on the reference BLAS, several times slower: the ratio would mean nothing).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
CORE=${CORE:-0}
CORES2=${CORES2:-0,1}
ROUNDS2=${ROUNDS2:-1}
ENCODERS=${ENCODERS:-gin mlm}
PYTHON=${PYTHON:-/usr/bin/python3}
JAR=tapweight-bench/target/tapweight-bench.jar
DATA=tapweight-bench/target/twin-batches
OUT=${OUT:-results/perf-side-by-side/$(date +%F).md}
COMMAND="CORE=$CORE CORES2=$CORES2 ROUNDS2=$ROUNDS2 ${QUICK:+QUICK=$QUICK }tapweight-bench/peers/side-by-side.sh $ROUNDS"

if [ ! -f "$JAR" ]; then
    echo "no $JAR: run 'mvn -B -q -o package -DskipTests' first" >&2
    exit 1
fi
if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
    echo "side-by-side: skipped, no PyTorch for $PYTHON (Debian: apt-get install -y python3-torch libopenblas0-openmp)"
    exit 0
fi
# Exported again whenever the jar is newer, so that --check compares with the code being timed.
if [ ! -f "$DATA/gin.check.json" ] || [ ! -f "$DATA/mlm.check.json" ] || [ ! -f "$DATA/minilm.check.json" ] \
        || [ "$JAR" -nt "$DATA/mlm.check.json" ]; then
    java -cp "$JAR" org.tapweight.bench.jmh.TwinBatches "$DATA" 2>&1 | grep '^wrote'
fi
# Each twin, given our initial parameters, must reproduce our loss and gradient (float tolerance).
CHECKS=""
for enc in $ENCODERS; do
    CHECKS+="$("$PYTHON" "tapweight-bench/peers/${enc}_twin.py" --data "$DATA" --check)"$'\n' \
        || { echo "the $enc twin does not compute what ours computes: $CHECKS" >&2; exit 1; }
done

# Per encoder: the JMH benchmark with its parameters, and the iteration settings both sides use.
declare -A JMH=([gin]="GraphEncoderBenchmark.forwardBackward -p shape=128x3 -p dataType=float"
                [mlm]="TextEncoderBenchmark.mlmForwardBackward -p lengths=full -p dataType=float"
                [minilm]="MiniLmBenchmark.mlmForwardBackward")
declare -A ITER=([gin]="3 2 5 3" [mlm]="3 3 5 4" [minilm]="2 5 4 6") # warmup iterations, s each, measurement iterations, s each
if [ -n "${QUICK:-}" ]; then ITER=([gin]="1 1 2 1" [mlm]="1 1 2 1" [minilm]="1 2 2 2"); fi # a smoke test of the script, not a measurement

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
RESULTS=$WORK/results.jsonl

torch_side() { # encoder threads cpus round
    read -r wi w i r <<< "${ITER[$1]}"
    OMP_NUM_THREADS=$2 taskset -c "$3" "$PYTHON" "tapweight-bench/peers/$1_twin.py" --data "$DATA" --threads "$2" \
        --warmup "$wi" --warmup-s "$w" --iterations "$i" --iteration-s "$r" \
        | "$PYTHON" -c 'import json,sys; d=json.load(sys.stdin); d.update(side="torch", encoder=sys.argv[1], threads_asked=int(sys.argv[2]), round=int(sys.argv[3])); print(json.dumps(d))' "$1" "$2" "$4" \
        >> "$RESULTS"
}

ours_side() { # encoder threads cpus round
    read -r wi w i r <<< "${ITER[$1]}"
    # shellcheck disable=SC2086
    # OMP_WAIT_POLICY=PASSIVE as bin/tapweight sets it: spinning OpenMP workers took the core the Java
    # thread needed between native calls (GIN on 2 threads: 65 ms active, 22 ms passive, 21.5 ms on 1 thread)
    OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=$2 taskset -c "$3" java -cp "$JAR" org.openjdk.jmh.Main ${JMH[$1]} \
        -wi "$wi" -w "${w}s" -i "$i" -r "${r}s" -f 1 -rf json -rff "$WORK/jmh.json" > "$WORK/jmh.log" 2>&1 \
        || { tail -30 "$WORK/jmh.log" >&2; exit 1; }
    "$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1]))[0]["primaryMetric"]; print(json.dumps(dict(side="ours", encoder=sys.argv[2], threads_asked=int(sys.argv[3]), round=int(sys.argv[4]), ms=d["score"], error=d["scoreError"], ms_iterations=d["rawData"][0])))' \
        "$WORK/jmh.json" "$1" "$2" "$4" >> "$RESULTS"
}

run_rounds() { # threads cpus rounds
    for round in $(seq 1 "$3"); do
        for enc in $ENCODERS; do
            echo "threads $1 (cpus $2), round $round/$3: $enc" >&2
            if [ $((round % 2)) = 1 ]; then
                torch_side "$enc" "$1" "$2" "$round"; ours_side "$enc" "$1" "$2" "$round"
            else
                ours_side "$enc" "$1" "$2" "$round"; torch_side "$enc" "$1" "$2" "$round"
            fi
        done
    done
}

LOAD_BEFORE=$(uptime)
run_rounds 1 "$CORE" "$ROUNDS"
if [ "$ROUNDS2" -gt 0 ]; then run_rounds 2 "$CORES2" "$ROUNDS2"; fi
LOAD_AFTER=$(uptime)

mkdir -p "$(dirname "$OUT")"
"$PYTHON" tapweight-bench/peers/side_by_side_table.py "$RESULTS" \
    --command "$COMMAND" --commit "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!results' || echo '+dirty')" \
    --java "$(java -version 2>&1 | head -1)" --load-before "$LOAD_BEFORE" --load-after "$LOAD_AFTER" \
    --checks "$CHECKS" --settings "1 thread: taskset -c $CORE; 2 threads: taskset -c $CORES2; OMP_NUM_THREADS = threads on both sides, OMP_WAIT_POLICY=PASSIVE for ours (as bin/tapweight)" \
    | tee "$OUT"
echo "wrote $OUT" >&2
