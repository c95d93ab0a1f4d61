//! The PDF writer: a [`Thread`] typeset as an article — a title block, the posts as flowing
//! paragraphs with subtle numbers, photos, quoted posts, link cards, video posters, a running
//! footer, clickable links, an outline with one entry per post, and document metadata.
//!
//! Only with the cargo feature `pdf`. The extension builds it into a second Wasm module that
//! it loads when the user exports, so opening the reader stays instant.
//!
//! The pipeline, one file per step:
//! - [`fonts`]: the font files and which face draws each character (fallback, emoji);
//! - `shape`: bidi levels, runs, shaping with rustybuzz;
//! - `lines`: line breaking (UAX #14) and visual order (bidi rule L2);
//! - [`images`]: fetched bytes to embeddable images (JPEG as is);
//! - `layout`: blocks, then pages (keep-together rules, frames, footers);
//! - `write`: krilla draws it all and writes the file.
//!
//! ```no_run
//! # fn main() -> Result<(), unspool::pdf::PdfError> {
//! use unspool::pdf::{render_pdf, FontSet, ImageStore, PdfOptions};
//! # let thread = unspool::model::Thread::default();
//! let fonts = FontSet::from_dir(std::path::Path::new("target/fonts")).unwrap_or_default();
//! let pdf: Vec<u8> = render_pdf(&thread, &PdfOptions::default(), &ImageStore::new(), &fonts)?;
//! # Ok(()) }
//! ```

pub mod fonts;
pub mod images;
mod layout;
mod lines;
mod shape;
mod space_layout;
mod style;
mod write;

use serde::Deserialize;

pub use crate::labels::Labels;

pub use fonts::{font_files, FontSet};
pub use images::{fitted_size, DrawBox, ImageRequest, ImageStore};

use crate::model::Thread;

/// Paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

/// What the user chose for the PDF (plain JS object, camelCase, every field optional).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PdfOptions {
    /// `"a4"` or `"letter"`.
    pub paper: Paper,
    /// Number the posts in the margin ("3/14"); when off, the margin shows each post's time.
    pub post_numbers: bool,
    /// Include photos, video posters, avatars and card images; when off the PDF is text only
    /// and says where each photo was.
    pub images: bool,
    /// The document's language (BCP 47, e.g. `"en"`); guessed from the text when absent.
    pub language: Option<String>,
    /// When the PDF is made (ISO 8601), for its metadata; none when absent.
    pub created: Option<String>,
    /// The reader's offset from UTC in minutes (`-new Date().getTimezoneOffset()`), so
    /// dates and times read as they do on the site; UTC when absent.
    pub utc_offset_minutes: Option<i32>,
    /// Write uncompressed, pretty-printed PDF (for tests and debugging).
    pub readable: bool,
    /// The PDF's own words in the reader's language (English for any left out).
    pub labels: Labels,
}

impl Default for PdfOptions {
    fn default() -> PdfOptions {
        PdfOptions {
            paper: Paper::A4,
            post_numbers: true,
            images: true,
            language: None,
            created: None,
            utc_offset_minutes: None,
            readable: false,
            labels: Labels::default(),
        }
    }
}

impl PdfOptions {
    fn utc_offset(&self) -> i32 {
        self.utc_offset_minutes.unwrap_or(0)
    }
}

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The thread has no posts.
    #[error("the thread has no posts")]
    EmptyThread,
    /// A font file the writer needs was not given.
    #[error("the font file {0} is missing")]
    MissingFont(String),
    /// A font file could not be read.
    #[error("the font file {0} cannot be read")]
    BadFont(String),
    /// The PDF library failed.
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

impl PdfError {
    /// A stable code for the UI (the JS `Error`'s `name`).
    pub fn code(&self) -> &'static str {
        match self {
            PdfError::EmptyThread => "empty-thread",
            PdfError::MissingFont(_) | PdfError::BadFont(_) => "missing-font",
            PdfError::Write(_) => "internal",
        }
    }
}

/// Writes `thread` as a PDF. `images` holds the bytes the extension fetched for the URLs
/// [`image_urls`] lists (missing or broken ones become placeholders); `fonts` the files
/// [`font_files`] lists.
pub fn render_pdf(
    thread: &Thread,
    options: &PdfOptions,
    images: &ImageStore,
    fonts: &FontSet,
) -> Result<Vec<u8>, PdfError> {
    if thread.posts.is_empty() {
        return Err(PdfError::EmptyThread);
    }
    let fonts = fonts::Fonts::load(fonts)?;
    let document = layout::lay_out(thread, options, images, &fonts);
    write::write(
        &document,
        &fonts,
        write::Settings {
            readable: options.readable,
            metadata: metadata(thread, options),
        },
    )
}

/// The image URLs a PDF of `thread` shows, in order, without repeats: the author's avatar,
/// then each post's photos and video posters, its quote's, its card's image. Empty when
/// `options.images` is off.
pub fn image_urls(thread: &Thread, options: &PdfOptions) -> Vec<String> {
    image_requests(thread, options)
        .into_iter()
        .map(|request| request.url)
        .collect()
}

/// The images a PDF of `thread` shows, as [`image_urls`] lists them, each with the largest
/// boxes it is drawn in — what [`fitted_size`] needs to tell whether the image has more
/// pixels than the page can use. Empty when `options.images` is off.
pub fn image_requests(thread: &Thread, options: &PdfOptions) -> Vec<ImageRequest> {
    if !options.images {
        return Vec::new();
    }
    let g = style::PageGeometry::new(options.paper);
    let text_height = g.bottom - g.top;
    // Upper bounds of the layout's boxes (a photo row is never wider than the measure nor
    // taller than its share of the page; a quote's column is narrower than the measure).
    let photo = DrawBox::contain(g.measure, text_height * style::PHOTO_MAX_HEIGHT);
    let quoted = DrawBox::contain(g.measure, text_height * style::PHOTO_MAX_HEIGHT * 0.6);
    let avatar = DrawBox::cover(style::AVATAR, style::AVATAR);
    let thumbnail = DrawBox::cover(style::THUMBNAIL, style::THUMBNAIL);
    let mut requests: Vec<ImageRequest> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut add = |url: &str, drawn: DrawBox| {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return;
        }
        match index.get(url) {
            Some(&i) => {
                if let Some(request) = requests.get_mut(i) {
                    if !request.boxes.contains(&drawn) {
                        request.boxes.push(drawn);
                    }
                }
            }
            None => {
                index.insert(url.to_owned(), requests.len());
                requests.push(ImageRequest {
                    url: url.to_owned(),
                    boxes: vec![drawn],
                });
            }
        }
    };
    if let Some(url) = &thread.author.avatar_url {
        add(url, avatar);
    }
    for post in &thread.posts {
        post.media.iter().for_each(|m| add(&m.url, photo));
        if let Some(quote) = &post.quote {
            quote.media.iter().for_each(|m| add(&m.url, quoted));
        }
        if let Some(image) = post.card.as_ref().and_then(|c| c.image.as_deref()) {
            add(image, thumbnail);
        }
    }
    requests
}

fn metadata(thread: &Thread, options: &PdfOptions) -> krilla::metadata::Metadata {
    let author = &thread.author;
    let who = match (author.name.trim(), author.handle.as_str()) {
        ("", handle) => format!("@{handle}"),
        (name, "") => name.to_owned(),
        (name, handle) => format!("{name} (@{handle})"),
    };
    let mut metadata = krilla::metadata::Metadata::new()
        .title(crate::markdown::title(thread, 120, &options.labels))
        .authors(vec![who])
        .description(thread.source_url.clone())
        .creator("Unspool".to_owned())
        .language(
            options
                .language
                .clone()
                .or_else(|| stated_language(thread))
                .unwrap_or_else(|| guess_language(thread).to_owned()),
        );
    if let Some(created) = options
        .created
        .as_deref()
        .and_then(|c| crate::dates::Moment::parse(c, options.utc_offset()))
    {
        metadata = metadata.creation_date(created.to_pdf());
    }
    metadata
}

/// The language the site gives most of the thread's posts (`Post::lang`), when it gives one
/// to at least half of them.
fn stated_language(thread: &Thread) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for lang in thread.posts.iter().filter_map(|p| p.lang.as_deref()) {
        match counts.iter_mut().find(|(l, _)| *l == lang) {
            Some((_, n)) => *n += 1,
            None => counts.push((lang, 1)),
        }
    }
    // The first of the most common (max_by_key keeps the last of equals: reversed).
    let (lang, n) = counts.into_iter().rev().max_by_key(|&(_, n)| n)?;
    (n * 2 >= thread.posts.len()).then(|| lang.to_owned())
}

/// The language of the thread's text, from its scripts (where a script says it); English
/// otherwise.
fn guess_language(thread: &Thread) -> &'static str {
    let mut counts = [0usize; 7];
    for post in &thread.posts {
        for c in crate::model::plain_text(&post.text).chars() {
            let slot = match c as u32 {
                // Most text is ASCII: a letter or nothing, without the ranges below.
                0..=0x7F if c.is_ascii_alphabetic() => 6,
                0..=0x7F => continue,
                0x3040..=0x30FF => 0,                   // kana: Japanese
                0xAC00..=0xD7AF | 0x1100..=0x11FF => 1, // Hangul: Korean
                0x4E00..=0x9FFF | 0x3400..=0x4DBF => 2, // Han
                0x0590..=0x05FF => 3,                   // Hebrew
                0x0600..=0x06FF | 0x0750..=0x077F => 4, // Arabic
                0x0370..=0x03FF => 5,                   // Greek
                _ if c.is_alphabetic() => 6,
                _ => continue,
            };
            if let Some(n) = counts.get_mut(slot) {
                *n += 1;
            }
        }
    }
    let get = |i: usize| counts.get(i).copied().unwrap_or(0);
    let (kana, hangul, han) = (get(0), get(1), get(2));
    let best = (0..counts.len()).max_by_key(|&i| get(i)).unwrap_or(6);
    match best {
        _ if kana > 0 && kana + han >= get(6) => "ja",
        1 => "ko",
        2 => "zh",
        3 => "he",
        4 => "ar",
        5 => "el",
        _ if hangul > 0 && hangul >= get(6) => "ko",
        _ => "en",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Post;

    #[test]
    fn the_document_language_is_the_one_most_posts_are_said_to_be_in() {
        let thread = |langs: &[Option<&str>]| Thread {
            posts: langs
                .iter()
                .map(|l| Post {
                    lang: l.map(str::to_owned),
                    ..Post::default()
                })
                .collect(),
            ..Thread::default()
        };
        let stated = |langs: &[Option<&str>]| stated_language(&thread(langs));
        assert_eq!(
            stated(&[Some("de"), Some("de"), Some("en")]).as_deref(),
            Some("de")
        );
        assert_eq!(
            stated(&[Some("de"), None, None]),
            None,
            "said of too few posts"
        );
        assert_eq!(
            stated(&[Some("es"), Some("pt"), Some("es"), None]).as_deref(),
            Some("es")
        );
        // A tie: the first.
        assert_eq!(stated(&[Some("pt"), Some("es")]).as_deref(), Some("pt"));
        assert_eq!(stated(&[]), None);
    }
}
