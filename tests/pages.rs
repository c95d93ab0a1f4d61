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
