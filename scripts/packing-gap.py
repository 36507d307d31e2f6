#!/usr/bin/python3
"""How far are greedy, pairwise and search from the fewest groups? Packs a set of layers with every
method through the CLI, records groups, bounds and times, and prints the README's table.

    /usr/bin/python3 scripts/packing-gap.py build/app/cli/colcomb out/gap [--resnet resnet18.onnx]
        [--time-limit 30] [--random 100]                      # the gap table (README, "How good is the packing?")
    /usr/bin/python3 scripts/packing-gap.py build/app/cli/colcomb out/gap --target [--seeds 3]
        # exact on 64 x 64, 96 x 96 and 128 x 128 at 10% (alpha 8, gamma 0, 60 s), beside the same
        # problem as an integer program for COIN-OR CBC (the `cbc` program, Debian's coinor-cbc)

Results go to OUT/gap.jsonl (or OUT/target.jsonl), one line per layer and method; a run that stops
can be started again and skips what is done. Times are wall-clock seconds of one `colcomb pack`
call (program start and file reading included, a few milliseconds). The figure needs
python3-matplotlib; without it the table is still printed.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import time

METHODS = ["greedy", "pairwise", "search", "exact"]


def run_pack(colcomb, source, layer, alpha, gamma, method, time_limit):
    cmd = [colcomb, "pack", "-i", source, "--alpha", str(alpha), "--gamma", str(gamma), "--method", method, "--json"]
    if layer is not None:
        cmd += ["--layer", layer]
    if method == "exact":
        cmd += ["--time-limit", str(time_limit)]
    start = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    seconds = time.perf_counter() - start
    packed = json.loads(out.splitlines()[-1])
    return {"groups": packed["group_count"], "bound": packed["bound"], "optimal": packed["optimal"],
            "pruned": packed["pruned"], "seconds": round(seconds, 3)}


def model_layers(colcomb, path):
    """The layers of a model file worth packing: sparse ones (below 60% density) with over 8 columns."""
    info = json.loads(subprocess.run([colcomb, "inspect", "-i", path, "--json"], check=True, capture_output=True, text=True).stdout)
    for layer in info["layers"]:
        if layer.get("cols", 0) > 8 and layer.get("density", 1.0) < 0.6:
            yield layer["name"], layer["rows"], layer["cols"], layer["density"]


def instances(args):
    here = os.path.dirname(os.path.abspath(__file__))
    models = os.path.join(here, "..", "resources", "models")
    for model in ["demo.json", "demo-pruned.json"]:
        for name, rows, cols, density in model_layers(args.colcomb, os.path.join(models, model)):
            for gamma in [0.0, 0.5]:
                yield {"family": "bundled", "source": os.path.join(models, model), "layer": name, "label": f"{model} {name}",
                       "rows": rows, "cols": cols, "density": density, "alpha": 8, "gamma": gamma}
    if args.resnet:
        for name, rows, cols, density in model_layers(args.colcomb, args.resnet):
            yield {"family": "resnet18", "source": args.resnet, "layer": name, "label": name,
                   "rows": rows, "cols": cols, "density": density, "alpha": 8, "gamma": 0.5}
    rng = random.Random(2019)
    for i in range(args.random):
        side = [64, 128, 256, 512]
        rows, cols = rng.choice(side), rng.choice(side)
        density = round(rng.uniform(0.05, 0.25), 3)
        alpha = [4, 8, 16][i % 3]
        gamma = [0.0, 0.5, 1.75][(i // 3) % 3]
        path = os.path.join(args.out, "random", f"r{i:03d}.npy")
        if not os.path.exists(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            subprocess.run([args.colcomb, "generate", "--rows", str(rows), "--cols", str(cols), "--density", str(density),
                            "--seed", str(1000 + i), "-o", path], check=True, capture_output=True)
        yield {"family": "random", "source": path, "layer": None, "label": f"random {i}", "rows": rows, "cols": cols,
               "density": density, "alpha": alpha, "gamma": gamma}


def target_instances(args):
    for side in [64, 96, 128]:
        for seed in range(1, args.seeds + 1):
            path = os.path.join(args.out, "target", f"t{side}-{seed}.npy")
            if not os.path.exists(path):
                os.makedirs(os.path.dirname(path), exist_ok=True)
                subprocess.run([args.colcomb, "generate", "--rows", str(side), "--cols", str(side), "--density", "0.1", "--seed", str(seed),
                                "-o", path], check=True, capture_output=True)
            yield {"family": "target", "source": path, "layer": None, "label": f"{side} x {side}, seed {seed}", "rows": side, "cols": side,
                   "density": 0.1, "alpha": 8, "gamma": 0.0}


def run_cbc(npy, alpha, slots, seconds, workdir):
    """The gamma-0 problem as a CBC user writes it: x[c][g] binary, y[g] a group in use; each column in
    one group, each row at most one of its columns per used group, at most alpha columns per used
    group, groups used in order; minimize the groups used. `slots` (pairwise's count) bounds them."""
    import numpy as np
    w = np.load(npy)
    columns = [c for c in range(w.shape[1]) if np.any(w[:, c] != 0)]
    lines = ["Minimize", " obj: " + " + ".join(f"y{g}" for g in range(slots)), "Subject To"]
    for c in columns:
        lines.append(f" col{c}: " + " + ".join(f"x{c}_{g}" for g in range(slots)) + " = 1")
    for r in range(w.shape[0]):
        row = [c for c in columns if w[r, c] != 0]
        if len(row) < 2:
            continue
        for g in range(slots):
            lines.append(f" r{r}_{g}: " + " + ".join(f"x{c}_{g}" for c in row) + f" - y{g} <= 0")
    for g in range(slots):
        lines.append(f" cap{g}: " + " + ".join(f"x{c}_{g}" for c in columns) + f" - {alpha} y{g} <= 0")
        if g > 0:
            lines.append(f" order{g}: y{g} - y{g - 1} <= 0")
    lines.append("Binary")
    lines += [f" x{c}_{g}" for c in columns for g in range(slots)] + [f" y{g}" for g in range(slots)]
    lines.append("End")
    model = os.path.join(workdir, os.path.basename(npy) + ".lp")
    with open(model, "w") as f:
        f.write("\n".join(lines) + "\n")
    start = time.perf_counter()
    out = subprocess.run(["cbc", model, "timeMode", "elapsed", "sec", str(seconds), "solve"], capture_output=True, text=True).stdout
    elapsed = time.perf_counter() - start
    groups = bound = None
    for line in out.splitlines():
        if line.startswith("Objective value:"):
            groups = round(float(line.split()[-1]))
        if line.startswith("Lower bound:"):
            bound = float(line.split()[-1])
    optimal = "Optimal solution found" in out
    if optimal and groups is not None:
        bound = groups
    return {"groups": groups, "bound": None if bound is None else int(-(-bound // 1) if bound == bound else 0), "optimal": optimal,
            "seconds": round(elapsed, 3)}


def key(inst, method):
    return f"{inst['label']}|{inst['alpha']}|{inst['gamma']}|{method}"


def collect(args, todo, results_path, methods, time_limit):
    done = {}
    if os.path.exists(results_path):
        with open(results_path) as f:
            for line in f:
                r = json.loads(line)
                done[r["key"]] = r
    with open(results_path, "a") as f:
        for inst in todo:
            for method in methods:
                k = key(inst, method)
                if k in done:
                    continue
                r = dict(inst, method=method, key=k, time_limit=time_limit if method == "exact" else None)
                r.update(run_pack(args.colcomb, inst["source"], inst["layer"], inst["alpha"], inst["gamma"], method, time_limit))
                f.write(json.dumps(r) + "\n")
                f.flush()
                done[k] = r
                print(f"{inst['label']} alpha {inst['alpha']} gamma {inst['gamma']} {method}: {r['groups']} groups "
                      f"(bound {r['bound']}, {r['seconds']} s)", flush=True)
    return done


def table(done):
    # One row per layer: each method's groups, and the best bound any of them proved.
    layers = {}
    for r in done.values():
        k = (r["family"], r["label"], r["alpha"], r["gamma"])
        layers.setdefault(k, {})[r["method"]] = r
    rows = []
    for (family, label, alpha, gamma), by in sorted(layers.items()):
        if not all(m in by for m in METHODS):
            continue
        bound = max(r["bound"] for r in by.values())
        rows.append({"family": family, "label": label, "alpha": alpha, "gamma": gamma, "bound": bound,
                     "proved": by["exact"]["optimal"], "by": by})
    return rows


def gap(groups, bound):
    return (groups - bound) / bound if bound > 0 else 0.0


def summarize(rows):
    groups_of = {}
    for r in rows:
        name = {"bundled": "bundled models", "resnet18": "ResNet-18 (80% pruned)", "random": "random", "target": "128 x 128, 10%"}[r["family"]]
        if r["family"] in ("random", "bundled"):
            name += f", gamma {r['gamma']:g}"
        groups_of.setdefault(name, []).append(r)
    print("| layers | n | proved optimal | " + " | ".join(f"{m} groups (gap)" for m in METHODS[:3]) + " | exact groups / bound | "
          + " | ".join(f"{m} s" for m in METHODS) + " |")
    print("|---" * (4 + 3 + 4) + "|")
    for name, rs in groups_of.items():
        total_bound = sum(r["bound"] for r in rs)
        cells = []
        for m in METHODS[:3]:
            g = sum(r["by"][m]["groups"] for r in rs)
            cells.append(f"{g} ({100 * gap(g, total_bound):.1f}%)")
        exact = sum(r["by"]["exact"]["groups"] for r in rs)
        times = [sum(r["by"][m]["seconds"] for r in rs) / len(rs) for m in METHODS]
        print(f"| {name} | {len(rs)} | {sum(r['proved'] for r in rs)} | " + " | ".join(cells) + f" | {exact} / {total_bound} | "
              + " | ".join(f"{t:.2f}" for t in times) + " |")
    solved = [r for r in rows if r["proved"]]
    close = [r for r in solved if r["by"]["search"]["groups"] <= 1.02 * r["bound"]]
    print(f"\nexact proved the optimum on {len(solved)} of {len(rows)} layers; search is within 2% of it on {len(close)} of those"
          + (f" ({100 * len(close) / len(solved):.0f}%)" if solved else ""))
    for m in ["greedy", "pairwise", "search"]:
        above = [r for r in solved if r["by"][m]["groups"] > r["bound"]]
        print(f"{m}: above the proven optimum on {len(above)} of {len(solved)}")
    bundled = [r for r in rows if r["family"] == "bundled" and r["gamma"] == 0.5]
    if bundled:
        p = sum(r["by"]["pairwise"]["groups"] for r in bundled)
        s = sum(r["by"]["search"]["groups"] for r in bundled)
        b = sum(r["bound"] for r in bundled)
        pruned_p = sum(r["by"]["pairwise"]["pruned"] for r in bundled)
        pruned_s = sum(r["by"]["search"]["pruned"] for r in bundled)
        print(f"bundled models at gamma 0.5: pairwise {p} groups, search {s} ({100 * (p - s) / p:.1f}% fewer), bound {b} "
              f"(pairwise {100 * gap(p, b):.1f}% above it); pruned weights pairwise {pruned_p}, search {pruned_s}")


def figure(rows, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(no figure: python3-matplotlib is not installed)")
        return
    mm = 1 / 25.4
    fig, ax = plt.subplots(figsize=(183 * mm, 80 * mm), dpi=200)
    markers = {"greedy": ("v", "#1f77b4"), "pairwise": ("o", "#ff7f0e"), "search": ("s", "#2ca02c")}
    for m, (marker, colour) in markers.items():
        xs = [r["bound"] for r in rows]
        ys = [100 * gap(r["by"][m]["groups"], r["bound"]) for r in rows]
        ax.scatter(xs, ys, s=9, marker=marker, color=colour, label=m, alpha=0.75, linewidths=0)
    ax.set_xscale("log")
    ax.set_xlabel("best lower bound on the groups (log scale)")
    ax.set_ylabel("groups above the bound (%)")
    ax.set_title("How far each heuristic is from the best bound (exact's proof where it has one)", fontsize=9)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8, ncol=3)
    fig.tight_layout()
    fig.savefig(path)
    print(f"figure: {path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("colcomb")
    parser.add_argument("out")
    parser.add_argument("--resnet", help="the ResNet-18 export (examples/pytorch/export_resnet18.py)")
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--random", type=int, default=100)
    parser.add_argument("--target", action="store_true")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--figure", help="write the figure here (PNG)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.target:
        todo = list(target_instances(args))
        done = collect(args, todo, os.path.join(args.out, "target.jsonl"), ["pairwise", "search", "exact"], 60.0)
        cbc_path = os.path.join(args.out, "target-cbc.jsonl")
        cbc = {}
        if os.path.exists(cbc_path):
            with open(cbc_path) as f:
                cbc = {r["label"]: r for r in map(json.loads, f)}
        with open(cbc_path, "a") as f:
            for inst in todo:
                if inst["label"] in cbc:
                    continue
                slots = done[key(inst, "pairwise")]["groups"]
                r = dict(inst, method="cbc", slots=slots, **run_cbc(inst["source"], inst["alpha"], slots, 60, os.path.join(args.out, "target")))
                f.write(json.dumps(r) + "\n")
                f.flush()
                cbc[inst["label"]] = r
                print(f"{inst['label']} cbc: {r['groups']} groups, bound {r['bound']}, {r['seconds']} s", flush=True)
        print("| layer | pairwise | search | exact (SAT): groups / bound, s | CBC: groups / bound, s |")
        print("|---|---|---|---|---|")
        for inst in todo:
            e = done[key(inst, "exact")]
            c = cbc[inst["label"]]
            mark = lambda r: " (optimal)" if r["optimal"] else ""
            print(f"| {inst['label']} | {done[key(inst, 'pairwise')]['groups']} | {done[key(inst, 'search')]['groups']} | "
                  f"{e['groups']} / {e['bound']}{mark(e)}, {e['seconds']:.1f} | {c['groups']} / {c['bound']}{mark(c)}, {c['seconds']:.1f} |")
        return
    done = collect(args, list(instances(args)), os.path.join(args.out, "gap.jsonl"), METHODS, args.time_limit)
    rows = table(done)
    summarize(rows)
    if args.figure:
        figure(rows, args.figure)


if __name__ == "__main__":
    sys.exit(main())
