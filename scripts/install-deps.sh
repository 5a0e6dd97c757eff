#!/usr/bin/env bash
# Installs what Policy Reader needs, from Debian's archive only (Debian 12):
#   scripts/install-deps.sh run    build and run the server and the player
#                                  (scripts/run.sh)
#   scripts/install-deps.sh test   that, plus the test tools (scripts/test.sh,
#                                  the default)
set -euo pipefail
mode="${1:-test}"
case "$mode" in
  run | test) ;;
  *) echo "usage: $0 [run|test]" >&2; exit 2 ;;
esac
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
# Building and running: compilers, the libraries the programs link, eSpeak
# NG's data, aplay (run.sh looks for a sound card) and ALSA's plugins (sound
# through PulseAudio/PipeWire on a desktop).
PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  grpc-proto libabsl-dev
  libespeak-ng-dev espeak-ng-data
  libgumbo-dev libcmark-dev libpoppler-cpp-dev
  libsoxr-dev portaudio19-dev alsa-utils libasound2-plugins
  libcpp-httplib-dev prometheus-cpp-dev
  libopusenc-dev libopus-dev libogg-dev libmp3lame-dev libzip-dev
  libssl-dev zlib1g-dev
  libsystemd-dev
)
if [ "$mode" = test ]; then
  # Tests only: clang (fuzzing, thread checks) and clang-format, GoogleTest
  # and Google Benchmark, cairo and a font (tests draw their PDFs), the
  # eSpeak NG, sox and opus-tools command lines (reference audio, decoding),
  # Chromium (the web widget), systemd-analyze and python3-yaml (tests/deploy).
  PACKAGES+=(
    clang clang-format libclang-rt-14-dev
    libgtest-dev libgmock-dev libbenchmark-dev
    libcairo2-dev fonts-dejavu-core
    espeak-ng sox libsox-fmt-mp3 opus-tools
    chromium
    systemd python3-yaml
    # Talking books: the EPUB validator and a DAISY player (tests/integration).
    epubcheck daisy-player
    # nginx in front of two servers (tests/deploy/nginx).
    nginx
    # promtool and a real Prometheus scraping /metrics
    # (tests/integration/observability_test.cc).
    prometheus
    # Firefox ESR for the browser tests, and a sound server for it
    # (PulseAudio with a null sink, started by tests/web/harness.mjs):
    # Firefox plays no media element without one.
    firefox-esr pulseaudio pulseaudio-utils
  )
  # Node.js and npm run the browser tests (tests/web); a machine that has
  # them from elsewhere (e.g. NodeSource's nodejs, which brings npm) keeps
  # them.
  if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
    PACKAGES+=(nodejs npm)
  fi
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
[ "$mode" = test ] || exit 0

# The browser tests' npm packages (playwright-core drives Debian's Chromium,
# puppeteer-core drives Debian's Firefox ESR over WebDriver BiDi, axe-core
# checks accessibility), exactly as package-lock.json has them, with no
# browser downloads (PUPPETEER_SKIP_DOWNLOAD);
# npm ci again only when the lock file has changed since the last install.
web="$(dirname "$0")/../tests/web"
stamp="$web/node_modules/.package-lock.sha256"
want="$(sha256sum "$web/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing the browser tests' npm packages (tests/web)"
  (cd "$web" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi

# DAISY Ace for the talking-book test (tests/integration/ace): it checks an
# EPUB in Debian's Chromium through puppeteer, so neither puppeteer's own
# browser nor the Electron binary (an optional runner Ace brings along) is
# downloaded.
ace="$(dirname "$0")/../tests/integration/ace"
stamp="$ace/node_modules/.package-lock.sha256"
want="$(sha256sum "$ace/package-lock.json" | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing DAISY Ace (tests/integration/ace)"
  (cd "$ace" && PUPPETEER_SKIP_DOWNLOAD=1 ELECTRON_SKIP_BINARY_DOWNLOAD=1 \
    npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi
