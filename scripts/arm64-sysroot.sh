#!/usr/bin/env bash
# arm64-sysroot.sh [DIR]: the arm64 Debian sysroot the arm64 build links
# against, made when missing or made from another package list; prints its
# path (default $ZONEPRESS_ARM64_SYSROOT, else ~/.cache/zonepress-arm64-sysroot).
#
# mmdebstrap resolves the -dev packages of the desktop's libraries (webkit2gtk
# 4.1, GTK 3, libsoup 3, …) and glibc for arm64 on this machine's Debian
# release, from the Debian mirror, and only unpacks them (--variant=extract:
# no package script runs, nothing is installed on this machine). Absolute
# symbolic links (libz.so → /lib/…) are made relative so that they point into
# the sysroot. About 3 minutes and 1.4 GB. The programs run on the real
# system's libraries of the same names; the sysroot only has to match them
# in version, which the .deb's Depends state.
#
# Why not `dpkg --add-architecture arm64` and the :arm64 -dev packages: on
# Debian 12 libwebkit2gtk-4.1-dev:arm64 cannot be installed (its
# gobject-introspection is not multiarch), and libxdo-dev:arm64,
# libayatana-appindicator3-dev:arm64 and others would remove or upgrade the
# amd64 -dev packages the amd64 build needs.
set -euo pipefail

dir=${1:-${ZONEPRESS_ARM64_SYSROOT:-$HOME/.cache/zonepress-arm64-sysroot}}
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
mirror=${ZONEPRESS_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${ZONEPRESS_DEBIAN_SECURITY:-http://deb.debian.org/debian-security}
# The fonts the templates need are in it too: `make dist-arm64-test` runs
# the arm64 programs under qemu-aarch64 -L SYSROOT, which reads /etc/fonts
# and /usr/share/fonts from the sysroot, as an arm64 PC has them.
packages=libc6-dev,libgcc-12-dev,libwebkit2gtk-4.1-dev,libjavascriptcoregtk-4.1-dev,libgtk-3-dev,libsoup-3.0-dev,libdbus-1-dev,libssl-dev,fonts-noto-cjk,fonts-lxgw-wenkai
stamp=$dir/.zonepress-sysroot
want="$suite $packages"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "$dir"
  exit 0
fi
command -v mmdebstrap >/dev/null || { echo "mmdebstrap is missing: run make deps-cross" >&2; exit 1; }
echo "==> arm64 sysroot $dir ($suite: $packages)" >&2
rm -rf "$dir"
mkdir -p "$(dirname "$dir")"
mmdebstrap --quiet --variant=extract --arch=arm64 --include="$packages" "$suite" "$dir" \
  "deb $mirror $suite main" "deb $mirror $suite-updates main" "deb $security $suite-security main" >&2
(
  cd "$dir"
  find usr/lib lib -type l -lname '/*' -print0 | while IFS= read -r -d '' link; do
    ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" ".$(readlink "$link")")" "$link"
  done
)
echo "$want" >"$stamp"
echo "$dir"
