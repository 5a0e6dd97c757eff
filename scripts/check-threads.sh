#!/usr/bin/env bash
# Builds every target with clang into ./build-clang with the thread-safety
# analysis (-Wthread-safety as errors, POLICY_READER_THREAD_SAFETY): a lock
# not held where ABSL_GUARDED_BY or ABSL_EXCLUSIVE_LOCKS_REQUIRED asks for
# it, or held where ABSL_LOCKS_EXCLUDED forbids it, fails the build.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
if command -v ccache > /dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
# The analysis runs in the front end; -O0 without debug info is the quickest
# build that still compiles and links every target.
CC=clang CXX=clang++ cmake -S . -B build-clang -G Ninja \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 \
  -DPOLICY_READER_THREAD_SAFETY=ON \
  "${launcher[@]}" > /dev/null
cmake --build build-clang -j "$(nproc)" "$@"
