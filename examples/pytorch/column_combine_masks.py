"""Column combining inside your own PyTorch training loop (on a GPU cluster, say): at each pruning
step hand the weights to `colcomb masks`, then keep the pruned weights at zero after every
optimizer step. Run as a script it trains a small CNN on random data for a few steps and checks
that the masked weights stay zero, then does the same from an ONNX export of the model.
Usage: /usr/bin/python3 column_combine_masks.py PATH/TO/colcomb"""
import os
import json
import subprocess
import sys
import tempfile

import numpy as np
import torch
from torch import nn


def column_combine_masks(model, colcomb="colcomb", alpha=8, gamma=0.5, folder=None):
    """The 0/1 masks column-combine pruning gives every conv and linear weight, keyed like
    model.named_parameters()."""
    folder = folder or tempfile.mkdtemp()
    weights = os.path.join(folder, "weights.npz")
    masks = os.path.join(folder, "masks.npz")
    np.savez(weights, **{k: v.detach().cpu().numpy() for k, v in model.state_dict().items() if v.dim() in (2, 4)})
    subprocess.run([colcomb, "masks", "-i", weights, "--alpha", str(alpha), "--gamma", str(gamma), "--out", masks], check=True,
                   stdout=subprocess.DEVNULL)
    return load_masks(masks, model)


def load_masks(path, model):
    """The masks of a `colcomb masks` file, on the model's device. Raises when a mask matches no
    parameter of the model (an ONNX file exported with constant folding names its folded weights
    after graph nodes: export with do_constant_folding=False to keep parameter names)."""
    archive = np.load(path)
    index = json.loads(archive["__keys__"].tobytes()) if "__keys__" in archive else {"keys": []}
    layer_of = {k["key"]: k["layer"] for k in index["keys"]}
    params = dict(model.named_parameters())
    unmatched = [k for k in archive.keys() if k != "__keys__" and k not in params]
    if unmatched:
        raise KeyError(f"{path}: {len(unmatched)} masks match no parameter of the model: "
                       + ", ".join(f"{k} (layer {layer_of.get(k, k)})" for k in unmatched[:5]))
    device = next(model.parameters()).device
    return {k: torch.from_numpy(archive[k]).to(device) for k in archive.keys() if k != "__keys__"}


def apply_masks(model, masks):
    """Keeps the pruned weights at zero: call after every optimizer step."""
    params = dict(model.named_parameters())
    with torch.no_grad():
        for name, mask in masks.items():
            params[name].mul_(mask)


if __name__ == "__main__":
    colcomb = sys.argv[1] if len(sys.argv) > 1 else "colcomb"
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
                          nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    masks = {}
    for step in range(6):
        if step % 3 == 0:  # a pruning step: magnitude-prune, then let column combining choose
            with torch.no_grad():
                for p in model.parameters():
                    if p.dim() > 1:
                        p.mul_((p.abs() > p.abs().flatten().kthvalue(int(0.6 * p.numel())).values).float())
            masks = column_combine_masks(model, colcomb, alpha=4, gamma=0.5)
            apply_masks(model, masks)
        x, y = torch.randn(16, 3, 8, 8), torch.randint(0, 10, (16,))
        loss = nn.functional.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        apply_masks(model, masks)  # after every optimizer step
    params = dict(model.named_parameters())
    assert set(masks) == {"0.weight", "2.weight", "6.weight"}, sorted(masks)
    for name, mask in masks.items():
        assert mask.shape == params[name].shape, name
        assert bool((params[name][mask == 0] == 0).all()), name
    kept = sum(int(m.sum()) for m in masks.values())
    total = sum(m.numel() for m in masks.values())
    print(f"masks applied: {kept} of {total} weights kept; pruned weights stayed zero")

    # From an ONNX file: exported without constant folding it keeps the parameter names, and its
    # masks are the same as from the state dict.
    folder = tempfile.mkdtemp()
    onnx_file, masks_file = os.path.join(folder, "model.onnx"), os.path.join(folder, "onnx-masks.npz")
    torch.onnx.export(model, torch.randn(1, 3, 8, 8), onnx_file, do_constant_folding=False, opset_version=13)
    subprocess.run([colcomb, "masks", "-i", onnx_file, "--alpha", "4", "--gamma", "0.5", "--out", masks_file], check=True,
                   stdout=subprocess.DEVNULL)
    onnx_masks = load_masks(masks_file, model)
    now = column_combine_masks(model, colcomb, alpha=4, gamma=0.5)  # the same weights, through the state dict
    assert sorted(onnx_masks) == sorted(now), sorted(onnx_masks)
    for name in now:
        assert torch.equal(onnx_masks[name], now[name]), name
    print(f"ONNX export (do_constant_folding=False): masks keyed {sorted(onnx_masks)}, equal to the state dict's")

    # Batch norm folded into the convolution by the exporter: the weights are new tensors with
    # names of the graph's, and loading their masks into the model refuses rather than match none.
    bn_model = nn.Sequential(nn.Conv2d(3, 16, 3), nn.BatchNorm2d(16), nn.ReLU(), nn.Flatten(), nn.Linear(16 * 36, 10)).eval()
    torch.onnx.export(bn_model, torch.randn(1, 3, 8, 8), onnx_file, do_constant_folding=True, opset_version=13)
    subprocess.run([colcomb, "masks", "-i", onnx_file, "--alpha", "4", "--gamma", "0.5", "--out", masks_file], check=True,
                   stdout=subprocess.DEVNULL)
    try:
        load_masks(masks_file, bn_model)
        raise AssertionError("masks of folded weights matched the model's parameters")
    except KeyError as e:
        assert "match no parameter" in str(e), e
        print(f"folded export refused: {e}")
