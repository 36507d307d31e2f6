"""colcomb._core against the colcomb program: the same groups, metrics, masks, costs and messages."""
import os
import threading

import numpy as np
import pytest

import colcomb
from conftest import random_sparse


def cli_pack(cli, tmp_path, weight, *args):
    path = tmp_path / "layer.npy"
    np.save(path, weight)
    return cli.json("pack", "-i", path, *args)


@pytest.mark.parametrize("case", range(12))
def test_pack_equals_the_cli(cli, tmp_path, case):
    rng = np.random.default_rng(100 + case)
    rows, cols = int(rng.integers(4, 70)), int(rng.integers(8, 600))
    weight = random_sparse(rng, (rows, cols), float(rng.uniform(0.03, 0.4)))
    alpha, gamma = int(rng.integers(2, 9)), float(rng.choice([0.0, 0.25, 0.5]))
    method, section = ["pairwise", "greedy"][case % 2], [256, 0, 64][case % 3]
    args = ["--alpha", alpha, "--gamma", gamma, "--method", method, "--section", section, "--array", "16x24"]
    expected = cli_pack(cli, tmp_path, weight, *args)
    p = colcomb.pack(weight, alpha=alpha, gamma=gamma, method=method, section=section, array=(16, 24))
    assert p.groups == expected["groups"]
    np.testing.assert_array_equal(p.packed, np.array(expected["packed_weights"], dtype=np.float32).reshape(p.packed.shape))
    np.testing.assert_array_equal(p.selects, np.array(expected["select"]).reshape(p.selects.shape))
    for key, value in p.metrics.items():
        assert expected[key] == value, key
    # The mask, rebuilt from the CLI's cells: each cell keeps the weight of the column it selects.
    mask = np.zeros_like(weight, dtype=bool)
    select = np.array(expected["select"]).reshape(p.selects.shape)
    for r, g in zip(*np.nonzero(select >= 0)):
        mask[r, select[r, g]] = weight[r, select[r, g]] != 0
    np.testing.assert_array_equal(p.mask, mask)
    np.testing.assert_array_equal(p.pruned, np.where(mask, weight, 0))


def test_conv_weights_flatten_as_the_cli_does(cli, tmp_path):
    rng = np.random.default_rng(3)
    weight = random_sparse(rng, (24, 16, 3, 3), 0.15)
    p = colcomb.pack(weight, alpha=4, gamma=0.25)
    assert p.groups == cli_pack(cli, tmp_path, weight, "--alpha", 4, "--gamma", 0.25)["groups"]
    assert p.mask.shape == weight.shape and p.mask.dtype == bool
    assert p.groups == colcomb.pack(weight.reshape(24, -1), alpha=4, gamma=0.25).groups
    assert p.pruned.shape == weight.shape


def test_array_likes_are_read(tmp_path):
    rng = np.random.default_rng(4)
    weight = random_sparse(rng, (20, 50), 0.2)
    reference = colcomb.pack(weight).groups
    assert colcomb.pack(weight.astype(np.float64)).groups == reference
    assert colcomb.pack(np.asfortranarray(weight)).groups == reference
    assert colcomb.pack(weight.tolist()).groups == reference
    torch = pytest.importorskip("torch")
    assert colcomb.pack(torch.from_numpy(weight)).groups == reference


def test_bad_input_says_what_is_wrong_as_the_cli_does(cli, tmp_path):
    weight = np.eye(6, dtype=np.float32)
    np.save(tmp_path / "eye.npy", weight)
    for option, value, keyword in [("--alpha", 0, "alpha"), ("--gamma", -1, "gamma"), ("--section", -3, "section")]:
        with pytest.raises(ValueError) as error:
            colcomb.pack(weight, **{keyword: value})
        said = cli("pack", "-i", tmp_path / "eye.npy", option, value, expect_ok=False)
        assert said.returncode != 0
        assert str(error.value) in said.stderr, (str(error.value), said.stderr)
    with pytest.raises(ValueError, match="method: 'best' is not one of"):
        colcomb.pack(weight, method="best")
    with pytest.raises(ValueError, match="array"):
        colcomb.pack(weight, array=(0, 4))
    with pytest.raises(ValueError, match="5 dimensions"):
        colcomb.pack(np.ones((1, 1, 1, 1, 2), dtype=np.float32))
    bad = weight.copy()
    bad[2, 3] = np.nan
    with pytest.raises(ValueError, match="element 15 is not finite"):
        colcomb.pack(bad)
    with pytest.raises(ValueError, match="not an array of numbers"):
        colcomb.pack("weights")
    with pytest.raises(OSError, match="missing.npz"):
        colcomb.pack_network(str(tmp_path / "missing.npz"))


def state_dict(rng):
    return {
        "conv1.weight": random_sparse(rng, (8, 1, 5, 5), 0.9),
        "conv1.bias": rng.standard_normal(8).astype(np.float32),
        "layer1.conv.weight": random_sparse(rng, (32, 8, 3, 3), 0.2),
        "layer1.bn.running_mean": np.zeros(32, dtype=np.float32),
        "fc.weight": random_sparse(rng, (10, 288), 0.3),
    }


def test_pack_network_equals_the_cli_on_the_same_npz(cli, tmp_path):
    weights = state_dict(np.random.default_rng(5))
    np.savez(tmp_path / "net.npz", **weights)
    expected = cli.json("pack", "-i", tmp_path / "net.npz", "--all", "--gamma", 0.25, "--layer-alpha", "conv1=2", "--layer-alpha", "fc=4")
    for source in (weights, str(tmp_path / "net.npz"), tmp_path / "net.npz"):
        n = colcomb.pack_network(source, alpha={"conv1": 2, "fc": 4, "*": 8}, gamma=0.25)
        assert list(n.layers) == [layer["name"] for layer in expected["layers"]]
        for layer in expected["layers"]:
            p = n.layers[layer["name"]]
            assert p.groups == layer["groups"]
            assert p.metrics["alpha"] == layer["alpha"]
        totals = dict(n.totals)
        for key in ("seconds",):
            totals.pop(key)
            expected["totals"].pop(key, None)
        assert totals == expected["totals"]
    assert [s["name"] for s in n.skipped] == ["conv1.bias", "layer1.bn.running_mean"]
    assert "bias" in n.skipped[0]["reason"]


def test_pack_network_names_what_it_cannot_match():
    weights = state_dict(np.random.default_rng(6))
    with pytest.raises(ValueError, match="alpha: .*conv9"):
        colcomb.pack_network(weights, alpha={"conv9": 2})
    with pytest.raises(ValueError, match="alpha of 'fc.weight'"):
        colcomb.pack_network(weights, alpha={"fc": 0, "*": 8})
    with pytest.raises(ValueError, match="no 2-D or 4-D tensor"):
        colcomb.pack_network({"bias": np.ones(3, dtype=np.float32)})
    with pytest.raises(ValueError, match="mapping"):
        colcomb.pack_network(42)


def test_cost_equals_the_stepped_simulator(cli, tmp_path):
    # The closed form against `colcomb simulate`, which steps the cycle-accurate array and
    # checks its outputs: the packed layer's cycles, tiles and energy.
    rng = np.random.default_rng(8)
    weight = random_sparse(rng, (40, 90), 0.15)
    np.save(tmp_path / "w.npy", weight)
    p = colcomb.pack(weight, alpha=4, gamma=0.5, array=(16, 16))
    for mac, flag in [("bit-parallel", []), ("bit-serial", ["--bit-serial"])]:
        c = colcomb.cost(p, mac=mac, vectors=37)
        stepped = cli.json("simulate", "-i", tmp_path / "w.npy", "--alpha", 4, "--gamma", 0.5, "--array", "16x16", "--vectors", 37, *flag)
        assert stepped["verified"]
        assert c["cycles_after"] == stepped["cycles"]
        assert c["tiles_after"] == stepped["tiles"]
        assert c["energy_after_pj"] == pytest.approx(stepped["energy_pj"], rel=1e-12)
        assert c["energy_breakdown_after_pj"] == pytest.approx(stepped["energy_breakdown_pj"], rel=1e-12)
    # Another array re-tiles the same packing.
    wide = colcomb.cost(p, array=(64, 64), vectors=37)
    assert wide["array"] == [64, 64] and wide["tiles_after"] == 1 and colcomb.cost(p, vectors=37)["tiles_after"] > 1
    with pytest.raises(ValueError, match="mac"):
        colcomb.cost(p, mac="analog")
    with pytest.raises(ValueError, match="vectors"):
        colcomb.cost(p, vectors=0)


def test_every_function_says_what_it_does():
    for f in (colcomb.pack, colcomb.pack_network, colcomb.cost, colcomb.joint_step, colcomb.prune_schedule):
        assert f.__doc__ and len(f.__doc__) > 200, f.__name__
    assert "alpha" in colcomb.pack.__doc__ and "conflict" in colcomb.pack.__doc__
    assert "groups" in colcomb.Packing.groups.__doc__


def test_packing_releases_the_interpreter():
    # Four threads packing at once: each call must let the others' Python run, which the
    # heartbeat thread shows by ticking while the packers are inside C++.
    rng = np.random.default_rng(9)
    weight = random_sparse(rng, (512, 2048), 0.1)
    ticks = []
    done = threading.Event()

    def heartbeat():
        while not done.is_set():
            ticks.append(1)
            done.wait(0.001)

    beat = threading.Thread(target=heartbeat)
    beat.start()
    before = len(ticks)
    colcomb.pack(weight, section=0)
    during = len(ticks) - before
    done.set()
    beat.join()
    assert during >= 3, f"the heartbeat ticked {during} times while pack ran"


def test_prune_schedule_is_the_recipe():
    steps = colcomb.prune_schedule(10)
    assert [e for e, _ in steps] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert steps[-1][1] == 0.8
    assert steps[3][1] == pytest.approx(0.8 * (1 - (1 - 3 / 10) ** 3))


def test_search_and_exact_pack_as_the_cli_does(cli, tmp_path):
    rng = np.random.default_rng(25)
    weight = random_sparse(rng, (30, 60), 0.15)
    pairwise = colcomb.pack(weight, alpha=4, gamma=0.0)
    # The search is deterministic for a budget and seed: the same groups in-process and in the CLI.
    search = colcomb.pack(weight, alpha=4, gamma=0.0, method="search:0.2:3")
    assert search.groups == cli_pack(cli, tmp_path, weight, "--alpha", 4, "--gamma", 0, "--method", "search:0.2:3")["groups"]
    assert len(search.groups) <= len(pairwise.groups)
    # Exact proves this layer's optimum; which optimal groups it returns may differ between runs.
    exact = colcomb.pack(weight, alpha=4, gamma=0.0, method="exact:20")
    expected = cli_pack(cli, tmp_path, weight, "--alpha", 4, "--gamma", 0, "--method", "exact:20")
    assert expected["optimal"] and len(exact.groups) == expected["group_count"] == expected["bound"]
    assert len(exact.groups) <= len(search.groups)
