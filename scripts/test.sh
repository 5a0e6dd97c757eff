#!/usr/bin/env bash
# The test command: installs what is needed, builds, and runs every test
# (unit, integration with a real server and real eSpeak NG workers, real
# PortAudio playback into an ALSA file sink) and a short benchmark smoke run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
cd build
ctest --output-on-failure -j 2 --timeout 600
