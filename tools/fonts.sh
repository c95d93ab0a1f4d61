#!/usr/bin/env bash
# Builds the fonts the PDF writer uses into target/fonts/ (and their licences into
# target/fonts/licenses/), from package registries only:
#   Literata (npm @expo-google-fonts/literata)        Latin, Greek, Cyrillic: body and titles
#   Noto Serif Hebrew, Noto Naskh Arabic (Debian)     Hebrew and Arabic, matching the serif body
#   Twemoji Mozilla COLRv0 (npm twemoji-colr-font)    color emoji, the set X itself draws
#   Noto Sans CJK JP, common subset (Debian)          CJK: fetched by the extension only when a
#                                                     thread has CJK text
#   Noto Serif Devanagari, Bengali, Tamil, Thai       the same: fetched only for a thread in
#     (Debian; regular weight, bold drawn)            that script
# Every font is subset (no hinting: a PDF does not need it) to keep the extension small.
# Idempotent: does nothing when the outputs exist and this script has not changed.
#
# The CJK subset holds the characters of GB 2312 level 1 (3,755 most used simplified Chinese),
# JIS X 0208 level 1 (2,965 most used Japanese kanji), KS X 1001 (2,350 Hangul syllables),
# kana, CJK punctuation and full-width forms: ~7,950 characters, taken from Python's codecs so
# no character list has to be downloaded. Rarer characters are not in it (see README).
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/fonts
src=target/fonts-src
stamp="$out/.stamp"
want_stamp=$(sha256sum tools/fonts.sh | cut -d' ' -f1)
outputs=(Literata-Regular.ttf Literata-Bold.ttf Literata-Italic.ttf
  NotoSerifHebrew-Regular.ttf NotoSerifHebrew-Bold.ttf
  NotoNaskhArabic-Regular.ttf NotoNaskhArabic-Bold.ttf
  TwemojiMozilla.ttf NotoSansCJKjp-Common.otf
  NotoSerifDevanagari-Regular.ttf NotoSerifBengali-Regular.ttf NotoSerifTamil-Regular.ttf
  NotoSerifThai-Regular.ttf)

up_to_date() {
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want_stamp" ] || return 1
  for f in "${outputs[@]}"; do [ -s "$out/$f" ] || return 1; done
}
if up_to_date; then
  echo "fonts: up to date in $out"
  exit 0
fi

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- Tools and Debian font packages ---------------------------------------------------------
noto=/usr/share/fonts/truetype/noto
cjk=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
# Debian's fontTools, run by Debian's python (a pyenv python first on PATH would not see it).
py=/usr/bin/python3
if [ ! -x /usr/bin/pyftsubset ] || [ ! -f "$noto/NotoSerifHebrew-Regular.ttf" ] \
  || [ ! -f "$noto/NotoSerifThai-Regular.ttf" ] || [ ! -f "$cjk" ] \
  || ! "$py" -c 'import brotli' 2>/dev/null; then
  say "Installing fonttools and the Noto font packages (Debian)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q fonttools python3-brotli fonts-noto-core fonts-noto-cjk >/dev/null \
    || { apt-get update -q >/dev/null && apt-get install -y -q fonttools python3-brotli \
      fonts-noto-core fonts-noto-cjk >/dev/null; }
fi

# --- npm font packages (pinned) -------------------------------------------------------------
mkdir -p "$src" "$out/licenses"
fetch_npm() { # name@version dir
  if [ ! -f "$src/$2/package.json" ]; then
    say "Fetching $1 (npm)"
    rm -rf "${src:?}/$2" && mkdir -p "$src/$2"
    tarball=$(cd "$src" && npm pack --silent "$1")
    tar xzf "$src/$tarball" -C "$src/$2" --strip-components=1
    rm -f "${src:?}/$tarball"
  fi
}
fetch_npm @expo-google-fonts/literata@0.4.3 literata
fetch_npm twemoji-colr-font@15.0.3 twemoji

# --- Subsets --------------------------------------------------------------------------------
say "Subsetting fonts into $out"
subset() { # input output unicodes [extra pyftsubset options…]
  local input=$1 output=$2 unicodes=$3
  shift 3
  /usr/bin/pyftsubset "$input" --output-file="$out/$output" --unicodes="$unicodes" \
    --no-hinting --desubroutinize --name-IDs=0,1,2,3,4,5,6,13,14 --name-languages=0x409 \
    --drop-tables+=DSIG,STAT,vhea,vmtx,VORG,FFTM "$@"
}
# Latin (with Vietnamese), Greek, Cyrillic, punctuation, currency, letterlike, arrows, ▶.
latin='U+0000-024F,U+02B0-02FF,U+0300-036F,U+0370-03FF,U+0400-04FF,U+1E00-1EFF'
latin+=',U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2200-22FF,U+25A0-25FF,U+FB00-FB06'
features='--layout-features+=tnum,lnum'
subset "$src/literata/400Regular/Literata_400Regular.ttf" Literata-Regular.ttf "$latin" "$features"
subset "$src/literata/700Bold/Literata_700Bold.ttf" Literata-Bold.ttf "$latin" "$features"
subset "$src/literata/400Regular_Italic/Literata_400Regular_Italic.ttf" Literata-Italic.ttf \
  "$latin" "$features"

hebrew='U+0590-05FF,U+FB1D-FB4F,U+200C-200F,U+25CC'
subset "$noto/NotoSerifHebrew-Regular.ttf" NotoSerifHebrew-Regular.ttf "$hebrew"
subset "$noto/NotoSerifHebrew-Bold.ttf" NotoSerifHebrew-Bold.ttf "$hebrew"
# Arabic with its presentation forms, the Arabic comma/semicolon, tatweel, joiners.
arabic='U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF,U+200C-200F,U+25CC'
subset "$noto/NotoNaskhArabic-Regular.ttf" NotoNaskhArabic-Regular.ttf "$arabic"
subset "$noto/NotoNaskhArabic-Bold.ttf" NotoNaskhArabic-Bold.ttf "$arabic"

# Scripts of South and South-East Asia, regular weight only (the writer draws bold, as for
# CJK): each with its joiners, the dotted circle shaping puts under a lone mark, and — for
# the Indic ones — the danda and double danda that Bengali and Tamil text borrows.
joiners='U+200C-200D,U+25CC'
subset "$noto/NotoSerifDevanagari-Regular.ttf" NotoSerifDevanagari-Regular.ttf \
  "U+0900-097F,U+A8E0-A8FF,U+1CD0-1CFF,$joiners"
subset "$noto/NotoSerifBengali-Regular.ttf" NotoSerifBengali-Regular.ttf \
  "U+0980-09FF,U+0964-0965,$joiners"
subset "$noto/NotoSerifTamil-Regular.ttf" NotoSerifTamil-Regular.ttf \
  "U+0B80-0BFF,U+0964-0965,$joiners"
subset "$noto/NotoSerifThai-Regular.ttf" NotoSerifThai-Regular.ttf "U+0E00-0E7F,$joiners"

# Twemoji ships as WOFF2; the PDF writer reads TTF. Every emoji is kept (with the GSUB
# ligatures that make ZWJ sequences, flags and skin tones), without glyph names.
/usr/bin/pyftsubset "$src/twemoji/twemoji.woff2" --output-file="$out/TwemojiMozilla.ttf" \
  --flavor= --unicodes='*' --glyphs='*' --layout-features='*' --no-hinting \
  --drop-tables+=FFTM

"$py" - "$src/cjk-chars.txt" <<'PY'
import sys
def block(codec, rows, cols=range(0xA1, 0xFF)):
    chars = set()
    for hi in rows:
        for lo in cols:
            try:
                text = bytes([hi, lo]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                chars.add(text)
    return chars
chars = set()
chars |= block("gb2312", range(0xB0, 0xD8))    # GB 2312 level 1
chars |= block("euc_jp", range(0xB0, 0xD0))    # JIS X 0208 level 1
chars |= block("euc_kr", range(0xB0, 0xC9))    # KS X 1001 Hangul syllables
ranges = [(0x3000, 0x30FF), (0x3130, 0x318F), (0x31F0, 0x31FF), (0xFF00, 0xFFEF)]
for a, b in ranges:
    chars |= {chr(c) for c in range(a, b + 1)}
open(sys.argv[1], "w", encoding="utf-8").write("".join(sorted(chars)))
PY
# Face 0 of the collection is the Japanese one (Japan is X's largest CJK audience); the same
# glyphs serve Chinese and Korean text. No OpenType layout: CJK needs none in horizontal text.
/usr/bin/pyftsubset "$cjk" --font-number=0 --output-file="$out/NotoSansCJKjp-Common.otf" \
  --text-file="$src/cjk-chars.txt" --layout-features= --no-hinting \
  --drop-tables+=vhea,vmtx,VORG \
  --name-IDs=0,1,2,3,4,5,6,13,14 --name-languages=0x409

# --- Licences -------------------------------------------------------------------------------
ofl_body() { sed -n '/^SIL OPEN FONT LICENSE/,$p' "$src/literata/LICENSE_FONT"; }
{
  head -n 1 "$src/literata/LICENSE_FONT"
  echo
  ofl_body
} > "$out/licenses/Literata-OFL.txt"
{
  echo "Noto Serif Hebrew, Noto Naskh Arabic, Noto Serif Devanagari, Noto Serif Bengali, Noto Serif Tamil,"
  echo "Noto Serif Thai: Copyright 2010-2022 Google LLC (The Noto Project Authors)."
  echo "Noto Sans CJK: Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'."
  echo "Subset for Unspool from Debian's fonts-noto-core and fonts-noto-cjk."
  echo
  ofl_body
} > "$out/licenses/Noto-OFL.txt"
cp "$src/twemoji/LICENSE" "$out/licenses/Twemoji-OFL-and-CC-BY-4.0.txt"

echo "$want_stamp" > "$stamp"
for f in "${outputs[@]}"; do
  printf '%-32s %8d bytes\n' "$f" "$(wc -c < "$out/$f")"
done
