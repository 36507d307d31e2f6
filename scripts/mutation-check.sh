#!/usr/bin/env bash
# Does the test suite catch real bugs? Applies targeted mutations (an off-by-one in a tile's
# cycles, SRAM writes doubled, the conflict budget +1, ...) one at a time to a copy of the tree,
# rebuilds only what changed, runs the suites that guard the mutated code, and writes which
# mutations the suites caught to tests/mutation-report.md. Every mutation must be caught: the
# script exits 1 if one is missed, and 2 if one no longer applies (the code it mutates moved).
# Run by hand, not by CI: about 20 minutes on 2 cores after a first build of the copy.
#
# Usage: scripts/mutation-check.sh [NAME-SUBSTRING...]   (default: every mutation)
# Environment: WORK (the copy and its build, default /tmp/colcomb-mutation).
set -euo pipefail
cd "$(dirname "$0")/.."
work=${WORK:-/tmp/colcomb-mutation}
mkdir -p "$work/tree"
# The tree as it is now, uncommitted edits included; unchanged files keep their times, so the copy's
# build stays incremental from one run to the next.
tar -C . --exclude=./.git --exclude='./build*' --exclude=./out -cf - . | tar -C "$work/tree" -xf -
cmake -S "$work/tree" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release > "$work/configure.log"
exec /usr/bin/python3 - "$work" "$PWD/tests/mutation-report.md" "$@" <<'PY'
import subprocess, sys, time, pathlib

work, report = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
only = sys.argv[3:]
tree, build = work / "tree", work / "build"
TARGETS = ["tst_systolic", "tst_packing", "tst_training", "tst_sweep", "colcomb"]

# name, file, code as it is, code mutated, the ctest suites that guard it
MUTATIONS = [
    ("a tile's drain one cycle longer", "core/systolic/TileTiming.cpp",
     "t.drain = tileRows + arrayCols - 2;", "t.drain = tileRows + arrayCols - 1;", "tst_systolic"),
    ("the machine writes each output to SRAM twice", "core/systolic/SystolicArray.cpp",
     "++m_counters.ofmapWrites;", "m_counters.ofmapWrites += 2;", "tst_systolic"),
    ("the closed form counts one output row too many", "core/systolic/ClosedForm.cpp",
     "result.counters.ofmapWrites += static_cast<long long>(tile.rows) * vectors;",
     "result.counters.ofmapWrites += static_cast<long long>(tile.rows + 1) * vectors;", "tst_systolic"),
    ("the conflict budget one larger", "core/packing/ConflictBudget.h",
     "return static_cast<int>(gamma * static_cast<double>(rows));", "return static_cast<int>(gamma * static_cast<double>(rows)) + 1;",
     "tst_packing|packing_released_rule"),
    ("pruning keeps the smaller weight of a conflict", "core/packing/CombiningSteps.h",
     "const bool larger = magnitude > largest;", "const bool larger = keep < 0 ? magnitude > 0.0f : magnitude < largest;", "tst_packing|tst_training"),
    ("a cell's select index shifted by one column", "core/systolic/SystolicArray.cpp",
     "m_select[at(0, g)] = m_layer->select(m_tile.firstRow + incoming, m_tile.firstGroup + g);",
     "m_select[at(0, g)] = std::max(-1, m_layer->select(m_tile.firstRow + incoming, m_tile.firstGroup + g) - 1);", "tst_systolic"),
    ("the pruning schedule quadratic, not cubic", "core/training/JointSchedule.cpp",
     "return finalProgress * (1.0 - f * f * f);", "return finalProgress * (1.0 - f * f);", "tst_training"),
    ("the power-of-two scale truncates instead of rounding", "core/quantization/PowerOfTwo.cpp",
     "std::floor(value / scale.step() + 0.5)", "std::floor(value / scale.step())", "tst_systolic|tst_training"),
    ("merging shards drops the last point", "core/sweep/SweepResults.cpp",
     "for (auto& [k, entry] : byPoint) out.push_back(std::move(entry.first));",
     "for (auto& [k, entry] : byPoint) if (k + 1 < total) out.push_back(std::move(entry.first));", "tst_sweep"),
    ("DRAM traffic leaves out the outputs", "core/systolic/CostModel.cpp",
     "\n                                      + bitsToBytes(static_cast<long long>(layer.rows()) * sim.vectors * config.dataBits);", ";",
     "tst_systolic"),
    ("register hops cost ten times their energy", "core/systolic/CostModel.cpp",
     "e.registers = static_cast<double>(registerBits) * costs.registerPjPerBit;",
     "e.registers = static_cast<double>(registerBits) * costs.registerPjPerBit * 10.0;", "tst_systolic"),
    ("a pruning step forgets the previous step's conflicts", "core/training/JointOptimizer.cpp",
     "conv.weight += *setAside;", "conv.weight += 0.0f * *setAside;", "tst_training"),
    ("utilization after packing counts empty rows", "core/packing/PackingMetrics.cpp",
     "static_cast<double>(m.nonemptyRows) * m.groups", "static_cast<double>(m.rows) * m.groups", "tst_packing|tst_sweep"),
    ("the lower bound on groups one too high", "core/packing/GroupLowerBound.cpp",
     "return std::max({capacity, rows, clique}); }", "return std::max({capacity, rows, clique}) + 1; }", "tst_packing"),
    ("pairwise sections leave out their last column", "core/packing/PairwiseCombiner.cpp",
     "for (int c = start; c < std::min(start + section, pattern.cols()); ++c)",
     "for (int c = start; c < std::min(start + section - 1, pattern.cols()); ++c)", "tst_packing|packing_released_rule"),
]

def run(cmd, log):
    with open(log, "w") as f:
        return subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT).returncode

print("building the copy's test programs (the first time takes a while)", flush=True)
if run(["cmake", "--build", str(build), "--target", *TARGETS], work / "build.log") != 0:
    sys.exit(f"the unmutated copy does not build: see {work / 'build.log'}")

rows, missed, stale = [], 0, 0
for name, file, before, after, suites in MUTATIONS:
    if only and not any(o in name for o in only):
        continue
    path = tree / file
    original = path.read_text()
    if original.count(before) != 1:
        print(f"NOT APPLICABLE  {name}: {file} no longer holds the code it mutates once", flush=True)
        rows.append((name, file, suites, "not applicable", "", 0.0))
        stale += 1
        continue
    start = time.time()
    path.write_text(original.replace(before, after))
    try:
        log = work / "mutation.log"
        if run(["cmake", "--build", str(build), "--target", *TARGETS], log) != 0:
            outcome, failing = "did not build", ""
            stale += 1
        else:
            rc = run(["ctest", "--test-dir", str(build), "-R", f"^({suites})$", "-j2", "--timeout", "900"], log)
            # ctest ends with "The following tests FAILED:" and lines "  3 - tst_packing (Failed)".
            failing = ", ".join(l.split(" - ", 1)[1].split(" (")[0] for l in log.read_text().splitlines()
                                if " - " in l and l.rstrip().endswith(")") and "(" in l.split(" - ", 1)[1])
            outcome = "caught" if rc != 0 else "MISSED"
            missed += rc == 0
    finally:
        path.write_text(original)  # a new time stamp: the next build compiles the original again
    seconds = time.time() - start
    print(f"{outcome:15} {name} ({seconds:.0f} s){': ' + failing if failing else ''}", flush=True)
    rows.append((name, file, suites, outcome, failing, seconds))

if not only:
    lines = ["# Mutation check", "",
             "Written by `scripts/mutation-check.sh`: each mutation applied alone to a copy of the tree, the copy",
             "rebuilt, and the suites that guard the mutated code run. A caught mutation made at least one suite fail.", "",
             "| # | mutation | file | suites run | result | failing |", "|---|---|---|---|---|---|"]
    for i, (name, file, suites, outcome, failing, seconds) in enumerate(rows, 1):
        lines.append(f"| {i} | {name} | `{file}` | {suites.replace('|', ', ')} | {outcome} | {failing} |")
    lines += ["", f"{sum(r[3] == 'caught' for r in rows)} of {len(rows)} mutations caught."]
    report.write_text("\n".join(lines) + "\n")
    print(f"wrote {report}")
sys.exit(2 if stale else 1 if missed else 0)
PY
