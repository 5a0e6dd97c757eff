#!/bin/sh
# The deploy tests' fixture: a fresh `cmake --install` of the build tree into
# PREFIX (a temporary folder in the build tree), as an operator would run it.
set -eu
build="$1"
prefix="$2"
rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" > /dev/null
echo "installed into $prefix: $(du -sk "$prefix" | cut -f1) KiB"
