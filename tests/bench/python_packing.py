"""The colcomb Python module's speed, for scripts/bench.sh: colcomb.pack of one layer (median of
many calls, the time a training loop pays per layer) and colcomb.pack_network of a torchvision
ResNet-50 state dict magnitude-pruned to 20% of its weights (median of 5).

Run: PYTHONPATH=build/app/python /usr/bin/python3 tests/bench/python_packing.py LAYER.npy
Prints one JSON object: pack_ms, pack_groups, network_s, network_layers, network_weights.
"""
import json
import statistics
import sys
import time

import numpy as np

import colcomb


def median_seconds(call, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def resnet50_pruned():
    try:
        import torch
        import torchvision
    except ImportError:
        return None
    torch.manual_seed(0)
    state = torchvision.models.resnet50().state_dict()
    out = {}
    for name, tensor in state.items():
        values = tensor.detach().numpy().astype(np.float32)
        if values.ndim in (2, 4):
            threshold = np.quantile(np.abs(values), 0.8)  # keep the largest 20%
            values = np.where(np.abs(values) > threshold, values, 0).astype(np.float32)
        out[name] = values
    return out


def main():
    layer = np.load(sys.argv[1]).astype(np.float32)
    result = {"pack_ms": median_seconds(lambda: colcomb.pack(layer, alpha=8, gamma=0.5), 51) * 1000,
              "pack_groups": colcomb.pack(layer, alpha=8, gamma=0.5).groups}
    state = resnet50_pruned()
    if state is not None:
        result["network_s"] = median_seconds(lambda: colcomb.pack_network(state, alpha=8, gamma=0.5), 5)
        n = colcomb.pack_network(state, alpha=8, gamma=0.5)
        result["network_layers"] = len(n.layers)
        result["network_weights"] = int(sum(v.size for k, v in state.items() if v.ndim in (2, 4)))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
