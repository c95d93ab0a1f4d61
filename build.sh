#!/usr/bin/env bash
# Sets up a bare machine and builds the extension into dist/:
#   dist/chrome/            the unpacked Chrome/Edge/Brave extension ("Load unpacked")
#   dist/unspool-chrome.zip the same, ready for the store
#   dist/firefox/            the same files with the Firefox manifest ("Load Temporary Add-on")
#   dist/unspool-firefox.zip the same, ready for addons.mozilla.org
# Idempotent: each set-up step runs only when what it installs is missing or out of date.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# zip_dir SRC DST: a store zip of SRC's files, in a stable order, paths relative to SRC.
zip_dir() {
  rm -f "$2"
  python3 - "$1" "$2" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for base, dirs, files in os.walk(src):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(base, name)
            z.write(path, os.path.relpath(path, src))
PY
}

# --- Rust toolchain -------------------------------------------------------------------------
if ! command -v cargo >/dev/null; then
  echo "cargo not found: install Rust with rustup first (https://rustup.rs)." >&2
  exit 1
fi
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Cargo.lock must exist to know which wasm-bindgen version to match.
[ -f Cargo.lock ] || cargo generate-lockfile
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$wb_version" ]; then
  echo "could not read the wasm-bindgen version from Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
  say "Installing wasm-bindgen-cli $wb_version (matches Cargo.lock; takes a few minutes once)"
  # --locked fails against the registry mirror here; the exact version pins what matters.
  cargo install wasm-bindgen-cli --version "$wb_version" --force
fi

# --- npm tooling (wasm-opt from npm's binaryen: Debian's corrupts wasm-bindgen output) -------
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing npm packages (package-lock.json)"
  npm ci --no-audit --no-fund
fi
wasm_opt="$root/node_modules/.bin/wasm-opt"

# --- The Wasm core --------------------------------------------------------------------------
say "Building the Rust core for wasm32"
# `cargo rustc --crate-type cdylib` rather than a cdylib in Cargo.toml, which would drop LTO.
cargo rustc --quiet --release --lib --target wasm32-unknown-unknown --crate-type cdylib --no-default-features
wasm_in=target/wasm32-unknown-unknown/release/unspool.wasm
bindgen_out=target/wasm-bindgen
rm -rf "$bindgen_out"
# The reset function lets the worker start a fresh instance after a panic.
wasm-bindgen --target web --experimental-reset-state-function --out-dir "$bindgen_out" --out-name unspool "$wasm_in"
# -O3, not -Oz/-Os: size-first levels made the HTML parser about 3x slower here.
# UNSPOOL_WASM_NAMES=1 keeps function names in both modules, for CPU profiles (bigger files).
wasm_names=()
[ -n "${UNSPOOL_WASM_NAMES:-}" ] && wasm_names=(-g)
"$wasm_opt" -O3 "${wasm_names[@]}" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$bindgen_out/unspool_bg.wasm" -o "$bindgen_out/unspool_bg.opt.wasm"
mv "$bindgen_out/unspool_bg.opt.wasm" "$bindgen_out/unspool_bg.wasm"

# --- Assemble dist/chrome -------------------------------------------------------------------
say "Assembling dist/chrome"
out=dist/chrome
rm -rf "$out"
mkdir -p "$out/core"
cp -R extension/. "$out/"
cp manifest.json "$out/manifest.json"
cp "$bindgen_out/unspool.js" "$bindgen_out/unspool_bg.wasm" "$out/core/"
cp LICENSE-MIT LICENSE-APACHE THIRD-PARTY-NOTICES.md "$out/"

# --- PDF module and fonts -------------------------------------------------------------------
# The PDF writer is a second Wasm module (cargo feature `pdf`), loaded by the service worker
# only when the user exports, so opening the reader stays instant. Built at opt-level "s":
# level 3 is ~17% bigger gzipped, "z" 4-5x slower (krilla's shaping and subsetting). krilla
# itself at level 2: exports 4-5% faster for 35 KB gzipped (its glyph-by-glyph text writing
# is the hottest code; level 2 and 3 measured the same; ours and rustybuzz at 3 cost more
# than the budget allows, and ours at 2 too). pdf-writer at level 2 as well (its object and
# string writing: 1.5% faster for 6 KB; ttf-parser and rustybuzz at 2 were no faster).
# wasm-opt at -O3, not -Os: exports 2.6% faster for the same size (A/B of the two modules,
# 60 rounds each way).
say "Building the PDF module for wasm32 and its fonts"
tools/fonts.sh
pdf_target=target/wasm-pdf
CARGO_PROFILE_RELEASE_OPT_LEVEL=s cargo rustc --quiet --release --lib \
  --target wasm32-unknown-unknown --crate-type cdylib --features pdf --target-dir "$pdf_target" \
  --config 'profile.release.package.krilla.opt-level=2' \
  --config 'profile.release.package.pdf-writer.opt-level=2'
pdf_bindgen=target/wasm-bindgen-pdf
rm -rf "$pdf_bindgen"
wasm-bindgen --target web --experimental-reset-state-function --out-dir "$pdf_bindgen" \
  --out-name unspool_pdf "$pdf_target/wasm32-unknown-unknown/release/unspool.wasm"
"$wasm_opt" -O3 "${wasm_names[@]}" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$pdf_bindgen/unspool_pdf_bg.wasm" -o "$pdf_bindgen/unspool_pdf_bg.opt.wasm"
mv "$pdf_bindgen/unspool_pdf_bg.opt.wasm" "$pdf_bindgen/unspool_pdf_bg.wasm"
cp "$pdf_bindgen/unspool_pdf.js" "$pdf_bindgen/unspool_pdf_bg.wasm" "$out/core/"
# Fonts (fetched by the service worker at export; the CJK one only for CJK threads) and
# their licences.
mkdir -p "$out/fonts/licenses"
cp target/fonts/*.ttf target/fonts/*.otf "$out/fonts/"
cp target/fonts/licenses/*.txt "$out/fonts/licenses/"
pdf_bytes=$(wc -c < "$out/core/unspool_pdf_bg.wasm")
pdf_gz=$(gzip -9 -c "$out/core/unspool_pdf_bg.wasm" | wc -c)
fonts_bytes=$(cat "$out"/fonts/*.ttf "$out"/fonts/*.otf | wc -c)
printf 'PDF wasm: %d bytes (%d KB), gzipped %d bytes (%d KB); fonts: %d KB\n' \
  "$pdf_bytes" $((pdf_bytes / 1024)) "$pdf_gz" $((pdf_gz / 1024)) $((fonts_bytes / 1024))
# --- end of PDF module and fonts ------------------------------------------------------------

zip_dir "$out" dist/unspool-chrome.zip

wasm_bytes=$(wc -c < "$out/core/unspool_bg.wasm")
wasm_gz=$(gzip -9 -c "$out/core/unspool_bg.wasm" | wc -c)
zip_bytes=$(wc -c < dist/unspool-chrome.zip)
printf 'core wasm: %d bytes (%d KB), gzipped %d bytes (%d KB)\n' \
  "$wasm_bytes" $((wasm_bytes / 1024)) "$wasm_gz" $((wasm_gz / 1024))
printf 'dist/unspool-chrome.zip: %d bytes (%d KB)\n' "$zip_bytes" $((zip_bytes / 1024))
say "Built dist/chrome — load it in chrome://extensions with \"Load unpacked\""

# --- Firefox: dist/firefox and dist/unspool-firefox.zip --------------------------------------
# The very same files as dist/chrome; only the manifest differs (tools/firefox-manifest.mjs:
# a background page module instead of the service worker, the gecko id, the minimum version,
# no data collection). `web-ext lint` checks it in ./test.sh.
say "Assembling dist/firefox"
ff_out=dist/firefox
rm -rf "$ff_out"
cp -R "$out" "$ff_out"
node tools/firefox-manifest.mjs manifest.json "$ff_out/manifest.json"
zip_dir "$ff_out" dist/unspool-firefox.zip
ff_zip_bytes=$(wc -c < dist/unspool-firefox.zip)
printf 'dist/unspool-firefox.zip: %d bytes (%d KB)\n' "$ff_zip_bytes" $((ff_zip_bytes / 1024))
say "Built dist/firefox — load dist/firefox/manifest.json in about:debugging as a temporary add-on"
# --- end of Firefox -------------------------------------------------------------------------
