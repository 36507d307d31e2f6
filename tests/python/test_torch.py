"""colcomb.torch: the pruning method, the ASP mask calculator and the joint schedule."""
import itertools
import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
from torch.nn.utils import prune  # noqa: E402

import colcomb  # noqa: E402
import colcomb.torch as cct  # noqa: E402


def small_model():
    torch.manual_seed(0)
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.Conv2d(8, 32, 3, padding=1),
        torch.nn.ReLU(),
        torch.nn.Conv2d(32, 32, 1),
        torch.nn.ReLU(),
        torch.nn.AdaptiveAvgPool2d(1),
        torch.nn.Flatten(),
        torch.nn.Linear(32, 10),
    )


def test_column_combine_is_a_pruning_method():
    torch.manual_seed(3)
    conv = torch.nn.Conv2d(16, 24, 3)
    with torch.no_grad():
        conv.weight.mul_((torch.rand_like(conv.weight) < 0.2).float())
    original = conv.weight.detach().clone()
    cct.column_combine(conv, "weight", alpha=4, gamma=0.25)
    assert hasattr(conv, "weight_orig") and hasattr(conv, "weight_mask")
    expected = colcomb.pack(original.numpy(), alpha=4, gamma=0.25)
    np.testing.assert_array_equal(conv.weight_mask.numpy().astype(bool), expected.mask)
    np.testing.assert_array_equal(conv.weight.detach().numpy(), expected.pruned)
    assert prune.is_pruned(conv)
    conv(torch.randn(2, 16, 8, 8)).sum().backward()
    assert torch.all(conv.weight_orig.grad[~conv.weight_mask.bool()] == 0)
    # Applied again, to what the first mask kept, as a whole filter matrix (PyTorch hands over the
    # whole tensor, not the entries left): what the first mask removed stays removed.
    first_kept = conv.weight.detach().clone()
    cct.column_combine(conv, "weight", alpha=2, gamma=0.5)
    second = colcomb.pack(first_kept.numpy(), alpha=2, gamma=0.5)
    assert second.metrics["pruned"] > 0
    np.testing.assert_array_equal(conv.weight_mask.numpy().astype(bool), second.mask)
    assert torch.all(conv.weight_mask[~torch.from_numpy(expected.mask)] == 0)
    kept = conv.weight.detach().numpy()
    prune.remove(conv, "weight")
    assert not hasattr(conv, "weight_orig")
    np.testing.assert_array_equal(conv.weight.detach().numpy(), kept)


def test_mask_calculator_for_asp():
    torch.manual_seed(4)
    calculate = cct.mask_calculator(alpha=8, gamma=0.5)
    weight = torch.randn(64, 128) * (torch.rand(64, 128) < 0.3)
    mask = calculate(weight)
    assert mask.dtype == torch.bool and mask.shape == weight.shape and mask.device == weight.device
    np.testing.assert_array_equal(mask.numpy(), colcomb.pack(weight.numpy(), alpha=8, gamma=0.5).mask)
    # ASP puts it in place of its own bool mask buffer: set_ needs the same dtype.
    buffer = torch.ones_like(weight).bool()
    buffer.set_(calculate(weight))
    assert torch.equal(buffer, mask)


def asp_m4n2_1d(weight):
    """NVIDIA ASP's m4n2_1d mask (apex.contrib.sparsity.sparse_masklib) stated in NumPy: a conv
    weight [out, in, kh, kw] is laid out as rows (kh, kw, out) of input channels, every 4
    consecutive channels take the 2-of-4 pattern with the largest sum of |w|."""
    shape = weight.shape
    mat = np.transpose(weight, (2, 3, 0, 1)).reshape(-1, shape[1]) if weight.ndim == 4 else weight
    patterns = np.array(sorted(set(itertools.permutations([1, 1, 0, 0]))), dtype=np.float64)
    groups = np.abs(mat.astype(np.float64)).reshape(-1, 4)
    best = patterns[np.argmax(groups @ patterns.T, axis=1)].reshape(mat.shape).astype(bool)
    if weight.ndim == 4:
        best = best.reshape(shape[2], shape[3], shape[0], shape[1]).transpose(2, 3, 0, 1)
    return best


def test_nm_mask_is_asps_2_to_4_and_n_of_m_in_general():
    torch.manual_seed(6)
    calculate = cct.nm_mask_calculator(2, 4)
    for weight in (torch.randn(24, 16, 3, 3), torch.randn(32, 64)):
        mask = calculate(weight)
        assert mask.dtype == torch.bool and mask.shape == weight.shape
        np.testing.assert_array_equal(mask.numpy(), asp_m4n2_1d(weight.numpy()))
    # 1:8 on a linear layer: each row's largest |w| in every 8 consecutive inputs.
    weight = torch.randn(16, 40)
    mask = cct.nm_mask_calculator(1, 8)(weight).numpy()
    groups = np.abs(weight.numpy()).reshape(16, 5, 8)
    expected = (groups == groups.max(axis=2, keepdims=True)).reshape(16, 40)
    np.testing.assert_array_equal(mask, expected)
    # The same N:M through every entry point that takes a method.
    np.testing.assert_array_equal(cct.mask_calculator(method="nm:1:8")(weight).numpy(), expected)
    packing = colcomb.pack(weight.numpy(), method="nm:1:8")
    assert packing.metrics["group_count"] == 5 and packing.metrics["array_columns"] == 5
    with pytest.raises(ValueError, match="nm:N:M"):
        colcomb.pack(weight.numpy(), method="nm:8:1")


def test_joint_schedule_steps_with_nm_masks():
    # The joint schedule with method "nm:2:4": after its one pruning step each scheduled layer keeps
    # at most 2 of every 4 input channels at each kernel position, in every filter.
    model = small_model()
    schedule = cct.JointSchedule(model, alpha=8, epochs=2, steps=1, final=1.0, method="nm:2:4")
    for epoch in range(2):
        schedule.epoch_start(epoch)
    masks = schedule.masks()
    assert masks, "no layer was scheduled"
    for name, mask in masks.items():
        m = mask.numpy()
        groups = np.transpose(m, (0, 2, 3, 1)).reshape(-1, m.shape[1] // 4, 4) if m.ndim == 4 else m.reshape(m.shape[0], -1, 4)
        assert groups.sum(axis=2).max() <= 2, name
        assert 0.4 < m.mean() <= 0.5, name  # half pruned by magnitude, then the mask: not alpha 8's 1/8


def magnitude_prune(weight, share):
    """The recipe's magnitude step stated in NumPy: the floor(share x size) smallest |w| go, equals
    in memory order."""
    flat = weight.reshape(-1).copy()
    count = int(np.floor(share * flat.size))
    order = np.argsort(np.abs(flat), kind="stable")
    flat[order[:count]] = 0
    return flat.reshape(weight.shape)


def test_joint_schedule_steps_as_the_recipe_over_the_cli(cli, tmp_path):
    # Three pruning steps taken by JointSchedule against the recipe done by hand: NumPy's magnitude
    # pruning, `colcomb pack` for the groups, the previous step's conflicts given back.
    model = small_model()
    schedule = cct.JointSchedule(model, alpha=4, gamma=0.5, epochs=6, steps=3, final=0.8)
    names = [name for name, _, _ in schedule.layers]
    assert names == ["2", "4"]  # the first convolution and the classifier stay dense
    layer = dict(model.named_modules())["2"]
    weight = layer.weight.detach().numpy().copy()
    set_aside = np.zeros_like(weight)
    assert schedule.steps == [(0, 0.0), (1, pytest.approx(0.8 * (1 - (2 / 3) ** 3))), (2, 0.8)]
    for epoch, (_, progress) in enumerate(schedule.steps):
        schedule.epoch_start(epoch)
        pruned = magnitude_prune(weight + set_aside, progress * (1 - 1 / 4))
        np.save(tmp_path / "w.npy", pruned)
        packed = cli.json("pack", "-i", tmp_path / "w.npy", "--alpha", 4, "--gamma", 0.5)
        assert schedule.groups["2"] == packed["groups"]
        mask = np.zeros(pruned.reshape(pruned.shape[0], -1).shape, dtype=bool)
        select = np.array(packed["select"]).reshape(pruned.shape[0], -1)
        flat = pruned.reshape(pruned.shape[0], -1)
        for r, g in zip(*np.nonzero(select >= 0)):
            mask[r, select[r, g]] = flat[r, select[r, g]] != 0
        mask = mask.reshape(weight.shape)
        np.testing.assert_array_equal(schedule.masks()["2"].numpy(), mask)
        set_aside = np.where(mask, 0, pruned)
        # Training moves the kept weights between the steps.
        with torch.no_grad():
            layer.weight_orig.add_(0.01 * torch.randn_like(layer.weight_orig))
        weight = (layer.weight_orig * layer.weight_mask).detach().numpy().copy()
    report = schedule.report()
    assert report["2"]["utilization_after"] > report["2"]["utilization_before"]
    assert report["2"]["trained_groups"] == schedule.groups["2"]


def test_joint_schedule_penalty_checkpoint_and_training():
    model = small_model()
    schedule = cct.JointSchedule(model, alpha={"4": 2, "*": 8}, gamma=0.5, epochs=4, steps=2, l1=1e-3)
    assert [alpha for _, _, alpha in schedule.layers] == [8, 2]
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    x, y = torch.randn(16, 1, 8, 8), torch.randint(0, 10, (16,))
    for epoch in range(4):
        schedule.epoch_start(epoch)
        loss = torch.nn.functional.cross_entropy(model(x), y)
        penalty = schedule.penalty()
        by_hand = 1e-3 * sum(float(model[k].weight.abs().sum()) for k in (2, 4)) if epoch <= 1 else 0.0
        assert float(penalty) == pytest.approx(by_hand, rel=1e-6)
        optimizer.zero_grad()
        (loss + penalty).backward()
        optimizer.step()
    masks = schedule.masks()
    # The masked weights stayed zero through training.
    for name, module in model.named_modules():
        if name in masks:
            assert torch.all(module.weight[~masks[name]] == 0)
    # A checkpoint: the schedule first (it gives the layers their masks), then the model.
    saved = {"model": model.state_dict(), "schedule": schedule.state_dict()}
    fresh = small_model()
    again = cct.JointSchedule(fresh, alpha={"4": 2, "*": 8}, gamma=0.5, epochs=4, steps=2, l1=1e-3)
    again.load_state_dict(saved["schedule"])
    fresh.load_state_dict(saved["model"])
    assert again.groups == schedule.groups and again.epoch == 3
    x = torch.randn(3, 1, 8, 8)
    assert torch.equal(fresh(x), model(x))


def test_joint_schedule_names_bad_layers():
    with pytest.raises(ValueError, match="skip: no layer named 'conv9'"):
        cct.JointSchedule(small_model(), skip=["conv9"])
    with pytest.raises(ValueError, match="alpha: no layer named 'fc'"):
        cct.JointSchedule(small_model(), alpha={"fc": 2})


def test_export_writes_the_model_and_its_trained_groups(cli, tmp_path):
    model = small_model()
    schedule = cct.JointSchedule(model, alpha=4, gamma=0.5, epochs=2, steps=2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    x, y = torch.randn(8, 1, 8, 8), torch.randint(0, 10, (8,))
    for epoch in range(2):
        schedule.epoch_start(epoch)
        loss = torch.nn.functional.cross_entropy(model(x), y) + schedule.penalty()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    for name in ("model.onnx", "model.npz"):
        written = cct.export(model, tmp_path / name, x[:1], schedule)
        assert written == str(tmp_path / name) + ".groups.json"
        layers = cli.json("inspect", "-i", tmp_path / name)["layers"]
        trained = [layer.get("trained_groups") for layer in layers]
        assert trained == [None, schedule.groups["2"], schedule.groups["4"], None], name
    assert prune.is_pruned(model)  # the model itself keeps its masks
    # The ONNX file's layers run what the model computes (batch norm folded or not).
    conv = dict(model.named_modules())["2"]
    onnx_layer = cli.json("inspect", "-i", tmp_path / "model.onnx")["layers"][1]
    assert onnx_layer["nnz"] == int(conv.weight_mask.sum())
    # Layers pruned with column_combine, exported without a schedule.
    conv = torch.nn.Conv2d(8, 16, 3)
    net = torch.nn.Sequential(conv, torch.nn.ReLU(), torch.nn.Flatten(), torch.nn.Linear(16 * 36, 4))
    cct.column_combine(conv, alpha=4, gamma=0.25)
    cct.export(net, tmp_path / "pruned.npz")
    layers = cli.json("inspect", "-i", tmp_path / "pruned.npz")["layers"]
    assert layers[0]["trained_groups"] == conv._forward_pre_hooks[next(iter(conv._forward_pre_hooks))].packing.groups
    assert layers[0]["trained_alpha"] == 4


def test_trained_groups_that_do_not_fit_are_refused(tmp_path):
    np.savez(tmp_path / "m.npz", **{"fc.weight": np.eye(4, dtype=np.float32)})
    with pytest.raises(OSError, match="fc9"):
        colcomb.save_trained_groups(str(tmp_path / "m.npz"), {"fc9": [[0, 1]]})
    with pytest.raises(OSError, match="names column 7"):
        colcomb.save_trained_groups(str(tmp_path / "m.npz"), {"fc": [[0, 7]]})
    assert not (tmp_path / "m.npz.groups.json").exists()
    colcomb.save_trained_groups(str(tmp_path / "m.npz"), {"fc": [[0, 1], [2, 3]]}, alpha=2)
    assert json.loads((tmp_path / "m.npz.groups.json").read_text())["layers"]["fc"] == {"alpha": 2, "groups": [[0, 1], [2, 3]]}
