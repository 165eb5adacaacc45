"""PyTorch twin of our TransformerEncoder + MLM head as TextEncoderBenchmark times it
(lengths=full, float, 1 thread): one masked-language-modelling loss with its gradient for encoder
and head on 32 sequences of 64 tokens, with the corruption of benchmark step i (cycling).

Same model as tapweight-nlp's TransformerEncoder (vocabulary 8000, hidden 128, 2 layers, 4 heads,
feed-forward 512, 128 positions, 2 segments, dropout 0.1) and MaskedLanguageModelObjective:
  x = drop(token + position + segment embeddings)
  per layer (pre-LN):  x = x + drop(Wo MHA(LN1(x)) + bo)     one fused QKV projection, padded keys masked
                       x = x + drop(W2 gelu(W1 LN2(x) + b1) + b2)   (GELU in its tanh form)
  final LayerNorm; head on the predicted rows only: LN(gelu(h T + t)) D + d over the whole vocabulary
  (decoder not tied), mean softmax cross-entropy. No dropout on attention weights, none in the head.

Run: /usr/bin/python3 tapweight-bench/peers/mlm_twin.py [--threads 1] (after TwinBatches).
"""
import torch
import torch.nn.functional as F

from twin_common import mlm_main


def gelu(x):
    return F.gelu(x, approximate="tanh")


class Layer(torch.nn.Module):
    def __init__(self, hidden, heads, feed_forward, dropout):
        super().__init__()
        self.heads, self.dropout = heads, dropout
        self.ln1, self.ln2 = torch.nn.LayerNorm(hidden), torch.nn.LayerNorm(hidden)
        self.qkv = torch.nn.Linear(hidden, 3 * hidden)
        self.out = torch.nn.Linear(hidden, hidden)
        self.ff1 = torch.nn.Linear(hidden, feed_forward)
        self.ff2 = torch.nn.Linear(feed_forward, hidden)

    def forward(self, x, key_bias):
        b, t, h = x.shape
        dh = h // self.heads
        q, k, v = self.qkv(self.ln1(x)).view(b, t, 3, self.heads, dh).permute(2, 0, 3, 1, 4)
        p = torch.softmax(q @ k.transpose(-1, -2) * dh ** -0.5 + key_bias, dim=-1)
        a = (p @ v).transpose(1, 2).reshape(b, t, h)
        x = x + F.dropout(self.out(a), self.dropout, self.training)
        return x + F.dropout(self.ff2(gelu(self.ff1(self.ln2(x)))), self.dropout, self.training)


class MlmTwin(torch.nn.Module):
    def __init__(self, hd):
        super().__init__()
        v, h = hd["vocabulary"], hd["hidden"]
        self.dropout = hd["dropout"]
        self.token = torch.nn.Embedding(v, h)
        self.position = torch.nn.Embedding(hd["maxLength"], h)
        self.segment = torch.nn.Embedding(hd["segments"], h)
        self.layers = torch.nn.ModuleList(
            Layer(h, hd["heads"], hd["feedForward"], hd["dropout"]) for _ in range(hd["layers"]))
        self.ln = torch.nn.LayerNorm(h)
        self.transform = torch.nn.Linear(h, h)
        self.head_ln = torch.nn.LayerNorm(h)
        self.decoder = torch.nn.Linear(h, v)
        for name, p in self.named_parameters():  # BERT's initialisation, as ours
            if p.dim() > 1 and not name.startswith(("transform", "decoder")):
                torch.nn.init.normal_(p, std=0.02)
            elif name.endswith("bias"):
                torch.nn.init.zeros_(p)

    def forward(self, ids, types, key_bias, rows, targets):
        b, t = ids.shape
        x = self.token(ids) + self.position(torch.arange(t)) + self.segment(types)
        x = F.dropout(x, self.dropout, self.training)
        for layer in self.layers:
            x = layer(x, key_bias)
        x = self.ln(x).reshape(b * t, -1)[rows]
        logits = self.decoder(self.head_ln(gelu(self.transform(x))))
        return F.cross_entropy(logits, targets)

    def our_layout(self):
        """The parameters in our flat order: TransformerEncoder's, then the MLM head's."""
        def linear(lin):
            return [(lin.weight, True), (lin.bias, False)]

        def norm(ln):
            return [(ln.weight, False), (ln.bias, False)]
        layout = [(self.token.weight, False), (self.position.weight, False), (self.segment.weight, False)]
        for l in self.layers:
            layout += norm(l.ln1) + linear(l.qkv) + linear(l.out) + norm(l.ln2) + linear(l.ff1) + linear(l.ff2)
        return layout + norm(self.ln) + linear(self.transform) + norm(self.head_ln) + linear(self.decoder)


def main():
    mlm_main(__doc__, "mlm", MlmTwin)


if __name__ == "__main__":
    main()
