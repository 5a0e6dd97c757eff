#!/usr/bin/env bash
# Configures and builds into ./build (Release with debug info): everything,
# or only the targets named (e.g. scripts/build.sh policy-reader-server).
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
# ccache, where a developer has it, makes rebuilds in several checkouts cheap.
if command -v ccache > /dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" > /dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build build -j "$(nproc)" "${targets[@]}"
