#!/usr/bin/env bash
# Copies a running bench's finished cells (results.json or failed.json, with their run records; no
# checkpoints) from the folder it writes to into a results folder of this repository, rebuilds the
# report there and commits that folder only. Run it now and then while a long bench runs, so that
# finished cells land even if the session stops:
#   tapweight-bench/scripts/commit-cells.sh /work/wt-run/results/bench-positive-control results/bench-positive-control
set -euo pipefail
src=${1:?bench folder being written}
dest=${2:?results folder in this repository}
cd "$(git rev-parse --show-toplevel)"
mkdir -p "$dest"
cp "$src/bench-config.json" "$dest/"
n=0
while IFS= read -r done_file; do
  cell=$(dirname "$done_file")
  rel=${cell#"$src"/}
  mkdir -p "$dest/$rel"
  cp "$done_file" "$dest/$rel/"
  [ -f "$cell/run-record.jsonl" ] && cp "$cell/run-record.jsonl" "$dest/$rel/"
  n=$((n + 1))
done < <(find "$src/cells" \( -name results.json -o -name failed.json \) | sort)
bin/tapweight report -b "$dest" > /dev/null
git add -- "$dest"
git commit -q -m "$(basename "$dest"): $n finished cells" -- "$dest" || echo "nothing new to commit"
echo "$n finished cells in $dest"
