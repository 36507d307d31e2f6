#!/usr/bin/env bash
# The released recipe on LeNet-5 and Fashion-MNIST, trained twice on the same settings: by the C++
# engine (`colcomb train --model lenet5`) and in PyTorch by colcomb.torch.JointSchedule
# (examples/pytorch/train_point.py). Both models are then costed the same way, as points of a
# trainer sweep (their trained groups, the same 32 x 32 array), and one line each is printed:
# accuracy, utilization efficiency before and after, tiles, weights kept and the training time.
#
# Usage: scripts/compare-joint-schedule.sh [EPOCHS] [GAMMA]      (default 10 and 0.5; alpha 8 on the
# second convolution and the hidden classifier layers, the first convolution and the last layer
# dense, in both). Environment: COLCOMB (default build/app/cli/colcomb), OUT (default
# out/compare-joint-schedule). Needs the build (with the Python package) and python3-torch.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
colcomb=$(realpath "${COLCOMB:-build/app/cli/colcomb}")
epochs=${1:-10}
gamma=${2:-0.5}
out=$(realpath -m "${OUT:-out/compare-joint-schedule}")
rm -rf "$out"
mkdir -p "$out/cpp" "$out/torch"
export PYTHONPATH="$root/build/app/python${PYTHONPATH:+:$PYTHONPATH}"

start=$(date +%s.%N)
"$colcomb" train --model lenet5 --epochs "$epochs" --gamma "$gamma" --out "$out/cpp" --json > "$out/cpp.jsonl"
cpp_s=$(python3 -c "print($(date +%s.%N) - $start)")
cpp_acc=$(tail -n 1 "$out/cpp/metrics.jsonl" | python3 -c "import json,sys; print(json.load(sys.stdin)['test_accuracy'] * 100)")

echo "{\"alpha\": 8, \"gamma\": $gamma, \"epochs\": $epochs, \"seed\": 1}" > "$out/point.json"
start=$(date +%s.%N)
/usr/bin/python3 examples/pytorch/train_point.py --point "$out/point.json" --result "$out/torch/result.json" > "$out/torch.log" 2>&1
torch_s=$(python3 -c "print($(date +%s.%N) - $start)")

# Costed alike: each model handed to a sweep by a trainer command that only points at it.
cost() {  # name model accuracy
  python3 -c "
import json, sys
name, model, accuracy, gamma, out = sys.argv[1:]
json.dump({'accuracy': float(accuracy), 'model': model}, open(f'{out}/{name}-result.json', 'w'))
# sh -c 'cp \"\$0\" \"\$1\"' RESULT {result} {point}: the point is passed and not needed.
json.dump({'trainer': {'command': ['sh', '-c', 'cp \"\$0\" \"\$1\"', f'{out}/{name}-result.json', '{result}', '{point}']},
           'grid': {'alpha': 8, 'gamma': float(gamma)}}, open(f'{out}/{name}-cost.json', 'w'))
" "$1" "$2" "$3" "$gamma" "$out"
  "$colcomb" sweep --spec "$out/$1-cost.json" --out "$out/$1-cost.jsonl" --no-cache > /dev/null
}
cost cpp "$out/cpp/model.zip" "$cpp_acc"
cost torch "$out/torch/model.onnx" "$(python3 -c "import json; print(json.load(open('$out/torch/result.json'))['accuracy'])")"

echo "LeNet-5, Fashion-MNIST, $epochs epochs, alpha 8, gamma $gamma, $(nproc) cores"
for side in cpp torch; do
  seconds=$([[ $side == cpp ]] && echo "$cpp_s" || echo "$torch_s")
  python3 -c "
import json
d = json.loads(open('$out/$side-cost.jsonl').readline())
assert 'failed' not in d, d.get('failed')
print('%-6s accuracy %.2f%%, utilization %.1f%% -> %.1f%%, tiles %d -> %d, weights %d, trained groups %s, %.0f s' % (
    '$side', d['accuracy'] * 100, d['utilization_before'] * 100, d['utilization_after'] * 100, d['tiles_before'], d['tiles_after'],
    d['nnz_after'], d['trained_groups'], $seconds))"
done
