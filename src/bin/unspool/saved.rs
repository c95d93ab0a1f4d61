//! What a saved page carries besides its markup: the URL it was saved from, and its images —
//! files beside it ("Webpage, complete" writes them into `PAGE_files/`) or `data:` URIs
//! (single-file savers inline them).
//!
//! The extractors keep only `http(s)` images (a page's relative paths mean nothing to the
//! extension), so before extraction each image reference that resolves to local image bytes
//! is renamed to a URL under [`LOCAL_HOST`], a reserved name that never resolves; the bytes go
//! into the PDF's image store under that URL. Nothing is fetched from the network.

use std::collections::HashMap;
use std::path::Path;

/// The host of the URLs local images are renamed to (`.invalid` is reserved, RFC 2606).
pub const LOCAL_HOST: &str = "saved-page.invalid";

/// The URL a saved page came from, as the browser or a saver recorded it.
pub fn saved_url(html: &str) -> Option<String> {
    let mut end = html.len().min(200_000);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let head = html.get(..end).unwrap_or(html);
    let after = |marker: &str| -> Option<String> {
        let rest = head.get(head.find(marker)? + marker.len()..)?;
        let url: String = rest
            .trim_start()
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | '<' | '>'))
            .collect();
        url.starts_with("http").then_some(url)
    };
    // Chrome: <!-- saved from url=(0046)https://x.com/… -->
    if let Some(rest) = head
        .find("saved from url=(")
        .and_then(|i| head.get(i + 16..))
    {
        if let Some(close) = rest.find(')') {
            let url: String = rest
                .get(close + 1..)
                .unwrap_or_default()
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '-')
                .collect();
            if url.starts_with("http") {
                return Some(url);
            }
        }
    }
    after("Page saved with SingleFile \n url:")
        .or_else(|| after("url: "))
        .or_else(|| after("rel=\"canonical\" href=\""))
        .or_else(|| after("property=\"og:url\" content=\""))
}

/// The URL in a `url.txt` beside the page (how the page cases under `tests/pages/` record
/// theirs).
pub fn url_beside(page: &Path) -> Option<String> {
    let text = std::fs::read_to_string(page.parent()?.join("url.txt")).ok()?;
    let url = text.lines().next()?.trim();
    url.starts_with("http").then(|| url.to_owned())
}

/// A page with its local images renamed, and their bytes by the new URL.
pub struct LocalImages {
    /// The page's markup, image references rewritten.
    pub html: String,
    /// The image bytes, by the URL that now stands for them.
    pub bytes: HashMap<String, Vec<u8>>,
    /// What the page said, by the URL that now stands for it.
    pub original: HashMap<String, String>,
}

/// The attributes that hold an image's address.
const IMAGE_ATTRS: [&str; 3] = ["src", "data-src", "poster"];

/// Renames the image references of `html` (saved as `page`) that resolve to local image bytes.
pub fn local_images(html: &str, page: &Path) -> LocalImages {
    let dir = page.parent().unwrap_or_else(|| Path::new("."));
    let mut out = String::with_capacity(html.len());
    let mut bytes: HashMap<String, Vec<u8>> = HashMap::new();
    let mut by_value: HashMap<String, String> = HashMap::new();
    let mut rest = html;
    while let Some((start, end)) = next_image_value(rest) {
        let (before, value) = (&rest[..start], &rest[start..end]);
        out.push_str(before);
        let url = match by_value.get(value) {
            Some(url) => Some(url.clone()),
            None => read_image(value, dir).map(|data| {
                let url = format!(
                    "https://{LOCAL_HOST}/{}/{}",
                    by_value.len() + 1,
                    file_name(value)
                );
                by_value.insert(value.to_owned(), url.clone());
                bytes.insert(url.clone(), data);
                url
            }),
        };
        out.push_str(url.as_deref().unwrap_or(value));
        rest = &rest[end..];
    }
    out.push_str(rest);
    let original = by_value.into_iter().map(|(v, u)| (u, v)).collect();
    LocalImages {
        html: out,
        bytes,
        original,
    }
}

/// The byte range of the next quoted value of an image attribute in `s`.
fn next_image_value(s: &str) -> Option<(usize, usize)> {
    let bytes = s.as_bytes();
    let mut from = 0;
    loop {
        let eq = from + s.get(from..)?.find('=')?;
        from = eq + 1;
        let name_end = s[..eq].trim_end().len();
        let name_start = s[..name_end]
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let name = &s[name_start..name_end];
        let preceded_by_space = name_start > 0
            && bytes
                .get(name_start - 1)
                .is_some_and(|b| b.is_ascii_whitespace());
        if !preceded_by_space || !IMAGE_ATTRS.iter().any(|a| name.eq_ignore_ascii_case(a)) {
            continue;
        }
        let value_start = eq + 1 + (s[eq + 1..].len() - s[eq + 1..].trim_start().len());
        let quote = match bytes.get(value_start) {
            Some(q @ (b'"' | b'\'')) => *q as char,
            _ => continue,
        };
        let close = value_start + 1 + s.get(value_start + 1..)?.find(quote)?;
        return Some((value_start + 1, close));
    }
}

/// The image bytes `value` (an attribute value as written) stands for, when it is a relative
/// path to a local image file or a `data:` URI of an image.
fn read_image(value: &str, dir: &Path) -> Option<Vec<u8>> {
    let value = value.trim().replace("&amp;", "&");
    let data = if let Some(uri) = value.strip_prefix("data:") {
        let (kind, payload) = uri.split_once(',')?;
        if !kind.ends_with(";base64") {
            return None;
        }
        base64(payload)?
    } else {
        let lower = value.to_ascii_lowercase();
        let has_scheme = lower
            .split_once(':')
            .is_some_and(|(s, _)| !s.contains('/') && s.len() > 1);
        if value.is_empty() || has_scheme || value.starts_with('/') || value.starts_with('#') {
            return None;
        }
        let path = percent_decode(value.split(['?', '#']).next()?);
        let file = dir.join(path);
        if !file.is_file() {
            return None;
        }
        std::fs::read(file).ok()?
    };
    is_raster_image(&data).then_some(data)
}

/// JPEG, PNG, WebP or GIF by their first bytes: what the PDF writer embeds. A file that only
/// starts like one still gets a labelled placeholder when it cannot be read.
pub fn is_raster_image(b: &[u8]) -> bool {
    b.starts_with(&[0xFF, 0xD8, 0xFF])
        || b.starts_with(b"\x89PNG\r\n\x1a\n")
        || (b.starts_with(b"RIFF") && b.get(8..12) == Some(b"WEBP"))
        || b.starts_with(b"GIF87a")
        || b.starts_with(b"GIF89a")
}

/// The last path segment of a reference, kept readable in the renamed URL.
fn file_name(value: &str) -> String {
    if value.starts_with("data:") {
        return "inline".into();
    }
    let name = value
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .rsplit('/')
        .next()
        .unwrap_or_default();
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .take(80)
        .collect();
    if safe.is_empty() {
        "image".into()
    } else {
        safe
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let hex = |j: usize| b.get(j).and_then(|h| (*h as char).to_digit(16));
        match (c, hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Standard base64 (whitespace ignored, padding optional); `None` on any other character.
fn base64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            c if c.is_ascii_whitespace() => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_saved_url() {
        assert_eq!(
            saved_url(
                "<!DOCTYPE html>\n<!-- saved from url=(0040)https://x.com/a/status/1 -->\n<html>"
            )
            .as_deref(),
            Some("https://x.com/a/status/1")
        );
        assert_eq!(
            saved_url("<link rel=\"canonical\" href=\"https://bsky.app/profile/a/post/b\">")
                .as_deref(),
            Some("https://bsky.app/profile/a/post/b")
        );
        assert_eq!(saved_url("<html></html>"), None);
        assert_eq!(saved_url("saved from url=(é"), None);
    }

    #[test]
    fn decodes_base64_and_percent_escapes() {
        assert_eq!(base64("aGVsbG8=").as_deref(), Some(&b"hello"[..]));
        assert_eq!(base64("aGVs\nbG8").as_deref(), Some(&b"hello"[..]));
        assert_eq!(base64("a*b"), None);
        assert_eq!(percent_decode("My%20page_files/a%2"), "My page_files/a%2");
    }

    #[test]
    fn renames_local_and_inline_images_only() {
        let dir = std::env::temp_dir().join(format!("unspool-saved-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("My page_files")).unwrap();
        std::fs::write(dir.join("My page_files/a.jpg"), [0xFF, 0xD8, 0xFF, 0xE0]).unwrap();
        std::fs::write(dir.join("My page_files/b.svg"), "<svg/>").unwrap();
        let png = "iVBORw0KGgo="; // the PNG signature
        let html = format!(
            "<img src=\"./My%20page_files/a.jpg\"><img alt=x src='My page_files/b.svg'>\
             <img data-src=\"data:image/png;base64,{png}\"><img src=\"https://pbs.twimg.com/a\">\
             <p>src=\"./My%20page_files/a.jpg\"</p><video poster=\"./My%20page_files/a.jpg\">"
        );
        let local = local_images(&html, &dir.join("page.html"));
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(local.bytes.len(), 2, "{}", local.html);
        assert!(local
            .html
            .contains("<img src=\"https://saved-page.invalid/1/a.jpg\">"));
        assert!(local.html.contains("src='My page_files/b.svg'"));
        assert!(local
            .html
            .contains("data-src=\"https://saved-page.invalid/2/inline\""));
        assert!(local.html.contains("src=\"https://pbs.twimg.com/a\""));
        // Text that only looks like an attribute stays; the same file keeps one URL.
        assert!(local
            .html
            .contains("<p>src=\"./My%20page_files/a.jpg\"</p>"));
        assert!(local
            .html
            .contains("poster=\"https://saved-page.invalid/1/a.jpg\""));
    }
}
