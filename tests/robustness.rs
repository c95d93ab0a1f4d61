//! No page breaks the core: real captures, truncated anywhere or with their hooks renamed or
//! removed, always give a thread or a clear error — never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::fs;
use std::path::Path;

use unspool::thread::Collector;

fn cases() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages");
    let mut out: Vec<(String, String)> = fs::read_dir(root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("source.html").is_file())
        .map(|e| read_case(&e.path()))
        .collect();
    out.sort();
    out
}

/// The URL and HTML of one case folder under `tests/pages/`.
fn read_case(dir: &Path) -> (String, String) {
    let url = fs::read_to_string(dir.join("url.txt"))
        .unwrap()
        .trim()
        .to_owned();
    (url, fs::read_to_string(dir.join("source.html")).unwrap())
}

/// The page case `name` (a folder of `tests/pages/`).
fn page_case(name: &str) -> (String, String) {
    read_case(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/pages")
            .join(name),
    )
}

fn extract(url: &str, html: &str) {
    // Ok or Err are both fine; the test fails only on a panic.
    if let Ok(mut c) = Collector::new(url) {
        let _ = c.add_html(html);
    }
}

fn char_floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[test]
fn truncated_pages_never_panic() {
    for (url, html) in cases() {
        for k in 1..40 {
            let cut = char_floor(&html, html.len() * k / 40);
            extract(&url, &html[..cut]);
        }
    }
}

#[test]
fn renamed_or_removed_hooks_never_panic() {
    let hooks = [
        "data-testid=\"tweet\"",
        "data-testid=\"cellInnerDiv\"",
        "data-testid=\"User-Name\"",
        "data-testid=\"tweetText\"",
        "data-testid=\"primaryColumn\"",
        "<time",
        "datetime=",
        "href=\"/",
        "role=\"link\"",
        "</div>",
        "</a>",
        "alt=\"",
        "src=\"",
    ];
    for (url, html) in cases() {
        for hook in hooks {
            extract(&url, &html.replace(hook, ""));
            extract(&url, &html.replace(hook, "data-x=\"y\""));
            // Only the first occurrence gone: a half-broken page.
            extract(&url, &html.replacen(hook, "", 1));
        }
    }
}

/// X renames the hook of one post's text block: the post stays in the thread, in its place,
/// with its text as plain text after a notice — never dropped or emptied.
#[test]
fn a_post_whose_text_block_is_unreadable_is_kept_as_plain_text_with_a_notice() {
    let (url, html) = page_case("x-seed-thread");
    let hook = "data-testid=\"tweetText\"";
    // The second post's text block.
    let at = html[..html.find("tell you my story").unwrap()]
        .rfind(hook)
        .unwrap();
    let mut changed = html.clone();
    changed.replace_range(at..at + hook.len(), "data-testid=\"postBody\"");

    let thread = |page: &str| {
        let mut c = Collector::new(url.trim()).unwrap();
        c.add_html(page).unwrap().thread
    };
    let (before, after) = (thread(&html), thread(&changed));
    let ids = |t: &unspool::model::Thread| t.posts.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&before), ids(&after));
    let squash = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let notice = unspool::sites::x::UNREAD_NOTICE;
    let mut changed_posts = 0;
    for (b, a) in before.posts.iter().zip(&after.posts) {
        if a.text == b.text {
            continue;
        }
        changed_posts += 1;
        let text = unspool::model::plain_text(&a.text);
        assert!(text.starts_with(notice), "{text}");
        let original = squash(&unspool::model::plain_text(&b.text));
        assert!(!original.is_empty());
        assert_eq!(squash(&text[notice.len()..]), original);
        assert_eq!(a.media, b.media);
    }
    assert_eq!(changed_posts, 1);
    assert!(unspool::markdown::render(&after, &Default::default(), 0).contains(notice));
}

#[cfg(feature = "pdf")]
#[allow(dead_code)]
#[path = "pdf/tools.rs"]
mod tools;

/// Corrupt or missing images never fail a PDF: each becomes a labelled placeholder with its
/// alt text, and only the readable photo is embedded.
#[cfg(feature = "pdf")]
#[test]
fn corrupt_and_missing_images_become_labelled_placeholders() {
    use unspool::model::{Author, Media, MediaKind, Post, Segment, Thread};
    use unspool::pdf::{render_pdf, FontSet, ImageStore, PdfOptions};

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |name: &str| fs::read(root.join("tests/pdf/images").join(name)).unwrap();
    let (jpeg, png, webp) = (read("dusk.jpg"), read("chart.png"), read("leaves.webp"));
    let broken: Vec<(&str, Option<Vec<u8>>)> = vec![
        (
            "a JPEG cut before its frame header",
            Some(jpeg[..120].to_vec()),
        ),
        (
            "bytes that only start like a PNG",
            Some(b"\x89PNG\r\n\x1a\ngarbage".to_vec()),
        ),
        ("a PNG cut in half", Some(png[..png.len() / 2].to_vec())),
        ("a WebP cut in half", Some(webp[..webp.len() / 2].to_vec())),
        (
            "a GIF header and nothing else",
            Some(b"GIF89a\x01\x00".to_vec()),
        ),
        ("an empty file", Some(Vec::new())),
        ("an image that never arrived", None),
    ];
    let author = Author {
        name: "Ann".into(),
        handle: "ann".into(),
        url: "https://x.com/ann".into(),
        ..Author::default()
    };
    let mut images = ImageStore::new();
    let mut posts = Vec::new();
    for (n, (what, bytes)) in broken
        .iter()
        .chain([&("a good photo", Some(jpeg.clone()))])
        .enumerate()
    {
        let url = format!("https://pbs.twimg.com/media/p{n}?format=jpg&name=large");
        if let Some(bytes) = bytes {
            images.insert(url.clone(), bytes.clone());
        }
        posts.push(Post {
            id: (1_000 + n).to_string(),
            url: format!("https://x.com/ann/status/{}", 1_000 + n),
            author: author.clone(),
            text: vec![Segment::Text {
                text: format!("Post {n} shows {what}."),
            }],
            media: vec![Media {
                kind: MediaKind::Photo,
                url,
                alt: Some(format!("alt {n}")),
                link: None,
            }],
            ..Post::default()
        });
    }
    let thread = Thread {
        site: "x".into(),
        site_name: "X".into(),
        source_url: posts[0].url.clone(),
        author,
        focal_id: posts[0].id.clone(),
        posts,
    };
    let fonts = FontSet::from_dir(&root.join("target/fonts")).unwrap();
    let bytes = render_pdf(&thread, &PdfOptions::default(), &images, &fonts)
        .expect("run tools/fonts.sh first; broken images must never fail the PDF");
    let pdf = tools::PdfFile::new("broken-images", &bytes);
    pdf.assert_valid();
    assert_eq!(pdf.image_count(), 1, "only the good photo is embedded");
    let text = pdf.text().split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        text.matches("Photo not available").count(),
        broken.len(),
        "{text}"
    );
    for n in 0..broken.len() {
        assert!(text.contains(&format!("“alt {n}”")), "alt {n}: {text}");
    }
}

/// A post that quotes another and says nothing itself has no text block on X: it must come out
/// with no text — not with the "could not read" notice over the quote's "Quote" label.
#[test]
fn a_quote_only_post_gets_no_unreadable_notice() {
    let (url, html) = page_case("x-quote-photo");
    let said = "This is the claim I started from. The chart is real, but the test clip is 240p.";
    let hook = "data-testid=\"tweetText\"";
    // The post's own text (the page's title and meta tags also quote it).
    let text_at = html.rfind(said).unwrap();
    let at = html[..text_at].rfind(hook).unwrap();
    let mut changed = html.clone();
    changed.replace_range(text_at..text_at + said.len(), "");
    changed.replace_range(at..at + hook.len(), "data-unspool-test=\"gone\"");

    let mut c = Collector::new(url.trim()).unwrap();
    let thread = c.add_html(&changed).unwrap().thread;
    let post = thread
        .posts
        .iter()
        .find(|p| p.id == "2028502356127122401")
        .unwrap();
    assert!(post.quote.is_some());
    assert_eq!(unspool::model::plain_text(&post.text), "");
}
