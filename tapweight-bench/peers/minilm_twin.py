"""PyTorch twin of our MiniLM MLM step as MiniLmBenchmark times it (float, 1 thread): all-MiniLM-L6-v2
in our BERT variant with a decoder tied to the word embeddings, one masked-language-modelling loss with
its gradient for encoder and head on 32 sequences of 64 tokens, with the corruption of benchmark step i.

Same model as tapweight-nlp's TransformerEncoder (Architecture.BERT) and MaskedLanguageModelObjective
(tiedDecoder: true):
  x = drop(LN_emb(token + position + segment))                       LayerNorm epsilon 1e-12
  per layer (post-LN): x = LN1(x + drop(Wo MHA(x) + bo))             one fused QKV projection, padded keys masked
                       x = LN2(x + drop(W2 gelu_erf(W1 x + b1) + b2))
  no final LayerNorm; head on the predicted rows: LN(gelu_tanh(h T + t)) E^T + d, epsilon 1e-5, E the
  word embeddings; mean softmax cross-entropy. No dropout on attention weights, none in the head.
The parameters are ours (MiniLM's pretrained weights), loaded by --check; timing uses them too.

Run: /usr/bin/python3 tapweight-bench/peers/minilm_twin.py [--threads 1] (after TwinBatches).
"""
import os

import numpy as np
import torch
import torch.nn.functional as F

from twin_common import mlm_main


class Layer(torch.nn.Module):
    def __init__(self, hidden, heads, feed_forward, dropout):
        super().__init__()
        self.heads, self.dropout = heads, dropout
        self.ln1 = torch.nn.LayerNorm(hidden, eps=1e-12)
        self.ln2 = torch.nn.LayerNorm(hidden, eps=1e-12)
        self.qkv = torch.nn.Linear(hidden, 3 * hidden)
        self.out = torch.nn.Linear(hidden, hidden)
        self.ff1 = torch.nn.Linear(hidden, feed_forward)
        self.ff2 = torch.nn.Linear(feed_forward, hidden)

    def forward(self, x, key_bias):
        b, t, h = x.shape
        dh = h // self.heads
        q, k, v = self.qkv(x).view(b, t, 3, self.heads, dh).permute(2, 0, 3, 1, 4)
        p = torch.softmax(q @ k.transpose(-1, -2) * dh ** -0.5 + key_bias, dim=-1)
        a = (p @ v).transpose(1, 2).reshape(b, t, h)
        x = self.ln1(x + F.dropout(self.out(a), self.dropout, self.training))
        return self.ln2(x + F.dropout(self.ff2(F.gelu(self.ff1(x))), self.dropout, self.training))


class MiniLmTwin(torch.nn.Module):
    def __init__(self, hd):
        super().__init__()
        v, h = hd["vocabulary"], hd["hidden"]
        self.dropout = hd["dropout"]
        self.token = torch.nn.Embedding(v, h)
        self.position = torch.nn.Embedding(hd["maxLength"], h)
        self.segment = torch.nn.Embedding(hd["segments"], h)
        self.embedding_ln = torch.nn.LayerNorm(h, eps=1e-12)
        self.layers = torch.nn.ModuleList(
            Layer(h, hd["heads"], hd["feedForward"], hd["dropout"]) for _ in range(hd["layers"]))
        self.transform = torch.nn.Linear(h, h)
        self.head_ln = torch.nn.LayerNorm(h)
        self.decoder_bias = torch.nn.Parameter(torch.zeros(v))

    def forward(self, ids, types, key_bias, rows, targets):
        b, t = ids.shape
        x = self.embedding_ln(self.token(ids) + self.position(torch.arange(t)) + self.segment(types))
        x = F.dropout(x, self.dropout, self.training)
        for layer in self.layers:
            x = layer(x, key_bias)
        x = x.reshape(b * t, -1)[rows]
        z = self.head_ln(F.gelu(self.transform(x), approximate="tanh"))
        return F.cross_entropy(z @ self.token.weight.t() + self.decoder_bias, targets)

    def our_layout(self):
        """The parameters in our flat order: TransformerEncoder's (BERT), then the tied MLM head's."""
        def linear(lin):
            return [(lin.weight, True), (lin.bias, False)]

        def norm(ln):
            return [(ln.weight, False), (ln.bias, False)]
        layout = [(self.token.weight, False), (self.position.weight, False), (self.segment.weight, False)]
        layout += norm(self.embedding_ln)
        for l in self.layers:
            layout += norm(l.ln1) + linear(l.qkv) + linear(l.out) + norm(l.ln2) + linear(l.ff1) + linear(l.ff2)
        return layout + linear(self.transform) + norm(self.head_ln) + [(self.decoder_bias, False)]


def load_parameters(model, folder):
    """Our parameters (MiniLM's weights and our head's initialisation) into the twin, for timing too."""
    flat = torch.from_numpy(np.fromfile(os.path.join(folder, "minilm.params.f32"), dtype="<f4"))
    at = 0
    with torch.no_grad():
        for p, transposed in model.our_layout():
            shape = p.shape[::-1] if transposed else p.shape
            block = flat[at:at + p.numel()].reshape(shape)
            p.copy_(block.t() if transposed else block)
            at += p.numel()


def main():
    mlm_main(__doc__, "minilm", MiniLmTwin, load_parameters)


if __name__ == "__main__":
    main()
