"""Images per second of the bundled shift network in PyTorch (CPU), the peer of
build/tests/bench_training. Same architecture (resources/models/demo-spec.json), batch 128,
random 1 x 28 x 28 inputs, the same thread count.

  --mode train: forward + backward + SGD step (default)
  --mode eval:  forward only, no gradients, over 10,000 images (the peer of colcomb evaluate)
  --shift depthwise (default): the fixed shift written as PyTorch users write it, a depthwise
      3 x 3 convolution with one-hot kernels (groups = channels), weights not trained
  --shift copies: padding and one indexed copy per offset group (the earlier peer, labelled)

Run: python3 tests/bench/torch_training.py --threads 1 [--mode eval] [--shift copies]
(Debian's python3-torch; not needed to build or test ColComb Studio. scripts/bench.sh runs it.)
"""
import argparse
import json
import pathlib
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def shift_offsets(channels, generator):
    """Per-channel shift by a fixed (dy, dx) in {-1, 0, 1}^2, drawn 0.3 / 0.4 / 0.3 per axis."""
    u = torch.rand(channels, 2, generator=generator)
    return torch.where(u < 0.3, -1, torch.where(u < 0.7, 0, 1)).tolist()


class DepthwiseShift(nn.Module):
    """The shift as a depthwise 3 x 3 convolution whose kernels hold a single 1 (not trained)."""

    def __init__(self, channels, generator):
        super().__init__()
        kernel = torch.zeros(channels, 1, 3, 3)
        for c, (dy, dx) in enumerate(shift_offsets(channels, generator)):
            kernel[c, 0, 1 + dy, 1 + dx] = 1.0
        self.register_buffer("kernel", kernel)
        self.channels = channels

    def forward(self, x):
        return F.conv2d(x, self.kernel, padding=1, groups=self.channels)


class CopyShift(nn.Module):
    """The same shift from padding and one indexed copy per offset group."""

    def __init__(self, channels, generator):
        super().__init__()
        self.groups = {}
        for c, (dy, dx) in enumerate(shift_offsets(channels, generator)):
            self.groups.setdefault((dy, dx), []).append(c)

    def forward(self, x):
        padded = F.pad(x, (1, 1, 1, 1))
        out = torch.empty_like(x)
        h, w = x.shape[2], x.shape[3]
        for (dy, dx), channels in self.groups.items():
            out[:, channels] = padded[:, channels, 1 + dy:1 + dy + h, 1 + dx:1 + dx + w]
        return out


def build(spec, shift):
    g = torch.Generator().manual_seed(1)
    Shift = DepthwiseShift if shift == "depthwise" else CopyShift
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
    parser.add_argument("--mode", choices=["train", "eval"], default="train")
    parser.add_argument("--shift", choices=["depthwise", "copies"], default="depthwise")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    spec = json.loads((pathlib.Path(__file__).resolve().parents[2] / "resources/models/demo-spec.json").read_text())
    net = build(spec, args.shift)
    result = {"framework": "pytorch " + torch.__version__, "threads": args.threads, "batch": 128, "shift": args.shift, "mode": args.mode}
    if args.mode == "eval":
        net.eval()
        images = torch.rand(10000, 1, 28, 28) * 2 - 1
        with torch.no_grad():
            net(images[:128])  # warm up
            start = time.perf_counter()
            for k in range(0, 10000, 128):
                net(images[k:k + 128]).argmax(1)
            elapsed = time.perf_counter() - start
        result.update({"images": 10000, "seconds": elapsed, "images_per_second": 10000 / elapsed})
    else:
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
        result["images_per_second"] = steps * 128 / elapsed
    print(json.dumps(result))


if __name__ == "__main__":
    main()
