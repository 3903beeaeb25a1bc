#!/usr/bin/env bash
# `make dist`: the release .deb (and, with DIST_BUNDLES=deb,appimage, an
# AppImage) into dist/, built with the npm Tauri CLI (@tauri-apps/cli in ui/).
#
#  1. the web UI when its sources changed (ui/dist: embedded in the desktop
#     app, and served by `zonepress serve` from /usr/share/zonepress/ui);
#  2. the `zonepress` command in release, stripped into dist/.stage/, where
#     tauri.conf.json's bundle.linux.deb.files picks it up;
#  3. `tauri build --no-bundle`: zonepress-desktop in release
#     (custom-protocol), then stripped of its symbol table;
#  4. `tauri bundle`: the .deb with the package's other files, maintainer
#     scripts and .desktop template from packaging/linux/;
#  5. scripts/deb-repack.sh packs the .deb again with xz (Tauri writes
#     gzip): 40 MB → ~30 MB, each package named once in Depends.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${CARGO_TARGET_DIR:?set CARGO_TARGET_DIR (make dist does)}"
bundles=${DIST_BUNDLES:-deb}
tauri=ui/node_modules/.bin/tauri
[ -x "$tauri" ] || { echo "the Tauri CLI is missing: run make deps (npm ci in ui/)" >&2; exit 1; }
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
release=$CARGO_TARGET_DIR/release

# The UI is embedded in the desktop app: rebuilding it unchanged would still
# make cargo compile and link zonepress-desktop again, so only when a source
# is newer than the last build.
if [ ! -f ui/dist/index.html ] ||
  [ -n "$(find ui/src ui/public ui/index.html ui/package-lock.json ui/vite.config.ts -newer ui/dist/index.html -print -quit 2>/dev/null)" ]; then
  echo "==> web UI"
  (cd ui && npx vite build --logLevel warn)
else
  echo "==> web UI: ui/dist is up to date"
fi

echo "==> zonepress (release)"
cargo build --release --locked -p zonepress-cli --bin zonepress
mkdir -p dist/.stage
strip --strip-all -o dist/.stage/zonepress "$release/zonepress"

echo "==> zonepress-desktop (release)"
"$tauri" build --ci --no-bundle -- --locked
strip --strip-all "$release/zonepress-desktop"

echo "==> bundles: $bundles"
"$tauri" bundle --ci --bundles "$bundles"

rm -f dist/zonepress_*_amd64.deb dist/zonepress_*_amd64.AppImage dist/SHA256SUMS
deb=zonepress_${version}_amd64.deb
scripts/deb-repack.sh "$release/bundle/deb/$deb" "dist/$deb"
if [[ $bundles == *appimage* ]]; then
  cp "$release/bundle/appimage/zonepress_${version}_amd64.AppImage" dist/
fi
(cd dist && sha256sum zonepress_* >SHA256SUMS)
echo "==> dist/"
ls -l dist/zonepress_*
