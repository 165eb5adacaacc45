"""PyTorch twin of our GinEncoder as GraphEncoderBenchmark times it (shape 128x3, float, 1 thread):
forward and backward of the GIN on each BBBP batch of 32 molecules, cycling through the batches.

Same model as tapweight-molecule's GinEncoder:
  h_v   = sum over the 8 atom features of that feature's embedding row (tables carry a mask row)
  m_v   = h_v + sum_{u -> v} (h_u + e_uv)     e_uv: sum of this layer's 5 bond-feature embeddings
  h'_v  = W2 silu(W1 m_v + b1) + b2           (128 -> 256 -> 128), then silu on all but the last layer
  g     = mean of h_v over each molecule's atoms
and the benchmark's backward seed dL/dg = g, i.e. the loss 1/2 sum g^2. Dropout is 0 there.

Run: /usr/bin/python3 tapweight-bench/peers/gin_twin.py [--threads 1] (after TwinBatches).
"""
import json

import torch
import torch.nn.functional as F

from twin_common import Ints, arguments, check, measure, set_threads


class GinTwin(torch.nn.Module):
    def __init__(self, atom_vocabulary, bond_vocabulary, hidden, layers):
        super().__init__()
        self.atom = torch.nn.ModuleList(torch.nn.Embedding(v, hidden) for v in atom_vocabulary)
        self.bond = torch.nn.ModuleList(
            torch.nn.ModuleList(torch.nn.Embedding(v, hidden) for v in bond_vocabulary) for _ in range(layers))
        self.w1 = torch.nn.ModuleList(torch.nn.Linear(hidden, 2 * hidden) for _ in range(layers))
        self.w2 = torch.nn.ModuleList(torch.nn.Linear(2 * hidden, hidden) for _ in range(layers))
        for e in self.atom:
            torch.nn.init.normal_(e.weight, std=0.5 * (1 / len(atom_vocabulary)) ** 0.5)
        for tables in self.bond:
            for e in tables:
                torch.nn.init.normal_(e.weight, std=0.1)
        for lin in list(self.w1) + list(self.w2):
            torch.nn.init.uniform_(lin.weight, -(6 / (3 * hidden)) ** 0.5, (6 / (3 * hidden)) ** 0.5)
            torch.nn.init.zeros_(lin.bias)

    def forward(self, b):
        h = sum(table(b["atom"][:, f]) for f, table in enumerate(self.atom))
        last = len(self.w1) - 1
        for l, (w1, w2) in enumerate(zip(self.w1, self.w2)):
            e = sum(table(b["bond"][:, g]) for g, table in enumerate(self.bond[l]))
            m = h.index_add(0, b["dst"], h[b["src"]] + e)
            h = w2(F.silu(w1(m)))
            if l < last:
                h = F.silu(h)
        g = torch.zeros(b["graphs"], h.shape[1]).index_add_(0, b["graph"], h)
        return g / b["sizes"]

    def our_layout(self):
        """The parameters in GinEncoder's flat order: atom tables, then per layer bond tables, W1, b1, W2, b2."""
        layout = [(e.weight, False) for e in self.atom]
        for tables, w1, w2 in zip(self.bond, self.w1, self.w2):
            layout += [(e.weight, False) for e in tables]
            layout += [(w1.weight, True), (w1.bias, False), (w2.weight, True), (w2.bias, False)]
        return layout


def load(folder):
    r = Ints(folder, "gin")
    hd = r.header
    atom_features, bond_features = len(hd["atomVocabulary"]), len(hd["bondVocabulary"])
    batches = []
    for s in hd["batches"]:
        n, e = s["atoms"], s["edges"]
        b = {"atom": r.take(n * atom_features, (n, atom_features)), "src": r.take(e), "dst": r.take(e),
             "bond": r.take(e * bond_features, (e, bond_features)), "graph": r.take(n), "graphs": s["graphs"]}
        b["sizes"] = torch.bincount(b["graph"], minlength=b["graphs"]).clamp(min=1).float().unsqueeze(1)
        batches.append(b)
    r.done()
    return hd, batches


def main():
    args = arguments(__doc__.splitlines()[0])
    set_threads(args.threads)
    torch.manual_seed(1)
    hd, batches = load(args.data)
    model = GinTwin(hd["atomVocabulary"], hd["bondVocabulary"], hd["hidden"], hd["layers"])
    if args.check:
        def loss(ours):
            g = model(batches[ours["batch"]])
            return 0.5 * (g * g).sum()
        raise SystemExit(0 if check(args.data, "gin", model.our_layout(), loss) else 1)
    state = {"next": 0}

    def step():
        b = batches[state["next"] % len(batches)]
        state["next"] += 1
        model.zero_grad(set_to_none=False)  # ours zeroes its gradient vector each step
        g = model(b)
        (0.5 * (g * g).sum()).backward()

    result = measure(step, args)
    result.update(twin="gin", params=sum(p.numel() for p in model.parameters()), batches=len(batches))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
