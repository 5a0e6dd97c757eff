#!/usr/bin/env bash
# Builds the fuzz targets with clang, libFuzzer, ASan and UBSan into
# ./build-fuzz and fuzzes each for a bounded time: the text pipeline for the
# first argument's seconds (default 60), starting from the sample policies;
# what the server takes from the network (gRPC request bytes, the
# AudioSocket stream, the HTTP request rules) for the second's (default 20)
# each. Fails if a fuzzer finds a crash or a broken invariant; the input that
# did it is left in build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-60}"
NETWORK_SECONDS="${2:-20}"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DPOLICY_READER_FUZZ=ON \
  -DPOLICY_READER_BUILD_TESTS=OFF -DPOLICY_READER_BUILD_BENCH=OFF > /dev/null
cmake --build build-fuzz --target text_pipeline_fuzzer request_fuzzer \
  audiosocket_fuzzer http_rules_fuzzer -j "$(nproc)"

# Seeds: each sample with its format byte (0 plain, 1 Markdown, 2 HTML).
corpus=build-fuzz/corpus
mkdir -p "$corpus"
seed() { { printf "\\$(printf '%03o' "$1")"; cat "$2"; } > "$corpus/seed-$1-$(basename "$2")"; }
for f in samples/library/*.txt ../shared/policies/*.txt; do
  [ -f "$f" ] && seed 0 "$f"
done
for f in tests/service/text/formats/*.md; do [ -f "$f" ] && seed 1 "$f"; done
for f in tests/service/text/formats/*.html; do [ -f "$f" ] && seed 2 "$f"; done

cd build-fuzz
status=0
./tests/fuzz/text_pipeline_fuzzer -max_total_time="$SECONDS_TO_RUN" \
  -timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
  corpus > fuzz.log 2>&1 || status=$?
grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss)' fuzz.log || true
if [ "$status" -ne 0 ]; then
  tail -40 fuzz.log
  echo "fuzz: the text pipeline failed on an input (see build-fuzz/fuzz.log)" >&2
  exit "$status"
fi
for target in request_fuzzer audiosocket_fuzzer http_rules_fuzzer; do
  mkdir -p "corpus-$target"
  ./tests/fuzz/"$target" -max_total_time="$NETWORK_SECONDS" -timeout=10 \
    -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
    "corpus-$target" > "$target.log" 2>&1 || status=$?
  echo "$target:"
  grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss)' "$target.log" || true
  if [ "$status" -ne 0 ]; then
    tail -40 "$target.log"
    echo "fuzz: $target failed on an input (see build-fuzz/$target.log)" >&2
    exit "$status"
  fi
done
