//! Character references (`&amp;`, `&#x1F600;`, …).
//!
//! Browsers serialize only `&amp; &lt; &gt; &quot; &nbsp;`; saved and hand-written pages use
//! a few more. The table holds the references real pages use; an unknown one stays as written.

use std::borrow::Cow;

const NAMED: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", "\u{a0}"),
    ("copy", "©"),
    ("reg", "®"),
    ("trade", "™"),
    ("hellip", "…"),
    ("mdash", "—"),
    ("ndash", "–"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("sbquo", "‚"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("bdquo", "„"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("lsaquo", "‹"),
    ("rsaquo", "›"),
    ("middot", "·"),
    ("bull", "•"),
    ("euro", "€"),
    ("pound", "£"),
    ("yen", "¥"),
    ("cent", "¢"),
    ("sect", "§"),
    ("para", "¶"),
    ("deg", "°"),
    ("plusmn", "±"),
    ("times", "×"),
    ("divide", "÷"),
    ("shy", "\u{ad}"),
    ("zwj", "\u{200d}"),
    ("zwnj", "\u{200c}"),
    ("lrm", "\u{200e}"),
    ("rlm", "\u{200f}"),
    ("ensp", "\u{2002}"),
    ("emsp", "\u{2003}"),
    ("thinsp", "\u{2009}"),
    ("iexcl", "¡"),
    ("iquest", "¿"),
    ("larr", "←"),
    ("rarr", "→"),
    ("uarr", "↑"),
    ("darr", "↓"),
    ("harr", "↔"),
    ("hearts", "♥"),
    ("check", "✓"),
    ("star", "☆"),
    ("dagger", "†"),
    ("prime", "′"),
    ("frac12", "½"),
    ("frac14", "¼"),
    ("frac34", "¾"),
    ("sup2", "²"),
    ("sup3", "³"),
    ("micro", "µ"),
    ("aacute", "á"),
    ("eacute", "é"),
    ("iacute", "í"),
    ("oacute", "ó"),
    ("uacute", "ú"),
    ("agrave", "à"),
    ("egrave", "è"),
    ("ntilde", "ñ"),
    ("auml", "ä"),
    ("ouml", "ö"),
    ("uuml", "ü"),
    ("Auml", "Ä"),
    ("Ouml", "Ö"),
    ("Uuml", "Ü"),
    ("szlig", "ß"),
    ("ccedil", "ç"),
];

/// Legacy references browsers accept without the trailing `;`.
const LEGACY: &[&str] = &["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"];

/// Windows-1252 meanings of the C1 range, as the HTML spec maps `&#128;`…`&#159;`.
const C1: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// Decodes character references in `s`.
pub fn decode_entities(s: &str) -> String {
    decode(s).into_owned()
}

fn decode(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        let after = rest.get(amp + 1..).unwrap_or_default();
        match reference(after) {
            Some((text, used)) => {
                out.push_str(&text);
                rest = after.get(used..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Parses the reference after `&`; returns its text and how many bytes it used.
fn reference(after: &str) -> Option<(Cow<'static, str>, usize)> {
    if let Some(num) = after.strip_prefix('#') {
        let (digits, radix, prefix) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 2),
            None => (num, 10, 1),
        };
        let len = digits
            .bytes()
            .take_while(|b| (*b as char).is_digit(radix))
            .count();
        if len == 0 {
            return None;
        }
        let value = u32::from_str_radix(digits.get(..len.min(8))?, radix).unwrap_or(u32::MAX);
        let value = if len > 8 { u32::MAX } else { value };
        let ch = match value {
            0x80..=0x9f => C1.get((value - 0x80) as usize).copied(),
            0 => None,
            v => char::from_u32(v),
        }
        .unwrap_or('\u{fffd}');
        let semicolon = usize::from(digits.as_bytes().get(len) == Some(&b';'));
        return Some((Cow::Owned(ch.to_string()), prefix + len + semicolon));
    }
    let len = after
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let name = after.get(..len)?;
    let (_, text) = NAMED.iter().find(|(n, _)| *n == name)?;
    if after.as_bytes().get(len) == Some(&b';') {
        Some((Cow::Borrowed(text), len + 1))
    } else if LEGACY.contains(&name) {
        Some((Cow::Borrowed(text), len))
    } else {
        None
    }
}
