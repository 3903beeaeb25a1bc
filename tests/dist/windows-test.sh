#!/usr/bin/env bash
# `make dist-windows-test`: the Windows build of `make dist-windows` under
# Wine on this machine, in a Wine prefix of its own (Windows 10 mode), as a
# Windows user and an office admin would use it:
#
#  - the portable .zip: its folder, the fonts byte for byte Debian's, the
#    programs 64-bit Windows console and GUI programs;
#  - zonepress.exe: --version; init --demo into the default workspace
#    (%APPDATA%\cn.zonepress.desktop\workspace); export and verify;
#  - the print PDF against the Linux build's from the same workspace (one
#    demo workspace made on Linux, copied): the PDF/X-4 export (the default)
#    and the PDF/A-2b export, each with its manifest beside it, byte for
#    byte; the PDF/A-3b export (manifest attached, which holds the export's
#    own random id and time, so no two are equal even on one machine) page
#    images, text and manifest; each platform verifies the other's PDF;
#  - the fonts come from beside the program: without its fonts folder the
#    export is refused naming it;
#  - serve on 127.0.0.1 answering /api/health, the web UI, login and
#    list_articles to curl on Linux; a second serve refused naming the holder
#    of the workspace lock;
#  - the office server's start-up task command (cmd.exe, serve --settings,
#    output to the log), and a misspelt setting refused with exit code 2;
#  - the installer: silent per-machine and per-user installs (files, Start
#    menu entry 园区编务, uninstall entry), the installed zonepress.exe, and
#    uninstalling, which leaves the workspace;
#  - zonepress-desktop.exe starts and loads its libraries; its window needs
#    the WebView2 runtime, which Wine does not have (a real Windows test).
#
# Needs dist/ from `make dist-windows` and the packages of `make deps-cross`;
# builds the Linux `zonepress` (debug, as `make build`) for the comparison.
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

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
zip=$root/dist/zonepress_${version}_windows_x64.zip
setup=$root/dist/zonepress_${version}_windows_x64-setup.exe
for f in "$zip" "$setup"; do
  [ -f "$f" ] || { echo "windows-test: $f is missing (run make dist-windows first)" >&2; exit 1; }
done
for tool in wine wineserver x86_64-w64-mingw32-gcc curl python3 pdftoppm pdftotext pdfdetach; do
  command -v "$tool" >/dev/null || { echo "windows-test: $tool is missing (make deps deps-cross)" >&2; exit 1; }
done

tmp=$(mktemp -d /tmp/zonepress-windows-test.XXXXXX)
export WINEPREFIX=$tmp/wine WINEARCH=win64 WINEDEBUG=-all
# No Mono or Gecko installers, no menu entries on this machine's desktop.
export WINEDLLOVERRIDES="mscoree,mshtml,winemenubuilder.exe=d"
unset DISPLAY WAYLAND_DISPLAY
cleanup() {
  wineserver -k 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# A Unix path as Windows programs under Wine see it (drive Z: is /).
wpath() { printf 'Z:%s' "${1//\//\\}"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# wait_for FILE TEXT SECONDS
wait_for() {
  for _ in $(seq "$3"); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 1
  done
  return 1
}
phase() { echo "== $*"; SECONDS=0; }

phase "Wine: $(wine --version), a new prefix in Windows 10 mode"
wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1
check "Wine reports Windows 10" bash -c 'wine cmd /c ver 2>/dev/null | grep -q "Windows 10"'
# Wine 8 (Debian 12) lacks bcryptprimitives.dll, which Rust's standard
# library calls for random numbers and which every Windows 10/11 has: the
# prefix gets a stand-in built here (tests/dist/wine/, never shipped).
if [ ! -e "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" ]; then
  x86_64-w64-mingw32-gcc -shared -O2 -s -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    tests/dist/wine/bcryptprimitives.c tests/dist/wine/bcryptprimitives.def -ladvapi32
  echo "  (Wine has no bcryptprimitives.dll: the test's stand-in from tests/dist/wine/ is in its system32)"
fi
winuser=${USER:-$(id -un)}  # Wine names the Windows user after the Unix one
appdata=$WINEPREFIX/drive_c/users/$winuser/AppData/Roaming

phase "the Linux zonepress (for the comparison)"
# ZONEPRESS_LINUX_CLI names a `zonepress` already built for this machine.
linux_cli=${ZONEPRESS_LINUX_CLI:-}
if [ -z "$linux_cli" ]; then
  cargo build --workspace --bins --quiet
  linux_cli=$CARGO_TARGET_DIR/debug/zonepress
fi
"$linux_cli" --version

phase "the portable .zip: $(basename "$zip") ($(stat -c %s "$zip") bytes)"
unzip -q "$zip" -d "$tmp/portable"
app=$tmp/portable/ZonePress-$version
exe=$app/zonepress.exe
for f in zonepress.exe zonepress-desktop.exe WebView2Loader.dll ui/index.html README.txt NOTICE.txt \
  server/server-setup.cmd server/server-setup.ps1 server/zonepress.conf \
  licenses/Apache-2.0.txt licenses/noto-cjk.txt licenses/lxgw-wenkai.txt licenses/WebView2Loader.txt; do
  check "ZonePress-$version/$f" test -s "$app/$f"
done
fonts_same() {
  local n=0 f deb
  for f in "$app"/fonts/*; do
    deb=$(dpkg -L fonts-noto-cjk fonts-lxgw-wenkai | grep "/$(basename "$f")$" | head -1)
    [ -n "$deb" ] && cmp -s "$f" "$deb" || { echo "    $(basename "$f") differs from Debian's" >&2; return 1; }
    n=$((n + 1))
  done
  echo "    fonts: $(cd "$app/fonts" && echo *)"
  [ "$n" -eq 6 ]
}
check "fonts/: the six font files of Debian's fonts-noto-cjk and fonts-lxgw-wenkai, byte for byte" fonts_same
check "zonepress.exe is a 64-bit Windows console program" \
  bash -c "file '$exe' | grep -q 'PE32+ executable (console) x86-64'"
check "zonepress-desktop.exe is a 64-bit Windows GUI program (no console window)" \
  bash -c "file '$app/zonepress-desktop.exe' | grep -q 'PE32+ executable (GUI) x86-64'"
check "the .cmd, .ps1, .conf and .txt files have Windows line ends" \
  bash -c "! grep -lP '(?<!\r)\$' '$app'/*.txt '$app'/server/* '$app'/licenses/*"

phase "zonepress.exe under Wine"
v=$(wine "$exe" --version | tr -d '\r')
echo "  zonepress.exe --version: $v"
commit=$(sed -n 's/^zonepress [^ ]* (commit \([0-9a-f]\{12\}\))$/\1/p' <<<"$v")
check "--version names version $version and a commit" grep -qE "^zonepress $version \(commit [0-9a-f]{12}\)$" <<<"$v"
check "the commit is one of this repository's" git cat-file -e "${commit:-0000000}^{commit}"
out=$(wine "$exe" init --demo 2>&1 | tr -d '\r')
echo "  ${out%%。*}"
check "init --demo makes the default workspace in %APPDATA%\\cn.zonepress.desktop\\workspace" \
  test -f "$appdata/cn.zonepress.desktop/workspace/workspace.db"
check "issues lists the demo issue" bash -c "wine '$exe' issues --json | grep -q '\"serial\": 137'"
check "export of the demo issue (default workspace)" \
  wine "$exe" export --issue 1 -o "$(wpath "$tmp/appdata.pdf")"
check "verify of that PDF" bash -c "wine '$exe' verify '$(wpath "$tmp/appdata.pdf")' >'$tmp/verify.txt'"
tail -n 1 "$tmp/verify.txt" | tr -d '\r' | sed 's/^/    /'
echo "  ($SECONDS s)"

# On the Windows side a workspace folder and file names in Chinese with a
# space, as a Windows user's are.
phase "the print PDF against the Linux build's, from the same workspace"
"$linux_cli" --workspace "$tmp/ws-linux" init --demo >/dev/null
cp -a "$tmp/ws-linux" "$tmp/编务 工作区"
cp -a "$tmp/ws-linux" "$tmp/ws-nofonts"
for kind in "${export_kinds[@]}"; do
  mapfile -t flag < <(export_flags "$kind")
  "$linux_cli" --workspace "$tmp/ws-linux" export --issue 1 -o "$tmp/linux-$kind.pdf" "${flag[@]}" >/dev/null
  wine "$exe" --workspace "$(wpath "$tmp/编务 工作区")" export --issue 1 -o "$(wpath "$tmp/第11期-$kind.pdf")" "${flag[@]}" >/dev/null
done
ls -l "$tmp"/linux-*.pdf "$tmp"/第11期-*.pdf | awk '{print "    " $5 " " $NF}'
check_exports "$tmp/linux" "$tmp/第11期"
check "zonepress.exe verifies its PDF" \
  wine "$exe" --workspace "$(wpath "$tmp/编务 工作区")" verify "$(wpath "$tmp/第11期-default.pdf")" --json
check "the Linux build verifies zonepress.exe's PDF in the workspace it was made in" \
  "$linux_cli" --workspace "$tmp/编务 工作区" verify "$tmp/第11期-default.pdf" --json
refused_elsewhere() {
  local out rc=0
  # The PDF/A-3b: its manifest holds the export's own id. (The PDF/X-4 of
  # both builds is one and the same file, which each copy did record.)
  out=$("$linux_cli" --workspace "$tmp/ws-linux" verify "$tmp/第11期-pdf-a.pdf" 2>&1) || rc=$?
  [ "$rc" -eq 1 ] && grep -q "本工作区没有这份导出的记录" <<<"$out"
}
check "…and refuses zonepress.exe's PDF/A-3b in the other copy, which recorded no such export (exit 1)" refused_elsewhere
echo "  ($SECONDS s)"

phase "the fonts come from beside the program"
cp -a "$app" "$tmp/nofonts"
rm -rf "$tmp/nofonts/fonts"
out=$(wine "$tmp/nofonts/zonepress.exe" --workspace "$(wpath "$tmp/ws-nofonts")" export --issue 1 \
  -o "$(wpath "$tmp/nofonts.pdf")" 2>&1 | tr -d '\r' || true)
echo "    ${out:0:160}"
check "without fonts/ the export is refused, naming the program's fonts folder" \
  grep -q "程序旁的 fonts 文件夹中没有它" <<<"$out"
check "…and writes no PDF" test ! -e "$tmp/nofonts.pdf"

phase "serve on 127.0.0.1 to a client on Linux"
port=$(free_port)
wine "$exe" --workspace "$(wpath "$tmp/编务 工作区")" serve --bind "127.0.0.1:$port" >"$tmp/serve.log" 2>&1 &
serve_pid=$!
if wait_for "$tmp/serve.log" '已启动' 90; then
  tr -d '\r' <"$tmp/serve.log" | sed 's/^/    /'
  health=$(curl -sS --max-time 10 "http://127.0.0.1:$port/api/health" || true)
  echo "    /api/health: $health"
  check "/api/health answers ok with version $version" \
    python3 -c "import json,sys; h=json.loads(sys.argv[1]); assert h['ok'] and h['version']=='$version', h" "$health"
  check "the web UI is served from the ui folder beside zonepress.exe" \
    bash -c "curl -sS --max-time 10 http://127.0.0.1:$port/ | grep -qi '<div id=\"root\"'"
  token=$(curl -sS --max-time 30 -H 'Content-Type: application/json' \
    -d '{"username":"editor","password":"zonepress"}' "http://127.0.0.1:$port/api/login" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])' || true)
  check "login as editor" test -n "$token"
  articles=$(curl -sS --max-time 10 -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
    -d '{"issue_id":1}' "http://127.0.0.1:$port/api/list_articles" |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' || true)
  check "list_articles answers the 21 demo articles" test "$articles" = 21
  second_refused() {
    local out rc=0
    out=$(wine "$exe" --workspace "$(wpath "$tmp/编务 工作区")" serve --bind "127.0.0.1:$(free_port)" 2>&1 | tr -d '\r') || rc=$?
    echo "    second serve (exit $rc): $out"
    [ "$rc" -eq 3 ] && grep -q "正在被另一个进程使用（zonepress serve http://127.0.0.1:$port，进程号 [0-9]" <<<"$out"
  }
  check "a second serve on the workspace is refused (exit 3), naming the holder of the lock" second_refused
else
  bad "serve did not start within 90 s"
  tr -d '\r' <"$tmp/serve.log"
fi
kill "$serve_pid" 2>/dev/null || true
wait "$serve_pid" 2>/dev/null || true
wineserver -k 2>/dev/null || true
echo "  ($SECONDS s)"

phase "the office server's start-up task command (server-setup.ps1 registers it)"
port=$(free_port)
conf=$tmp/zonepress.conf
# (backslashes doubled: sed's replacement reads \t as a tab)
ws_setting=$(wpath "$tmp/编务 工作区")
sed -e "s|^ZONEPRESS_WORKSPACE=.*|ZONEPRESS_WORKSPACE=${ws_setting//\\/\\\\}|" \
  -e "s|^ZONEPRESS_BIND=.*|ZONEPRESS_BIND=127.0.0.1:$port|" "$app/server/zonepress.conf" >"$conf"
task() { # the task's command line, run by cmd.exe (see server-setup.ps1):
  #   cmd.exe /d /c ""zonepress.exe" serve --settings "CONF" >> "LOG" 2>&1"
  # Wine quotes its arguments again on the way to cmd.exe (a quote inside
  # becomes \"), which cmd.exe does not undo, so the line between the outer
  # quotes goes into a batch file, which cmd.exe reads as the task's line.
  printf '@"%s" serve --settings "%s" >> "%s" 2>&1\r\n@exit /b %%errorlevel%%\r\n' \
    "$(wpath "$exe")" "$(wpath "$1")" "$(wpath "$tmp/zonepress-server.log")" >"$tmp/task.cmd"
  wine cmd /d /c "$(wpath "$tmp/task.cmd")"
}
task "$conf" &
task_pid=$!
if wait_for "$tmp/zonepress-server.log" '已启动' 90; then
  # HTTPS, the settings file's default, on a certificate made in the
  # workspace, whose fingerprint the log names.
  check "it serves HTTPS on the address of the settings file, output in the log with the certificate's fingerprint" \
    bash -c "curl -sS -k --max-time 10 https://127.0.0.1:$port/api/health | grep -q '\"ok\":true' && grep -q '证书指纹' '$tmp/zonepress-server.log'"
else
  bad "the task command did not start the server within 90 s"
  tr -d '\r' <"$tmp/zonepress-server.log" || true
fi
kill "$task_pid" 2>/dev/null || true
wineserver -k 2>/dev/null || true
wait "$task_pid" 2>/dev/null || true
sed 's/^ZONEPRESS_BIND=/ZONEPRESS_BIN=/' "$conf" >"$tmp/typo.conf"
rc=0
task "$tmp/typo.conf" || rc=$?
tail -n 1 "$tmp/zonepress-server.log" | tr -d '\r' | sed 's/^/    /'
check "a misspelt setting is refused with exit code 2 and named in the log" \
  bash -c "[ $rc -eq 2 ] && grep -q '未知的设置 ZONEPRESS_BIN' '$tmp/zonepress-server.log'"
echo "  ($SECONDS s)"

phase "the installer: $(basename "$setup") ($(stat -c %s "$setup") bytes)"
pf=$WINEPREFIX/drive_c/Program\ Files/ZonePress
wine "$setup" /S /AllUsers
wineserver -w # the registry is written to system.reg when Wine's server ends
check "per-machine install into C:\\Program Files\\ZonePress" test -f "$pf/zonepress.exe" -a -f "$pf/fonts/NotoSerifCJK-Regular.ttc" -a -f "$pf/ui/index.html"
check "Start menu entry 园区编务 for all users" \
  test -f "$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/园区编务.lnk"
check "uninstall entry 园区编务 ZonePress in HKLM" \
  grep -q '"DisplayName"="\\x56ed\\x533a\\x7f16\\x52a1 ZonePress"' "$WINEPREFIX/system.reg"
v=$(wine "C:\\Program Files\\ZonePress\\zonepress.exe" --version | tr -d '\r')
check "the installed zonepress.exe runs ($v)" test "$v" = "zonepress $version (commit $commit)"
wine "C:\\Program Files\\ZonePress\\uninstall.exe" /S /AllUsers
wineserver -w
check "uninstalled: the program folder is gone" test ! -e "$pf"
check "…the Start menu entry and the uninstall entry too" \
  bash -c "[ ! -e '$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/园区编务.lnk' ] && ! grep -q 'Uninstall\\\\\\\\ZonePress\\]' '$WINEPREFIX/system.reg'"
check "…and the workspace in %APPDATA% is still there" test -f "$appdata/cn.zonepress.desktop/workspace/workspace.db"
mine=$WINEPREFIX/drive_c/users/$winuser/AppData/Local/Programs/ZonePress
wine "$setup" /S /CurrentUser
wineserver -w
check "per-user install into %LOCALAPPDATA%\\Programs\\ZonePress" test -f "$mine/zonepress-desktop.exe"
check "Start menu entry 园区编务 for this user" \
  test -f "$appdata/Microsoft/Windows/Start Menu/Programs/园区编务.lnk"
check "uninstall entry in HKCU" grep -q 'Uninstall\\\\ZonePress\]' "$WINEPREFIX/user.reg"
wine "$(wpath "$mine")\\uninstall.exe" /S /CurrentUser
wineserver -w
check "uninstalled for this user" test ! -e "$mine"
echo "  ($SECONDS s)"

phase "zonepress-desktop.exe"
# Wine's loader names each DLL it loads: every import of the program is
# found (none missing) and WebView2Loader.dll is the one beside it. What
# follows needs a window and the WebView2 runtime, which Wine has not.
WINEDEBUG=+loaddll timeout 60 wine "$app/zonepress-desktop.exe" >"$tmp/desktop.log" 2>&1 || true
wineserver -k 2>/dev/null || true
grep -a 'WebView2Loader' "$tmp/desktop.log" | head -n 1 | cut -c1-200 | sed 's/^/    /'
check "it starts: every DLL it imports is found, WebView2Loader.dll from beside it" \
  bash -c "grep -aq 'Loaded L\".*ZonePress-$version\\\\\\\\WebView2Loader.dll\" .*: native' '$tmp/desktop.log' && ! grep -aq 'import_dll' '$tmp/desktop.log'"
echo "  not tested here: the desktop window (needs a real Windows 10/11 with the WebView2 runtime)"

echo
echo "windows-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
