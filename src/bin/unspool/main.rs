//! `unspool`: the same core as the extension, for saved pages on the command line.
//!
//! ```text
//! unspool PAGE.html [PAGE.html…] [-o OUT.pdf|OUT.md|OUT.json|DIR/] [--url URL]
//!         [--format pdf|md|json] [--fonts DIR] [--paper a4|letter] [--no-images]
//! ```
//! Without `-o` the thread is printed as Markdown. The page's URL comes from `--url`, or from
//! what the browser wrote into the saved file (Chrome's "saved from url" mark, SingleFile's
//! header, or the page's canonical link), or from a `url.txt` beside it (as the test pages
//! under `tests/pages/` have). PDFs are written by the extension's writer with its
//! fonts (see `fonts.rs` for where they are looked for) and the page's local images; nothing
//! is fetched from the network.

mod fonts;
mod saved;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use unspool::model::Thread;
use unspool::pdf::{image_urls, render_pdf, ImageStore, Paper, PdfOptions};
use unspool::thread::Collector;

const USAGE: &str =
    "usage: unspool PAGE.html [PAGE.html…] [-o OUT.pdf|OUT.md|OUT.json|DIR/] [--url URL]
               [--format pdf|md|json] [--fonts DIR] [--paper a4|letter] [--no-images]";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Markdown,
    Json,
    Pdf,
}

impl Format {
    fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Pdf => "pdf",
        }
    }
}

struct Args {
    inputs: Vec<PathBuf>,
    output: Option<PathBuf>,
    url: Option<String>,
    format: Option<Format>,
    fonts: Option<PathBuf>,
    paper: Paper,
    images: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        inputs: Vec::new(),
        output: None,
        url: None,
        format: None,
        fonts: None,
        paper: Paper::A4,
        images: true,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-h" | "--help" => return Err(String::new()),
            "-o" | "--output" => args.output = Some(it.next().ok_or("-o needs a path")?.into()),
            "--url" => args.url = Some(it.next().ok_or("--url needs a URL")?),
            "--format" => {
                let f = it.next().ok_or("--format needs md, json or pdf")?;
                args.format = Some(
                    Format::parse(&f)
                        .ok_or(format!("unknown format {f:?}: use md, json or pdf"))?,
                );
            }
            "--fonts" => args.fonts = Some(it.next().ok_or("--fonts needs a directory")?.into()),
            "--no-images" => args.images = false,
            "--paper" => {
                let p = it.next().ok_or("--paper needs a4 or letter")?;
                args.paper = match p.to_ascii_lowercase().as_str() {
                    "a4" => Paper::A4,
                    "letter" => Paper::Letter,
                    _ => return Err(format!("unknown paper {p:?}: use a4 or letter")),
                };
            }
            s if s.starts_with('-') && s.len() > 1 => return Err(format!("unknown option {s}")),
            _ => args.inputs.push(arg.into()),
        }
    }
    if args.inputs.is_empty() {
        return Err("no input page".into());
    }
    Ok(args)
}

/// A page read from disk: its thread and, for PDFs, the images saved with it.
struct Page {
    thread: Thread,
    images: ImageStore,
    /// The page's own reference for each renamed local image.
    original: HashMap<String, String>,
}

/// Reads `input` and extracts its thread; with `local_images`, the images saved with the page
/// are kept for the PDF.
fn convert(input: &Path, url: Option<&str>, local_images: bool) -> Result<Page, String> {
    let bytes = std::fs::read(input).map_err(|e| format!("can't read it: {e}"))?;
    let html = String::from_utf8_lossy(&bytes);
    let url = match url {
        Some(u) => u.to_owned(),
        None => saved::saved_url(&html)
            .or_else(|| saved::url_beside(input))
            .ok_or("can't tell which page this was saved from; pass --url")?,
    };
    let mut images = ImageStore::new();
    let mut original = HashMap::new();
    let html = if local_images {
        let local = saved::local_images(&html, input);
        for (url, bytes) in local.bytes {
            images.insert(url, bytes);
        }
        original = local.original;
        local.html
    } else {
        html.into_owned()
    };
    let mut collector = Collector::new(&url).map_err(|e| e.to_string())?;
    let progress = collector.add_html(&html).map_err(|e| e.to_string())?;
    if progress.thread.posts.is_empty() {
        return Err(format!("found no posts of a thread on this page ({url})"));
    }
    Ok(Page {
        thread: progress.thread,
        images,
        original,
    })
}

/// What the PDF writer needs besides the page.
struct PdfSettings {
    fonts: fonts::Search,
    options: PdfOptions,
}

/// The bytes to write, and what to tell the user about them.
fn render(
    page: &Page,
    format: Format,
    pdf: &PdfSettings,
    warn: &mut dyn FnMut(String),
) -> Result<(Vec<u8>, String), String> {
    let posts = format!("{} posts", page.thread.posts.len());
    match format {
        Format::Markdown => Ok((
            unspool::markdown::render(&page.thread, &Default::default(), 0).into_bytes(),
            posts,
        )),
        Format::Json => serde_json::to_vec_pretty(&page.thread)
            .map(|b| (b, posts))
            .map_err(|e| e.to_string()),
        Format::Pdf => {
            let found = pdf.fonts.find(&page.thread)?;
            found.warnings.into_iter().for_each(&mut *warn);
            let bytes = render_pdf(&unlinked(page), &pdf.options, &page.images, &found.set)
                .map_err(|e| match e.code() {
                    "missing-font" => format!("{e} (fonts from {}); {}", found.source, fonts::FIX),
                    _ => e.to_string(),
                })?;
            Ok((
                bytes,
                format!("{posts}, {}", image_summary(page, &pdf.options)),
            ))
        }
    }
}

/// "3 images embedded, 2 left out as labelled placeholders".
fn image_summary(page: &Page, options: &PdfOptions) -> String {
    if !options.images {
        return "text only".into();
    }
    let urls = image_urls(&page.thread, options);
    let embedded = urls
        .iter()
        .filter(|u| {
            page.images
                .get(u)
                .is_some_and(unspool::pdf::images::is_usable)
        })
        .count();
    let left_out = urls.len() - embedded;
    let mut summary = format!("{embedded} images embedded");
    if left_out > 0 {
        summary.push_str(&format!(
            ", {left_out} left out (not saved with the page, or unreadable: photos \
             become labelled placeholders; nothing is downloaded)"
        ));
    }
    summary
}

/// The thread with each unreadable local image back at the page's own reference, so its
/// placeholder shows no made-up address.
fn unlinked(page: &Page) -> Thread {
    let mut thread = page.thread.clone();
    let fix = |url: &mut String| {
        if let Some(value) = page.original.get(url.as_str()) {
            if !page
                .images
                .get(url)
                .is_some_and(unspool::pdf::images::is_usable)
            {
                *url = value.clone();
            }
        }
    };
    for post in &mut thread.posts {
        post.media.iter_mut().for_each(|m| fix(&mut m.url));
        if let Some(quote) = &mut post.quote {
            quote.media.iter_mut().for_each(|m| fix(&mut m.url));
        }
        if let Some(image) = post.card.as_mut().and_then(|c| c.image.as_mut()) {
            fix(image);
        }
    }
    thread
}

/// Now, as ISO 8601 in UTC, for the PDF's creation date.
fn now_iso() -> Option<String> {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_millis();
    unspool::sites::iso_from_unix_ms(i64::try_from(ms).ok()?)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("unspool: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let many = args.inputs.len() > 1;
    if let Some(out) = args.output.as_ref().filter(|o| many && !o.is_dir()) {
        let names_a_file = out
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::parse)
            .is_some();
        if names_a_file {
            eprintln!(
                "unspool: {} pages need a directory for -o (e.g. -o out/), not {}",
                args.inputs.len(),
                out.display()
            );
            return ExitCode::from(2);
        }
    }
    let out_is_dir = args
        .output
        .as_ref()
        .is_some_and(|o| many || o.is_dir() || o.to_string_lossy().ends_with('/'));
    let format = args
        .format
        .or_else(|| {
            (!out_is_dir)
                .then(|| {
                    args.output
                        .as_ref()?
                        .extension()?
                        .to_str()
                        .and_then(Format::parse)
                })
                .flatten()
        })
        .unwrap_or(Format::Markdown);
    if let (Some(out), false, None) = (&args.output, out_is_dir, args.format) {
        if out
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::parse)
            .is_none()
        {
            eprintln!(
                "unspool: unknown output format for {}: use .md, .json or .pdf",
                out.display()
            );
            return ExitCode::from(2);
        }
    }
    if out_is_dir {
        if let Some(dir) = &args.output {
            if let Err(e) = std::fs::create_dir_all(dir) {
                eprintln!("unspool: can't create {}: {e}", dir.display());
                return ExitCode::FAILURE;
            }
        }
    }
    let pdf = PdfSettings {
        fonts: fonts::Search::new(args.fonts.clone()),
        options: PdfOptions {
            paper: args.paper,
            images: args.images,
            created: now_iso(),
            ..PdfOptions::default()
        },
    };
    let mut warned: Vec<String> = Vec::new();
    let mut warn = |w: String| {
        if !warned.contains(&w) {
            eprintln!("unspool: warning: {w}");
            warned.push(w);
        }
    };
    let mut failed = 0;
    let mut written: Vec<PathBuf> = Vec::new();
    for input in &args.inputs {
        let result = convert(input, args.url.as_deref(), format == Format::Pdf).and_then(|page| {
            let (bytes, summary) = render(&page, format, &pdf, &mut warn)?;
            let target = match &args.output {
                None => None,
                Some(dir) if out_is_dir => {
                    let stem = input
                        .file_stem()
                        .map_or("thread".into(), |s| s.to_string_lossy());
                    // Pages with the same name (every `source.html`) get their own files.
                    let mut path = dir.join(format!("{stem}.{}", format.extension()));
                    let mut n = 1;
                    while written.contains(&path) {
                        n += 1;
                        path = dir.join(format!("{stem}-{n}.{}", format.extension()));
                    }
                    written.push(path.clone());
                    Some(path)
                }
                Some(file) => Some(file.clone()),
            };
            match target {
                None => {
                    use std::io::Write;
                    std::io::stdout()
                        .write_all(&bytes)
                        .map_err(|e| e.to_string())?;
                    Ok(summary)
                }
                Some(path) => {
                    std::fs::write(&path, &bytes)
                        .map_err(|e| format!("can't write {}: {e}", path.display()))?;
                    Ok(format!("{summary} → {}", path.display()))
                }
            }
        });
        match result {
            Ok(summary) => eprintln!("{}: {summary}", input.display()),
            Err(e) => {
                failed += 1;
                eprintln!("{}: {e}", input.display());
            }
        }
    }
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
