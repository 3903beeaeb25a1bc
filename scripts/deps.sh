#!/usr/bin/env bash
# Install what ZonePress needs on Debian/Ubuntu, only what is missing:
# the system packages (webkit2gtk for the desktop app, Xvfb and the WebKit
# WebDriver for its headless test, Chromium for the UI tests, the Noto CJK
# fonts for print, poppler-utils to read PDFs back, systemd's
# systemd-analyze to score the service unit; argyll and icc-profiles-free
# to build the default CMYK output profiles; qpdf and pikepdf to read print
# PDFs back as a print shop's preflight does), tauri-driver, and the npm
# packages of the UI and of the desktop suites (tests/) from their lock files.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential pkg-config libssl-dev file curl
  libwebkit2gtk-4.1-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev
  xvfb xauth webkit2gtk-driver
  chromium
  fonts-noto-cjk fonts-lxgw-wenkai poppler-utils
  systemd argyll icc-profiles-free qpdf
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

if ! command -v cargo >/dev/null; then
  echo "Rust (cargo) is missing: install it from https://rustup.rs first" >&2
  exit 1
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "==> installing Node.js and npm"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm
fi

# The press tests read PDFs with pikepdf (qpdf's Python binding).
if ! python3 -c 'import pikepdf' 2>/dev/null; then
  echo "==> installing pikepdf"
  python3 -m pip install --quiet pikepdf 2>/dev/null \
    || python3 -m pip install --quiet --user pikepdf 2>/dev/null \
    || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"; DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-pikepdf; }
fi

# The desktop smoke test drives the app through WebKitWebDriver via tauri-driver.
if ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "==> installing tauri-driver"
  cargo install tauri-driver --locked --quiet
fi

# npm packages exactly as locked, when missing or older than the lock file.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "==> installing the UI's npm packages"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi
if [ ! -d tests/node_modules ] || [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
  echo "==> installing the desktop suites' npm packages"
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
fi
