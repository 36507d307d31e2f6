"""A pruned ResNet-18 the way a PyTorch user hands it over: 80% of the conv and linear weights
removed by global magnitude pruning (torch.nn.utils.prune), then exported twice:
  resnet18.onnx        torch.onnx.export in eval mode (batch norm folded into the convolutions)
  resnet18_state.npz   the state dict, one array per key (np.savez)
Usage: /usr/bin/python3 export_resnet18.py [OUT_FOLDER]   (Debian: python3-torch, python3-torchvision)"""
import os
import sys

import numpy as np
import torch
import torch.nn.utils.prune as prune
import torchvision

out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
model = torchvision.models.resnet18(weights=None).eval()  # your trained model here
weights = [(m, "weight") for m in model.modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
prune.global_unstructured(weights, pruning_method=prune.L1Unstructured, amount=0.8)
for m, name in weights:
    prune.remove(m, name)
torch.onnx.export(model, torch.randn(1, 3, 224, 224), os.path.join(out, "resnet18.onnx"), opset_version=13)
np.savez(os.path.join(out, "resnet18_state.npz"), **{k: v.numpy() for k, v in model.state_dict().items()})
print("wrote", os.path.join(out, "resnet18.onnx"), "and", os.path.join(out, "resnet18_state.npz"))
