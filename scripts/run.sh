#!/usr/bin/env bash
# The main job: installs what is needed, builds, starts the server with the
# sample library, and reads a sample policy aloud through the sound card with
# the interactive player (keys: ? lists them), or into a WAV file when the
# machine has none. The server keeps running until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh run
scripts/build.sh policy-reader-server policy-reader-synth-worker policy-reader

ADDR="${POLICY_READER_ADDR:-127.0.0.1:50051}"
DOC="trivselspolitik"  # samples/library/trivselspolitik.txt
HTTP="${POLICY_READER_HTTP:-127.0.0.1:8080}"
build/service/policy-reader-server --listen "$ADDR" --library samples/library \
  --http_listen "$HTTP" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null' EXIT INT TERM

# Ready when the server answers (the client waits for it, bounded).
build/client/policy-reader voices --server "$ADDR" --wait-s 30

if aplay -l 2>/dev/null | grep -q '^card'; then
  build/client/policy-reader play --server "$ADDR" --doc "$DOC"
else
  mkdir -p out
  build/client/policy-reader speak --server "$ADDR" --doc "$DOC" -o out/$DOC.wav
  echo "No sound card here: wrote out/$DOC.wav (play it with: aplay out/$DOC.wav)"
fi
echo "The server is still running on $ADDR with the sample library. Try:"
echo "  build/client/policy-reader play --server $ADDR --doc $DOC        # keys: ? lists them"
echo "  build/client/policy-reader play --server $ADDR --doc tilgaengelighedspolitik --from-start"
echo "  build/client/policy-reader play --server $ADDR --file ../shared/policies/kolding-personalepolitik.txt"
echo "  build/client/policy-reader segment --server $ADDR --review --file samples/library/$DOC.txt"
echo "The web widget's demo page: http://$HTTP/ (press Lyt)."
echo "Ctrl-C stops it."
wait $SERVER
