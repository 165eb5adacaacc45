#!/usr/bin/env bash
# Builds the distribution, unpacks it into a temporary folder outside the checkout, and from another
# temporary folder runs `list`, a synthetic `run`, and the own-data journey (a CSV of molecules with
# its own column names -> run with TapWeight -> predict on held-out rows). Prints what each step did.
#   tapweight-dist/check-distribution.sh            (about 3 minutes on 2 cores, most of it the build)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
(cd "$repo" && mvn -B -q package -DskipTests -Pdist)
archive=$(ls "$repo"/tapweight-dist/target/tapweight-*.tar.gz)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/install" "$tmp/work"
tar -xzf "$archive" -C "$tmp/install"
tapweight=$(ls -d "$tmp"/install/tapweight-*)/bin/tapweight
echo "== unpacked $(basename "$archive") ($(du -sh "$archive" | cut -f1)) into $tmp/install; working folder $tmp/work"
cd "$tmp/work"
unset TAPWEIGHT_DATA TAPWEIGHT_HOME

echo "== tapweight list"
"$tapweight" list | grep -E "^(tasks|encoders):|molecule-csv|gin " | head -5

echo "== tapweight run: the shipped synthetic example, from the installation's examples/"
"$tapweight" run --config "$(dirname "$tapweight")/../examples/synthetic-tapweight.yaml" --set outerSteps=20 --out synthetic \
  | grep -E "finished|rmse"

echo "== own data: 300 molecules with their own column names, TapWeight, then predict on 60 held-out ones"
data="$(dirname "$tapweight")/../data/moleculenet/bbbp.csv"
{ echo "id,Structure,Permeable"; sed -n '2,301p' "$data" | awk -F, '{print "m" NR "," $0}'; } > molecules.csv
{ echo "id,Structure,Permeable"; sed -n '302,361p' "$data" | awk -F, '{print "n" NR "," $0}'; echo "bad,C1CC(,1"; } > new.csv
cat > own.yaml <<'YAML'
name: own
mode: TAPWEIGHT
dataType: float
outerSteps: 20
task: {id: molecule-csv, settings: {file: molecules.csv, smilesColumn: Structure, labelColumns: Permeable, split: random}}
encoder: {id: gin, settings: {hidden: 32, layers: 2}}
objectives: [{id: attribute-masking}, {id: motif}]
levelIII: {interval: 5, strategyI: {id: cg, settings: {iterations: 3, damping: 1.0}}}
finetune: {epochs: 10, patience: 4}
YAML
"$tapweight" run --config own.yaml --out own-run | grep -E "finished|roc_auc|model:"
"$tapweight" predict --model own-run/model.zip --input new.csv --out scored.csv
python3 - <<'PY'
import csv
rows = [r for r in csv.DictReader(open("scored.csv")) if r["p_Permeable"]]
pos = [float(r["p_Permeable"]) for r in rows if r["Permeable"] == "1"]
neg = [float(r["p_Permeable"]) for r in rows if r["Permeable"] == "0"]
auc = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))
print(f"scored.csv: {len(rows)} scored rows, ROC-AUC of the held-out predictions {auc:.3f}")
PY
echo "== done: list, run and predict from $tmp/work with the unpacked distribution"
