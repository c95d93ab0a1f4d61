//! The outside tools that check each PDF: qpdf (structure, links, outline) and poppler
//! (text, images, fonts, page info). A missing tool fails the test and says what to install.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Runs `tool args…`, returning stdout; fails the test when the tool is missing.
pub fn run(tool: &str, args: &[&str]) -> (bool, String, String) {
    let output = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        let package = if tool == "qpdf" {
            "qpdf"
        } else {
            "poppler-utils"
        };
        panic!("{tool} is needed for the PDF tests ({e}): apt-get install {package}")
    });
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A PDF written to a scratch file for the tools to read.
pub struct PdfFile {
    pub path: PathBuf,
}

impl PdfFile {
    pub fn new(name: &str, bytes: &[u8]) -> PdfFile {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.pdf"));
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(bytes))
            .unwrap();
        PdfFile { path }
    }

    fn p(&self) -> &str {
        self.path.to_str().unwrap()
    }

    /// `qpdf --check` passes (no errors, no warnings).
    pub fn assert_valid(&self) {
        let (ok, out, err) = run("qpdf", &["--check", self.p()]);
        assert!(ok, "qpdf --check failed for {}:\n{out}\n{err}", self.p());
        assert!(
            !out.contains("WARNING") && err.trim().is_empty(),
            "qpdf --check warns for {}:\n{out}\n{err}",
            self.p()
        );
    }

    /// The text as `pdftotext` reads it, in reading order.
    pub fn text(&self) -> String {
        let (ok, out, err) = run("pdftotext", &["-enc", "UTF-8", self.p(), "-"]);
        assert!(ok, "pdftotext failed: {err}");
        out
    }

    /// `pdfinfo` as key → value.
    pub fn info(&self) -> Vec<(String, String)> {
        let (ok, out, err) = run("pdfinfo", &["-enc", "UTF-8", self.p()]);
        assert!(ok, "pdfinfo failed: {err}");
        out.lines()
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect()
    }

    pub fn info_value(&self, key: &str) -> String {
        self.info()
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .unwrap_or_else(|| panic!("pdfinfo shows no {key}"))
    }

    /// The distinct images `pdfimages -list` finds (an image drawn twice is embedded once;
    /// soft masks left out).
    pub fn image_count(&self) -> usize {
        let (ok, out, err) = run("pdfimages", &["-list", self.p()]);
        assert!(ok, "pdfimages failed: {err}");
        let mut objects: Vec<&str> = out
            .lines()
            .skip(2)
            .filter(|l| l.split_whitespace().nth(2) == Some("image"))
            .filter_map(|l| l.split_whitespace().nth(10))
            .collect();
        objects.sort_unstable();
        objects.dedup();
        objects.len()
    }

    /// How each image is encoded (`pdfimages -list`'s "enc" column: `jpeg`, `image` for
    /// Flate-compressed pixels, …), soft masks left out.
    pub fn image_encodings(&self) -> Vec<String> {
        let (ok, out, err) = run("pdfimages", &["-list", self.p()]);
        assert!(ok, "pdfimages failed: {err}");
        out.lines()
            .skip(2)
            .filter(|l| l.split_whitespace().nth(2) == Some("image"))
            .filter_map(|l| l.split_whitespace().nth(8).map(str::to_owned))
            .collect()
    }

    /// Every drawing of an image (`pdfimages -list`, soft masks left out): its size in pixels
    /// and the resolution it is drawn at, `(width, height, x-ppi, y-ppi)`.
    pub fn image_placements(&self) -> Vec<(u32, u32, f32, f32)> {
        let (ok, out, err) = run("pdfimages", &["-list", self.p()]);
        assert!(ok, "pdfimages failed: {err}");
        out.lines()
            .skip(2)
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .filter(|f| f.get(2) == Some(&"image"))
            .map(|f| {
                let n = |i: usize| f[i].parse::<f32>().unwrap();
                (n(3) as u32, n(4) as u32, n(12), n(13))
            })
            .collect()
    }

    /// The fonts `pdffonts` lists: (name, type, embedded).
    pub fn fonts(&self) -> Vec<(String, String, bool)> {
        let (ok, out, err) = run("pdffonts", &[self.p()]);
        assert!(ok, "pdffonts failed: {err}");
        out.lines()
            .skip(2)
            .filter_map(|l| {
                let cols: Vec<&str> = l.split_whitespace().collect();
                // name type… encoding emb sub uni object ID
                let n = cols.len();
                (n >= 7).then(|| {
                    (
                        cols[0].to_owned(),
                        cols[1..n - 6].join(" "),
                        cols[n - 5] == "yes",
                    )
                })
            })
            .collect()
    }

    /// The document as qpdf's JSON.
    pub fn json(&self) -> Value {
        let (ok, out, err) = run("qpdf", &["--json", self.p()]);
        assert!(ok, "qpdf --json failed: {err}");
        serde_json::from_str(&out).unwrap()
    }

    /// Every `/URI` of a link annotation.
    pub fn link_uris(&self) -> Vec<String> {
        let json = self.json();
        let mut uris = Vec::new();
        collect_uris(&json["qpdf"][1], &mut uris);
        uris
    }

    /// The outline's top-level titles.
    pub fn outline_titles(&self) -> Vec<String> {
        let json = self.json();
        json["outlines"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|i| i["title"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The document catalog's `/Lang`.
    pub fn language(&self) -> Option<String> {
        let json = self.json();
        let objects = &json["qpdf"][1];
        let root = json["qpdf"][1]["trailer"]["value"]["/Root"].as_str()?;
        let catalog = &objects[format!("obj:{root}")]["value"];
        catalog["/Lang"]
            .as_str()
            .map(|s| s.trim_start_matches("u:").to_owned())
    }

    /// Renders pages to PNG files `<prefix>-N.png` at `dpi`.
    pub fn render(&self, prefix: &Path, dpi: u32, first: u32, last: u32) {
        let dpi = dpi.to_string();
        let (f, l) = (first.to_string(), last.to_string());
        let (ok, _, err) = run(
            "pdftoppm",
            &[
                "-png",
                "-r",
                &dpi,
                "-f",
                &f,
                "-l",
                &l,
                self.p(),
                prefix.to_str().unwrap(),
            ],
        );
        assert!(ok, "pdftoppm failed: {err}");
    }
}

fn collect_uris(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(uri) = map.get("/URI").and_then(Value::as_str) {
                out.push(uri.trim_start_matches("u:").to_owned());
            }
            map.values().for_each(|v| collect_uris(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_uris(v, out)),
        _ => {}
    }
}

/// A line as it appears on the page, left to right (the Unicode bidi algorithm applied), with
/// whitespace, bidi controls and hyphens removed. pdftotext writes right-to-left runs inside
/// RLE…PDF marks in visual order, so its lines and the expected logical lines are compared as
/// they look. (Hyphens go because pdftotext joins a word split after a hyphen at a line end.)
pub fn squeeze(line: &str) -> String {
    squeeze_with(line, None)
}

/// [`squeeze`] for a line pdftotext wrote: left to right, with each right-to-left piece in
/// logical order between RLE and PDF marks. The pieces are in visual order, so they are
/// isolates (RLI…PDI), not embeddings that would merge with the punctuation between them.
fn squeeze_extracted(line: &str) -> String {
    let isolated: String = line
        .chars()
        .map(|c| match c {
            '\u{202A}' => '\u{2066}',
            '\u{202B}' => '\u{2067}',
            '\u{202C}' => '\u{2069}',
            other => other,
        })
        .collect();
    squeeze_with(&isolated, Some(unicode_bidi::Level::ltr()))
}

fn squeeze_with(line: &str, level: Option<unicode_bidi::Level>) -> String {
    let bidi = unicode_bidi::BidiInfo::new(line, level);
    let visual: String = bidi
        .paragraphs
        .iter()
        .map(|p| bidi.reorder_line(p, p.range.clone()).into_owned())
        .collect();
    visual
        .chars()
        .filter(|&c| {
            !c.is_whitespace()
                && c != '-'
                && !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

/// Whether a line of extracted text is page furniture: a post number or time in the margin
/// ("3/14", "14:02"), the footer's page number ("2 / 3") or its source line.
fn is_furniture(line: &str, footer: &str) -> bool {
    let t = line.trim();
    let number = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let pair = |sep: char| {
        t.split_once(sep)
            .is_some_and(|(a, b)| number(a.trim()) && number(b.trim()))
    };
    pair('/') || pair(':') || squeeze(t) == squeeze(footer)
}

/// Asserts that each of `expected` (lines that do not wrap, or left-to-right text) occurs in
/// `text`, in order, as it looks on the page; lines of page furniture (`footer`, numbers) are
/// skipped, as a post may run across pages.
pub fn assert_in_order(text: &str, expected: &[String], footer: &str, what: &str) {
    let haystack: String = text
        .lines()
        .filter(|l| !is_furniture(l, footer))
        .map(squeeze_extracted)
        .collect();
    let mut from = 0;
    for (i, want) in expected.iter().enumerate() {
        let needle: String = want.lines().map(squeeze).collect();
        match haystack.get(from..).and_then(|h| h.find(&needle)) {
            Some(at) => from += at + needle.len(),
            None => {
                // Say how far it matched, to make the failure readable.
                let mut longest = 0;
                for (end, _) in needle.char_indices().skip(1) {
                    if haystack
                        .get(from..)
                        .is_some_and(|h| h.contains(&needle[..end]))
                    {
                        longest = end;
                    } else {
                        break;
                    }
                }
                panic!(
                    "{what}: item {} not found in order.\n  want: {want}\n  matched up to: {}\n--- pdftotext ---\n{text}",
                    i + 1,
                    &needle[..longest]
                );
            }
        }
    }
}
