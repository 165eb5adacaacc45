"""What both PyTorch twins share: reading the exported benchmark inputs and a JMH-like timing loop.

The inputs come from org.tapweight.bench.jmh.TwinBatches: NAME.json (header) and NAME.i32
(little-endian int32 arrays, in the order the header's "layout" states).
"""
import argparse
import json
import os
import statistics
import time

import numpy as np
import torch


def arguments(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--data", default="tapweight-bench/target/twin-batches", help="folder TwinBatches wrote")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--warmup", type=int, default=3, help="warmup iterations (JMH -wi)")
    p.add_argument("--warmup-s", type=float, default=2.0, help="seconds per warmup iteration (JMH -w)")
    p.add_argument("--iterations", type=int, default=5, help="measurement iterations (JMH -i)")
    p.add_argument("--iteration-s", type=float, default=3.0, help="seconds per measurement iteration (JMH -r)")
    p.add_argument("--check", action="store_true",
                   help="instead of timing: our parameters in, compare loss and gradient with ours (NAME.check.json)")
    return p.parse_args()


def set_threads(n):
    torch.set_num_threads(n)
    torch.set_num_interop_threads(1)


class Ints:
    """Reads consecutive int32 arrays from NAME.i32."""

    def __init__(self, folder, name):
        with open(os.path.join(folder, name + ".json")) as f:
            self.header = json.load(f)
        self.data = np.fromfile(os.path.join(folder, name + ".i32"), dtype="<i4")
        self.at = 0

    def take(self, n, shape=None):
        a = self.data[self.at:self.at + n]
        self.at += n
        t = torch.from_numpy(a.astype(np.int64))
        return t if shape is None else t.reshape(shape)

    def done(self):
        if self.at != len(self.data):
            raise ValueError(f"read {self.at} of {len(self.data)} ints: header and data disagree")


def mlm_batches(folder, name):
    """An MLM benchmark's exported inputs (mlm or minilm): the header, the token types, the additive
    key mask of the padded positions, and per benchmark step the corrupted ids, predicted rows and targets."""
    r = Ints(folder, name)
    hd = r.header
    b, t = hd["sequences"], hd["length"]
    types = r.take(b * t, (b, t))
    lengths = r.take(b)
    key_bias = torch.where(torch.arange(t)[None, :] < lengths[:, None], 0.0, -1e9).view(b, 1, 1, t)
    steps = [(r.take(b * t, (b, t)), r.take(k), r.take(k)) for k in hd["predictedRowsPerStep"]]
    r.done()
    return hd, types, key_bias, steps


def mlm_main(doc, name, make_model, prepare=None):
    """What both MLM twins do: --check against our loss and gradient, or time the benchmark's steps
    (cycling through the exported corruptions) and print one JSON line. prepare(model) runs before timing."""
    args = arguments(doc.splitlines()[0])
    set_threads(args.threads)
    torch.manual_seed(1)
    hd, types, key_bias, steps = mlm_batches(args.data, name)
    model = make_model(hd).train()
    b, t = hd["sequences"], hd["length"]
    if args.check:
        model.eval()  # Noise.NONE: no dropout

        def loss(ours):
            return model(torch.tensor(ours["ids"]).view(b, t), types, key_bias, torch.tensor(ours["rows"]),
                         torch.tensor(ours["targets"]))
        raise SystemExit(0 if check(args.data, name, model.our_layout(), loss) else 1)
    if prepare is not None:
        prepare(model, args.data)
    state = {"next": 0}

    def step():
        ids, rows, targets = steps[state["next"] % len(steps)]
        state["next"] += 1
        model.zero_grad(set_to_none=False)  # ours zeroes its gradient vectors each step
        model(ids, types, key_bias, rows, targets).backward()

    result = measure(step, args)
    result.update(twin=name, params=sum(p.numel() for p in model.parameters()), steps=len(steps))
    print(json.dumps(result))


def check(folder, name, layout, loss_fn):
    """Loads our initial parameters into the twin (layout: its tensors in our flat order, with True
    where ours is the transpose, i.e. x A for torch's x A^T), runs loss_fn(check header) -> loss and
    compares loss and gradient with ours. Prints one JSON line; returns whether they agree."""
    with open(os.path.join(folder, name + ".check.json")) as f:
        ours = json.load(f)
    flat = torch.from_numpy(np.fromfile(os.path.join(folder, name + ".params.f32"), dtype="<f4"))
    our_grad = torch.from_numpy(np.fromfile(os.path.join(folder, name + ".grad.f32"), dtype="<f4"))
    at = 0
    with torch.no_grad():
        for p, transposed in layout:
            shape = p.shape[::-1] if transposed else p.shape
            block = flat[at:at + p.numel()].reshape(shape)
            p.copy_(block.t() if transposed else block)
            at += p.numel()
    if at != len(flat):
        raise ValueError(f"layout covers {at} of our {len(flat)} parameters")
    for p, _ in layout:
        p.grad = None
    loss = loss_fn(ours)
    loss.backward()
    grad = torch.cat([(p.grad.t() if transposed else p.grad).reshape(-1) for p, transposed in layout])
    relative = ((grad - our_grad).norm() / our_grad.norm()).item()
    loss_diff = abs(loss.item() - ours["loss"]) / abs(ours["loss"])
    ok = relative < 1e-3 and loss_diff < 1e-4
    print(json.dumps({"twin": name, "check": "agree" if ok else "DISAGREE", "loss_twin": loss.item(),
                      "loss_ours": ours["loss"], "grad_relative_difference": relative}))
    return ok


def blas():
    """The BLAS library this process loaded (Debian's torch uses whatever libblas.so.3 points to:
    the reference BLAS is several times slower than OpenBLAS)."""
    torch.ones(64, 64) @ torch.ones(64, 64)
    with open("/proc/self/maps") as f:
        paths = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
    return sorted(paths)[0] if paths else "bundled"


def measure(step, args):
    """Like JMH's AverageTime: timed iterations of repeated steps; each iteration's score is ms per
    step, the result their mean. Prints one JSON line."""
    def iteration(seconds):
        ops, start = 0, time.perf_counter()
        while True:
            step()
            ops += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                return elapsed * 1000 / ops, ops
    for _ in range(args.warmup):
        iteration(args.warmup_s)
    scores, ops = [], 0
    for _ in range(args.iterations):
        ms, n = iteration(args.iteration_s)
        scores.append(ms)
        ops += n
    return {"torch": torch.__version__, "threads": torch.get_num_threads(), "ms": statistics.mean(scores),
            "ms_iterations": [round(s, 3) for s in scores], "ops": ops, "blas": blas()}
