#!/usr/bin/env bash
# Builds with clang and ThreadSanitizer into ./build-tsan (POLICY_READER_TSAN,
# benchmarks off) and runs the tests under it: the integration tests (a real
# server with eSpeak NG workers, the CLI and render programs, the player in
# a pty, HTTP, AudioSocket) and the unit tests, threaded classes included.
# The first data race or lock-order inversion fails the run
# (halt_on_error); the report is in
# build-tsan/Testing/Temporary/LastTest.log. The browser test and the
# benchmarks are left out: they add minutes and no threads of their own.
# Extra arguments go to ctest (e.g. -R PlayerTest).
# Suppressions (scripts/tsan.supp) cover only the uninstrumented system
# libraries; absl::Mutex is made visible to TSan by tests/tsan.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
if command -v ccache > /dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
# -O1 and line tables: TSan's recommended speed, stacks with line numbers.
CC=clang CXX=clang++ cmake -S . -B build-tsan -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
  -DPOLICY_READER_TSAN=ON -DPOLICY_READER_BUILD_BENCH=OFF \
  "${launcher[@]}" > /dev/null
cmake --build build-tsan -j "$(nproc)"

export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/scripts/tsan.supp ${TSAN_OPTIONS:-}"
cd build-tsan
# Every test but the browser one (node and Chromium, no threads of ours)
# and the phone's pacing test, which holds the 20 ms frame clock to 0.2 ms
# on average: TSan's slowdown on a busy machine misses that without a race
# (the other AudioSocket tests run the same call threads).
ctest --output-on-failure -j 2 --timeout 600 \
  -E '^(web_|AudioSocketTest\.MessageIsFramedPacedSpeechThenHangup$)' "$@"
