"""A sweep point trained in PyTorch: the trainer command of a `"trainer"` sweep spec.

    {"trainer": {"command": ["/usr/bin/python3", "train_point.py", "--point", "{point}", "--result", "{result}"]},
     "grid": {"alpha": [1, 8], "gamma": [0, 0.5, 1.75]}}

Reads the point (alpha, gamma, method, epochs, data_fraction, seed: whatever the grid sets), trains
the model with colcomb.torch.JointSchedule (the released recipe: the first convolution and the
classifier dense), and writes beside the result file the trained model as ONNX (batch norm folded
in, as the array runs it) with its trained groups beside it (colcomb.torch.export), and the result
colcomb reads: accuracy (percent) and the model. On CUDA when there is a GPU.

Models: lenet5 (the bundled LeNet-5, with batch norm and ReLU6, for 28 x 28 gray images) or any
torchvision classification model by name (resnet18, mobilenet_v2, ...). Data: Fashion-MNIST from
Debian's dataset-fashion-mnist (the default), --cifar DIR (CIFAR-10's python batches), or
--imagefolder DIR (train/ and val/ folders of class folders).

Needs PYTHONPATH to hold colcomb's build/app/python (the sweep passes its environment on).
"""
import argparse
import gzip
import json
import os
import pickle
import time

import numpy as np
import torch
import torch.nn.functional as F

import colcomb.torch as cct

FASHION_MNIST = "/usr/share/datasets/fashion-mnist"


def lenet5(classes=10, channels=1):
    return torch.nn.Sequential(
        torch.nn.Conv2d(channels, 6, 5, padding=2, bias=False), torch.nn.BatchNorm2d(6), torch.nn.ReLU6(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(6, 16, 5, bias=False), torch.nn.BatchNorm2d(16), torch.nn.ReLU6(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(),
        torch.nn.Linear(16 * 5 * 5, 120), torch.nn.ReLU6(),
        torch.nn.Linear(120, 84), torch.nn.ReLU6(),
        torch.nn.Linear(84, classes),
    )


def idx_images(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    count, rows, cols = (int.from_bytes(data[i:i + 4], "big") for i in (4, 8, 12))
    return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, 1, rows, cols)


def idx_labels(path):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=8).astype(np.int64)


def fashion_mnist(folder):
    load = lambda part: (torch.from_numpy(idx_images(f"{folder}/{part}-images-idx3-ubyte.gz").astype(np.float32) / 255.0),
                         torch.from_numpy(idx_labels(f"{folder}/{part}-labels-idx1-ubyte.gz")))
    (x, y), (tx, ty) = load("train"), load("t10k")
    mean, std = x.mean(), x.std()
    return torch.utils.data.TensorDataset((x - mean) / std, y), torch.utils.data.TensorDataset((tx - mean) / std, ty)


def cifar10(folder):
    def batches(names):
        xs, ys = [], []
        for name in names:
            with open(os.path.join(folder, name), "rb") as f:
                d = pickle.load(f, encoding="bytes")
            xs.append(np.asarray(d[b"data"], dtype=np.float32).reshape(-1, 3, 32, 32) / 255.0)
            ys.append(np.asarray(d[b"labels"], dtype=np.int64))
        return torch.from_numpy(np.concatenate(xs)), torch.from_numpy(np.concatenate(ys))
    (x, y), (tx, ty) = batches([f"data_batch_{i}" for i in range(1, 6)]), batches(["test_batch"])
    mean, std = x.mean(dim=(0, 2, 3), keepdim=True), x.std(dim=(0, 2, 3), keepdim=True)
    return torch.utils.data.TensorDataset((x - mean) / std, y), torch.utils.data.TensorDataset((tx - mean) / std, ty)


def image_folder(folder, size):
    import torchvision.transforms as T
    from torchvision.datasets import ImageFolder
    transform = T.Compose([T.Resize(size), T.CenterCrop(size), T.ToTensor(), T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    return ImageFolder(os.path.join(folder, "train"), transform), ImageFolder(os.path.join(folder, "val"), transform)


def subset(dataset, fraction, seed):
    if fraction >= 1.0:
        return dataset
    count = max(1, int(round(fraction * len(dataset))))
    return torch.utils.data.Subset(dataset, torch.randperm(len(dataset), generator=torch.Generator().manual_seed(seed))[:count].tolist())


def evaluate(model, loader, device):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x.to(device)).argmax(1) == y.to(device)).sum().item()
            total += len(y)
    return 100.0 * correct / total


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--point", required=True)
    parser.add_argument("--result", required=True)
    parser.add_argument("--model", default="lenet5")
    parser.add_argument("--cifar")
    parser.add_argument("--imagefolder")
    parser.add_argument("--image-size", type=int, default=224)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--lr", type=float, default=0.1)  # as colcomb train: SGD, momentum 0.9, decay 1e-4, cosine
    args = parser.parse_args()
    point = json.load(open(args.point))
    epochs = int(point.get("epochs", args.epochs))
    seed = int(point.get("seed", 1))
    torch.manual_seed(seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"

    if args.cifar:
        train, test = cifar10(args.cifar)
    elif args.imagefolder:
        train, test = image_folder(args.imagefolder, args.image_size)
    else:
        train, test = fashion_mnist(FASHION_MNIST)
    classes = len(train.classes) if hasattr(train, "classes") else 10
    channels = train[0][0].shape[0]
    if args.model == "lenet5":
        model = lenet5(classes, channels)
    else:
        import torchvision
        model = getattr(torchvision.models, args.model)(num_classes=classes)
    model.to(device)
    train = subset(train, float(point.get("data_fraction", 1.0)), seed)
    loader = torch.utils.data.DataLoader(train, batch_size=args.batch, shuffle=True, generator=torch.Generator().manual_seed(seed))
    test_loader = torch.utils.data.DataLoader(test, batch_size=512)

    alpha = point.get("alpha", 8)
    if isinstance(alpha, str):
        raise SystemExit("alpha per stage (\"1,4,8\") is the bundled recipe's form; give a number or {layer: alpha}")
    combine = point.get("method", "pairwise") != "dense" and alpha != 1
    schedule = cct.JointSchedule(model, alpha=alpha, gamma=float(point.get("gamma", 0.5)), epochs=epochs,
                                 method=point.get("method", "pairwise")) if combine else None
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, epochs * len(loader))
    start = time.perf_counter()
    for epoch in range(epochs):
        model.train()
        if schedule:
            schedule.epoch_start(epoch)
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            loss = F.cross_entropy(model(x), y) + (schedule.penalty() if schedule else 0.0)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
        print(f"epoch {epoch + 1}/{epochs}: loss {loss.item():.4f}, test accuracy {evaluate(model, test_loader, device):.2f}%", flush=True)
    accuracy = evaluate(model, test_loader, device)

    # The ONNX model (batch norm folded) and, beside it, the groups it was trained with.
    folder = os.path.dirname(os.path.abspath(args.result))
    example = torch.zeros(1, *train[0][0].shape)
    cct.export(model, os.path.join(folder, "model.onnx"), example, schedule)
    json.dump({"accuracy": accuracy, "model": "model.onnx", "seconds": time.perf_counter() - start, "device": device}, open(args.result, "w"))
    print(f"accuracy {accuracy:.2f}% after {epochs} epochs in {time.perf_counter() - start:.0f} s on {device}")


if __name__ == "__main__":
    main()
