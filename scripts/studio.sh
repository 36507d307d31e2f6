#!/usr/bin/env bash
# Builds ColComb Studio and opens it on the bundled demo workspace (or on the file given).
# Usage: scripts/studio.sh [model.onnx|state.npz|weights.npy|weights.csv|model.zip|workspace.json]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target colcomb-studio colcomb
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "studio: no display here; rendering the window to studio.png instead" >&2
  exec build/app/studio/colcomb-studio --screenshot studio.png "$@"
fi
exec build/app/studio/colcomb-studio "$@"
