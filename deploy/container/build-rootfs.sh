#!/usr/bin/env bash
# Builds the container image's root file system from Debian 12's archive
# only (mmdebstrap): Debian's essential packages, the shared libraries the
# programs link (found with ldd and dpkg on this build machine, which runs
# the same Debian 12), espeak-ng-data, and the installed tree
# (cmake --install --strip, prefix /usr/local), run by the user
# policy-reader (UID/GID 10001), with the sample library in
# /srv/policy-reader/library.
#
#   deploy/container/build-rootfs.sh BUILD_DIR OUTPUT
#
# OUTPUT ending in .tar is a tarball for deploy/container/Containerfile
# (podman build); anything else becomes a directory (chroot, unshare).
# MIRROR (default http://deb.debian.org/debian) and SECURITY_MIRROR
# (default http://deb.debian.org/debian-security) choose the archive; the
# security and updates suites keep the libraries at the build machine's
# versions. Needs root (or mmdebstrap's unshare mode) and the network to
# the mirror.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD_DIR OUTPUT(.tar|directory)" >&2
  exit 2
fi
build="$(realpath "$1")"
output="$2"
mirror="${MIRROR:-http://deb.debian.org/debian}"
security="${SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
uid=10001

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
DESTDIR="$staging" cmake --install "$build" --prefix /usr/local --strip > /dev/null
# The image's flagfile: the sample, listening on the container's addresses.
sed -e 's|^--listen=.*|--listen=0.0.0.0:50051|' \
    -e 's|^--http_listen=.*|--http_listen=0.0.0.0:8080|' \
    "$staging/etc/policy-reader/policy-reader.flags" > "$staging/flags"
mv "$staging/flags" "$staging/etc/policy-reader/policy-reader.flags"
mkdir -p "$staging/srv/policy-reader/library"
cp "$staging/usr/local/share/policy-reader/samples/library/"* \
  "$staging/srv/policy-reader/library/"
rm -rf "$staging/usr/local/lib/systemd"  # No systemd in the container.

# The Debian packages that hold the libraries the programs load.
packages="espeak-ng-data"
for lib in $(ldd "$staging"/usr/local/bin/* \
                 "$staging"/usr/local/libexec/policy-reader/* |
             awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u); do
  owner="$(dpkg -S "$lib" 2> /dev/null || dpkg -S "$(realpath "$lib")" 2> /dev/null ||
           dpkg -S "/usr$lib" 2> /dev/null || true)"
  if [ -z "$owner" ]; then
    echo "no Debian package holds $lib" >&2
    exit 1
  fi
  packages="$packages,${owner%%:*}"
done
packages="$(echo "$packages" | tr , '\n' | sort -u | paste -sd,)"
echo "packages: $packages"

# The hooks' $1 is the root file system, for mmdebstrap's shell.
# shellcheck disable=SC2016
mmdebstrap --variant=essential --include="$packages" \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --customize-hook="sync-in $staging /" \
  --customize-hook="echo 'policy-reader:x:$uid:$uid:Policy Reader:/nonexistent:/usr/sbin/nologin' >> \"\$1/etc/passwd\"" \
  --customize-hook="echo 'policy-reader:x:$uid:' >> \"\$1/etc/group\"" \
  --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
  bookworm "$output" \
  "deb $mirror bookworm main" \
  "deb $mirror bookworm-updates main" \
  "deb $security bookworm-security main"
