#!/usr/bin/env bash
# `make dist-windows`: ZonePress for Windows 10/11 (x86-64), built on this
# Linux machine with Debian's MinGW-w64 and makensis, into dist/:
#
#   zonepress_<version>_windows_x64-setup.exe   the installer (NSIS)
#   zonepress_<version>_windows_x64.zip         the same folder, portable
#
#  1. the web UI when its sources changed (as `make dist`);
#  2. zonepress.exe and zonepress-desktop.exe in release for
#     x86_64-pc-windows-gnu, in one cargo build (features unified once, so
#     the shared crates are compiled once);
#  3. the folder ZonePress/ (dist/.stage-windows/): both programs stripped,
#     WebView2Loader.dll (the desktop links it; from the webview2-com-sys
#     crate), ui/, fonts/ (copied from Debian's fonts-noto-cjk and
#     fonts-lxgw-wenkai: the very files the Linux build prints with, found
#     beside the program on Windows, see crates/zonepress-export/src/fontdirs.rs),
#     the office-server scripts and settings (server/), README, licences;
#     text files get Windows line ends;
#  4. the .zip (Python's zipfile: UTF-8 names, fixed dates, so the same
#     build gives the same zip) and the installer from
#     packaging/windows/zonepress.nsi.
#
# Nothing is downloaded but crates (crates.io) and Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${CARGO_TARGET_DIR:?set CARGO_TARGET_DIR (make dist-windows does)}"
target=x86_64-pc-windows-gnu
release=$CARGO_TARGET_DIR/$target/release
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
stage=dist/.stage-windows/ZonePress
name=zonepress_${version}_windows_x64
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc

for tool in x86_64-w64-mingw32-gcc x86_64-w64-mingw32-strip makensis python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run make deps-cross" >&2; exit 1; }
done
rustup target list --installed 2>/dev/null | grep -qx "$target" ||
  { echo "the Rust target $target is missing: run make deps-cross" >&2; exit 1; }

step() { echo "==> $*"; SECONDS=0; }
took() { echo "    ($((SECONDS / 60)) min $((SECONDS % 60)) s)"; }

if [ ! -f ui/dist/index.html ] ||
  [ -n "$(find ui/src ui/public ui/index.html ui/package-lock.json ui/vite.config.ts -newer ui/dist/index.html -print -quit 2>/dev/null)" ]; then
  step "web UI"
  (cd ui && npx vite build --logLevel warn)
fi

# Both programs in one build: their crates' features are unified once, as
# in the workspace's own builds and tests, so Typst and the rest are
# compiled once rather than once for each program.
step "zonepress.exe and zonepress-desktop.exe (release, $target)"
cargo build --release --locked --target "$target" -p zonepress-cli --bin zonepress \
  -p zonepress-desktop --bin zonepress-desktop --features zonepress-desktop/custom-protocol
took

# The loader the desktop links against (webview2-com-sys copies it next to
# its import library); it must sit beside zonepress-desktop.exe.
webview2_dir=$(cargo metadata --locked --format-version 1 --filter-platform "$target" |
  python3 -c 'import json, os, sys
pkgs = json.load(sys.stdin)["packages"]
print(next(os.path.dirname(p["manifest_path"]) for p in pkgs if p["name"] == "webview2-com-sys"))')
loader=$webview2_dir/x64/WebView2Loader.dll

# The fonts the templates name, as Debian installs them.
font_files() {
  dpkg -L fonts-noto-cjk | grep -E '/Noto(Serif|Sans)CJK-(Regular|Bold)\.ttc$'
  dpkg -L fonts-lxgw-wenkai | grep -E '/LXGWWenKai-(Regular|Bold)\.ttf$'
}
mapfile -t fonts < <(font_files | sort)
if ((${#fonts[@]} != 6)); then
  echo "expected 6 font files from fonts-noto-cjk and fonts-lxgw-wenkai, found ${#fonts[@]}: run make deps" >&2
  exit 1
fi

step "folder $stage"
rm -rf dist/.stage-windows
mkdir -p "$stage"/{fonts,licenses,server}
x86_64-w64-mingw32-strip --strip-all -o "$stage/zonepress.exe" "$release/zonepress.exe"
x86_64-w64-mingw32-strip --strip-all -o "$stage/zonepress-desktop.exe" "$release/zonepress-desktop.exe"
cp "$loader" "$stage/"
cp -r ui/dist "$stage/ui"
cp "${fonts[@]}" "$stage/fonts/"
cp /usr/share/doc/fonts-noto-cjk/copyright "$stage/licenses/noto-cjk.txt"
cp /usr/share/doc/fonts-lxgw-wenkai/copyright "$stage/licenses/lxgw-wenkai.txt"
cp /usr/share/common-licenses/Apache-2.0 "$stage/licenses/Apache-2.0.txt"
cp packaging/windows/WebView2Loader.txt "$stage/licenses/"
cp packaging/windows/{README.txt,NOTICE.txt} "$stage/"
cp packaging/windows/{server-setup.cmd,server-setup.ps1,zonepress.conf} "$stage/server/"
# Windows line ends for what people open in Notepad and what cmd.exe runs
# (labels in a batch file with Unix line ends can be missed); a byte-order
# mark for the PowerShell script, which Windows PowerShell 5.1 reads as the
# ANSI code page without one.
find "$stage" -maxdepth 2 \( -name '*.txt' -o -name '*.cmd' -o -name '*.ps1' -o -name '*.conf' \) \
  -exec sed -i 's/\r\?$/\r/' {} +
sed -i '1s/^\(\xEF\xBB\xBF\)\?/\xEF\xBB\xBF/' "$stage/server/server-setup.ps1"
# Every imported DLL must be Windows' own (MinGW-w64 has an import library
# for each, or Rust links it by name: bcryptprimitives for std's random
# numbers, combase for WinRT errors, both in Windows 8 and later) or shipped
# here: no MinGW runtime DLL may be needed.
for exe in "$stage"/*.exe; do
  for dll in $(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^\s*DLL Name: //p'); do
    base=${dll,,}
    base=${base%.dll}
    [ "$base" = webview2loader ] || [[ $base == api-ms-win-* ]] ||
      [ "$base" = bcryptprimitives ] || [ "$base" = combase ] ||
      [ -f "/usr/x86_64-w64-mingw32/lib/lib$base.a" ] ||
      { echo "$(basename "$exe") imports $dll, which is neither Windows' own nor shipped" >&2; exit 1; }
  done
done
took

rm -f dist/zonepress_*_windows_x64-setup.exe dist/zonepress_*_windows_x64.zip

step "dist/$name.zip"
# The commit's date for every entry: the same build packs the same zip.
stamp=$(git log -1 --format=%ct 2>/dev/null || date +%s)
python3 - "$stage" "dist/$name.zip" "ZonePress-$version" "$stamp" <<'EOF'
import os, sys, time, zipfile
src, out, top, stamp = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
date = time.gmtime(stamp)[:6]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for f in sorted(files):
            path = os.path.join(root, f)
            info = zipfile.ZipInfo(top + "/" + os.path.relpath(path, src).replace(os.sep, "/"), date)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(path, "rb") as fh:
                z.writestr(info, fh.read(), compresslevel=9)
EOF
took

step "dist/$name-setup.exe (makensis)"
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$version" -DSTAGE="$PWD/$stage" -DICON="$PWD/icons/icon.ico" \
  -DOUTFILE="$PWD/dist/$name-setup.exe" packaging/windows/zonepress.nsi
took

(cd dist && sha256sum zonepress_* >SHA256SUMS)
echo "==> dist/"
ls -l "dist/$name-setup.exe" "dist/$name.zip"
