#!/usr/bin/env bash
# What the Windows and arm64 builds and their tests need, only what is
# missing: the Rust standard libraries of the two targets (rustup), and from
# Debian the MinGW-w64 cross compilers, makensis (NSIS), Wine, the aarch64
# cross compiler, qemu-user-static, and mmdebstrap, debootstrap and proot
# for the arm64 sysroot and root (see scripts/arm64-sysroot.sh).
#
# The arm64 libraries are NOT installed as multiarch packages: on Debian 12
# libwebkit2gtk-4.1-dev:arm64 cannot be installed beside the amd64 one
# (gobject-introspection is not multiarch), and the others would upgrade or
# remove amd64 -dev packages this machine's own builds use. They go into a
# separate sysroot instead.
set -euo pipefail

packages=(
  mingw-w64 nsis wine wine64
  gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-user-static
  mmdebstrap debootstrap proot
  python3 curl
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "==> installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

for target in x86_64-pc-windows-gnu aarch64-unknown-linux-gnu; do
  if ! rustup target list --installed | grep -qx "$target"; then
    echo "==> rustup target add $target"
    rustup target add "$target"
  fi
done
