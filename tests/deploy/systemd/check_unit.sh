#!/bin/sh
# systemd-analyze verify on the installed unit (its ExecStart is the
# installed server in the test's prefix, which verify checks exists), which
# must print nothing, and systemd's offline exposure score for its hardening,
# which must stay "OK" (at most 2.0 of 10).
set -eu
unit="$1/lib/systemd/system/policy-reader.service"
out="$(systemd-analyze verify "$unit" 2>&1)" || {
  echo "systemd-analyze verify failed:"; echo "$out"; exit 1; }
if [ -n "$out" ]; then
  echo "systemd-analyze verify printed:"; echo "$out"; exit 1
fi
grep -q "^ExecStart=$1/bin/policy-reader-server --flagfile=$1/etc/policy-reader/policy-reader.flags --sentence_cache_dir=\${CACHE_DIRECTORY}\$" "$unit" || {
  echo "ExecStart does not name the installed server and flagfile:"
  grep "^ExecStart" "$unit"; exit 1; }
security="$(systemd-analyze security --offline=true --threshold=20 "$unit" 2>&1)" || {
  echo "$security"; echo "exposure above 2.0"; exit 1; }
echo "$security" | tail -1
