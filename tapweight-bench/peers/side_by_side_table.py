"""The markdown table of side-by-side.sh from its JSON lines (one per side, encoder, threads, round)."""
import argparse
import json
import statistics

NAMES = {"gin": "GIN fwd+bwd, 32 BBBP molecules, 128x3 (GraphEncoderBenchmark)",
         "mlm": "MLM fwd+bwd, 32 x 64 tokens, 128 x 2 layers, vocabulary 8000 (TextEncoderBenchmark, lengths=full)",
         "minilm": "MLM fwd+bwd of all-MiniLM-L6-v2 (BERT, 6 x 384, 12 heads, vocabulary 30,522, tied decoder), "
                   "32 x 64 tokens (MiniLmBenchmark)"}

p = argparse.ArgumentParser()
p.add_argument("results")
for name in ("command", "commit", "java", "load_before", "load_after", "settings", "checks"):
    p.add_argument("--" + name.replace("_", "-"), default="")
a = p.parse_args()
rows = [json.loads(line) for line in open(a.results)]
torch_rows = [r for r in rows if r["side"] == "torch"]
print(f"# Encoders side by side: ours (JMH) and PyTorch twins, same run\n")
print(f"Command: `{a.command.strip()}` (after `mvn -B -q -o package -DskipTests`), commit {a.commit}.  ")
if torch_rows:
    t = torch_rows[0]
    print(f"PyTorch {t['torch']} (BLAS: `{t['blas']}`), {a.java}.  ")
print(f"{a.settings}.  ")
print(f"Load before: `{a.load_before.strip()}`; after: `{a.load_after.strip()}`.\n")
print("Twin checks (our initial parameters, one deterministic step: loss and gradient against ours):\n")
for line in a.checks.strip().splitlines():
    c = json.loads(line)
    print(f"- {c['twin']}: {c['check']}, loss {c['loss_twin']:.6g} (ours {c['loss_ours']:.6g}), "
          f"gradient relative difference {c['grad_relative_difference']:.1e}")
print()
print("ms per step (mean of the measurement iterations; ours +- JMH's 99.9% error). Ratio = ours / PyTorch.\n")
print("| threads | encoder | round | PyTorch ms | ours ms | ours / PyTorch |")
print("|---|---|---|---|---|---|")
for threads in sorted({r["threads_asked"] for r in rows}):
    for enc in [e for e in NAMES if any(r["encoder"] == e for r in rows)]:
        ratios = []
        for rnd in sorted({r["round"] for r in rows if r["encoder"] == enc and r["threads_asked"] == threads}):
            pick = {r["side"]: r for r in rows
                    if r["encoder"] == enc and r["threads_asked"] == threads and r["round"] == rnd}
            ratio = pick["ours"]["ms"] / pick["torch"]["ms"]
            ratios.append(ratio)
            print(f"| {threads} | {enc} | {rnd} | {pick['torch']['ms']:.1f} | "
                  f"{pick['ours']['ms']:.1f} +- {float(pick['ours']['error']):.1f} | {ratio:.2f} |")
        print(f"| {threads} | **{enc}** | **median** | | | **{statistics.median(ratios):.2f}** |")
print()
for enc, name in NAMES.items():
    if any(r["encoder"] == enc for r in rows):
        print(f"- {enc}: {name}")
print("\n<details><summary>raw results (one line per side, encoder, threads, round)</summary>\n")
print("```")
for r in rows:
    print(json.dumps(r))
print("```\n</details>")
