#!/usr/bin/env bash
# Installs everything Policy Reader needs to build, run and test, from
# Debian's archive only (Debian 12).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
PACKAGES=(
  build-essential cmake ninja-build pkg-config clang clang-format libclang-rt-14-dev
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  grpc-proto libabsl-dev
  libespeak-ng-dev espeak-ng-data espeak-ng
  libgumbo-dev libcmark-dev libpoppler-cpp-dev
  libsoxr-dev portaudio19-dev alsa-utils libasound2-plugins
  libgtest-dev libgmock-dev libbenchmark-dev
  libcairo2-dev fonts-dejavu-core
  libcpp-httplib-dev prometheus-cpp-dev
  prometheus
  sox libsox-fmt-mp3
  libopusenc-dev libopus-dev libmp3lame-dev opus-tools
  chromium
)
# Node.js and npm run the browser tests (tests/web); a machine that has them
# from elsewhere (e.g. NodeSource's nodejs, which brings npm) keeps them.
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  PACKAGES+=(nodejs npm)
fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The browser tests' npm packages (playwright-core drives Debian's Chromium,
# axe-core checks accessibility), exactly as package-lock.json has them;
# npm ci again only when the lock file has changed since the last install.
web="$(dirname "$0")/../tests/web"
stamp="$web/node_modules/.package-lock.sha256"
want="$(sha256sum "$web/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing the browser tests' npm packages (tests/web)"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi
