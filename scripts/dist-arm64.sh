#!/usr/bin/env bash
# `make dist-arm64`: the arm64 .deb for 信创 PCs (飞腾 Phytium, 鲲鹏 Kunpeng
# with 银河麒麟 Kylin or 统信 UOS, and any arm64 Debian/Ubuntu), cross-built on
# this amd64 machine into dist/zonepress_<version>_arm64.deb.
#
# The same package as `make dist` (scripts/dist.sh), built with
# `--target aarch64-unknown-linux-gnu`: the web UI, `zonepress` and
# `zonepress-desktop` in release in one cargo build (`zonepress` stripped into
# dist/.stage-arm64/), then `tauri bundle` with
# src-tauri/tauri.conf.json and packaging/linux/ (only the path of the staged
# `zonepress` differs), then scripts/deb-repack.sh. Compiler and linker are
# Debian's aarch64-linux-gnu-gcc; C code and the link see the arm64 Debian
# sysroot of scripts/arm64-sysroot.sh, and pkg-config reads its .pc files.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${CARGO_TARGET_DIR:?set CARGO_TARGET_DIR (make dist-arm64 does)}"
target=aarch64-unknown-linux-gnu
release=$CARGO_TARGET_DIR/$target/release
tauri=ui/node_modules/.bin/tauri
[ -x "$tauri" ] || { echo "the Tauri CLI is missing: run make deps (npm ci in ui/)" >&2; exit 1; }
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
for tool in aarch64-linux-gnu-gcc aarch64-linux-gnu-strip; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run make deps-cross" >&2; exit 1; }
done
rustup target list --installed 2>/dev/null | grep -qx "$target" ||
  { echo "the Rust target $target is missing: run make deps-cross" >&2; exit 1; }

step() { echo "==> $*"; SECONDS=0; }
took() { echo "    ($((SECONDS / 60)) min $((SECONDS % 60)) s)"; }

sysroot=$(scripts/arm64-sysroot.sh)
# Only for the arm64 target: build scripts and proc macros still build for
# and link against this machine.
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUSTFLAGS="-C link-arg=--sysroot=$sysroot"
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
export AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar
export CFLAGS_aarch64_unknown_linux_gnu="--sysroot=$sysroot"
export PKG_CONFIG_ALLOW_CROSS_aarch64_unknown_linux_gnu=1
export PKG_CONFIG_SYSROOT_DIR_aarch64_unknown_linux_gnu=$sysroot
export PKG_CONFIG_LIBDIR_aarch64_unknown_linux_gnu=$sysroot/usr/lib/aarch64-linux-gnu/pkgconfig:$sysroot/usr/share/pkgconfig
export PKG_CONFIG_PATH_aarch64_unknown_linux_gnu=

if [ ! -f ui/dist/index.html ] ||
  [ -n "$(find ui/src ui/public ui/index.html ui/package-lock.json ui/vite.config.ts -newer ui/dist/index.html -print -quit 2>/dev/null)" ]; then
  step "web UI"
  (cd ui && npx vite build --logLevel warn)
fi

# Both programs in one cargo build, so that the crates they share (Typst
# above all) are compiled once with one set of features. The desktop's
# `custom-protocol` feature turns on `tauri/custom-protocol`, which is what
# `tauri build` adds: the same program as `tauri build --no-bundle` makes.
step "zonepress and zonepress-desktop (release, $target)"
cargo build --release --locked --target "$target" -p zonepress-cli --bin zonepress \
  -p zonepress-desktop --bin zonepress-desktop --features zonepress-desktop/custom-protocol
mkdir -p dist/.stage-arm64
aarch64-linux-gnu-strip --strip-all -o dist/.stage-arm64/zonepress "$release/zonepress"
aarch64-linux-gnu-strip --strip-all "$release/zonepress-desktop"
took

step "bundle: deb ($target)"
"$tauri" bundle --ci --bundles deb --target "$target" \
  --config '{"bundle":{"linux":{"deb":{"files":{"/usr/bin/zonepress":"../dist/.stage-arm64/zonepress"}}}}}'
deb=zonepress_${version}_arm64.deb
rm -f dist/zonepress_*_arm64.deb
scripts/deb-repack.sh "$release/bundle/deb/$deb" "dist/$deb"
took

(cd dist && sha256sum zonepress_* >SHA256SUMS)
echo "==> dist/"
ls -l "dist/$deb"
