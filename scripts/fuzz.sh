#!/usr/bin/env bash
# `make fuzz`: a bounded fuzzing run of the parsers of what users send —
# the .docx, plain-text and Markdown importers, the 数字报 zip reader and
# the PDF reader of verify, and the proofreading checker. Each target runs
# FUZZ_SECONDS (default 60) from a seed corpus made of the tests' fixtures
# (and, when the `zonepress` binary is built, the demo issue's PDF and
# 数字报). A crash stops the run with the input that caused it in
# fuzz/artifacts/<target>/ (or crates/zonepress-export/fuzz/artifacts/).
#
# Only stable Rust is assumed: RUSTC_BOOTSTRAP=1 lets it take the nightly
# flags cargo-fuzz passes (sanitizer coverage, AddressSanitizer).
# FUZZ_TARGETS="import_docx proof_check" runs only those.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
secs=${FUZZ_SECONDS:-60}
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# Instrumented builds never mix with the project's own target dir.
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$HOME/.cache/zonepress-fuzz-target}"
bin="${ZONEPRESS_BIN:-${ZONEPRESS_TARGET_DIR:-$HOME/.cache/zonepress-target}/debug/zonepress}"

seed() { # seed DIR FILE…: copy the files that exist into the corpus DIR
  local dir=$1; shift
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && cp -n "$f" "$dir/" || true; done
}
fx=crates/zonepress-import/tests/fixtures
seed fuzz/corpus/import_docx $fx/*.docx
seed fuzz/corpus/import_text $fx/*.txt
seed fuzz/corpus/import_markdown $fx/*.md
seed fuzz/corpus/proof_check crates/zonepress-proof/tests/corpus/*.txt $fx/*.utf8*.txt
# A .docx is a zip too: the zip reader starts from those.
seed fuzz/corpus/edition_zip $fx/*.docx
if [ -x "$bin" ]; then
  demo=$(mktemp -d)
  trap 'rm -rf "$demo"' EXIT
  "$bin" --workspace "$demo/ws" init --demo >/dev/null
  "$bin" --workspace "$demo/ws" export --issue 1 --output "$demo/demo.pdf" >/dev/null 2>&1 || true
  "$bin" --workspace "$demo/ws" web --issue 1 --zip --output "$demo/demo-edition.zip" >/dev/null 2>&1 || true
  seed fuzz/corpus/edition_zip "$demo/demo-edition.zip"
  seed crates/zonepress-export/fuzz/corpus/verify_pdf "$demo/demo.pdf"
fi
# A few small PDFs written here, so the PDF target never starts empty.
mkdir -p crates/zonepress-export/fuzz/corpus/verify_pdf
printf '%%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n4 0 obj\n<< /Length 21 >>\nstream\nBT [(Hi) 5 (!)] TJ ET\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%%%EOF\n' \
  > crates/zonepress-export/fuzz/corpus/verify_pdf/one-page.pdf

wanted=${FUZZ_TARGETS:-import_docx import_text import_markdown edition_zip proof_check verify_pdf}
run() { # run DIR TARGET
  local dir=$1 target=$2
  case " $wanted " in *" $target "*) ;; *) return 0 ;; esac
  echo "== fuzz $target for ${secs}s"
  (cd "$dir" && cargo fuzz run --release "$target" "corpus/$target" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=1048576 -print_final_stats=1)
}
for t in import_docx import_text import_markdown edition_zip proof_check; do
  run "$root/fuzz" "$t"
done
run "$root/crates/zonepress-export/fuzz" verify_pdf
echo "make fuzz: no crash in ${secs}s per target"
