#!/usr/bin/env bash
# Builds everything and runs every test: the Qt Test suites (core, cli, ui; offscreen) and the
# fuzz drivers, then the core, io and cli suites again under AddressSanitizer + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests
jobs=$(nproc)

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$jobs"
(cd build && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$jobs")

# Sanitizers: the Qt-free core is where the memory-unsafe work happens; the UI is left out to
# keep the run short and free of Qt's own leak reports. Optimized (-O2 -g), so that evaluating the
# bundled models on 10,000 images stays quick under the sanitizers.
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOLCOMB_SANITIZE=ON -DCOLCOMB_BUILD_UI=OFF \
      -DCOLCOMB_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-asan -j "$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 QT_QPA_PLATFORM=offscreen \
   ctest --output-on-failure -j "$jobs")
