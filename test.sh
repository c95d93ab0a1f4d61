#!/usr/bin/env bash
# Runs every test from a fresh clone, installing what it needs on a bare machine:
# the build (./build.sh: wasm target, wasm-bindgen-cli, npm packages), formatting, lints,
# docs, the Rust tests, web-ext lint of the Firefox build, and the end-to-end tests in headless
# Chromium and Firefox ESR.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

for component in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    rustup component add "$component"
  fi
done

./build.sh

say "web-ext lint dist/firefox (fails on any error or warning)"
NO_UPDATE_NOTIFIER=1 node_modules/.bin/web-ext lint --source-dir dist/firefox \
  --warnings-as-errors --no-config-discovery --boring

say "cargo fmt --check"
cargo fmt --all -- --check
say "cargo clippy (native and wasm32, reader and PDF builds)"
cargo clippy --quiet --all-targets --no-default-features -- -D warnings
cargo clippy --quiet --all-targets --features pdf -- -D warnings
cargo clippy --quiet --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings
cargo clippy --quiet --lib --target wasm32-unknown-unknown --features pdf -- -D warnings
say "cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps --features pdf
say "cargo test (with the PDF writer: its tests need qpdf and poppler-utils)"
if ! command -v qpdf >/dev/null || ! command -v pdftotext >/dev/null; then
  apt-get update -qq
  apt-get install -y -qq qpdf poppler-utils
fi
cargo test --features pdf
say "end-to-end tests (headless Chromium and Firefox ESR)"
tests/e2e/run.sh
