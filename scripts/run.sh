#!/usr/bin/env bash
# The main job: installs what is needed, builds, starts the server, and reads
# a sample policy aloud (through the sound card, or into a WAV file when the
# machine has none). The server keeps running until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh

ADDR="${POLICY_READER_ADDR:-127.0.0.1:50051}"
SAMPLE="samples/library/trivselspolitik.txt"
build/service/policy-reader-server --listen "$ADDR" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null' EXIT INT TERM

# Ready when the server answers (the client waits for it, bounded).
build/client/policy-reader voices --server "$ADDR" --wait-s 30

if aplay -l 2>/dev/null | grep -q '^card'; then
  echo "Afspiller $SAMPLE ..."
  build/client/policy-reader play --server "$ADDR" --file "$SAMPLE"
else
  mkdir -p out
  build/client/policy-reader speak --server "$ADDR" --file "$SAMPLE" -o out/trivselspolitik.wav
  echo "No sound card here: wrote out/trivselspolitik.wav (play it with: aplay out/trivselspolitik.wav)"
fi
echo "The server is still running on $ADDR. Try:"
echo "  build/client/policy-reader play --server $ADDR --file ../shared/policies/kolding-personalepolitik.txt"
echo "  build/client/policy-reader segment --server $ADDR --file $SAMPLE"
echo "Ctrl-C stops it."
wait $SERVER
