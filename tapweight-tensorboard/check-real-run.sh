#!/usr/bin/env bash
# A real run with the TensorBoard listener, its event file then read by TensorFlow's own reader
# (TFRecordReader + org.tensorflow.proto.Event, in a JVM of its own: TensorFlow's JavaCPP and ND4J's
# cannot share one). Prints what TensorFlow read; compare the weights with the run's printed table.
#   tapweight-tensorboard/check-real-run.sh      (after mvn -B -q package -DskipTests; about a minute)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$repo/bin/tapweight" run --config "$repo/examples/synthetic-tapweight.yaml" --set outerSteps=30 \
  --set 'listeners=[{id: tensorboard}]' --out "$out/run" | grep -E "finished|^\| (side|masked)|tensorboard" || true
cd "$repo"
# the module's test class path (the reactor's classes for tapweight-api); the last module written wins
mvn -B -q -o test-compile dependency:build-classpath -pl tapweight-tensorboard -am -Dmdep.includeScope=test \
  -Dmdep.outputFile="$out/classpath.txt" > /dev/null
java -cp "tapweight-tensorboard/target/test-classes:tapweight-tensorboard/target/classes:$(cat "$out/classpath.txt")" \
  org.tapweight.tensorboard.ReadEventFiles "$out/run/tensorboard"
