#!/usr/bin/env bash
# Wall time and peak resident size of one bench cell (BBBP TapWeight, 40 outer steps, 8 finetuning
# epochs, the bench-quick budget) under two builds, one after the other, plus how far apart their
# records are. Keep a copy of the old build first, e.g.
#   mkdir -p /tmp/old && cp -r tapweight-bench/target/tapweight-bench.jar tapweight-bench/target/lib /tmp/old/
# then rebuild and run:  tapweight-bench/scripts/ab-cell.sh /tmp/old/tapweight-bench.jar tapweight-bench/target/tapweight-bench.jar /tmp/ab
set -euo pipefail
old_jar=$1; new_jar=$2; out=$3
cd "$(dirname "$0")/../.."
mkdir -p "$out"
for which in old new; do
  jar=$old_jar; [ $which = new ] && jar=$new_jar
  rm -rf "$out/$which"
  OMP_NUM_THREADS=1 /usr/bin/time -v java -Xmx3g -Dorg.bytedeco.javacpp.maxbytes=5g -Dorg.bytedeco.javacpp.maxphysicalbytes=8g \
    -Djava.awt.headless=true -Dorg.nd4j.autodiff.samediff=false -jar "$jar" run --config examples/bbbp-tapweight.yaml \
    --set outerSteps=40 --set finetune.epochs=8 -o "$out/$which" > "$out/$which.log" 2>&1
  grep -E "Maximum resident|Elapsed" "$out/$which.log" | sed "s/^/$which: /"
done
python3 tapweight-bench/scripts/compare-records.py "$out/old/run-record.jsonl" "$out/new/run-record.jsonl"
