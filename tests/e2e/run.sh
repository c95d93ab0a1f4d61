#!/usr/bin/env bash
# The JavaScript tests: unit tests of the extension's modules (tests/unit/) and the end-to-end
# tests of the built extension in headless Chromium (tests/e2e/) and Firefox ESR (tests/firefox/).
# Installs what is missing on a bare machine (Debian's chromium and firefox-esr, the npm
# packages) and builds dist/ if it is not there.
set -euo pipefail
cd "$(dirname "$0")/../.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  say "Installing Debian's chromium"
  apt-get update -qq
  apt-get install -y -qq chromium
fi
if [ ! -x "${FIREFOX:-/usr/bin/firefox-esr}" ]; then
  say "Installing Debian's firefox-esr"
  apt-get update -qq
  apt-get install -y -qq firefox-esr
fi
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/puppeteer-core ]; then
  say "Installing npm packages (package-lock.json)"
  npm ci --no-audit --no-fund
fi
if [ ! -f dist/chrome/manifest.json ] || [ ! -f dist/firefox/manifest.json ]; then
  say "dist/chrome or dist/firefox is missing: building them"
  ./build.sh
fi

say "JavaScript tests (tests/unit, tests/e2e, tests/firefox)"
# Explicit file lists: `node --test DIR` means different things across Node versions.
# TAP on the console as it runs, and the spec reporter into a file whose closing "failing
# tests" section (each failure's message and stack) is printed last when something failed:
# a CI log that keeps only its head and tail still says why.
mkdir -p tests/e2e/out
spec=tests/e2e/out/spec-report.txt
status=0
node --test --test-concurrency=1 \
  --test-reporter=tap --test-reporter-destination=stdout \
  --test-reporter=spec --test-reporter-destination="$spec" \
  tests/unit/*.test.mjs tests/sim/*.test.mjs tests/e2e/*.test.mjs tests/firefox/*.test.mjs \
  || status=$?
if [ "$status" -ne 0 ]; then
  say "Failures (node's spec reporter, $spec)"
  sed -n '/failing tests:/,$p' "$spec"
fi
exit "$status"
