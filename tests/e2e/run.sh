#!/usr/bin/env bash
# The JavaScript tests: unit tests of the extension's modules (tests/unit/) and the end-to-end
# tests of the built extension in headless Chromium (tests/e2e/). Installs what is missing on a
# bare machine (Debian's chromium, the npm packages) and builds dist/chrome if it is not there.
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  say "Installing Debian's chromium"
  apt-get update -qq
  apt-get install -y -qq chromium
fi
if [ ! -d node_modules/playwright-core ]; then
  say "Installing npm packages (package-lock.json)"
  npm ci --no-audit --no-fund
fi
if [ ! -f dist/chrome/manifest.json ]; then
  say "dist/chrome is missing: building it"
  ./build.sh
fi

say "JavaScript tests (tests/unit, tests/e2e)"
# Explicit file lists: `node --test DIR` means different things across Node versions.
node --test --test-concurrency=1 tests/unit/*.test.mjs tests/sim/*.test.mjs tests/e2e/*.test.mjs
