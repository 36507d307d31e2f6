"""Shared fixtures: the colcomb program the module is checked against (COLCOMB_CLI, set by ctest)."""
import json
import os
import subprocess

import numpy as np
import pytest


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("COLCOMB_CLI")
    if not path or not os.path.exists(path):
        pytest.fail("COLCOMB_CLI must name the colcomb program (ctest sets it)")

    def run(*args, expect_ok=True):
        done = subprocess.run([path, *map(str, args)], capture_output=True, text=True, timeout=300)
        if expect_ok and done.returncode != 0:
            raise AssertionError(f"colcomb {' '.join(map(str, args))} failed: {done.stderr}")
        return done

    run.json = lambda *args: json.loads(run(*args, "--json").stdout)
    return run


def random_sparse(rng, shape, density):
    values = rng.standard_normal(shape).astype(np.float32)
    values[rng.random(shape) >= density] = 0.0
    return values
