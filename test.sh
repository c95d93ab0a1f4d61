#!/usr/bin/env bash
# Runs every test from a fresh clone, installing what it needs on a bare machine:
# the build (./build.sh: wasm target, wasm-bindgen-cli, npm packages), formatting, lints,
# docs, the Rust tests, and the end-to-end tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

for component in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    rustup component add "$component"
  fi
done

./build.sh

say "cargo fmt --check"
cargo fmt --all -- --check
say "cargo clippy (native and wasm32)"
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --lib --target wasm32-unknown-unknown -- -D warnings
say "cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps
say "cargo test"
cargo test
say "end-to-end tests (headless Chromium)"
tests/e2e/run.sh
