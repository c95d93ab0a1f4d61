#!/usr/bin/env python3
"""Writes the committed seed corpora in fuzz/corpus/ from the page cases in tests/pages/.

html_extract: each seed is one byte (the index of the page's URL in URLS of
fuzz_targets/html_extract.rs) and the page, trimmed: scripts, styles and SVG paths out, and on
X (whose extractor never reads class names) the generated class and style attributes too.
thread_render: a few byte strings that decode into threads (libFuzzer grows the rest).
Run from the repository root: python3 fuzz/make-seeds.py
"""
import os
import re

URLS = [
    "https://x.com/svpino/status/1334505698712617481",
    "https://x.com/hanasato_dev/status/2028502356127122401",
    "https://x.com/ines_codes/status/2029197672308542512",
    "https://x.com/lenafischer_dev/status/2028637279911677029",
    "https://x.com/tomasz_builds/status/2024759678491166617",
    "https://x.com/svpino/status/1334507068706521841",
    "https://x.com/UaSmart/status/934106870834454529",
    "https://x.com/home",
    "https://bsky.app/profile/mayalindqvist.bsky.social/post/3m4s6wy3gd2ny",
    "https://bsky.app/profile/mayalindqvist.bsky.social/post/3m4s74zoij2h7",
    "https://hachyderm.io/@ljharper/113468995452845265",
    "https://threadreaderapp.com/thread/1334505698712617481.html",
]

CASES = {
    "x-seed-thread": 0,
    "x-quote-photo": 1,
    "x-content-kinds": 2,
    "x-rich-text": 3,
    "x-show-replies": 4,
    "x-thread-mid": 5,
    "x-metascraper-post-image": 6,
    "bluesky-self-thread": 8,
    "bluesky-self-thread-mid": 9,
    "mastodon-self-thread": 10,
    "mastodon-self-thread-expanded": 10,
    "threadreader-svpino": 11,
}


def trim(html, x):
    html = re.sub(r"<(style|script)\b[^>]*>.*?</\1>", "", html, flags=re.S)
    html = re.sub(r"<svg\b[^>]*>.*?</svg>", "<svg></svg>", html, flags=re.S)
    html = re.sub(r' style="[^"]*"', "", html)
    if x:
        html = re.sub(r' class="[^"]*"', "", html)
    return html


def main():
    out = "fuzz/corpus/html_extract"
    os.makedirs(out, exist_ok=True)
    for case, index in CASES.items():
        assert open(f"tests/pages/{case}/url.txt").read().strip() == URLS[index], case
        html = open(f"tests/pages/{case}/source.html", encoding="utf-8").read()
        data = bytes([index]) + trim(html, case.startswith("x-")).encode()
        with open(f"{out}/{case}", "wb") as f:
            f.write(data)
    # Two snapshots of one page (the collection loop's scrolling), split by "\0\0".
    a = open(f"{out}/x-thread-mid", "rb").read()
    b = open(f"{out}/x-seed-thread", "rb").read()
    with open(f"{out}/x-two-snapshots", "wb") as f:
        f.write(bytes([5]) + a[1:] + b"\0\0" + b[1:])
    out = "fuzz/corpus/thread_render"
    os.makedirs(out, exist_ok=True)
    seeds = {
        "empty": b"",
        "one-post": b"\x00Ann\x00ann\x00\x01\x01\x011\x00Hello world\x00\x00",
        "mixed": "\x01Sana ☕ שלום مرحبا こんにちは 👋🏽\x00sana\x00\x01\x02\x02\x02\x03\xff\x10\x20"
        .encode()
        + bytes(range(256)),
    }
    for name, data in seeds.items():
        with open(f"{out}/{name}", "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
