#!/usr/bin/env bash
# The OCI image from Debian packages only: the root file system from
# build-rootfs.sh (mmdebstrap), then Containerfile with buildah (Debian's
# buildah package; podman build takes the same file).
#
#   deploy/container/build-image.sh BUILD_DIR [TAG]
#
# TAG defaults to localhost/policy-reader:VERSION (the project version).
# Needs root or a user with subuids for buildah, and the network to the
# Debian mirror (MIRROR, SECURITY_MIRROR as in build-rootfs.sh).
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 BUILD_DIR [TAG]" >&2
  exit 2
fi
build="$(realpath "$1")"
here="$(cd "$(dirname "$0")" && pwd)"
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")"
tag="${2:-localhost/policy-reader:$version}"
context="$build/container"
mkdir -p "$context"
rm -f "$context/rootfs.tar"
"$here/build-rootfs.sh" "$build" "$context/rootfs.tar"
buildah build --format docker --layers=false -f "$here/Containerfile" \
  -t "$tag" "$context"
rm -f "$context/rootfs.tar"
echo "built $tag"
