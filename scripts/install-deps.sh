#!/usr/bin/env bash
# Installs what hag needs from Debian's archive, and nothing by hand:
# LLVM/MLIR 22 (all four packages: libmlir-22-dev alone breaks
# find_package(MLIR)), GoogleTest, CMake, Ninja, a C++17 compiler,
# clang-format, and hag-bench's library peers Eigen 3 and
# SuiteSparse:GraphBLAS. Skips apt entirely when everything is already there.
set -euo pipefail

packages=(
  build-essential cmake ninja-build python3
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libgtest-dev libgmock-dev clang-format libeigen3-dev libgraphblas-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
