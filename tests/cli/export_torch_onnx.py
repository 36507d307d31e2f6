"""A small network exported the way PyTorch users export: eval mode, batch norm folded into the
convolutions by torch.onnx.export, weights named onnx::Conv_N. Layers: a conv with batch norm, a
grouped conv, a depthwise conv, a 1x1 conv and a linear layer. Usage: export_torch_onnx.py OUT.onnx"""
import sys

import torch
from torch import nn

torch.manual_seed(0)


class Small(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.grouped = nn.Conv2d(16, 32, 3, padding=1, groups=4)
        self.depthwise = nn.Conv2d(32, 32, 3, padding=1, groups=32)
        self.pointwise = nn.Conv2d(32, 64, 1)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = torch.relu(self.pointwise(self.depthwise(self.grouped(x))))
        return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))


model = Small().eval()
with torch.no_grad():  # sparse weights, as a pruned model has
    for p in model.parameters():
        if p.dim() > 1:
            p.mul_((torch.rand_like(p) > 0.7).float())
torch.onnx.export(model, torch.randn(1, 3, 8, 8), sys.argv[1], opset_version=13)
