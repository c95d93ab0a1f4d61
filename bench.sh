#!/usr/bin/env bash
# Benchmarks with budgets. Every time is a ratio against a baseline run in the same process on
# the same input (the machines are shared and noisy), reported as the median of repeated runs
# with min and max. Prints one table; exits non-zero only when a budget is broken.
#   ./bench.sh            (BENCH_REPS=15 by default)
set -euo pipefail
cd "$(dirname "$0")"
[ -f dist/chrome/core/unspool_pdf_bg.wasm ] || ./build.sh >/dev/null
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund

extract=$(node bench/extract.mjs)
pdf_native=$(cargo run --quiet --release --features pdf --example pdf_bench -- 7 2>/dev/null | tail -n 1 || true)
pdf_wasm=$( [ -f target/pdf-bench/thread.json ] && node tools/bench-pdf.mjs 7 2>/dev/null | tail -n 1 || true)

EXTRACT="$extract" PDF_NATIVE="$pdf_native" PDF_WASM="$pdf_wasm" python3 - <<'PY'
import gzip, json, os, statistics as st, sys

rows = json.loads(os.environ["EXTRACT"])
broken = []
def med(xs): return st.median(xs)
def fmt(xs): return f"{med(xs):7.1f} ms (min {min(xs):.1f}, max {max(xs):.1f})"

print("| row | input | Unspool | baseline | ratio | budget |")
print("|---|---|---|---|---|---|")
by = {r["name"]: r for r in rows}
for r in rows:
    if r["counts"]["wasm"] != r["counts"]["js"]:
        broken.append(f"{r['name']}: Wasm found {r['counts']['wasm']} posts, the reference {r['counts']['js']}")
    ratio = med(r["times"]["wasm"]) / med(r["times"]["js"])
    budget = "≤ 1.0×" if r["posts"] == 200 else ""
    if r["posts"] == 200 and ratio > 1.0:
        broken.append(f"extraction at 200 posts is {ratio:.2f}× the DOMParser reference")
    print(f"| 1 extraction | {r['name']}, {r['bytes']//1024} KB | {fmt(r['times']['wasm'])} | "
          f"DOMParser {fmt(r['times']['js'])} | {ratio:.2f}× | {budget} |")

small, large = by["generated 100 posts"], by["generated 1000 posts"]
scale = med(large["times"]["wasm"]) / med(small["times"]["wasm"])
if scale > 12:
    broken.append(f"extraction scales {scale:.1f}× from 100 to 1,000 posts")
print(f"| 4 scaling | extraction, 1,000 ÷ 100 posts | {scale:.1f} | linear = 10 | | ≤ 12 |")

def size(path):
    raw = open(path, "rb").read()
    return len(raw), len(gzip.compress(raw, 9))
reader = size("dist/chrome/core/unspool_bg.wasm")
pdf = size("dist/chrome/core/unspool_pdf_bg.wasm")
zip_bytes = os.path.getsize("dist/unspool-chrome.zip")
fonts = sum(os.path.getsize(os.path.join("dist/chrome/fonts", f))
            for f in os.listdir("dist/chrome/fonts") if f.endswith((".ttf", ".otf")))
print(f"| 5 size | reader Wasm | {reader[0]//1024} KB, {reader[1]//1024} KB gzipped | | | ≤ 300 KB gz |")
print(f"| 5 size | PDF Wasm (loaded on export) | {pdf[0]//1024} KB, {pdf[1]//1024} KB gzipped | | | ≤ 900 KB gz |")
print(f"| 5 size | fonts | {fonts//1024} KB | | | |")
print(f"| 5 size | dist/unspool-chrome.zip | {zip_bytes//1024} KB | | | ≤ 4 MB |")
if reader[1] > 300 * 1024: broken.append("reader Wasm over 300 KB gzipped")
if pdf[1] > 900 * 1024: broken.append("PDF Wasm over 900 KB gzipped")
if zip_bytes > 4 * 1024 * 1024: broken.append("zip over 4 MB")

for label, line in (("native", os.environ.get("PDF_NATIVE", "")), ("Wasm (Node)", os.environ.get("PDF_WASM", ""))):
    if line:
        print(f"| 3 PDF | 200 posts, 40 photos, {label} | {line.split(':', 1)[-1].strip()} | not yet: printToPDF, jspdf | | ≤ 0.2× / ≤ 0.5× |")
print("| 2 click to overlay | | not measured yet | | | ≤ 1.5× warm, ≤ 3× cold |")
print("| 6 memory | | not measured yet | | | ≤ 200 MB |")

if broken:
    print("\nBudgets broken:\n- " + "\n- ".join(broken))
    sys.exit(1)
print("\nAll measured budgets hold.")
PY
