"""Column combining inside your own PyTorch training loop (on a GPU cluster, say): at each pruning
step hand the weights to `colcomb masks`, then keep the pruned weights at zero after every
optimizer step. Run as a script it trains a small CNN on random data for a few steps and checks
that the masked weights stay zero.
Usage: /usr/bin/python3 column_combine_masks.py PATH/TO/colcomb"""
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
from torch import nn


def column_combine_masks(model, colcomb="colcomb", alpha=8, gamma=0.5, folder=None):
    """The 0/1 masks column-combine pruning gives every conv and linear weight, keyed like
    model.state_dict()."""
    folder = folder or tempfile.mkdtemp()
    weights = os.path.join(folder, "weights.npz")
    masks = os.path.join(folder, "masks.npz")
    np.savez(weights, **{k: v.detach().cpu().numpy() for k, v in model.state_dict().items() if v.dim() in (2, 4)})
    subprocess.run([colcomb, "masks", "-i", weights, "--alpha", str(alpha), "--gamma", str(gamma), "--out", masks], check=True,
                   stdout=subprocess.DEVNULL)
    device = next(model.parameters()).device
    return {k: torch.from_numpy(v).to(device) for k, v in np.load(masks).items()}


def apply_masks(model, masks):
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name in masks:
                p.mul_(masks[name])


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
