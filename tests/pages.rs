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

/// The content script's rule for a site whose hooks say `dropClasses`: every ` class="…"`
/// inside a start tag goes (a `<` and a letter up to the next `>`; the browser escapes `<` and
/// `>` everywhere else when it serializes). Written out here as the test's own copy of the
/// JavaScript regex `/(<[a-zA-Z][^>]*?) class="[^"]*"/g`.
fn without_classes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tag_start = &rest[lt..];
        let is_tag = tag_start[1..].starts_with(|c: char| c.is_ascii_alphabetic());
        let end = tag_start.find('>').map_or(tag_start.len(), |i| i + 1);
        if !is_tag {
            out.push('<');
            rest = &tag_start[1..];
            continue;
        }
        let mut tag = &tag_start[..end];
        while let Some(at) = tag.find(" class=\"") {
            let value_end = tag[at + 8..].find('"').map(|i| at + 8 + i + 1);
            let Some(value_end) = value_end else { break };
            out.push_str(&tag[..at]);
            tag = &tag[value_end..];
        }
        out.push_str(tag);
        rest = &tag_start[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn sites_that_drop_classes_extract_the_same_without_them() {
    let mut checked = 0;
    for case in cases() {
        let url = read(&case.join("url.txt")).trim().to_owned();
        let drop = unspool::sites::hooks_for_url(&url).is_some_and(|h| h.drop_classes);
        if !drop {
            continue;
        }
        let html = read(&case.join("source.html"));
        let lean = without_classes(&html);
        assert!(
            lean.len() < html.len(),
            "{}: the page had classes to drop",
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
        "only {checked} cases of a site that drops classes"
    );
}

#[test]
fn dropping_classes_keeps_text_that_looks_like_them() {
    let html =
        "<p class=\"a b\" lang=\"en\">Write <code>&lt;div class=\"x\"&gt;</code> class=\"y\"</p>\
                <img alt=\"1 &gt; 0\" class=\"c\"><!-- class=\"z\" -->";
    assert_eq!(
        without_classes(html),
        "<p lang=\"en\">Write <code>&lt;div class=\"x\"&gt;</code> class=\"y\"</p>\
         <img alt=\"1 &gt; 0\"><!-- class=\"z\" -->"
    );
}
