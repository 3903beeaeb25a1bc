#!/usr/bin/env bash
# deb-repack.sh IN.deb OUT.deb: a .deb made by `tauri bundle`, packed again
# with xz (Tauri writes gzip: about 40 MB → 30 MB) and each package named
# once in Depends (Tauri appends its own unversioned libwebkit2gtk-4.1-0 and
# libgtk-3-0 to ours, which name them already with versions: each is kept
# at its first, versioned mention). Used by `make dist` and `make dist-arm64`.
set -euo pipefail
in=$1
out=$2
work=$(mktemp -d "$(dirname "$out")/.repack.XXXXXX")
trap 'rm -rf "$work"' EXIT
dpkg-deb -R "$in" "$work/root"
awk '/^Depends: / {
  n = split(substr($0, 10), items, /, /); line = ""
  for (i = 1; i <= n; i++) { name = items[i]; sub(/ .*/, "", name)
    if (!(name in seen)) { seen[name] = 1; line = line (line == "" ? "" : ", ") items[i] } }
  print "Depends: " line; next } { print }' "$work/root/DEBIAN/control" >"$work/control"
mv "$work/control" "$work/root/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz -b "$work/root" "$out" >/dev/null
