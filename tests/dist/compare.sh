# Sourced by windows-test.sh and arm64-test.sh: compare the print PDFs two
# builds exported from copies of one workspace. Each function answers with
# its exit status and prints what it found.
#
# A PDF/X-4 export (the default) and a PDF/A-2b export have their manifest
# beside them and nothing random inside: each must be byte for byte the
# same (cmp). A PDF/A-3b export carries its manifest inside, with the
# export's own random id and time, so no two of them are equal even from one
# build on one machine: their page images (pdftoppm), their text (pdftotext)
# and their manifests but for those two fields must be.

# same_pages A.pdf B.pdf: every page renders to the same pixels (50 dpi).
same_pages() {
  local dir n=0 p
  dir=$(mktemp -d)
  pdftoppm -r 50 -png "$1" "$dir/a"
  pdftoppm -r 50 -png "$2" "$dir/b"
  for p in "$dir"/a-*.png; do
    cmp -s "$p" "$dir/b${p#"$dir/a"}" || { echo "    page ${p##*-} differs" >&2; rm -rf "$dir"; return 1; }
    n=$((n + 1))
  done
  [ "$(find "$dir" -name 'b-*.png' | wc -l)" -eq "$n" ] || { rm -rf "$dir"; return 1; }
  echo "    $n pages, identical images"
  rm -rf "$dir"
  [ "$n" -gt 0 ]
}

# same_text A.pdf B.pdf
same_text() {
  cmp <(pdftotext -layout "$1" -) <(pdftotext -layout "$2" -)
}

# same_manifest A.pdf B.pdf: the attached manifests differ in export_uid
# and exported_at only.
same_manifest() {
  local dir rc=0
  dir=$(mktemp -d)
  mkdir "$dir/a" "$dir/b"
  pdfdetach -saveall -o "$dir/a" "$1" && pdfdetach -saveall -o "$dir/b" "$2" &&
    python3 - "$dir"/a/*.json "$dir"/b/*.json <<'PY' || rc=1
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
diff = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
print("    manifest fields that differ:", ", ".join(diff))
assert diff == ["export_uid", "exported_at"], diff
PY
  rm -rf "$dir"
  return "$rc"
}

# The kinds of export both builds make, in this order: the PDF/A-3b first,
# as its attached manifest names the head of the workspace's record, which
# each export moves on (with its own time). `default` is the PDF/X-4.
export_kinds=(pdf-a default pdf-a2b)

# export_flags KIND: the `zonepress export` flags of a kind, one a line.
export_flags() {
  [ "$1" = default ] || echo "--$1"
}

# check_exports A B: the checks (the test's own `check`) of the exports
# A-KIND.pdf of the reference build against B-KIND.pdf of the other.
check_exports() {
  local a=$1 b=$2
  check "PDF/X-4 export (the default, manifest beside it): byte for byte the reference build's" \
    cmp "$a-default.pdf" "$b-default.pdf"
  check "PDF/A-2b export: byte for byte the reference build's" cmp "$a-pdf-a2b.pdf" "$b-pdf-a2b.pdf"
  check "PDF/A-3b export (manifest attached): the page images are identical" same_pages "$a-pdf-a.pdf" "$b-pdf-a.pdf"
  check "PDF/A-3b export: the text is identical" same_text "$a-pdf-a.pdf" "$b-pdf-a.pdf"
  check "PDF/A-3b export: the attached manifests differ only in export_uid and exported_at" \
    same_manifest "$a-pdf-a.pdf" "$b-pdf-a.pdf"
}
