# ZonePress 园区编务 — the two commands: `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

# One build profile (dev, with dependencies optimised) and one target dir
# outside the clone, shared by every build and test.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/zonepress-target
export PATH := $(HOME)/.cargo/bin:$(PATH)
BIN := $(CARGO_TARGET_DIR)/debug

.PHONY: run test deps ui bins build lint lint-fast test-build test-rust test-ui e2e desktop-test bench types dist dist-test fuzz \
	deps-cross dist-windows dist-windows-test dist-arm64 dist-arm64-test dist-all

## Install what is missing, build, and open the desktop app on the default
## workspace (the desktop's own folder, or ZONEPRESS_WORKSPACE), created with
## the demo content when there is none yet. The app itself offers 新建工作区
## and 打开演示工作区 on a first launch; `make run` goes straight to the demo.
run: deps build
	@ws="$${ZONEPRESS_WORKSPACE:-$${XDG_DATA_HOME:-$$HOME/.local/share}/cn.zonepress.desktop/workspace}"; \
	if [ ! -e "$$ws/workspace.db" ]; then $(BIN)/zonepress --workspace "$$ws" init --demo; fi
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "没有图形显示（DISPLAY），在虚拟显示中启动；有桌面时请直接运行 make run"; \
	  exec xvfb-run -a -s "-screen 0 1400x900x24" $(BIN)/zonepress-desktop; \
	fi
	$(BIN)/zonepress-desktop

## Install what is missing and run every test. Clippy's lints run inside
## the one build of the workspace that the tests use (see LINTED), not in a
## check build of their own first. Every target below names what it needs,
## so each also runs alone on a fresh clone (`make e2e`, `make
## desktop-test` …); within one `make`, each prerequisite runs once.
test: deps ui lint-fast test-rust test-ui e2e desktop-test
	@echo "make test: all suites passed"

# Our own crates compiled by clippy-driver with warnings denied: one compile
# of the workspace serves clippy's lints, the tests and the binaries the UI
# tests run (dependencies are compiled by rustc as always). Recursive (`=`),
# so it is looked up after `deps` has installed the toolchain.
CLIPPY_DRIVER = $(shell rustup which clippy-driver 2>/dev/null || command -v clippy-driver)
LINTED = RUSTC_WORKSPACE_WRAPPER=$(CLIPPY_DRIVER) CLIPPY_ARGS=-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__

deps:
	@scripts/deps.sh

## The UI's production build (ui/dist): served by `zonepress serve` and
## embedded in the desktop app, so it comes before the binaries.
ui: deps
	cd ui && npx vite build --logLevel warn

## The binaries (zonepress, zonepress-desktop) in the LINTED environment of
## test-rust, so that they share its compiled crates (in `make test`, once).
bins: deps ui
	@test -x "$(CLIPPY_DRIVER)" || { echo "clippy-driver is missing: rustup component add clippy" >&2; exit 1; }
	$(LINTED) cargo build --workspace --bins

build: ui
	cargo build --workspace --bins

## Every lint on its own: formatting, clippy, TypeScript and ESLint.
lint: lint-fast
	cargo clippy --workspace --all-targets --quiet -- -D warnings

lint-fast: deps
	cargo fmt --all --check
	cd ui && npx tsc --noEmit -p . && npx eslint src tests --max-warnings=0

## Every target of the workspace compiled once under clippy's lints (benches
## and examples too, as `cargo clippy --all-targets` would), then the tests.
test-rust: deps ui test-build bins
	$(LINTED) cargo test --workspace --no-fail-fast

# The test build of every target, before `bins` (which then only links
# what differs).
test-build: deps ui
	@test -x "$(CLIPPY_DRIVER)" || { echo "clippy-driver is missing: rustup component add clippy" >&2; exit 1; }
	$(LINTED) cargo test --workspace --all-targets --no-run

test-ui: deps
	cd ui && npx vitest run

## The UI in Chromium against a real `zonepress serve` (the built UI and
## the built binary).
e2e: ui bins
	cd ui && npx playwright test

## The desktop app under Xvfb through tauri-driver (the app embeds the UI).
desktop-test: ui bins
	xvfb-run -a -s "-screen 0 1400x900x24" node tests/desktop/smoke.mjs

## Regenerate the UI's TypeScript types from the Rust types.
types:
	ZONEPRESS_UPDATE_TYPES=1 cargo test -p zonepress-api --test typescript
	ZONEPRESS_UPDATE_TYPES=1 cargo test -p zonepress-desktop types

## A bounded fuzzing run of the parsers of what users send (FUZZ_SECONDS
## per target, default 60; cargo-fuzz on stable Rust). Not part of `make
## test`: the instrumented first build alone takes longer than a minute.
fuzz:
	ZONEPRESS_TARGET_DIR=$(CARGO_TARGET_DIR) scripts/fuzz.sh

## Benchmarks (release builds; figures are printed and go in the README).
bench: deps ui
	cargo bench -p zonepress-store
	cargo bench -p zonepress-proof
	cargo bench -p zonepress-import
	cargo bench -p zonepress-api
	cargo bench -p zonepress-export
	cargo bench -p zonepress-http --bench load
	cargo bench -p zonepress-http --bench handpath
	cargo build --release -p zonepress-cli --bin zonepress
	python3 crates/zonepress-export/benches/cold_export.py $(CARGO_TARGET_DIR)/release/zonepress
	cargo build --release -p zonepress-desktop --features custom-protocol
	python3 src-tauri/benches/startup.py $(CARGO_TARGET_DIR)/release/zonepress-desktop $(CARGO_TARGET_DIR)/release/zonepress

## The release .deb (DIST_BUNDLES=deb,appimage adds an AppImage) into dist/,
## with the npm Tauri CLI. Not part of `make test`: a release build is long.
dist: deps
	scripts/dist.sh

## Install the built .deb on this machine and check it as a user and an
## office admin would, then remove it (needs root; see tests/dist/).
dist-test:
	tests/dist/dist-test.sh

## Windows 10/11 and 信创 arm64, built on this Linux machine (README,
## "Platforms"). Not part of `make test`: each cross build is long.
deps-cross:
	@scripts/deps-cross.sh

## zonepress.exe, zonepress-desktop.exe, the NSIS installer and the portable
## .zip into dist/.
dist-windows: deps deps-cross
	scripts/dist-windows.sh

## The Windows CLI under Wine: init, export, verify, serve to this machine,
## the PDF against the Linux build's; the installer installed and removed.
dist-windows-test: deps-cross
	tests/dist/windows-test.sh

## The arm64 .deb (same contents as the amd64 one) into dist/, cross-built
## against an arm64 Debian sysroot.
dist-arm64: deps deps-cross
	scripts/dist-arm64.sh

## The arm64 programs under qemu-user: init, export, verify, serve to this
## machine, the PDF against amd64's; the .deb installed into an arm64 root.
dist-arm64-test: deps-cross
	tests/dist/arm64-test.sh

## The amd64 and arm64 .debs and the Windows installer and .zip.
dist-all: dist dist-arm64 dist-windows
