#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, and only those that are missing.
# Safe to run any number of times.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-svg-dev libgl-dev libqcustomplot-dev
  libeigen3-dev nlohmann-json3-dev libcli11-dev libbenchmark-dev libgif-dev zlib1g-dev
  libonnx-dev libprotobuf-dev protobuf-compiler libzip-dev
  python3-dev pybind11-dev
  libcadical-dev
  dataset-fashion-mnist
  xvfb xauth fonts-dejavu-core
)
# `setup.sh --tests`: also what the interop tests run, PyTorch exporting real ONNX files, the
# colcomb Python package's tests (pytest) and the README's mask loop (Debian's python3-torch for /usr/bin/python3), pdftoppm to look inside exported PDFs, and a
# single-node Slurm cluster for the sharded-sweep test.
if [[ "${1:-}" == "--tests" ]]; then packages+=(python3-torch python3-numpy python3-pytest poppler-utils slurmctld slurmd slurm-client munge); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
