#!/usr/bin/env bash
# Every speed figure the README gives, each beside its peer, measured in one go on this machine:
#   training images/s of the bundled shift network, ours (bench_training) against PyTorch
#     (tests/bench/torch_training.py, the shift as a depthwise convolution), 1 and 2 threads;
#   evaluation of 10,000 images: `colcomb evaluate --model demo` (float and 8-bit passes) against
#     PyTorch's forward pass over 10,000 images;
#   pairwise column combining of a 512 x 512 layer (12.5 % dense, alpha 8, gamma 0.5, 256-column
#     sections): ours (bench_packing and a whole `colcomb pack --json`) against the released rule
#     in NumPy (tests/bench/numpy_pairwise.py), checking both give the same groups;
#   the same layer packed from Python (colcomb.pack, tests/bench/python_packing.py) against the
#     NumPy rule and the in-process C++ time, and colcomb.pack_network of a torchvision ResNet-50
#     state dict pruned to 20% (no peer);
#   a 1,000-point packing sweep of that layer (`colcomb sweep`, no cache; no peer);
#   the simulator's cell-updates/s (bench_systolic, no peer).
# Peers that are missing (python3-torch, python3-numpy) are installed with apt-get when possible,
# otherwise reported as missing. Usage: scripts/bench.sh [--quick]  (--quick: shorter runs)
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[[ "${1:-}" == "--quick" ]] && quick=1
seconds=$([[ $quick == 1 ]] && echo 3 || echo 10)

bash scripts/setup.sh >/dev/null
# Debian's interpreter, where python3-torch and python3-numpy install (another python3 may come
# first on PATH).
py=/usr/bin/python3
if ! $py -c "import torch, torchvision, numpy" 2>/dev/null; then
  if [[ $(id -u) == 0 ]]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-torchvision python3-numpy >/dev/null || true
  else sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-torchvision python3-numpy >/dev/null 2>&1 || true; fi
fi
have_torch=$($py -c "import torch" 2>/dev/null && echo 1 || echo 0)
have_numpy=$($py -c "import numpy" 2>/dev/null && echo 1 || echo 0)

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" --target bench_training bench_packing bench_systolic colcomb colcomb_python >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
ratio() { python3 -c "a,b=$1,$2; print('%.2fx' % (a/b) if b else 'n/a')"; }
bench_counter() {  # binary filter counter -> the counter's value from Google Benchmark's JSON
  "$1" --benchmark_filter="$2" --benchmark_format=json ${3:-} 2>/dev/null |
    python3 -c "import json,sys; b=[x for x in json.load(sys.stdin)['benchmarks'] if x.get('run_type')!='aggregate' or x.get('aggregate_name')=='median']; print(b[-1]['$4'])"
}
rows=()
row() { rows+=("$(printf '| %s | %s | %s | %s |' "$1" "$2" "$3" "$4")"); }

# Training, 1 and 2 threads.
for threads in 1 2; do
  ours=$(OMP_NUM_THREADS=$threads bench_counter build/tests/bench_training 'trainStep' "--benchmark_min_time=$seconds" images_per_s)
  if [[ $have_torch == 1 ]]; then
    peer=$(OMP_NUM_THREADS=$threads $py tests/bench/torch_training.py --threads "$threads" --seconds "$seconds" | json "['images_per_second']")
    row "training, $threads thread(s), images/s" "$(printf %.0f "$ours")" "$(printf %.0f "$peer") (PyTorch, depthwise shift)" "$(ratio "$ours" "$peer")"
  else
    row "training, $threads thread(s), images/s" "$(printf %.0f "$ours")" "missing: python3-torch" "n/a"
  fi
done

# Evaluation of 10,000 test images (ours: float and 8-bit passes, the whole command).
if ours=$(python3 -c "
import subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(['build/app/cli/colcomb', 'evaluate', '--model', 'demo', '--json'], stdout=open('$tmp/eval.json', 'w'), stderr=open('$tmp/eval.err', 'w'))
sys.exit(done.returncode) if done.returncode else print(time.perf_counter() - start)"); then
  if [[ $have_torch == 1 ]]; then
    peer=$(OMP_NUM_THREADS=2 $py tests/bench/torch_training.py --threads 2 --mode eval | json "['seconds']")
    row "evaluate 10,000 images, 2 threads, s (lower is better)" "$(printf %.2f "$ours") (float + 8-bit, whole command)" "$(printf %.2f "$peer") (PyTorch, one forward pass)" "$(ratio "$peer" "$ours")"
    for pass in 0 1; do
      name=$([[ $pass == 0 ]] && echo float || echo 8-bit)
      pass_s=$(python3 -c "print($(bench_counter build/tests/bench_training "evaluationPass/$pass" "" real_time) / 1000)")
      row "one $name evaluation pass, 10,000 images, 2 threads, s (lower is better)" "$(printf %.2f "$pass_s") (bench_training)" "$(printf %.2f "$peer") (PyTorch, one forward pass)" "$(ratio "$peer" "$pass_s")"
    done
  else
    row "evaluate 10,000 images, s" "$(printf %.2f "$ours")" "missing: python3-torch" "n/a"
  fi
else
  row "evaluate 10,000 images, s" "failed: $(head -c 200 "$tmp/eval.err")" "" ""
fi

# Pairwise packing of the reference layer, and the same groups from the peer.
build/app/cli/colcomb generate --rows 512 --cols 512 --density 0.125 --seed 42 --out "$tmp/layer.npy" >/dev/null
ours=$(bench_counter build/tests/bench_packing 'combineOnly/pairwise_sections256' "--benchmark_repetitions=5" real_time)
build/app/cli/colcomb pack --input "$tmp/layer.npy" --json >"$tmp/pack.json"
# The whole process, median of 11 runs, timed around the process alone.
cli=$(python3 -c "
import statistics, subprocess, time
runs = []
for _ in range(11):
    start = time.perf_counter()
    subprocess.run(['build/app/cli/colcomb', 'pack', '--input', '$tmp/layer.npy', '--json'], stdout=subprocess.DEVNULL, check=True)
    runs.append((time.perf_counter() - start) * 1000)
print(statistics.median(runs))")
if [[ $have_numpy == 1 ]]; then
  $py tests/bench/numpy_pairwise.py "$tmp/layer.npy" >"$tmp/peer.json"
  peer=$(json "['seconds'] * 1000" <"$tmp/peer.json")
  same=$($py -c "import json; a=json.load(open('$tmp/pack.json'))['groups']; b=json.load(open('$tmp/peer.json'))['groups']; print('same groups' if a==b else 'DIFFERENT GROUPS')")
  # A timing against a peer that computes something else means nothing: stop.
  [[ $same == "same groups" ]] || { echo "bench.sh: colcomb pack and the released rule in NumPy give different groups on the 512 x 512 layer" >&2; exit 1; }
  row "pairwise packing 512 x 512, ms (lower is better)" "$(printf %.2f "$ours") (bench_packing); $(printf %.1f "$cli") (colcomb pack --json, whole process, median of 11)" "$(printf %.0f "$peer") (released rule in NumPy; $same)" "$(ratio "$peer" "$ours")"
else
  row "pairwise packing 512 x 512, ms" "$(printf %.2f "$ours"); $(printf %.1f "$cli") (CLI)" "missing: python3-numpy" "n/a"
fi

# The same layer from Python, in process: the time a training loop pays per layer.
if [[ $have_numpy == 1 ]]; then
  PYTHONPATH=build/app/python $py tests/bench/python_packing.py "$tmp/layer.npy" >"$tmp/python.json"
  same=$($py -c "import json; a=json.load(open('$tmp/pack.json'))['groups']; b=json.load(open('$tmp/python.json'))['pack_groups']; print('same groups' if a==b else 'DIFFERENT GROUPS')")
  [[ $same == "same groups" ]] || { echo "bench.sh: colcomb.pack and colcomb pack give different groups on the 512 x 512 layer" >&2; exit 1; }
  py_ms=$(json "['pack_ms']" <"$tmp/python.json")
  row "colcomb.pack from Python, 512 x 512, ms (lower is better)" "$(printf %.2f "$py_ms") (median of 51; in-process C++: $(printf %.2f "$ours"))" "$(printf %.0f "$peer") (released rule in NumPy)" "$(ratio "$peer" "$py_ms")"
  if $py -c "import json,sys; sys.exit(0 if 'network_s' in json.load(open('$tmp/python.json')) else 1)"; then
    row "colcomb.pack_network, ResNet-50 state dict pruned to 20%, s" "$(printf %.3f "$(json "['network_s']" <"$tmp/python.json")") ($(json "['network_layers']" <"$tmp/python.json") layers, $(json "['network_weights']" <"$tmp/python.json") weights, median of 5)" "(no peer)" ""
  else
    row "colcomb.pack_network, ResNet-50, s" "missing: python3-torchvision" "" ""
  fi
fi

# A 1,000-point packing sweep of the reference layer (tests/bench/sweeps/pack-1000.json), no cache.
cp tests/bench/sweeps/pack-1000.json "$tmp/pack-1000.json"
cp "$tmp/layer.npy" "$tmp/layer-512.npy"
sweep_s=$(python3 -c "
import subprocess, time
start = time.perf_counter()
subprocess.run(['build/app/cli/colcomb', 'sweep', '--spec', '$tmp/pack-1000.json', '--out', '$tmp/sweep.jsonl', '--no-cache'], stdout=subprocess.DEVNULL, check=True)
print(time.perf_counter() - start)")
row "packing sweep, 1,000 points of a 512 x 512 layer, s" "$(printf %.2f "$sweep_s") (colcomb sweep --no-cache, whole process)" "(no peer)" ""

# The simulator alone.
updates=$(bench_counter build/tests/bench_systolic 'machineOnly' "" cell_updates_per_s)
row "simulator, 128 x 128 array, bit-parallel, cell-updates/s" "$(python3 -c "print('%.2e' % $updates)")" "(no peer)" ""

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB"
echo
echo "| what | ColComb | peer | ratio (ours faster when > 1) |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"
