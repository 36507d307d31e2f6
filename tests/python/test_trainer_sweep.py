"""Sweep points trained by an outside command: `"trainer"` in a sweep spec, end to end on the CPU."""
import json
import os
import sys
import textwrap

import numpy as np
import pytest

import colcomb

# A stand-in for a user's training script: "trains" a two-layer model whose weights depend on the
# point's seed, column-combines it with the point's alpha and gamma through colcomb, and writes the
# model and groups of one column each. Alpha 3 fails, as a script can. Every call is counted in calls.txt.
TRAINER = textwrap.dedent(
    """
    import argparse, json, os, sys
    import numpy as np
    import colcomb
    parser = argparse.ArgumentParser()
    parser.add_argument("--point"); parser.add_argument("--result")
    args = parser.parse_args()
    point = json.load(open(args.point))
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "calls.txt"), "a") as calls:
        calls.write(json.dumps(point) + "\\n")
    print("training point", point, flush=True)
    if point["alpha"] == 3:
        print("CUDA error: out of memory (pretend)", file=sys.stderr)
        sys.exit(3)
    rng = np.random.default_rng(point["seed"])
    weights = {}
    for name, shape in [("conv.weight", (16, 8, 3, 3)), ("fc.weight", (10, 144))]:
        w = rng.standard_normal(shape).astype(np.float32)
        w[rng.random(shape) > 0.3] = 0
        weights[name] = colcomb.pack(w, alpha=point["alpha"], gamma=point["gamma"]).pruned
    # Its "trained" groups: one column each, which the sweep's own packing would never choose.
    packed = colcomb.pack_network(weights, method="none")
    folder = os.path.dirname(args.result)
    np.savez(os.path.join(folder, "model.npz"), **weights)
    json.dump({"accuracy": 80 + point["alpha"], "model": "model.npz",
               "groups": {name: p.groups for name, p in packed.layers.items()}}, open(args.result, "w"))
    """
)


@pytest.fixture
def sweep_folder(tmp_path):
    (tmp_path / "train.py").write_text(TRAINER)
    spec = {
        "name": "outside",
        "trainer": {"command": [sys.executable, "train.py", "--point", "{point}", "--result", "{result}"]},
        "grid": {"alpha": [3, 4, 8], "gamma": [0.0, 0.5], "seed": [7]},
        "cache": "cache",
    }
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    return tmp_path


def read_lines(path):
    return [json.loads(line) for line in open(path)]


def calls(folder):
    path = folder / "calls.txt"
    return [json.loads(line) for line in open(path)] if path.exists() else []


def test_trainer_points_are_costed_failures_reported_and_cached(cli, sweep_folder):
    env_path = os.environ.get("PYTHONPATH", "")
    done = cli("sweep", "--spec", sweep_folder / "spec.json", "--out", sweep_folder / "all.jsonl", expect_ok=False)
    assert done.returncode != 0, "a failed point must make the sweep's exit non-zero"
    assert "2 of 6 points failed" in done.stderr
    lines = read_lines(sweep_folder / "all.jsonl")
    assert [line["point"] for line in lines] == list(range(6))
    failed = [line for line in lines if "failed" in line]
    assert [line["alpha"] for line in failed] == [3, 3]
    assert "exit status 3" in failed[0]["failed"] and "out of memory (pretend)" in failed[0]["failed"]
    # The point file holds the grid values and the seed.
    assert calls(sweep_folder)[0] == {"alpha": 3, "gamma": 0.0, "seed": 7}
    for line in lines:
        if "failed" in line:
            continue
        assert line["accuracy"] == pytest.approx((80 + line["alpha"]) / 100)
        assert line["trained_groups"] is True
        assert os.path.isabs(line["model"]) and line["model"].endswith("model.npz")
        # Costed with the trainer's groups, not repacked with the point's parameters.
        packed = cli.json("pack", "-i", line["model"], "--all", "--alpha", line["alpha"], "--gamma", line["gamma"], "--method", "none")
        repacked = cli.json("pack", "-i", line["model"], "--all", "--alpha", line["alpha"], "--gamma", line["gamma"])
        assert packed["totals"]["groups"] > repacked["totals"]["groups"]
        assert line["groups"] == packed["totals"]["groups"]
        # The groups went beside the model, so whatever opens it (the studio, when the point is
        # clicked) packs it with them.
        opened = cli.json("inspect", "-i", line["model"])["layers"]
        assert [len(layer["trained_groups"]) for layer in opened] == [layer["cols"] - len(layer["empty_columns"]) for layer in packed["layers"]]
        assert line["utilization_after"] == pytest.approx(packed["totals"]["utilization_after"])
        assert line["tiles_after"] == packed["totals"]["tiles_after"]
    assert len(calls(sweep_folder)) == 6
    # Again: the four good points come from the cache, the two failed ones are tried again.
    cli("sweep", "--spec", sweep_folder / "spec.json", "--out", sweep_folder / "again.jsonl", expect_ok=False)
    assert len(calls(sweep_folder)) == 8
    assert [c["alpha"] for c in calls(sweep_folder)[6:]] == [3, 3]
    assert read_lines(sweep_folder / "again.jsonl") == lines
    # The log of a point sits beside its cached result.
    logs = list((sweep_folder / "cache" / "runs").glob("*/trainer.log"))
    assert len(logs) == 6 and any("training point" in log.read_text() for log in logs)
    assert env_path  # the trainer imported colcomb through the inherited PYTHONPATH


def test_trainer_shards_merge_into_the_whole(cli, sweep_folder):
    for index in range(2):
        cli("sweep", "--spec", sweep_folder / "spec.json", "--out", sweep_folder / f"shard{index}.jsonl", "--shard", f"{index}/2",
            "--cache", sweep_folder / f"cache{index}", expect_ok=False)
    cli("sweep", "--merge", sweep_folder / "shard0.jsonl", sweep_folder / "shard1.jsonl", "--out", sweep_folder / "merged.jsonl")
    merged = read_lines(sweep_folder / "merged.jsonl")
    assert [line["point"] for line in merged] == list(range(6))
    assert sum("failed" in line for line in merged) == 2
    assert all("utilization_after" in line for line in merged if "failed" not in line)
    # A figure of the merged results leaves the failed points out and says so.
    done = cli("figure", "alpha", "--results", sweep_folder / "merged.jsonl", "--out", sweep_folder / "alpha.png", "--data", sweep_folder / "alpha.csv")
    assert "2 failed points left out" in done.stdout + done.stderr
    assert (sweep_folder / "alpha.png").stat().st_size > 1000


@pytest.mark.parametrize(
    "trainer, problem",
    [
        ({"command": ["python3", "train.py", "{result}"]}, "never passes {point}"),
        ({"command": ["python3", "train.py", "{point}"]}, "never passes {result}"),
        ({"command": []}, "must be a list of strings"),
        ({"command": "python3 train.py"}, "must be a list of strings"),
        ({"command": ["python3", "{point}", "{result}"], "gpus": 1}, "trainer.gpus: unknown key"),
    ],
)
def test_bad_trainer_specs_are_named(cli, tmp_path, trainer, problem):
    (tmp_path / "spec.json").write_text(json.dumps({"trainer": trainer, "grid": {"alpha": 4}}))
    done = cli("sweep", "--spec", tmp_path / "spec.json", "--out", tmp_path / "r.jsonl", expect_ok=False)
    assert done.returncode != 0 and problem in done.stderr, done.stderr


def test_a_result_without_a_model_fails_the_point(cli, tmp_path):
    (tmp_path / "train.py").write_text(
        "import json, sys\nargs = dict(zip(sys.argv[1::2], sys.argv[2::2]))\njson.dump({'accuracy': 50}, open(args['--result'], 'w'))\n"
    )
    spec = {"trainer": {"command": [sys.executable, "train.py", "--point", "{point}", "--result", "{result}"]}, "grid": {"alpha": 4}}
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    done = cli("sweep", "--spec", tmp_path / "spec.json", "--out", tmp_path / "r.jsonl", "--no-cache", expect_ok=False)
    assert done.returncode != 0
    line = read_lines(tmp_path / "r.jsonl")[0]
    assert '"model" must name the trained model' in line["failed"]


def test_the_pytorch_example_trains_a_point(cli, tmp_path):
    # examples/pytorch/train_point.py as the README runs it: LeNet-5 on a sliver of Fashion-MNIST,
    # one epoch, under JointSchedule; its ONNX model opens with the groups it was trained with.
    pytest.importorskip("torch")
    example = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "pytorch", "train_point.py")
    spec = {
        "trainer": {"command": [sys.executable, os.path.abspath(example), "--point", "{point}", "--result", "{result}", "--batch", "64"]},
        "grid": {"alpha": 8, "gamma": 0.5, "epochs": 1, "data_fraction": 0.05},
    }
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    cli("sweep", "--spec", tmp_path / "spec.json", "--out", tmp_path / "r.jsonl", "--cache", tmp_path / "cache")
    line = read_lines(tmp_path / "r.jsonl")[0]
    assert line["accuracy"] > 0.5, line  # ten classes: chance is 0.1
    assert line["trained_groups"] is True and line["model"].endswith("model.onnx")
    assert line["utilization_after"] > line["utilization_before"]
    layers = cli.json("inspect", "-i", line["model"])["layers"]
    assert [("trained_groups" in layer) for layer in layers] == [False, True, True, True, False]
