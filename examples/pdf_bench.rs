//! Benchmark: render a 200-post thread with 40 photos to PDF, natively, and write the same
//! inputs to `target/pdf-bench/` for the Wasm benchmark (`tools/bench-pdf.sh` runs both).
//!
//! `cargo run --release --features pdf --example pdf_bench [RUNS] [jpeg]` (`jpeg`: the first
//! case only, e.g. under `perf record` or `valgrind --tool=callgrind`, whose instruction
//! counts do not depend on the machine's load; `PDF_BENCH_OUT=file.pdf` keeps the PDF)
//!
//! The photos are the test JPEG (what X serves with `format=jpg`), each made distinct by bytes
//! after its end marker so none is deduplicated. A second, native-only run makes 8 of them
//! PNG or WebP, which are decoded and recompressed (the expensive path).

use std::path::Path;
use std::time::Instant;

use unspool::model::{Author, Media, MediaKind, Post, Segment, Thread};
use unspool::pdf::{image_urls, render_pdf, FontSet, ImageStore, PdfOptions};

const POSTS: usize = 200;
const PHOTOS: usize = 40;

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fonts = FontSet::from_dir(&root.join("target/fonts")).unwrap_or_default();
    let options = PdfOptions {
        created: Some("2026-03-03T20:03:00Z".into()),
        ..PdfOptions::default()
    };
    let (thread, images) = bench_thread(root, false);
    write_inputs(root, &thread, &images, &options);
    measure(
        "native, JPEG photos",
        &thread,
        &images,
        &options,
        &fonts,
        runs,
    );
    if std::env::args().nth(2).as_deref() == Some("jpeg") {
        return; // the JPEG case alone (for a profiler)
    }
    let (thread, images) = bench_thread(root, true);
    measure(
        "native, 8 PNG/WebP",
        &thread,
        &images,
        &options,
        &fonts,
        runs,
    );
}

fn measure(
    label: &str,
    thread: &Thread,
    images: &ImageStore,
    options: &PdfOptions,
    fonts: &FontSet,
    runs: usize,
) {
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        match render_pdf(thread, options, images, fonts) {
            Ok(pdf) => {
                size = pdf.len();
                if let Some(out) = std::env::var_os("PDF_BENCH_OUT") {
                    let _ = std::fs::write(out, &pdf);
                }
            }
            Err(e) => {
                eprintln!(
                    "render failed ({}): {e} — run tools/fonts.sh first",
                    e.code()
                );
                std::process::exit(1);
            }
        }
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    println!(
        "{label}: {POSTS} posts, {PHOTOS} photos -> {} KB PDF; median {median:.1} ms over {} runs (min {:.1} ms)",
        size / 1024,
        times.len(),
        times.first().copied().unwrap_or_default()
    );
}

fn bench_thread(root: &Path, decoded: bool) -> (Thread, ImageStore) {
    let seed = std::fs::read_to_string(root.join("tests/pdf/seed-thread.txt")).unwrap_or_default();
    let bodies: Vec<&str> = seed.split("\n---\n").collect();
    let images_dir = root.join("tests/pdf/images");
    let read = |name: &str| std::fs::read(images_dir.join(name)).unwrap_or_default();
    let (jpeg, png, webp) = (read("dusk.jpg"), read("chart.png"), read("leaves.webp"));
    let author = Author {
        name: "Santiago".into(),
        handle: "svpino".into(),
        url: "https://x.com/svpino".into(),
        avatar_url: Some("https://pbs.twimg.com/profile_images/1/a.jpg".into()),
        verified: false,
    };
    let mut images = ImageStore::new();
    images.insert(
        "https://pbs.twimg.com/profile_images/1/a.jpg",
        read("avatar.jpg"),
    );
    let mut posts = Vec::with_capacity(POSTS);
    for i in 0..POSTS {
        let body = bodies.get(i % bodies.len().max(1)).copied().unwrap_or("");
        let mut text = Vec::new();
        for (j, line) in body.lines().enumerate() {
            if j > 0 {
                text.push(Segment::LineBreak);
            }
            text.push(Segment::Text { text: line.into() });
        }
        text.push(Segment::Text { text: " ".into() });
        text.push(Segment::Hashtag {
            text: "#ml".into(),
            url: "https://x.com/hashtag/ml".into(),
        });
        let mut media = Vec::new();
        if i % (POSTS / PHOTOS) == 2 {
            let n = i / (POSTS / PHOTOS);
            let url = format!("https://pbs.twimg.com/media/photo{n}?format=jpg&name=large");
            let bytes = match n % 10 {
                3 if decoded => png.clone(),
                7 if decoded => webp.clone(),
                _ => {
                    let mut distinct = jpeg.clone();
                    distinct.extend_from_slice(&(n as u32).to_le_bytes());
                    distinct
                }
            };
            images.insert(url.clone(), bytes);
            media.push(Media {
                kind: MediaKind::Photo,
                url,
                alt: None,
                link: None,
            });
        }
        let id = 1_900_000_000_000_000_000u64 + i as u64;
        posts.push(Post {
            id: id.to_string(),
            url: format!("https://x.com/svpino/status/{id}"),
            author: author.clone(),
            time: Some(format!("2026-03-03T{:02}:{:02}:00Z", 8 + i / 60, i % 60)),
            text,
            media,
            ..Post::default()
        });
    }
    let thread = Thread {
        site: "x".into(),
        site_name: "X".into(),
        source_url: posts.first().map(|p| p.url.clone()).unwrap_or_default(),
        author,
        focal_id: posts.first().map(|p| p.id.clone()).unwrap_or_default(),
        posts,
    };
    (thread, images)
}

/// `thread.json`, `options.json` and `images/<n>` + `images.json` (URL → file) for the Wasm
/// benchmark.
fn write_inputs(root: &Path, thread: &Thread, images: &ImageStore, options: &PdfOptions) {
    let dir = root.join("target/pdf-bench");
    let _ = std::fs::create_dir_all(dir.join("images"));
    let _ = std::fs::write(
        dir.join("thread.json"),
        serde_json::to_string(thread).unwrap_or_default(),
    );
    let _ = std::fs::write(
        dir.join("options.json"),
        format!(
            r#"{{"created":"{}"}}"#,
            options.created.as_deref().unwrap_or("")
        ),
    );
    let mut index = Vec::new();
    for (n, url) in image_urls(thread, options).iter().enumerate() {
        if let Some(bytes) = images.get(url) {
            let _ = std::fs::write(dir.join("images").join(n.to_string()), bytes);
            index.push((url.clone(), n.to_string()));
        }
    }
    let _ = std::fs::write(
        dir.join("images.json"),
        serde_json::to_string(&index).unwrap_or_default(),
    );
}
