"""The authors' pairwise column combining as the released code states it (packing.py,
pack_matrix: rebuild every pair's conflicts and empty rows as dense NumPy arrays each step, merge
the first group with an admissible partner into the partner that leaves the fewest empty rows),
the peer of ColComb's PairwiseCombiner in scripts/bench.sh.

Run: python3 tests/bench/numpy_pairwise.py LAYER.npy [--alpha 8] [--gamma 0.5] [--section 256]
Prints the time of the packing alone and the groups, as JSON.
"""
import argparse
import json
import time

import numpy as np


def pack_section(nonzero, alpha, budget):
    """nonzero: rows x columns booleans of one section's nonzero columns; returns the groups as
    lists of positions into those columns."""
    counts = nonzero.astype(np.int16)  # rows x groups: weights per row per group
    counts = counts[counts.sum(axis=1) > 0]  # rows with a weight somewhere
    groups = [[k] for k in range(counts.shape[1])]
    sizes = np.ones(len(groups), dtype=np.int64)
    big = 1e10
    while True:
        both = counts[:, :, None] + counts[:, None, :]           # rows x G x G
        overlap = np.maximum(both - 1, 0).sum(axis=0)             # conflicts of each union
        empty = (both == 0).sum(axis=0)                           # rows the union leaves empty
        ok = (sizes[:, None] + sizes[None, :] <= alpha) & (overlap <= budget)
        np.fill_diagonal(ok, False)
        metric = np.where(ok, empty, big)
        best = metric.min(axis=0)
        candidates = np.nonzero(best < big)[0]
        if len(candidates) == 0:
            return groups
        c1 = int(candidates[0])
        c2 = int(np.argmin(metric[:, c1]))
        groups[c1] += groups[c2]
        counts[:, c1] += counts[:, c2]
        sizes[c1] += sizes[c2]
        counts = np.delete(counts, c2, axis=1)
        sizes = np.delete(sizes, c2)
        del groups[c2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("layer")
    parser.add_argument("--alpha", type=int, default=8)
    parser.add_argument("--gamma", type=float, default=0.5)
    parser.add_argument("--section", type=int, default=256)
    args = parser.parse_args()
    weights = np.load(args.layer)
    weights = weights.reshape(weights.shape[0], -1)
    rows, cols = weights.shape
    budget = int(args.gamma * rows)
    start = time.perf_counter()
    groups = []
    for first in range(0, cols, args.section):
        columns = [c for c in range(first, min(first + args.section, cols)) if np.any(weights[:, c] != 0)]
        for g in pack_section(weights[:, columns] != 0, args.alpha, budget):
            groups.append([columns[k] for k in g])
    elapsed = time.perf_counter() - start
    print(json.dumps({"peer": "numpy " + np.__version__, "seconds": elapsed, "groups": groups}))


if __name__ == "__main__":
    main()
