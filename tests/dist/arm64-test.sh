#!/usr/bin/env bash
# `make dist-arm64-test`: the arm64 .deb of `make dist-arm64`, checked on
# this amd64 machine with qemu-user (qemu-aarch64-static):
#
#  - the package: fields (Architecture arm64, the Depends of the amd64
#    package), size under 40 MB, the same files as the amd64 .deb when
#    dist/ has one (`make dist`), the programs aarch64 ELF;
#  - `zonepress` from the package under qemu with the arm64 sysroot as its
#    libraries (-L): --version, init --demo, export, verify, and serve
#    answering curl on this machine (/api/health, the web UI from
#    /usr/share/zonepress/ui, login, list_articles), a second serve refused;
#  - the print PDF against amd64's from the same workspace (tests/dist/
#    compare.sh: the PDF/X-4 (default) and PDF/A-2b exports byte for byte,
#    the PDF/A-3b export's pages, text and manifest);
#  - the .deb installed with apt into an arm64 Debian root (debootstrap;
#    apt, dpkg and the maintainer scripts run as arm64 programs through
#    proot and qemu, the package's Depends resolved from Debian's arm64
#    archive): the service user and settings file made, `zonepress` run
#    there on that root's own libraries and fonts, its PDF against amd64's
#    again, every library zonepress-desktop needs found; then removed and
#    purged, the workspace kept.
#
# Not tested here: the desktop window on arm64 (WebKitGTK under a full
# emulation of an arm64 desktop is beyond this machine; the amd64 package's
# desktop test, `make dist-test`, runs the same code).
#
# The root is made once (debootstrap, about 10 minutes) in
# $ZONEPRESS_ARM64_ROOT (default ~/.cache/zonepress-arm64-root) and copied
# for each run. Needs dist/ from `make dist-arm64`, `make deps-cross`;
# builds the amd64 `zonepress` (debug, as `make build`) for the comparison.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
. tests/dist/compare.sh
export PATH="$HOME/.cargo/bin:$PATH"
: "${CARGO_TARGET_DIR:=$HOME/.cache/zonepress-target}"
export CARGO_TARGET_DIR

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "  ✓ $*"; }
bad() { failed=$((failed + 1)); echo "  ✗ $*"; }
check() { # check NAME COMMAND...
  local name=$1
  shift
  if "$@"; then ok "$name"; else bad "$name"; fi
}
phase() { echo "== $*"; SECONDS=0; }
took() { echo "  ($SECONDS s)"; }

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
deb=$root/dist/zonepress_${version}_arm64.deb
amd64_deb=$root/dist/zonepress_${version}_amd64.deb
[ -f "$deb" ] || { echo "arm64-test: $deb is missing (run make dist-arm64 first)" >&2; exit 1; }
for tool in qemu-aarch64-static proot debootstrap curl python3 pdftoppm pdftotext pdfdetach; do
  command -v "$tool" >/dev/null || { echo "arm64-test: $tool is missing (make deps deps-cross)" >&2; exit 1; }
done
sysroot=$(scripts/arm64-sysroot.sh)
rootfs_cache=${ZONEPRESS_ARM64_ROOT:-$HOME/.cache/zonepress-arm64-root}

tmp=$(mktemp -d /tmp/zonepress-arm64-test.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { # wait_for FILE TEXT SECONDS
  for _ in $(seq "$3"); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 1
  done
  return 1
}

phase "the package: $(basename "$deb")"
size=$(stat -c %s "$deb")
echo "  size: $size bytes ($(awk "BEGIN{printf \"%.1f\", $size/1048576}") MiB)"
check "under 40 MB" test "$size" -lt 40000000
field() { dpkg-deb -f "$1" "$2"; }
check "Package: zonepress, Version: $version, Architecture: arm64" \
  test "$(field "$deb" Package) $(field "$deb" Version) $(field "$deb" Architecture)" = "zonepress $version arm64"
echo "  Depends: $(field "$deb" Depends)"
dpkg-deb -x "$deb" "$tmp/pkg"
dpkg-deb -e "$deb" "$tmp/pkg/DEBIAN"
listing() { dpkg-deb -c "$1" | awk '{print $1, $NF}' | sort; }
if [ -f "$amd64_deb" ]; then
  check "the same Depends as the amd64 package" test "$(field "$deb" Depends)" = "$(field "$amd64_deb" Depends)"
  check "the same files (names and modes) as the amd64 package" \
    cmp <(listing "$deb") <(listing "$amd64_deb")
  check "the same maintainer scripts as the amd64 package" \
    bash -c "cmp <(dpkg-deb --ctrl-tarfile '$deb' | tar -xO ./postinst ./prerm ./postrm) <(dpkg-deb --ctrl-tarfile '$amd64_deb' | tar -xO ./postinst ./prerm ./postrm)"
  check "the same files apart from the two programs, byte for byte" bash -c "
    mkdir -p '$tmp/amd64' && dpkg-deb -x '$amd64_deb' '$tmp/amd64' &&
    diff -r -q -x zonepress -x zonepress-desktop '$tmp/pkg' '$tmp/amd64' | grep -v '^Only in $tmp/pkg: DEBIAN' | (! grep .)"
else
  echo "  (no dist/$(basename "$amd64_deb"): run make dist to compare with the amd64 package)"
fi
for f in usr/bin/zonepress usr/bin/zonepress-desktop usr/share/zonepress/ui/index.html \
  usr/lib/systemd/system/zonepress.service usr/lib/zonepress/zonepress-serve usr/share/zonepress/zonepress.conf \
  usr/share/applications/zonepress.desktop; do
  check "/$f" test -s "$tmp/pkg/$f"
done
check "zonepress and zonepress-desktop are aarch64 programs" \
  bash -c "file '$tmp/pkg/usr/bin/zonepress' '$tmp/pkg/usr/bin/zonepress-desktop' | grep -c 'ELF 64-bit LSB pie executable, ARM aarch64' | grep -qx 2"
took

phase "the amd64 zonepress (for the comparison)"
# ZONEPRESS_LINUX_CLI names a `zonepress` already built for this machine.
amd64_cli=${ZONEPRESS_LINUX_CLI:-}
if [ -z "$amd64_cli" ]; then
  cargo build --workspace --bins --quiet
  amd64_cli=$CARGO_TARGET_DIR/debug/zonepress
fi
"$amd64_cli" --version
took

phase "zonepress (arm64) under qemu-aarch64, libraries from the arm64 sysroot"
arm() { QEMU_LD_PREFIX=$sysroot qemu-aarch64-static -L "$sysroot" "$tmp/pkg/usr/bin/zonepress" "$@"; }
# `verify` reads a PDF in a copy of the program it starts (the parser
# child). Under qemu-user that copy is an arm64 program the kernel must hand
# to qemu itself: binfmt_misc, registered here when it is not yet and this
# is root (the kernel's table, so for the whole machine),
# with QEMU_LD_PREFIX naming the sysroot for the child as -L does for the
# parent. Without it the verify checks are reported as not tested here.
binfmt=/proc/sys/fs/binfmt_misc
if [ ! -e "$binfmt/qemu-aarch64" ] && [ "$(id -u)" -eq 0 ]; then
  [ -e "$binfmt/register" ] || mount -t binfmt_misc binfmt_misc "$binfmt" 2>/dev/null || true
  printf ':qemu-aarch64:M::%s:%s:%s:F\n' \
    '\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00' \
    '\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff' \
    "$(command -v qemu-aarch64-static)" >"$binfmt/register" 2>/dev/null || true
fi
children=yes
grep -qx enabled "$binfmt/qemu-aarch64" 2>/dev/null || children=
[ -n "$children" ] ||
  echo "  (no binfmt_misc entry for arm64 programs: verify, which starts a parser child, is not tested here)"
check_verify() { # check_verify NAME COMMAND...: a check that starts a parser child
  if [ -n "$children" ]; then check "$@"; else echo "  - not tested here: $1"; fi
}
v=$(arm --version)
echo "  zonepress --version: $v"
commit=$(sed -n 's/^zonepress [^ ]* (commit \([0-9a-f]\{12\}\))$/\1/p' <<<"$v")
check "--version names version $version and a commit" grep -qE "^zonepress $version \(commit [0-9a-f]{12}\)$" <<<"$v"
check "the commit is one of this repository's" git cat-file -e "${commit:-0000000}^{commit}"
check "init --demo" arm --workspace "$tmp/ws-own" init --demo
check "export of the demo issue" arm --workspace "$tmp/ws-own" export --issue 1 -o "$tmp/own.pdf"
verify_own() { arm --workspace "$tmp/ws-own" verify "$tmp/own.pdf" >"$tmp/verify.txt"; }
check_verify "verify of that PDF" verify_own
tail -n 1 "$tmp/verify.txt" 2>/dev/null | sed 's/^/    /'
took

phase "the print PDF against amd64's, from the same workspace"
"$amd64_cli" --workspace "$tmp/ws-amd64" init --demo >/dev/null
cp -a "$tmp/ws-amd64" "$tmp/ws-arm64"
cp -a "$tmp/ws-amd64" "$tmp/ws-root"
for kind in "${export_kinds[@]}"; do
  mapfile -t flag < <(export_flags "$kind")
  "$amd64_cli" --workspace "$tmp/ws-amd64" export --issue 1 -o "$tmp/amd64-$kind.pdf" "${flag[@]}" >/dev/null
  SECONDS=0
  arm --workspace "$tmp/ws-arm64" export --issue 1 -o "$tmp/arm64-$kind.pdf" "${flag[@]}" >/dev/null
  echo "    arm64 export ($kind) under qemu: $SECONDS s"
done
check_exports "$tmp/amd64" "$tmp/arm64"
check "the amd64 build verifies the arm64 PDF in the workspace it was made in" \
  "$amd64_cli" --workspace "$tmp/ws-arm64" verify "$tmp/arm64-default.pdf" --json
took

phase "serve (arm64) on 127.0.0.1 to a client on this machine"
port=$(free_port)
arm --workspace "$tmp/ws-arm64" serve --bind "127.0.0.1:$port" >"$tmp/serve.log" 2>&1 &
pids+=($!)
if wait_for "$tmp/serve.log" '已启动' 120; then
  sed 's/^/    /' "$tmp/serve.log"
  health=$(curl -sS --max-time 20 "http://127.0.0.1:$port/api/health" || true)
  echo "    /api/health: $health"
  check "/api/health answers ok with version $version" \
    python3 -c "import json,sys; h=json.loads(sys.argv[1]); assert h['ok'] and h['version']=='$version', h" "$health"
  check "the web UI is served from /usr/share/zonepress/ui of the package" \
    bash -c "curl -sS --max-time 20 http://127.0.0.1:$port/ | grep -qi '<div id=\"root\"'"
  token=$(curl -sS --max-time 60 -H 'Content-Type: application/json' \
    -d '{"username":"editor","password":"zonepress"}' "http://127.0.0.1:$port/api/login" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])' || true)
  check "login as editor" test -n "$token"
  articles=$(curl -sS --max-time 20 -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
    -d '{"issue_id":1}' "http://127.0.0.1:$port/api/list_articles" |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' || true)
  check "list_articles answers the 21 demo articles" test "$articles" = 21
  second_refused() {
    local out rc=0
    out=$(arm --workspace "$tmp/ws-arm64" serve --bind "127.0.0.1:$(free_port)" 2>&1) || rc=$?
    echo "    second serve (exit $rc): $out"
    [ "$rc" -eq 3 ] && grep -q "正在被另一个进程使用（zonepress serve http://127.0.0.1:$port，进程号 [0-9]" <<<"$out"
  }
  check "a second serve on the workspace is refused (exit 3), naming the holder" second_refused
else
  bad "serve did not start within 120 s"
  cat "$tmp/serve.log"
fi
took

phase "the .deb installed into an arm64 Debian root (proot + qemu)"
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
in_root() { # in_root COMMAND...: run an arm64 command in $rootfs as its root
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
    proot -0 -q qemu-aarch64-static -r "$rootfs" -b /dev -b /proc -b /sys -b /etc/resolv.conf \
    -b "$tmp" -w / "$@"
}
# Recommends are left out (the desktop libraries recommend a lot) but for
# the package's own (LXGW WenKai, which bylines use). dbus-x11 stands in for
# the session bus apt would otherwise choose, dbus-user-session, which pulls
# in systemd, whose postinst proot cannot run (an assertion in proot 5.1; a
# real PC has systemd already).
extras="fonts-lxgw-wenkai dbus-x11"
depends=$(field "$deb" Depends)
# The base root (debootstrap, once), and a copy of it with the package's
# Depends installed, kept for the next run as long as Depends is the same;
# each run installs the package itself into a fresh copy of that.
if [ ! -f "$rootfs_cache/.zonepress-root" ]; then
  echo "  making the arm64 root $rootfs_cache (debootstrap $suite, once)"
  rm -rf "$rootfs_cache"
  debootstrap --arch=arm64 --foreign --variant=minbase "$suite" "$rootfs_cache" \
    "${ZONEPRESS_DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$tmp/debootstrap.log" 2>&1 ||
    { tail "$tmp/debootstrap.log"; exit 1; }
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root DEBOOTSTRAP_DIR=/debootstrap \
    proot -0 -q qemu-aarch64-static -r "$rootfs_cache" -b /dev -b /proc -b /sys -w / \
    /debootstrap/debootstrap --second-stage >"$tmp/debootstrap.log" 2>&1 ||
    { tail "$tmp/debootstrap.log"; exit 1; }
  touch "$rootfs_cache/.zonepress-root"
fi
with_deps=$rootfs_cache-deps
if [ "$(cat "$with_deps/.zonepress-deps" 2>/dev/null)" != "$depends; $extras" ]; then
  echo "  installing the package's Depends into a copy of the root (about 30 minutes under qemu)"
  rm -rf "$with_deps"
  cp -a "$rootfs_cache" "$with_deps"
  rootfs=$with_deps
  # shellcheck disable=SC2046 # one word per package name
  if in_root apt-get update -qq >"$tmp/apt.log" 2>&1 &&
    in_root apt-get install -y -qq --no-install-recommends \
      $(sed 's/ *([^)]*)//g; s/,/ /g' <<<"$depends") $extras >>"$tmp/apt.log" 2>&1; then
    in_root apt-get clean
    echo "$depends; $extras" >"$with_deps/.zonepress-deps"
  else
    tail -n 20 "$tmp/apt.log"
    bad "apt could not install the package's Depends from Debian's arm64 archive"
    rm -rf "$with_deps"
    exit 1
  fi
fi
rootfs=$tmp/root
cp -a "$with_deps" "$rootfs"
cp "$deb" "$tmp/zonepress_arm64.deb"
root_is_arm64() { [ "$(in_root dpkg --print-architecture)" = arm64 ]; }
check "the root is arm64 (its dpkg says so)" root_is_arm64
if in_root apt-get install -y -qq --no-install-recommends "$tmp/zonepress_arm64.deb" >"$tmp/apt.log" 2>&1; then
  ok "apt installs the .deb, its Depends satisfied by Debian's arm64 packages"
else
  bad "apt install of the .deb"
  tail -n 20 "$tmp/apt.log"
fi
installed() { [ "$(in_root dpkg-query -W -f='${Status}' zonepress)" = "install ok installed" ]; }
check "dpkg: zonepress is installed" installed
check "postinst made the system user zonepress and /etc/zonepress/zonepress.conf" \
  bash -c "grep -q '^zonepress:' '$rootfs/etc/passwd' && test -f '$rootfs/etc/zonepress/zonepress.conf' && test -d '$rootfs/var/lib/zonepress'"
v=$(in_root zonepress --version 2>&1 || true)
check "the installed zonepress runs on the root's libraries ($v)" test "$v" = "zonepress $version (commit $commit)"
missing=$(in_root /lib/ld-linux-aarch64.so.1 --list /usr/bin/zonepress-desktop 2>&1 | grep 'not found' || true)
check "every library zonepress-desktop needs is in the root${missing:+: $missing}" test -z "$missing"
links_webkit() { # read whole (grep -q would end the pipe under proot early)
  local libs
  libs=$(in_root /lib/ld-linux-aarch64.so.1 --list /usr/bin/zonepress-desktop)
  grep -q 'libwebkit2gtk-4.1.so.0 => /' <<<"$libs"
}
check "…webkit2gtk 4.1 among them, found in the root" links_webkit
SECONDS=0
if in_root zonepress --workspace "$tmp/ws-root" export --issue 1 -o "$tmp/root-pdf-a2b.pdf" --pdf-a2b >"$tmp/root-export.log" 2>&1; then
  echo "    export in the root (its own fonts-noto-cjk and fonts-lxgw-wenkai): $SECONDS s"
  check "export in the root with its own fonts: byte for byte amd64's PDF/A-2b" \
    cmp "$tmp/amd64-pdf-a2b.pdf" "$tmp/root-pdf-a2b.pdf"
else
  bad "export in the root"
  cat "$tmp/root-export.log"
fi
in_root apt-get remove -y -qq zonepress >>"$tmp/apt.log" 2>&1 || true
check "apt remove: /usr/bin/zonepress gone, the settings file kept" \
  bash -c "[ ! -e '$rootfs/usr/bin/zonepress' ] && [ -f '$rootfs/etc/zonepress/zonepress.conf' ]"
in_root apt-get purge -y -qq zonepress >>"$tmp/apt.log" 2>&1 || true
check "apt purge: the settings file gone, /var/lib/zonepress and the workspace kept" \
  bash -c "[ ! -e '$rootfs/etc/zonepress/zonepress.conf' ] && [ -d '$rootfs/var/lib/zonepress' ] && [ -f '$tmp/ws-root/workspace.db' ]"
took

echo
echo "arm64-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
