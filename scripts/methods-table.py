#!/usr/bin/python3
"""The README's methods table, from the results of resources/sweeps/methods-*-full.json.

    scripts/methods-table.py build/app/cli/colcomb out/full/methods-demo-full.jsonl [...]

One row per point: the method, its density (weights kept over the network's packable weights,
counted by `colcomb pack --all` on the point's trained model), test accuracy, utilization
efficiency, tiles, cycles and energy per sample (the sweep's cost model, 32 x 32 array), and the
cells' multiplexer width. A table per results file, in the spec's order.
"""
import json
import subprocess
import sys


def network_weights(cli, model):
    """rows x cols summed over every layer `colcomb pack --all` packs: the density's denominator."""
    out = subprocess.run([cli, "pack", "--input", model, "--all", "--json", "--method", "none", "--alpha", "1"],
                         check=True, capture_output=True, text=True).stdout
    return sum(layer["rows"] * layer["cols"] for layer in json.loads(out)["layers"])


def method_label(r):
    method = r.get("method", "pairwise")
    if method.startswith("nm:"):
        return "N:M " + method[3:], int(method.split(":")[2])
    if method == "fixed":
        return "fixed groups of %d" % r["alpha"], r["alpha"]
    if method == "none":
        return "unstructured, 1/%d kept" % r["alpha"], 1
    return "column combining, alpha %d, gamma %g" % (r["alpha"], r["gamma"]), r["alpha"]


def table(cli, path):
    results = [json.loads(line) for line in open(path) if line.strip()]
    results.sort(key=lambda r: r["point"])
    weights = network_weights(cli, results[0]["model"])
    print("| method | density | accuracy | utilization efficiency | tiles | cycles / sample | energy / sample (uJ) | multiplexer width |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        label, width = method_label(r)
        print("| %s | %.1f%% | %.2f%% | %.1f%% | %d | %d | %.2f | %d |" % (
            label, 100.0 * r["nnz_after"] / weights, 100.0 * r["accuracy"], 100.0 * r["utilization_after"], r["tiles_after"],
            r["cycles_after"], r["energy_after_uj"], width))
    print()


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    for results_path in sys.argv[2:]:
        print(results_path)
        table(sys.argv[1], results_path)
