#!/usr/bin/env bash
# Fuzzes each target for a bounded time: ./fuzz.sh [SECONDS per target, default 60].
# Not part of ./test.sh or CI. Needs the nightly toolchain and cargo-fuzz (installed from
# crates.io when missing) and the PDF fonts (tools/fonts.sh, run when missing).
#
# Targets (fuzz/fuzz_targets/): html_extract (any bytes as a page, through the collection
# session the extension uses) and thread_render (arbitrary threads to Markdown and PDF).
# Each starts from the committed seeds in fuzz/corpus/<target>/ and keeps what it learns in
# fuzz/work/<target>/ (ignored by git). A crash leaves its input in fuzz/artifacts/<target>/;
# reproduce it with `cargo +nightly fuzz run <target> <file>`, fix it, and add it as a
# regression test (tests/robustness.rs, tests/pdf/).
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"

if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz
fi
if [ ! -f target/fonts/Literata-Regular.ttf ]; then
  tools/fonts.sh
fi

echo "== building the fuzz targets (cargo +nightly fuzz build -O)"
cargo +nightly fuzz build -O

failed=0
summary=()
for target in html_extract thread_render; do
  work="fuzz/work/$target"
  log="fuzz/work/$target.log"
  mkdir -p "$work" "fuzz/artifacts/$target"
  # libFuzzer names what it finds crash-*, leak-*, timeout-*, oom-* (failures) and slow-unit-*
  # (an input slower than 10 s: worth a look, not a failure).
  found() { find "fuzz/artifacts/$target" -type f -name "$1" | wc -l; }
  before=$(( $(found 'crash-*') + $(found 'leak-*') + $(found 'timeout-*') + $(found 'oom-*') ))
  slow_before=$(found 'slow-unit-*')
  echo "== $target for ${secs}s"
  set +e
  # -timeout: a single input taking a minute is a hang, not a slow input.
  cargo +nightly fuzz run -O "$target" "$work" "fuzz/corpus/$target" -- \
    -max_total_time="$secs" -timeout=60 -rss_limit_mb=3072 -print_final_stats=1 \
    >"$log" 2>&1
  status=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1)
  after=$(( $(found 'crash-*') + $(found 'leak-*') + $(found 'timeout-*') + $(found 'oom-*') ))
  crashes=$((after - before))
  slow=$(( $(found 'slow-unit-*') - slow_before ))
  grep -E 'SKIPPED|^==[0-9]+==|panicked at' "$log" | head -n 5 || true
  if [ "$status" -ne 0 ] || [ "$crashes" -gt 0 ]; then
    failed=1
    tail -n 30 "$log"
  fi
  summary+=("$target: ${runs:-?} executions in ${secs}s, $crashes new crashes (exit $status), $slow new slow inputs, corpus $(find "$work" -type f | wc -l) inputs")
done

echo "== summary"
printf '%s\n' "${summary[@]}"
exit "$failed"
