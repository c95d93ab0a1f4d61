#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! PDF export, end to end in Rust: threads built in code are rendered with the real fonts
//! (`tools/fonts.sh` writes them to `target/fonts/`) and checked by outside tools — `qpdf
//! --check`, `pdftotext` (every post's text, in order, in every script), `pdfimages` (the
//! photos), qpdf's JSON (link URIs, outline, language), `pdfinfo` (metadata, paper).
//!
//! Readable snapshots of the PDF structure live in `tests/pdf/snapshots/`; `UPDATE=1 cargo
//! test --features pdf --test pdf` rewrites them and the docs example (`docs/example.pdf`,
//! `docs/pdf-example.png`). Review the diff before committing.

mod deflate;
mod threads;
mod tools;

use std::path::{Path, PathBuf};

use unspool::model::Thread;
use unspool::pdf::{
    fitted_size, font_files, image_requests, image_urls, render_pdf, DrawBox, FontSet, ImageStore,
    Paper, PdfOptions,
};

use tools::{assert_in_order, PdfFile};

fn fonts() -> FontSet {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fonts");
    let set = FontSet::from_dir(&dir).unwrap();
    for name in unspool::pdf::fonts::ALL_FONT_FILES {
        assert!(
            dir.join(name).is_file(),
            "{} is missing: run tools/fonts.sh first (it builds the PDF fonts into target/fonts/)",
            dir.join(name).display()
        );
    }
    set
}

fn options() -> PdfOptions {
    PdfOptions {
        created: Some("2026-03-03T20:03:00Z".into()),
        ..PdfOptions::default()
    }
}

fn render(thread: &Thread, options: &PdfOptions, images: &ImageStore) -> Vec<u8> {
    render_pdf(thread, options, images, &fonts()).unwrap()
}

/// The footer's source line, as the layout writes it.
fn footer(thread: &Thread) -> String {
    let source = thread.source_url.trim_start_matches("https://");
    format!("@{} · {source}", thread.author.handle)
}

fn update() -> bool {
    std::env::var_os("UPDATE").is_some()
}

#[test]
fn seed_thread_reads_back_in_order_with_links_outline_and_metadata() {
    let thread = threads::seed();
    let bytes = render(&thread, &options(), &threads::images());
    let pdf = PdfFile::new("seed", &bytes);
    pdf.assert_valid();

    let text = pdf.text();
    assert_in_order(
        &text,
        &threads::post_texts(&thread),
        &footer(&thread),
        "seed thread",
    );
    assert!(text.contains("Transitioning from Software Engineering to Machine Learning."));
    assert!(text.contains("14 posts"), "{text}");

    let titles = pdf.outline_titles();
    assert_eq!(titles.len(), 14, "{titles:?}");
    assert!(
        titles[0].starts_with("1. Transitioning from Software"),
        "{titles:?}"
    );
    assert!(
        titles[13].starts_with("14. So there you have it."),
        "{titles:?}"
    );

    let uris = pdf.link_uris();
    for post in &thread.posts {
        assert!(
            uris.contains(&post.url),
            "no link to {}: {uris:?}",
            post.url
        );
    }
    assert!(uris.contains(&thread.source_url));
    assert!(uris.contains(&thread.author.url));

    assert_eq!(
        pdf.info_value("Title"),
        "Transitioning from Software Engineering to Machine Learning."
    );
    assert_eq!(pdf.info_value("Author"), "Santiago (@svpino)");
    assert_eq!(pdf.info_value("Subject"), thread.source_url);
    assert!(pdf.info_value("CreationDate").contains("2026"));
    assert!(pdf.info_value("Page size").contains("595.276 x 841.89"));
    assert_eq!(pdf.language().as_deref(), Some("en"));
    assert_eq!(pdf.image_count(), 1, "the avatar");

    if update() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join("example.pdf"), &bytes).unwrap();
        pdf.render(&docs.join("pdf-example"), 80, 1, 1);
        let rendered = first_render(&docs, "pdf-example");
        std::fs::rename(rendered, docs.join("pdf-example.png")).unwrap();
    }
}

/// pdftoppm names pages `<prefix>-1.png` or `<prefix>-01.png` depending on the page count.
fn first_render(dir: &Path, prefix: &str) -> PathBuf {
    ["1", "01", "001"]
        .iter()
        .map(|n| dir.join(format!("{prefix}-{n}.png")))
        .find(|p| p.is_file())
        .unwrap()
}

#[test]
fn every_script_renders_and_reads_back() {
    let thread = threads::mixed_scripts();
    let bytes = render(&thread, &options(), &ImageStore::new());
    let pdf = PdfFile::new("mixed-scripts", &bytes);
    pdf.assert_valid();
    let text = pdf.text();
    // Line by line, so that a right-to-left or CJK line is checked on its own.
    let lines: Vec<String> = thread
        .posts
        .iter()
        .flat_map(|p| {
            unspool::model::plain_text(&p.text)
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    for must in [
        "עברית: שלום עולם",
        "العربية: مرحبا بالعالم",
        "日本語：スレッド",
        "中文：这是",
        "한국어: 안녕하세요",
        "🎉 🧵 👋🏽",
        "हिन्दी: नमस्ते दुनिया",
        "বাংলা: হ্যালো বিশ্ব",
        "தமிழ்: வணக்கம் உலகம்",
        "ไทย: สวัสดีชาวโลก",
    ] {
        assert!(
            lines.iter().any(|l| l.contains(must)),
            "the thread lacks {must}"
        );
    }
    assert_in_order(&text, &lines, &footer(&thread), "mixed scripts");

    let fonts: Vec<String> = pdf
        .fonts()
        .into_iter()
        .map(|(name, _, embedded)| {
            assert!(embedded, "{name} is not embedded");
            name
        })
        .collect();
    for family in [
        "Literata",
        "NotoSerifHebrew",
        "NotoNaskhArabic",
        "NotoSansCJK",
        "NotoSerifDevanagari",
        "NotoSerifBengali",
        "NotoSerifTamil",
        "NotoSerifThai",
    ] {
        assert!(
            fonts.iter().any(|f| f.contains(family)),
            "{family} not used: {fonts:?}"
        );
    }
    // Color emoji are drawn as Type 3 glyphs (COLR layers).
    assert!(
        pdf.fonts()
            .iter()
            .any(|(_, kind, _)| kind.contains("Type 3")),
        "{fonts:?}"
    );
    for file in [
        unspool::pdf::fonts::CJK,
        unspool::pdf::fonts::DEVANAGARI,
        unspool::pdf::fonts::BENGALI,
        unspool::pdf::fonts::TAMIL,
        unspool::pdf::fonts::THAI,
    ] {
        assert!(
            font_files(&thread, &Default::default()).contains(&file),
            "{file}"
        );
    }

    // The card's CJK headline is cut to two lines with an ellipsis.
    let squeezed: String = text.split_whitespace().collect();
    assert!(squeezed.contains("長いタイトル長いタイトル"), "{text}");
    assert!(squeezed.contains('…'), "{text}");
    assert!(!squeezed.contains(&"長いタイトル".repeat(13)), "{text}");

    let uris = pdf.link_uris();
    assert!(uris.contains(&"https://x.com/hashtag/typography?src=hashtag_click".to_owned()));
    assert!(uris.contains(&"https://x.com/unicode".to_owned()));
    assert!(uris
        .iter()
        .any(|u| u.ends_with("/no/longer/fits/on/one/line/of/the/page")));
}

#[test]
fn photos_placeholders_quotes_cards_and_videos() {
    let thread = threads::media();
    let images = threads::images();
    let bytes = render(&thread, &options(), &images);
    let pdf = PdfFile::new("media", &bytes);
    pdf.assert_valid();

    // Avatar, the three photos, the card image (also the quote's photo: same bytes, embedded
    // once), the video poster. The broken and the missing image are placeholders.
    assert_eq!(pdf.image_count(), 6);
    // JPEGs go in as they are and the opaque PNG and WebP photos are re-encoded as JPEG:
    // nothing is stored as Flate-compressed pixels, which made a WebP photo ~30x bigger.
    let encodings = pdf.image_encodings();
    assert!(
        encodings.iter().all(|e| e == "jpeg"),
        "image encodings: {encodings:?}"
    );
    let text = pdf.text();
    assert_in_order(
        &text,
        &threads::post_texts(&thread),
        &footer(&thread),
        "media thread",
    );
    assert_in_order(
        &text,
        &[
            "Photo not available".into(),
            "“A chart of results”".into(),
            "Photo not available".into(),
            "Machine learning is software engineering".into(),
            "example.com".into(),
            "How to typeset a thread".into(),
            "▶ Video".into(),
            "▶ GIF".into(),
            "This post was deleted by the post author.".into(),
            "Content warning: Spoilers for the ending".into(),
            "Serif".into(),
            "62.5%".into(),
            "Sans".into(),
            "37.5%".into(),
            "1,024 votes · Final results".into(),
            "Readers added context".into(),
            "Readers note the fonts are subset to keep the file small.".into(),
        ],
        &footer(&thread),
        "media blocks",
    );
    assert!(text.contains("edited"), "the edited post is marked: {text}");
    let uris = pdf.link_uris();
    for want in [
        "https://example.com/articles/pdf",
        "https://x.com/svpino/status/1200000000000000000",
        "https://pbs.twimg.com/media/broken?format=jpg&name=large",
        thread.posts[4].url.as_str(),
    ] {
        assert!(
            uris.iter().any(|u| u == want),
            "no link to {want}: {uris:?}"
        );
    }
    assert_eq!(pdf.outline_titles().len(), thread.posts.len());
    assert_eq!(
        image_urls(&thread, &options()).len(),
        10,
        "avatar, 3 photos, 2 broken, quote photo, card, video and GIF posters"
    );
}

#[test]
fn text_only_letter_without_numbers() {
    let thread = threads::media();
    let opts = PdfOptions {
        paper: Paper::Letter,
        post_numbers: false,
        images: false,
        ..options()
    };
    let bytes = render(&thread, &opts, &threads::images());
    let pdf = PdfFile::new("text-only", &bytes);
    pdf.assert_valid();
    assert_eq!(pdf.image_count(), 0);
    assert!(pdf.info_value("Page size").contains("612 x 792"));
    let text = pdf.text();
    assert_in_order(
        &text,
        &threads::post_texts(&thread),
        &footer(&thread),
        "text only",
    );
    assert!(text.contains("Photo"));
    assert!(!text.contains("1/6"), "no post numbers: {text}");
    assert!(
        text.contains("14:02"),
        "the first post's time in the margin: {text}"
    );
    assert!(image_urls(&thread, &opts).is_empty());
}

#[test]
fn many_posts_paginate_without_losing_text() {
    let mut thread = threads::seed();
    let posts = thread.posts.clone();
    for round in 1..4 {
        for post in &posts {
            let mut post = post.clone();
            post.id = format!("{}{round}", post.id);
            post.url = format!("{}{round}", post.url);
            thread.posts.push(post);
        }
    }
    let bytes = render(&thread, &options(), &ImageStore::new());
    let pdf = PdfFile::new("many", &bytes);
    pdf.assert_valid();
    assert_in_order(
        &pdf.text(),
        &threads::post_texts(&thread),
        &footer(&thread),
        "56 posts",
    );
    assert_eq!(pdf.outline_titles().len(), 56);
    let pages: usize = pdf.info_value("Pages").parse().unwrap();
    assert!(pages >= 8, "{pages} pages");
}

#[test]
fn errors_name_what_is_wrong() {
    let fonts = fonts();
    let empty = Thread::default();
    let e = render_pdf(&empty, &options(), &ImageStore::new(), &fonts).unwrap_err();
    assert_eq!(e.code(), "empty-thread");
    let e = render_pdf(
        &threads::seed(),
        &options(),
        &ImageStore::new(),
        &FontSet::new(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "missing-font");
    assert!(e.to_string().contains("Literata-Regular.ttf"), "{e}");
    let mut bad = fonts.clone();
    bad.insert(unspool::pdf::fonts::EMOJI, b"not a font".to_vec());
    let e = render_pdf(&threads::seed(), &options(), &ImageStore::new(), &bad).unwrap_err();
    assert_eq!(e.code(), "missing-font");
}

#[test]
fn garbage_images_never_fail_an_export() {
    let thread = threads::media();
    let mut images = ImageStore::new();
    for (i, url) in image_urls(&thread, &options()).into_iter().enumerate() {
        let junk: Vec<u8> = match i % 4 {
            0 => Vec::new(),
            1 => b"\x89PNG\r\n\x1a\n garbage".to_vec(),
            2 => b"RIFF\x10\0\0\0WEBPVP8 junk".to_vec(),
            _ => (0..5000u32).map(|n| (n * 7919 % 251) as u8).collect(),
        };
        images.insert(url, junk);
    }
    let bytes = render(&thread, &options(), &images);
    let pdf = PdfFile::new("garbage-images", &bytes);
    pdf.assert_valid();
    assert_eq!(pdf.image_count(), 0);
}

/// The structure of a small PDF, written readable: objects, dictionaries and content
/// streams as text, binary streams (fonts) summarised.
#[test]
fn snapshot_of_a_small_thread() {
    let mut thread = threads::seed();
    thread.posts.truncate(2);
    thread.author.avatar_url = None;
    for post in &mut thread.posts {
        post.author.avatar_url = None;
    }
    let opts = PdfOptions {
        readable: true,
        ..options()
    };
    let bytes = render(&thread, &opts, &ImageStore::new());
    PdfFile::new("snapshot", &bytes).assert_valid();
    let actual = readable(&bytes);
    let path = threads::dir().join("snapshots/two-posts.txt");
    if update() || !path.exists() {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    if expected != actual {
        pretty_assertions::assert_eq!(expected, actual, "rerun with UPDATE=1 to accept");
    }
}

/// The PDF as text: binary stream data replaced by its length.
fn readable(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut rest = bytes;
    while let Some(start) = find(rest, b"stream\n") {
        let (head, tail) = rest.split_at(start + b"stream\n".len());
        out.push_str(&String::from_utf8_lossy(head));
        let end = find(tail, b"\nendstream").unwrap_or(tail.len());
        let (body, after) = tail.split_at(end);
        let printable = body
            .iter()
            .all(|&b| b == b'\n' || b == b'\r' || b == b'\t' || (0x20..0x7f).contains(&b));
        if printable {
            out.push_str(&String::from_utf8_lossy(body));
        } else {
            out.push_str(&format!("<{} bytes of binary data>", body.len()));
        }
        rest = after;
    }
    out.push_str(&String::from_utf8_lossy(rest));
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The pixel sizes of the test images (`tests/pdf/images/`), by URL in [`threads::images`].
fn test_image_sizes() -> Vec<(&'static str, (u32, u32))> {
    vec![
        ("profile_images/1/avatar_normal.jpg", (200, 200)),
        ("media/dusk?", (960, 640)),
        ("media/chart?", (800, 500)),
        ("media/leaves?", (720, 900)),
        ("media/dusk2?", (600, 314)),
        ("card_img/1/card?", (600, 314)),
        ("ext_tw_video_thumb/1/pu/img/poster.jpg", (960, 540)),
    ]
}

/// The resolution at which the boxes say an image of `size` is drawn at least.
fn least_ppi(size: (u32, u32), boxes: &[DrawBox]) -> f32 {
    let scale = boxes
        .iter()
        .map(|b| {
            let (across, down) = (b.width / size.0 as f32, b.height / size.1 as f32);
            if b.cover {
                across.max(down)
            } else {
                across.min(down)
            }
        })
        .fold(0.0f32, f32::max);
    72.0 / scale
}

#[test]
fn the_boxes_an_image_is_drawn_in_bound_every_drawing_of_it() {
    // `image_requests` tells the extension how large each image is drawn at most, so that it
    // can scale photos down to what the page uses. Every drawing in the PDF must be at least
    // as fine as its boxes say (else a photo fitted to 150 ppi would print coarser), and a
    // photo alone across the measure is drawn exactly as large as its box. The avatar is
    // drawn once square and once as a wide image (filling its circle, cropped).
    let thread = threads::media();
    let square = threads::images();
    let mut wide = threads::images();
    let poster =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pdf/images/poster.jpg"))
            .unwrap();
    wide.insert(
        "https://pbs.twimg.com/profile_images/1/avatar_normal.jpg",
        poster,
    );
    for (paper, store, avatar) in [
        (Paper::A4, &square, (200, 200)),
        (Paper::Letter, &square, (200, 200)),
        (Paper::A4, &wide, (960, 540)),
    ] {
        let opts = PdfOptions { paper, ..options() };
        let requests = image_requests(&thread, &opts);
        let urls: Vec<&str> = requests.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(urls, image_urls(&thread, &opts));
        // The images drawn, in the order the layout draws them (missing and broken ones
        // become placeholders), each with its size and the resolution its boxes promise.
        let mut expected: Vec<((u32, u32), f32)> = Vec::new();
        for request in &requests {
            let size = if request.url.contains("avatar") {
                Some(avatar)
            } else {
                test_image_sizes()
                    .into_iter()
                    .find(|(part, _)| request.url.contains(part))
                    .map(|(_, size)| size)
            };
            if let Some(size) = size {
                expected.push((size, least_ppi(size, &request.boxes)));
            }
        }
        assert_eq!(expected.len(), 7, "{requests:?}");
        let bytes = render(&thread, &opts, store);
        let pdf = PdfFile::new(&format!("drawn-boxes-{paper:?}-{}", avatar.0), &bytes);
        let placements = pdf.image_placements();
        assert_eq!(placements.len(), expected.len(), "{placements:?}");
        for (i, (&(w, h, x_ppi, y_ppi), &(size, bound))) in
            placements.iter().zip(&expected).enumerate()
        {
            assert_eq!((w, h), size, "drawn out of order: {placements:?}");
            let drawn = x_ppi.min(y_ppi);
            // pdfimages rounds the resolution to whole pixels per inch.
            assert!(
                drawn >= bound - 1.0,
                "{paper:?}: a {w}×{h} image drawn at {drawn} ppi, coarser than its boxes' {bound}"
            );
            // The avatar fills its circle; the first photo is alone across the measure.
            if i < 2 {
                assert!(
                    drawn <= bound + 1.0,
                    "{paper:?}: a {w}×{h} image drawn at {drawn} ppi, its box says {bound}"
                );
            }
        }
    }
}

#[test]
fn photos_finer_than_225_ppi_are_fitted_to_150() {
    let measure = DrawBox {
        width: 372.0,
        height: 343.0,
        cover: false,
    };
    // X's large rendition across the measure: 396 ppi, to 150.
    assert_eq!(fitted_size(2048, 1152, &[measure]), Some((775, 436)));
    // 1200 pixels across the 372-point measure are 232 ppi: fitted too.
    assert_eq!(fitted_size(1200, 675, &[measure]), Some((775, 436)));
    // A tall photo is bounded by the box's height: 1536 pixels down 343 points are 322 ppi.
    assert_eq!(fitted_size(1152, 1536, &[measure]), Some((536, 715)));
    // Up to 225 ppi the photo is kept as it is.
    assert_eq!(fitted_size(1162, 654, &[measure]), None);
    assert_eq!(fitted_size(960, 640, &[measure]), None);
    // Filled boxes (the avatar's circle) use the shorter side.
    let avatar = DrawBox {
        width: 34.0,
        height: 34.0,
        cover: true,
    };
    assert_eq!(fitted_size(400, 400, &[avatar]), Some((71, 71)));
    assert_eq!(fitted_size(800, 400, &[avatar]), Some((142, 71)));
    // An image drawn in two places keeps what the larger needs.
    assert_eq!(fitted_size(400, 400, &[avatar, measure]), None);
    // Nothing to go by.
    assert_eq!(fitted_size(0, 400, &[measure]), None);
    assert_eq!(fitted_size(400, 400, &[]), None);
    let empty = DrawBox {
        width: 0.0,
        height: 0.0,
        cover: false,
    };
    assert_eq!(fitted_size(4000, 4000, &[empty]), None);
    // Never upscaled, never to nothing.
    let huge = DrawBox {
        width: 1.0e-3,
        height: 1.0e-3,
        cover: false,
    };
    assert_eq!(fitted_size(5, 3, &[huge]), Some((1, 1)));
}

#[test]
fn a_photo_s_icc_profile_is_written_once_as_its_colour_space() {
    // krilla keeps a JPEG's ICC profile as it is and deflates it only when it writes it
    // (vendor/krilla change 9). Two photos with the same sRGB v2 profile: both are drawn in
    // one ICCBased colour space whose stream inflates to the profile, byte for byte.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let icc_jpeg = std::fs::read(root.join("tests/pdf/images/icc.jpg")).unwrap();
    let profile = std::fs::read(root.join("vendor/krilla/icc/sRGB-v2-magic.icc")).unwrap();
    let thread = threads::media();
    let mut store = threads::images();
    store.insert(
        "https://pbs.twimg.com/media/dusk?format=jpg&name=large",
        icc_jpeg.clone(),
    );
    // Other bytes (a byte after the end of the image), the same profile.
    let mut other = icc_jpeg;
    other.push(0);
    store.insert(
        "https://pbs.twimg.com/media/dusk2?format=jpg&name=large",
        other,
    );
    let bytes = render(&thread, &options(), &store);
    let pdf = PdfFile::new("icc-profile", &bytes);
    pdf.assert_valid();
    let qdf = pdf.path.with_extension("qdf.pdf");
    let (ok, _, err) = tools::run(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            pdf.path.to_str().unwrap(),
            qdf.to_str().unwrap(),
        ],
    );
    assert!(ok, "qpdf: {err}");
    let text = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).into_owned();
    // pdfimages' "color" column says `icc` for an image in an ICCBased colour space.
    let (ok, list, err) = tools::run("pdfimages", &["-list", pdf.path.to_str().unwrap()]);
    assert!(ok, "pdfimages: {err}");
    let icc_images = list
        .lines()
        .filter(|l| l.split_whitespace().nth(5) == Some("icc"))
        .count();
    assert_eq!(
        icc_images, 2,
        "two photos in an ICCBased colour space:\n{list}"
    );
    // One colour space object for both, naming one profile stream.
    let spaces: Vec<&str> = text
        .match_indices("/ICCBased")
        .map(|(at, _)| {
            let rest = &text[at + "/ICCBased".len()..];
            rest.split_whitespace().next().unwrap()
        })
        .collect();
    assert_eq!(spaces.len(), 1, "one profile: {spaces:?}");
    let out = std::process::Command::new("qpdf")
        .args([
            &format!("--show-object={}", spaces[0]),
            "--filtered-stream-data",
            qdf.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout, profile, "the profile, inflated");
    let _ = std::fs::remove_file(qdf);
}

#[test]
fn jpeg_headers_are_read_as_a_decoder_reads_them() {
    // krilla reads a JPEG's size, colour space and ICC profile from its marker segments
    // without a decoder (vendor/krilla change 11). Every kind a photo may come as is embedded
    // as it is, in its colour space, at its size; what a PDF reader cannot show is refused
    // (a placeholder is drawn instead).
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let profile = std::fs::read(root.join("vendor/krilla/icc/sRGB-v2-magic.icc")).unwrap();
    let encode = |color: jpeg_encoder::ColorType, channels: usize, progressive: bool| {
        let (w, h) = (48u16, 32u16);
        let pixels: Vec<u8> = (0..usize::from(w) * usize::from(h) * channels)
            .map(|i| (i * 37 % 251) as u8)
            .collect();
        let mut out = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut out, 90);
        encoder.set_progressive(progressive);
        encoder.encode(&pixels, w, h, color).unwrap();
        out
    };
    let with_profile = {
        let mut out = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut out, 90);
        encoder.add_icc_profile(&profile).unwrap();
        let pixels: Vec<u8> = (0..48 * 32 * 3).map(|i| (i * 37 % 251) as u8).collect();
        encoder
            .encode(&pixels, 48, 32, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        out
    };
    let rgb = encode(jpeg_encoder::ColorType::Rgb, 3, false);
    let at = |jpeg: &[u8], marker: u8| find(jpeg, &[0xFF, marker]).unwrap();
    let spliced = |jpeg: &[u8], at: usize, bytes: &[u8]| {
        let mut out = jpeg[..at].to_vec();
        out.extend_from_slice(bytes);
        out.extend_from_slice(&jpeg[at..]);
        out
    };
    let patched = |jpeg: &[u8], at: usize, byte: u8| {
        let mut out = jpeg.to_vec();
        out[at] = byte;
        out
    };
    // The profile in two APP2 chunks, the second written first: joined in sequence order.
    let chunk = |seq: u8, count: u8, data: &[u8]| {
        let mut out = vec![0xFF, 0xE2];
        out.extend_from_slice(&(2 + 14 + data.len() as u16).to_be_bytes());
        out.extend_from_slice(b"ICC_PROFILE\0");
        out.extend_from_slice(&[seq, count]);
        out.extend_from_slice(data);
        out
    };
    let (first, second) = profile.split_at(profile.len() / 2);
    let two_chunks = spliced(&rgb, 2, &[chunk(2, 2, second), chunk(1, 2, first)].concat());
    let one_of_two = spliced(&rgb, 2, &chunk(1, 2, first));
    let sof = at(&rgb, 0xC0);
    let cases: Vec<(&str, Vec<u8>, Option<&str>)> = vec![
        (
            "grey",
            encode(jpeg_encoder::ColorType::Luma, 1, false),
            Some("gray"),
        ),
        ("RGB", rgb.clone(), Some("rgb")),
        (
            "progressive",
            encode(jpeg_encoder::ColorType::Rgb, 3, true),
            Some("rgb"),
        ),
        (
            "CMYK",
            encode(jpeg_encoder::ColorType::Cmyk, 4, false),
            Some("cmyk"),
        ),
        (
            "YCCK",
            encode(jpeg_encoder::ColorType::CmykAsYcck, 4, false),
            Some("cmyk"),
        ),
        ("with a profile", with_profile, Some("icc")),
        ("a profile in chunks out of order", two_chunks, Some("icc")),
        ("half a profile (left out)", one_of_two, Some("rgb")),
        (
            "fill bytes before a marker",
            spliced(&rgb, 2, &[0xFF, 0xFF, 0xFF]),
            Some("rgb"),
        ),
        (
            "stray bytes between segments",
            spliced(&rgb, sof, b"\0junk"),
            Some("rgb"),
        ),
        ("12-bit samples", patched(&rgb, sof + 4, 12), None),
        ("arithmetic coding", patched(&rgb, sof + 1, 0xC9), None),
        ("two components", patched(&rgb, sof + 9, 2), None),
        (
            "no size",
            patched(&patched(&rgb, sof + 5, 0), sof + 6, 0),
            None,
        ),
        ("cut before the scan", rgb[..at(&rgb, 0xDA)].to_vec(), None),
        ("cut inside a segment", rgb[..sof + 6].to_vec(), None),
        ("no start marker", rgb[2..].to_vec(), None),
    ];
    let url = "https://pbs.twimg.com/media/kind?format=jpg&name=large";
    let mut thread = threads::seed();
    thread.posts.truncate(1);
    thread.author.avatar_url = None;
    thread.posts[0].author.avatar_url = None;
    thread.posts[0].media = vec![unspool::model::Media {
        kind: unspool::model::MediaKind::Photo,
        url: url.into(),
        alt: None,
        link: None,
    }];
    for (name, jpeg, color) in cases {
        let mut store = ImageStore::new();
        store.insert(url, jpeg);
        let bytes = render(&thread, &options(), &store);
        let pdf = PdfFile::new(&format!("jpeg-kind-{}", name.replace(' ', "-")), &bytes);
        // (qpdf decodes the photo, and says so of the stray bytes, as libjpeg does.)
        if !name.starts_with("stray") {
            pdf.assert_valid();
        }
        let (ok, list, err) = tools::run("pdfimages", &["-list", pdf.path.to_str().unwrap()]);
        assert!(ok, "pdfimages: {err}");
        let images: Vec<(String, String, String)> = list
            .lines()
            .skip(2)
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .map(|f| (f[3].to_owned(), f[4].to_owned(), f[5].to_owned()))
            .collect();
        match color {
            Some(color) => assert_eq!(
                images,
                vec![("48".to_owned(), "32".to_owned(), color.to_owned())],
                "{name}"
            ),
            None => assert!(images.is_empty(), "{name}: refused, but {list}"),
        }
    }
}
