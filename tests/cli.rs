#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! The `unspool` command line, run as a user runs it: saved pages to PDF (checked with `qpdf
//! --check`, `pdftotext` and `pdfimages`), Markdown and JSON, many files at once, and every
//! error ending as a clear message with a non-zero exit.

#[allow(dead_code)]
#[path = "pdf/tools.rs"]
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use tools::PdfFile;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn page(case: &str) -> PathBuf {
    root().join("tests/pages").join(case).join("source.html")
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn unspool(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_unspool"));
    cmd.args(args).env_remove("UNSPOOL_FONTS");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Whitespace collapsed, so text reads the same across line breaks.
fn squash(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The plain text of each post of a page case's expected thread, from `expected.json`.
fn expected_texts(case: &str) -> Vec<String> {
    let path = root().join("tests/pages").join(case).join("expected.json");
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    expected["thread"]["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let text: String = p["text"]
                .as_array()
                .map(|segs| {
                    segs.iter()
                        .map(|s| match s["kind"].as_str() {
                            Some("lineBreak") => " ",
                            _ => s["text"].as_str().unwrap_or_default(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            squash(&text)
        })
        .collect()
}

/// Every post's opening words appear in the PDF's text, in order.
fn assert_posts_in_order(pdf_text: &str, posts: &[String]) {
    let text = squash(pdf_text);
    let mut from = 0;
    for post in posts {
        let words: Vec<&str> = post.split(' ').take(6).collect();
        // Emoji and links may be drawn differently; the first plain words are enough.
        let probe = words
            .iter()
            .take_while(|w| {
                w.chars()
                    .all(|c| c.is_alphanumeric() || ",.'’!?".contains(c))
            })
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        if probe.is_empty() {
            continue;
        }
        let at = text[from..]
            .find(&probe)
            .unwrap_or_else(|| panic!("{probe:?} is not in the PDF after byte {from}:\n{text}"));
        from += at + probe.len();
    }
}

#[test]
fn seed_thread_to_pdf_with_the_url_beside_it() {
    let dir = scratch("seed");
    let out = dir.join("thread.pdf");
    // The README's first example: no --url (the page case has a url.txt), the crate's fonts.
    let run = unspool(&[s(&page("x-seed-thread")), "-o", s(&out)], &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    let report = stderr(&run);
    assert!(report.contains("14 posts"), "{report}");
    assert!(report.contains("0 images embedded, 1 left out"), "{report}");
    assert!(!report.contains("warning"), "{report}");
    let pdf = PdfFile { path: out };
    pdf.assert_valid();
    let text = pdf.text();
    assert!(
        text.contains("Transitioning from Software Engineering to Machine Learning."),
        "{text}"
    );
    let posts = expected_texts("x-seed-thread");
    assert_eq!(posts.len(), 14);
    assert_posts_in_order(&text, &posts);
    assert_eq!(pdf.outline_titles().len(), 14);
    assert_eq!(pdf.info_value("Author"), "Santiago (@svpino)");
    assert_eq!(pdf.image_count(), 0);
}

/// A page saved as "Webpage, complete": the images in `PAGE_files/`, the URL in Chrome's mark.
/// A photo, a truncated JPEG and bytes that only start like a PNG; the readable ones are
/// embedded, the others become labelled placeholders, and the count says so.
#[test]
fn saved_page_with_local_images_embeds_them_and_marks_the_broken_ones() {
    let dir = scratch("saved");
    let files = dir.join("Hana Sato on X_files");
    std::fs::create_dir_all(&files).unwrap();
    let url = std::fs::read_to_string(root().join("tests/pages/x-quote-photo/url.txt")).unwrap();
    let url = url.trim();
    let mut html = std::fs::read_to_string(page("x-quote-photo")).unwrap();
    let images = root().join("tests/pdf/images");
    let dusk = std::fs::read(images.join("dusk.jpg")).unwrap();
    let mut names = Vec::new();
    // Chrome rewrites each image to a relative path into the folder beside the page.
    while let Some(start) = html.find("src=\"https://pbs.twimg.com/") {
        let value = start + 5;
        let end = value + html[value..].find('"').unwrap();
        let n = names.len();
        let name = format!("img{n}.jpg");
        let bytes = match n % 3 {
            // Distinct bytes after the end marker, so the PDF does not share one image.
            0 => [dusk.as_slice(), &[n as u8]].concat(),
            1 => dusk[..120].to_vec(),
            _ => b"\x89PNG\r\n\x1a\nthis is not really a PNG".to_vec(),
        };
        std::fs::write(files.join(&name), bytes).unwrap();
        html.replace_range(value..end, &format!("./Hana%20Sato%20on%20X_files/{name}"));
        names.push(name);
    }
    assert!(names.len() >= 6, "{names:?}");
    let saved = dir.join("Hana Sato on X.html");
    std::fs::write(
        &saved,
        format!("<!-- saved from url=({:04}){url} -->\n{html}", url.len()),
    )
    .unwrap();
    let out = dir.join("saved.pdf");
    let run = unspool(&[s(&saved), "-o", s(&out)], &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    let report = stderr(&run);
    let pdf = PdfFile { path: out };
    pdf.assert_valid();
    // What the report counts as embedded is what the PDF holds.
    let embedded = pdf.image_count();
    assert!(embedded >= 1, "{report}");
    assert!(
        report.contains(&format!("{embedded} images embedded, ")),
        "{embedded} images in the PDF: {report}"
    );
    assert!(report.contains("left out"), "{report}");
    let text = squash(&pdf.text());
    assert!(text.contains("Photo not available"), "{text}");
    // No made-up address for a local file is ever shown.
    assert!(!text.contains("saved-page.invalid"), "{text}");
    assert_posts_in_order(&text, &expected_texts("x-quote-photo"));

    // Markdown of the same page keeps the page's own references, not the renamed ones.
    let md = unspool(&[s(&saved)], &[]);
    assert!(md.status.success(), "{}", stderr(&md));
    assert!(!String::from_utf8_lossy(&md.stdout).contains("saved-page.invalid"));
}

#[test]
fn markdown_json_and_many_files_report_per_file() {
    let dir = scratch("many");
    let url = "https://x.com/svpino/status/1334505698712617481";
    let md = dir.join("one.md");
    let run = unspool(
        &[s(&page("x-seed-thread")), "--url", url, "-o", s(&md)],
        &[],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let markdown = std::fs::read_to_string(&md).unwrap();
    assert!(markdown.contains("Transitioning from Software Engineering"));

    // Three pages to a directory, one of them not a thread: the good ones are written, each
    // file gets its line, and the exit says something failed.
    let out = dir.join("out");
    let run = unspool(
        &[
            s(&page("x-seed-thread")),
            s(&page("x-brocc-home")),
            s(&page("bluesky-self-thread")),
            "-o",
            &format!("{}/", s(&out)),
            "--format",
            "json",
        ],
        &[],
    );
    assert!(!run.status.success());
    let report = stderr(&run);
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), 3, "{report}");
    assert!(
        lines[0].contains("x-seed-thread") && lines[0].contains("14 posts"),
        "{report}"
    );
    assert!(lines[1].contains("x-brocc-home"), "{report}");
    assert!(lines[2].contains("bluesky-self-thread"), "{report}");
    // Both good pages are called source.html: each gets its own file.
    assert!(lines[2].contains("source-2.json"), "{report}");
    for (name, site) in [("source.json", "x"), ("source-2.json", "bluesky")] {
        let json: Value =
            serde_json::from_str(&std::fs::read_to_string(out.join(name)).unwrap()).unwrap();
        assert_eq!(json["site"], site);
        assert!(!json["posts"].as_array().unwrap().is_empty());
    }
    assert!(!out.join("source-3.json").exists());
}

#[test]
fn many_pages_to_pdfs_in_a_directory() {
    let dir = scratch("many-pdf");
    let a = dir.join("seed.html");
    let b = dir.join("mastodon.html");
    let url_of = |case: &str| {
        std::fs::read_to_string(root().join("tests/pages").join(case).join("url.txt")).unwrap()
    };
    for (path, case) in [(&a, "x-seed-thread"), (&b, "mastodon-self-thread")] {
        let html = std::fs::read_to_string(page(case)).unwrap();
        let url = url_of(case);
        let url = url.trim();
        std::fs::write(
            path,
            format!("<!-- saved from url=({:04}){url} -->\n{html}", url.len()),
        )
        .unwrap();
    }
    let out = dir.join("pdfs");
    let run = unspool(&[s(&a), s(&b), "-o", s(&out), "--format", "pdf"], &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    for name in ["seed.pdf", "mastodon.pdf"] {
        let pdf = PdfFile {
            path: out.join(name),
        };
        pdf.assert_valid();
        assert!(!pdf.text().trim().is_empty());
    }
}

#[test]
fn errors_are_clear_and_exit_non_zero() {
    let dir = scratch("errors");
    let seed = page("x-seed-thread");
    // Arguments, environment, and what the message must say.
    type Case<'a> = (Vec<String>, Vec<(&'a str, String)>, &'a str);
    let cases: Vec<Case> = vec![
        // A page that is not a thread.
        (
            vec![
                s(&page("x-brocc-home")).into(),
                "-o".into(),
                s(&dir.join("a.pdf")).into(),
            ],
            vec![],
            "not a thread",
        ),
        // A file that cannot be read.
        (
            vec![s(&dir.join("missing.html")).into()],
            vec![],
            "can't read it",
        ),
        // An output format nobody knows.
        (
            vec![
                s(&seed).into(),
                "-o".into(),
                s(&dir.join("thread.docx")).into(),
            ],
            vec![],
            "unknown output format",
        ),
        (
            vec![s(&seed).into(), "--format".into(), "epub".into()],
            vec![],
            "unknown format \"epub\"",
        ),
        // No URL to go by.
        (vec![s(&dir.join("page.html")).into()], vec![], "pass --url"),
        // A fonts directory without the fonts says how to get them.
        (
            vec![s(&seed).into(), "-o".into(), s(&dir.join("b.pdf")).into()],
            vec![("UNSPOOL_FONTS", s(&dir).to_owned())],
            "tools/fonts.sh",
        ),
        (
            vec![
                s(&seed).into(),
                "-o".into(),
                s(&dir.join("c.pdf")).into(),
                "--fonts".into(),
                "/nonexistent/fonts".into(),
            ],
            vec![],
            "--fonts /nonexistent/fonts holds no Literata-Regular.ttf",
        ),
        // Several pages into one file.
        (
            vec![
                s(&seed).into(),
                s(&seed).into(),
                "-o".into(),
                s(&dir.join("both.pdf")).into(),
            ],
            vec![],
            "2 pages need a directory for -o",
        ),
        // Nothing to read at all.
        (vec![], vec![], "no input page"),
    ];
    std::fs::write(dir.join("page.html"), "<html><body>hello</body></html>").unwrap();
    for (args, envs, message) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let envs: Vec<(&str, &str)> = envs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let run = unspool(&args, &envs);
        let report = stderr(&run);
        assert!(!run.status.success(), "{args:?} succeeded: {report}");
        assert!(
            report.to_lowercase().contains(&message.to_lowercase()),
            "{args:?}: expected {message:?} in:\n{report}"
        );
        assert!(!report.contains("panicked"), "{report}");
    }
    for never in ["a.pdf", "b.pdf", "both.pdf"] {
        assert!(!dir.join(never).exists(), "{never} was written");
    }
}

/// A fonts directory with only the text font: the rest comes from the system, or the text
/// font stands in, and the PDF says which script looks different (the seed thread has emoji).
#[test]
fn missing_fonts_fall_back_with_a_warning() {
    let dir = scratch("fallback");
    let fonts = dir.join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    std::fs::copy(
        root().join("target/fonts/Literata-Regular.ttf"),
        fonts.join("Literata-Regular.ttf"),
    )
    .expect("run tools/fonts.sh first: it builds the fonts into target/fonts/");
    let out = dir.join("thread.pdf");
    let run = unspool(
        &[
            s(&page("x-seed-thread")),
            "-o",
            s(&out),
            "--fonts",
            s(&fonts),
        ],
        &[],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let report = stderr(&run);
    assert!(
        report.contains("warning: no font for colour emoji found"),
        "{report}"
    );
    let pdf = PdfFile { path: out };
    pdf.assert_valid();
    assert_posts_in_order(&pdf.text(), &expected_texts("x-seed-thread"));
}
