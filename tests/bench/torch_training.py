"""Training images per second of the bundled shift network in PyTorch (CPU), for comparison
with build/tests/bench_training. Same architecture (resources/models/demo-spec.json), batch 128,
random 1 x 28 x 28 inputs, forward + backward + SGD step, the same thread count.

Run: OMP_NUM_THREADS=1 python3 tests/bench/torch_training.py --threads 1
(Debian's python3-torch; not needed to build or test ColComb Studio.)
"""
import argparse
import json
import pathlib
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Shift(nn.Module):
    """Per-channel shift by a fixed (dy, dx) in {-1, 0, 1}^2, drawn 0.3 / 0.4 / 0.3 per axis."""

    def __init__(self, channels, generator):
        super().__init__()
        u = torch.rand(channels, 2, generator=generator)
        offsets = torch.where(u < 0.3, -1, torch.where(u < 0.7, 0, 1))
        self.groups = {}
        for c, (dy, dx) in enumerate(offsets.tolist()):
            self.groups.setdefault((dy, dx), []).append(c)

    def forward(self, x):
        padded = F.pad(x, (1, 1, 1, 1))
        out = torch.empty_like(x)
        h, w = x.shape[2], x.shape[3]
        for (dy, dx), channels in self.groups.items():
            out[:, channels] = padded[:, channels, 1 + dy:1 + dy + h, 1 + dx:1 + dx + w]
        return out


def build(spec):
    g = torch.Generator().manual_seed(1)
    layers = [nn.Conv2d(spec["input"][0], spec["widths"][0], 1, bias=False), nn.BatchNorm2d(spec["widths"][0]), nn.ReLU6()]
    channels = spec["widths"][0]
    for width, blocks, stride in zip(spec["widths"], spec["blocks"], spec["strides"]):
        for k in range(blocks):
            layers += [Shift(channels, g), nn.Conv2d(channels, width, 1, stride=stride if k == 0 else 1, bias=False),
                       nn.BatchNorm2d(width), nn.ReLU6()]
            channels = width
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(channels, spec["classes"])]
    return nn.Sequential(*layers)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    spec = json.loads((pathlib.Path(__file__).resolve().parents[2] / "resources/models/demo-spec.json").read_text())
    net = build(spec)
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
    x = torch.rand(128, 1, 28, 28) * 2 - 1
    y = torch.randint(0, 10, (128,))
    for _ in range(3):  # warm up
        opt.zero_grad()
        F.cross_entropy(net(x), y).backward()
        opt.step()
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        opt.zero_grad()
        F.cross_entropy(net(x), y).backward()
        opt.step()
        steps += 1
    elapsed = time.perf_counter() - start
    print(json.dumps({"framework": "pytorch " + torch.__version__, "threads": args.threads, "batch": 128,
                      "images_per_second": steps * 128 / elapsed}))


if __name__ == "__main__":
    main()
