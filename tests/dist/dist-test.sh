#!/usr/bin/env bash
# `make dist-test`: the built .deb as an office gets it. Checks the package
# with dpkg-deb, installs it with apt, and then as a user and an admin would:
# `zonepress --version`, the system user and its folder, the settings file,
# the service (installed, not enabled), a workspace made with the installed
# CLI, the installed desktop app under Xvfb through tauri-driver (login
# screen timed, 关于 read), the unit's ExecStart against a temporary
# workspace (HTTP and HTTPS, /api/health and the web UI), an upgrade to a
# newer version, then `apt remove` and `apt purge`, after which every
# workspace is still there and opens. The machine is left as it was: the
# package removed, and the system user and /var/lib/zonepress deleted only
# when this test created them.
#
# Needs root (or sudo), the packages of `make deps`, and dist/ from `make dist`.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export PATH="$HOME/.cargo/bin:$PATH"

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "  ✓ $*"; }
bad() { failed=$((failed + 1)); echo "  ✗ $*"; }
check() { # check NAME COMMAND...
  local name=$1
  shift
  if "$@"; then ok "$name"; else bad "$name"; fi
}

shopt -s nullglob
debs=(dist/zonepress_*_amd64.deb)
shopt -u nullglob
if [ ${#debs[@]} -ne 1 ]; then
  echo "dist-test: expected one dist/zonepress_*_amd64.deb (run make dist first), found ${#debs[@]}" >&2
  exit 1
fi
deb=$root/${debs[0]}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)

if dpkg-query -W -f='${Status}' zonepress 2>/dev/null | grep -q "install ok"; then
  echo "dist-test: the zonepress package is already installed here; remove it first (apt remove zonepress)" >&2
  exit 1
fi
# Never touch a real office's server: the test owns the system user and
# /var/lib/zonepress only when neither exists before it starts.
if getent passwd zonepress >/dev/null || [ -e /var/lib/zonepress ] || [ -e /etc/zonepress ]; then
  echo "dist-test: a zonepress user, /var/lib/zonepress or /etc/zonepress exists already; not testing on this machine" >&2
  exit 1
fi

tmp=$(mktemp -d /tmp/zonepress-dist-test.XXXXXX)
chmod 755 "$tmp"
server_pid=""
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  if dpkg-query -W -f='${Status}' zonepress 2>/dev/null | grep -qv "not-installed"; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get purge -y -qq zonepress >/dev/null 2>&1 || true
  fi
  $sudo rm -rf /var/lib/zonepress /etc/zonepress
  if getent passwd zonepress >/dev/null; then $sudo userdel zonepress || true; fi
  if getent group zonepress >/dev/null; then $sudo groupdel zonepress || true; fi
  $sudo rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

echo "== the package file: $(basename "$deb")"
size=$(stat -c %s "$deb")
echo "  size: $size bytes ($(awk "BEGIN{printf \"%.1f\", $size/1048576}") MiB)"
check "under 40 MB" test "$size" -lt 40000000
field() { dpkg-deb -f "$deb" "$1"; }
check "Package: zonepress" test "$(field Package)" = zonepress
check "Version: $version" test "$(field Version)" = "$version"
check "Architecture: amd64" test "$(field Architecture)" = amd64
check "Maintainer and Description set" test -n "$(field Maintainer)" -a -n "$(field Description)"
depends=$(field Depends)
echo "  Depends: $depends"
for p in libwebkit2gtk-4.1-0 libgtk-3-0 fonts-noto-cjk; do
  check "Depends names $p" grep -qE "(^|, )$p( |,|$)" <<<"$depends"
done
repeated=$(tr ',' '\n' <<<"$depends" | sed 's/^ *//; s/ .*//' | sort | uniq -d | tr '\n' ' ')
check "Depends names each package once${repeated:+ (repeated: $repeated)}" test -z "$repeated"
check "Recommends fonts-lxgw-wenkai" grep -q fonts-lxgw-wenkai <<<"$(field Recommends)"

listing=$(dpkg-deb -c "$deb")
has() { grep -qE "$1" <<<"$listing"; }
has_no() { ! grep -qE "$1" <<<"$listing"; }
for f in ./usr/bin/zonepress ./usr/bin/zonepress-desktop ./usr/lib/zonepress/zonepress-serve; do
  check "$f is an executable owned by root" has "^-rwxr-xr-x root/root .* $f\$"
done
for f in ./usr/share/applications/zonepress.desktop ./usr/lib/systemd/system/zonepress.service \
  ./usr/share/zonepress/zonepress.conf ./usr/share/zonepress/ui/index.html \
  ./usr/share/doc/zonepress/copyright ./usr/share/doc/zonepress/README.Debian \
  ./usr/share/icons/hicolor/128x128/apps/zonepress-desktop.png; do
  check "ships $f" has " $f\$"
done
check "ships no /etc file (postinst writes the settings file once, never overwrites it)" has_no ' \./etc/'
check "every file belongs to root" test -z "$(grep -vE '^[^ ]+ root/root ' <<<"$listing")"
ctrl=$tmp/control
dpkg-deb -e "$deb" "$ctrl"
for s in postinst prerm postrm; do
  check "maintainer script $s is executable POSIX sh" bash -c "test -x '$ctrl/$s' && dash -n '$ctrl/$s'"
done
# The libraries the two programs link against, as dpkg-shlibdeps sees them,
# must all be covered by Depends.
x=$tmp/x
dpkg-deb -x "$deb" "$x"
mkdir -p "$tmp/shlibs/debian" && touch "$tmp/shlibs/debian/control"
shlibs=$(cd "$tmp/shlibs" && dpkg-shlibdeps -O --ignore-missing-info "$x/usr/bin/zonepress" "$x/usr/bin/zonepress-desktop" 2>/dev/null |
  sed -n 's/^shlibs:Depends=//p' | tr ',' '\n' | sed 's/^ *//; s/ .*//' | sort -u)
missing=""
for p in $shlibs; do grep -qE "(^|, )$p( |,|$)" <<<"$depends" || missing="$missing $p"; done
check "Depends covers every shared library (dpkg-shlibdeps:$(tr '\n' ' ' <<<" $shlibs"))" test -z "$missing"
[ -z "$missing" ] || echo "    not in Depends:$missing"
desktop=$x/usr/share/applications/zonepress.desktop
check ".desktop: Name[zh_CN]=园区编务" grep -qx 'Name\[zh_CN\]=园区编务' "$desktop"
check ".desktop: Exec and Icon name the desktop app" grep -qx 'Exec=zonepress-desktop' "$desktop"
check ".desktop: the icon it names is shipped" grep -qx 'Icon=zonepress-desktop' "$desktop"
if command -v desktop-file-validate >/dev/null; then
  check ".desktop passes desktop-file-validate" desktop-file-validate "$desktop"
fi

echo "== apt install ./$(basename "$deb")"
(cd "$(dirname "$deb")" && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "./$(basename "$deb")" >"$tmp/apt-install.log" 2>&1) ||
  { cat "$tmp/apt-install.log"; bad "apt install"; exit 1; }
ok "apt install"
check "zonepress on the PATH" test "$(command -v zonepress)" = /usr/bin/zonepress
check "zonepress-desktop on the PATH" test "$(command -v zonepress-desktop)" = /usr/bin/zonepress-desktop
v=$(zonepress --version)
echo "  zonepress --version: $v"
commit=$(sed -n 's/^zonepress [^ ]* (commit \([0-9a-f]\{12\}\))$/\1/p' <<<"$v")
check "--version names version $version and a commit" grep -qE "^zonepress $version \(commit [0-9a-f]{12}\)$" <<<"$v"
check "the commit is one of this repository's" git cat-file -e "${commit:-0000000}^{commit}"
check "system user zonepress (nologin, home /var/lib/zonepress)" \
  bash -c '[ "$(getent passwd zonepress | cut -d: -f6,7)" = /var/lib/zonepress:/usr/sbin/nologin ] && [ "$(id -u zonepress)" -lt 1000 ]'
check "/var/lib/zonepress belongs to zonepress, mode 750" test "$(stat -c '%U:%G %a' /var/lib/zonepress)" = "zonepress:zonepress 750"
check "/etc/zonepress/zonepress.conf written from the packaged defaults" cmp -s /etc/zonepress/zonepress.conf /usr/share/zonepress/zonepress.conf
check "zonepress.service installed, not enabled" test "$(systemctl is-enabled zonepress.service 2>/dev/null)" = disabled
check "zonepress.service passes systemd-analyze verify" systemd-analyze verify /usr/lib/systemd/system/zonepress.service
unit=/usr/lib/systemd/system/zonepress.service
user=$(sed -n 's/^User=//p' "$unit")
check "the service runs as its own user" test "$user" = zonepress

# As systemd runs the service: its User= and Group=, its home as HOME.
as_service_user() {
  $sudo env HOME=/var/lib/zonepress setpriv --reuid="$user" --regid="$user" --init-groups -- "$@"
}
listed_admin() { as_service_user "$1" --workspace "$ws" user list | grep -q zhaolei; }

echo "== a workspace made with the installed CLI (as the service's user)"
ws=/var/lib/zonepress/workspace
echo '赵磊的管理员密码2026' | as_service_user zonepress --workspace "$ws" init --admin zhaolei --name 赵磊 --password-stdin
check "init made $ws, owned by zonepress" test "$(stat -c %U "$ws/workspace.db")" = zonepress
check "the workspace lists its admin" listed_admin zonepress

echo "== the unit's ExecStart against a temporary workspace"
execstart=$(sed -n 's/^ExecStart=//p' "$unit")
echo "  ExecStart=$execstart (User=$user)"
check "ExecStart reads /etc/zonepress/zonepress.conf" grep -q ' /etc/zonepress/zonepress.conf$' <<<"$execstart"
exposure=$(systemd-analyze security --offline=true "$unit" 2>/dev/null | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
echo "  systemd-analyze security: $exposure"
check "the installed unit scores 2.5 or less in systemd-analyze security" \
  python3 -c "import sys; assert 0 < float(sys.argv[1]) <= 2.5" "${exposure:-0}"
$sudo install -d -o zonepress -g zonepress "$tmp/server"
as_service_user zonepress --workspace "$tmp/server/ws" init --demo >/dev/null
port=$((18470 + RANDOM % 1000))
serve() { # serve CONF_EDITS...: run ExecStart with a copy of the settings file, edited; wait for /api/health
  local conf=$tmp/server/zonepress.conf
  rm -f "$tmp/server/out.log" # the wait below must not read the last run's
  sed -e "s|^ZONEPRESS_WORKSPACE=.*|ZONEPRESS_WORKSPACE=$tmp/server/ws|" -e "s|^ZONEPRESS_BIND=.*|ZONEPRESS_BIND=127.0.0.1:$port|" "$@" \
    /etc/zonepress/zonepress.conf >"$conf"
  # shellcheck disable=SC2086 # ExecStart is a command line: split it as systemd does
  # Not through the function: env, setpriv and the script exec one another,
  # so $! is the server itself, as systemd's main PID is.
  $sudo env HOME=/var/lib/zonepress setpriv --reuid="$user" --regid="$user" --init-groups -- \
    ${execstart/\/etc\/zonepress\/zonepress.conf/$conf} >"$tmp/server/out.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do
    grep -q '已启动' "$tmp/server/out.log" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$tmp/server/out.log"
  return 1
}
stop() {
  kill -TERM "$server_pid"
  local rc=0
  wait "$server_pid" || rc=$?
  server_pid=""
  return $rc
}
if serve -e 's|^ZONEPRESS_TLS=.*|ZONEPRESS_TLS=no|'; then
  health=$(curl -sS --max-time 5 "http://127.0.0.1:$port/api/health" || true)
  echo "  /api/health: $health"
  check "/api/health answers ok with version $version, no TLS" \
    python3 -c "import json,sys; h=json.loads(sys.argv[1]); assert h['ok'] and h['version']=='$version' and not h['tls'], h" "$health"
  check "the web UI is served from /usr/share/zonepress/ui" \
    bash -c "curl -sS --max-time 5 http://127.0.0.1:$port/ | grep -qi '<div id=\"root\"'"
  check "SIGTERM (systemctl stop) ends the server cleanly" stop
else
  bad "ExecStart started a server"
fi
if serve; then
  health=$(curl -sS --max-time 5 -k "https://127.0.0.1:$port/api/health" || true)
  check "by default (ZONEPRESS_TLS=yes): HTTPS with a certificate kept in the workspace" \
    bash -c "python3 -c \"import json,sys; assert json.loads(sys.argv[1])['tls']\" '$health' && ls '$tmp/server/ws/tls/' | grep -q ."
  grep '指纹' "$tmp/server/out.log" | sed 's/^/  /'
  stop || true
else
  bad "ExecStart started an HTTPS server"
fi
rc=0
serve -e '$a ZONEPRESS_BND=0.0.0.0:80' || rc=$?
wait "$server_pid" 2>/dev/null || rc=$?
server_pid=""
check "a misspelt setting is refused with exit code 2 and named" \
  bash -c "[ $rc -eq 2 ] && grep -q 'ZONEPRESS_BND' '$tmp/server/out.log'"

echo "== the installed desktop app under Xvfb through tauri-driver"
data=$tmp/desktop-data
mkdir -p "$data" tests/out
run_desktop() {
  XDG_DATA_HOME=$data EXPECT_VERSION=$version EXPECT_COMMIT=$commit LABEL=$1 SCREENSHOT=${2:-} \
    timeout -k 10 180 xvfb-run -a -s "-screen 0 1400x900x24" node tests/dist/desktop.mjs
}
check "first launch: the choices, 打开演示工作区, login screen, 关于" run_desktop "first launch (opens the demo)"
check "second launch on the existing workspace" run_desktop "existing workspace" "$root/tests/out/dist-about.png"
desk_ws=$data/cn.zonepress.desktop/workspace
check "the desktop's workspace is where the README says" test -f "$desk_ws/workspace.db"
check "zonepress uses the desktop's folder by default" bash -c "XDG_DATA_HOME='$data' zonepress issues | grep -q 137"

echo "== upgrade to a newer package"
sed -i 's|^ZONEPRESS_BIND=.*|ZONEPRESS_BIND=0.0.0.0:8470|' /etc/zonepress/zonepress.conf
up=$tmp/upgrade
dpkg-deb -R "$deb" "$up"
sed -i "s/^Version: .*/Version: $version+upgradetest1/" "$up/DEBIAN/control"
dpkg-deb --root-owner-group -b "$up" "$tmp/zonepress_upgrade.deb" >/dev/null
(DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$tmp/zonepress_upgrade.deb" >"$tmp/apt-upgrade.log" 2>&1) ||
  { cat "$tmp/apt-upgrade.log"; bad "apt install of the newer package"; }
check "upgraded to $version+upgradetest1" test "$(dpkg-query -W -f='${Version}' zonepress)" = "$version+upgradetest1"
check "the admin's settings survive the upgrade" grep -qx 'ZONEPRESS_BIND=0.0.0.0:8470' /etc/zonepress/zonepress.conf
check "the server's workspace opens after the upgrade" listed_admin zonepress
check "the desktop's workspace opens after the upgrade" bash -c "XDG_DATA_HOME='$data' zonepress articles --issue 1 | grep -q ."

echo "== apt remove, then apt purge"
DEBIAN_FRONTEND=noninteractive $sudo apt-get remove -y -qq zonepress >"$tmp/apt-remove.log" 2>&1
check "removed: the programs are gone" bash -c '! command -v zonepress && ! command -v zonepress-desktop && [ ! -e /usr/lib/systemd/system/zonepress.service ]'
check "removed: the server's workspace is still there" test -f "$ws/workspace.db"
check "removed: the desktop's workspace is still there" test -f "$desk_ws/workspace.db"
check "removed: the settings file is still there" test -f /etc/zonepress/zonepress.conf
release_cli=${CARGO_TARGET_DIR:-$HOME/.cache/zonepress-target}/release/zonepress
if [ -x "$release_cli" ]; then
  check "removed: the server's workspace still opens (release build of zonepress)" \
    listed_admin "$release_cli"
fi
DEBIAN_FRONTEND=noninteractive $sudo apt-get purge -y -qq zonepress >"$tmp/apt-purge.log" 2>&1
check "purged: the settings file is gone" test ! -e /etc/zonepress/zonepress.conf
check "purged: the workspaces are still there" test -f "$ws/workspace.db" -a -f "$desk_ws/workspace.db"
check "purged: dpkg knows no zonepress" bash -c "! dpkg-query -W -f='\${Status}' zonepress 2>/dev/null | grep -q installed"

echo "dist-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
