#!/usr/bin/env bash
# The test command: installs what is needed, checks the C++ formatting
# (clang-format, Google style), builds, fuzzes the text
# pipeline for a bounded time, and runs every test (unit, integration with a
# real server and real eSpeak NG workers, real PortAudio playback into an
# ALSA file sink, benchmark smoke runs, and the web widget in headless
# Chromium: tests/web, ctest name web_widget_browser_test).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
scripts/check-format.sh
scripts/build.sh
scripts/fuzz.sh "${POLICY_READER_FUZZ_SECONDS:-60}"
cd build
ctest --output-on-failure -j 2 --timeout 600
