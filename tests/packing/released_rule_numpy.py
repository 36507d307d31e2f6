"""The CLI's pairwise packing against the NumPy statement of the authors' rule
(tests/bench/numpy_pairwise.py), on random matrices in several sections, run through
/usr/bin/python3: the two must give the same groups, section by section.

Run: /usr/bin/python3 tests/packing/released_rule_numpy.py COLCOMB [CASES]
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
import numpy_pairwise  # noqa: E402


def released_groups(weights, alpha, gamma, section):
    budget = int(gamma * weights.shape[0])
    groups = []
    for first in range(0, weights.shape[1], section):
        columns = [c for c in range(first, min(first + section, weights.shape[1])) if np.any(weights[:, c] != 0)]
        if not columns:
            continue  # a section of zero columns has nothing to combine
        for g in numpy_pairwise.pack_section(weights[:, columns] != 0, alpha, budget):
            groups.append([columns[k] for k in g])
    return groups


def main():
    colcomb = sys.argv[1]
    cases = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "layer.npy")
        for case in range(cases):
            rows = int(rng.integers(1, 40))
            cols = int(rng.integers(1, 90))
            density = float(rng.uniform(0.02, 0.6))
            weights = (rng.random((rows, cols)) < density) * rng.normal(size=(rows, cols))
            weights = weights.astype(np.float32)
            alpha = int(rng.choice([2, 3, 4, 8]))
            gamma = float(rng.choice([0.0, 0.25, 0.5, 1.0, 1.75]))
            section = int(rng.choice([7, 16, 32, 256]))  # most cases span several sections
            np.save(path, weights)
            out = subprocess.run([colcomb, "pack", "--input", path, "--alpha", str(alpha), "--gamma", str(gamma),
                                  "--section", str(section), "--json"], capture_output=True, text=True, check=True)
            ours = json.loads(out.stdout)["groups"]
            theirs = released_groups(weights, alpha, gamma, section)
            where = f"case {case}: {rows} x {cols}, density {density:.2f}, alpha {alpha}, gamma {gamma}, section {section}"
            if ours != theirs:
                print(f"DIFFERENT GROUPS in {where}\n ours   {ours}\n theirs {theirs}")
                return 1
    print(f"{cases} random matrices: the CLI's groups equal the released rule's in NumPy, sections included")
    return 0


if __name__ == "__main__":
    sys.exit(main())
