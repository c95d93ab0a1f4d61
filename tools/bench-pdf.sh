#!/usr/bin/env bash
# PDF benchmark: a 200-post thread with 40 photos, rendered natively (release build) and by
# the PDF Wasm module in Node (dist/chrome/core/unspool_pdf_bg.wasm, built by ./build.sh).
# Prints timings; asserts nothing.  tools/bench-pdf.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
tools/fonts.sh >/dev/null
cargo run --quiet --release --features pdf --example pdf_bench -- "$runs"
if [ -f dist/chrome/core/unspool_pdf_bg.wasm ]; then
  node tools/bench-pdf.mjs "$runs"
else
  echo "wasm: skipped — run ./build.sh first to build dist/chrome/core/unspool_pdf_bg.wasm"
fi
