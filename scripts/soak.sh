#!/usr/bin/env bash
# The long soak (not in the default test run): starts the real server,
# warms it up, measures its RSS, open fds and threads, then plays 1,000
# real-time listeners for 10 minutes with policy-reader-load, idles, and
# fails if the server did not come back near the baseline or its children
# (the synthesis workers) are more than before or left as zombies.
#   scripts/soak.sh [LISTENERS] [SECONDS]     (defaults 1000 600)
# Needs a build (scripts/build.sh policy-reader-load).
set -euo pipefail
cd "$(dirname "$0")/.."
LISTENERS="${1:-1000}"
SECONDS_TO_RUN="${2:-600}"
BUILD=build
LOG="$(mktemp)"
"$BUILD/service/policy-reader-server" --listen=127.0.0.1:0 2> "$LOG" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; rm -f "$LOG"' EXIT
PORT=""
for _ in $(seq 1 300); do
  PORT="$(sed -n 's/.*serving on port \([0-9]*\).*/\1/p' "$LOG" | head -1)"
  [[ -n "$PORT" ]] && break
  kill -0 "$SERVER" || { cat "$LOG"; exit 1; }
  sleep 0.1
done
[[ -n "$PORT" ]] || { echo "server did not announce a port"; exit 1; }

usage() {
  local rss fds threads children zombies child
  rss="$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER/status")"
  fds="$(ls "/proc/$SERVER/fd" | wc -l)"
  threads="$(ls "/proc/$SERVER/task" | wc -l)"
  children=0
  zombies=0
  for child in $(cat /proc/"$SERVER"/task/*/children); do
    children=$((children + 1))
    if [[ "$(awk '{print $3}' "/proc/$child/stat" 2>/dev/null)" == Z ]]; then
      zombies=$((zombies + 1))
    fi
  done
  echo "$rss $fds $threads $children $zombies"
}

# Warm-up at the soak's own listener count: the baseline then holds what
# that many streams take at once (gRPC's and the allocator's high-water),
# so what the soak measures is growth over time, not the larger crowd.
# Warmed up with 100 listeners instead, 200 retained ~50 MiB more.
"$BUILD/bench/policy-reader-load" --target="127.0.0.1:$PORT" \
  --listeners="$LISTENERS" --seconds=20 --ramp_s=$((LISTENERS / 50 + 1))
sleep 2
read -r RSS0 FDS0 THR0 KIDS0 _ < <(usage)
echo "baseline: rss ${RSS0} KiB, fds ${FDS0}, threads ${THR0}, children ${KIDS0}"

"$BUILD/bench/policy-reader-load" --target="127.0.0.1:$PORT" \
  --listeners="$LISTENERS" --seconds="$SECONDS_TO_RUN" \
  --ramp_s=$((LISTENERS / 50 + 1))

# Idle: give the server up to 30 s to settle.
for _ in $(seq 1 30); do
  read -r RSS FDS THR KIDS ZOMBIES < <(usage)
  if (( FDS <= FDS0 + 4 && THR <= THR0 + 4 && RSS <= RSS0 + RSS0 / 5 + 8192 )); then
    break
  fi
  sleep 1
done
echo "after: rss ${RSS} KiB, fds ${FDS}, threads ${THR}, children ${KIDS} (${ZOMBIES} zombies)"
(( FDS <= FDS0 + 4 )) || { echo "fds grew: $FDS0 -> $FDS"; exit 1; }
(( THR <= THR0 + 4 )) || { echo "threads grew: $THR0 -> $THR"; exit 1; }
(( RSS <= RSS0 + RSS0 / 5 + 8192 )) || { echo "RSS grew: $RSS0 -> $RSS KiB"; exit 1; }
(( KIDS <= KIDS0 )) || { echo "children grew: $KIDS0 -> $KIDS"; exit 1; }
(( ZOMBIES == 0 )) || { echo "$ZOMBIES children left as zombies"; exit 1; }
echo "soak passed"
