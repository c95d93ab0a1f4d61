#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! Extraction pinned by real and hand-built pages: one folder per case under `tests/pages/`.
//!
//! Each case holds `source.html` (the page), `url.txt` (the page's URL), `ids.txt` (the post
//! ids the thread must hold, in reading order — written by hand or by the page generator,
//! never by the extractor) and `expected.json` (the whole result, reviewed). `UPDATE=1 cargo
//! test --test pages` rewrites `expected.json`; review the diff before committing.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use unspool::thread::Collector;

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .expect("tests/pages exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("source.html").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs the core on a case: the thread and what it still needs, or the error.
fn run(case: &Path) -> Value {
    let url = read(&case.join("url.txt")).trim().to_owned();
    let html = read(&case.join("source.html"));
    let result = Collector::new(&url).and_then(|mut c| c.add_html(&html));
    match result {
        Ok(progress) => serde_json::to_value(&progress).expect("progress serializes"),
        Err(e) => json!({ "error": { "code": e.code(), "message": e.to_string() } }),
    }
}

#[test]
fn every_page_case_matches_its_expectations() {
    let update = std::env::var_os("UPDATE").is_some();
    let cases = cases();
    assert!(
        cases.len() >= 6,
        "expected the page cases, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let actual = run(case);

        // Ground truth first: the ids, in order.
        let ids_path = case.join("ids.txt");
        if ids_path.is_file() {
            let want: Vec<String> = read(&ids_path)
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            let got: Vec<String> = actual["thread"]["posts"]
                .as_array()
                .map(|posts| {
                    posts
                        .iter()
                        .map(|p| p["id"].as_str().unwrap_or_default().to_owned())
                        .collect()
                })
                .unwrap_or_default();
            if got != want {
                failures.push(format!("{name}: post ids\n  want {want:?}\n  got  {got:?}"));
            }
        }

        let expected_path = case.join("expected.json");
        let pretty = serde_json::to_string_pretty(&actual).unwrap() + "\n";
        if update || !expected_path.exists() {
            fs::write(&expected_path, &pretty).unwrap();
            if !update {
                failures.push(format!(
                    "{name}: expected.json was missing; wrote it — review and commit"
                ));
            }
            continue;
        }
        let expected: Value = serde_json::from_str(&read(&expected_path)).unwrap();
        if expected != actual {
            let want = serde_json::to_string_pretty(&expected).unwrap();
            let diff: Vec<String> = want
                .lines()
                .zip(pretty.lines())
                .filter(|(a, b)| a != b)
                .take(6)
                .map(|(a, b)| format!("  - {a}\n  + {b}"))
                .collect();
            failures.push(format!(
                "{name}: differs from expected.json (UPDATE=1 to rewrite)\n{}",
                diff.join("\n")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn the_home_timeline_is_not_a_thread() {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages/x-brocc-home");
    let result = run(&case);
    assert_eq!(result["error"]["code"], "not-a-thread");
    assert!(result["error"]["message"]
        .as_str()
        .unwrap()
        .contains("home timeline"));
}

/// The content script's rule for a site whose hooks name `dropAttributes`: in each start tag
/// (a `<` and a letter), walking its attributes one by one — every value is double-quoted and
/// holds no `"` once the browser has serialized it — the first attribute named in `names` goes
/// with the space before it. The test's own tokenizer, not a copy of the JavaScript pattern.
fn without_attributes(html: &str, names: &[&str]) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let starts_tag =
            bytes[i] == b'<' && bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphabetic());
        if !starts_tag {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < bytes.len() && !matches!(bytes[j], b' ' | b'\t' | b'\n' | b'/' | b'>') {
            j += 1;
        }
        // Attributes: spaces, a name, optionally `="value"`.
        loop {
            let attr_start = j;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let name_start = j;
            while j < bytes.len()
                && !bytes[j].is_ascii_whitespace()
                && !matches!(bytes[j], b'"' | b'\'' | b'>' | b'/' | b'=')
            {
                j += 1;
            }
            if j == name_start || attr_start == name_start {
                break; // the tag ends (or is something this walk does not follow)
            }
            let name = &html[name_start..j];
            if bytes.get(j) == Some(&b'=') {
                if bytes.get(j + 1) != Some(&b'"') {
                    break;
                }
                match html[j + 2..].find('"') {
                    Some(close) => j = j + 2 + close + 1,
                    None => break,
                }
            }
            if names.contains(&name) {
                out.push_str(&html[copied..attr_start]);
                copied = j;
                break;
            }
        }
        i = j.max(i + 1);
    }
    out.push_str(&html[copied..]);
    out
}

#[test]
fn sites_that_drop_attributes_extract_the_same_without_them() {
    let mut checked = 0;
    for case in cases() {
        let url = read(&case.join("url.txt")).trim().to_owned();
        let names = unspool::sites::hooks_for_url(&url).map_or(&[][..], |h| h.drop_attributes);
        if names.is_empty() {
            continue;
        }
        let html = read(&case.join("source.html"));
        let lean = without_attributes(&html, names);
        assert!(
            lean.len() < html.len(),
            "{}: the page had attributes to drop",
            case.display()
        );
        let strip = |html: &str| {
            Collector::new(&url)
                .and_then(|mut c| c.add_html(html))
                .map(|p| serde_json::to_value(&p).expect("progress serializes"))
                .map_err(|e| e.to_string())
        };
        assert_eq!(strip(&lean), strip(&html), "{}", case.display());
        checked += 1;
    }
    assert!(
        checked >= 8,
        "only {checked} cases of a site that drops attributes"
    );
}

#[test]
fn dropping_attributes_keeps_text_and_values_that_look_like_them() {
    let html =
        "<p class=\"a b\" lang=\"en\">Write <code>&lt;div class=\"x\"&gt;</code> class=\"y\"</p>\
                <img alt=\"see class=\" src=\"u\" class=\"c\"><!-- class=\"z\" -->\
                <svg data-testid=\"icon-verified\"><path d=\"M1\" data-d=\"2\"></path></svg>";
    assert_eq!(
        without_attributes(html, &["class", "d"]),
        "<p lang=\"en\">Write <code>&lt;div class=\"x\"&gt;</code> class=\"y\"</p>\
         <img alt=\"see class=\" src=\"u\"><!-- class=\"z\" -->\
         <svg data-testid=\"icon-verified\"><path data-d=\"2\"></path></svg>"
    );
}
