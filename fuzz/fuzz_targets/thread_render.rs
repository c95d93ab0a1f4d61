//! A thread built from arbitrary input — any Unicode, empty and huge posts, up to thousands of
//! posts, links, quotes, cards, polls, notes, and media whose bytes are real images cut short,
//! garbage behind an image's magic bytes, or nothing at all — written as Markdown and as PDF
//! with the real fonts. Only a panic (or an error other than a missing font) fails.
//!
//! The fonts are read once from `../target/fonts` (`tools/fonts.sh` builds them); without them
//! the PDF half is skipped, with a message. `UNSPOOL_FUZZ_DEBUG=1` prints each thread's size
//! (posts, characters, media), to see why an input is slow.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use unspool::model::{
    Author, Card, Media, MediaKind, Poll, PollOption, Post, Quote, Segment, Thread,
};
use unspool::pdf::{font_files, image_urls, render_pdf, FontSet, ImageStore, Paper, PdfOptions};

fn fonts() -> Option<&'static FontSet> {
    static FONTS: OnceLock<Option<FontSet>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fonts");
            let all = unspool::pdf::fonts::ALL_FONT_FILES
                .iter()
                .all(|f| dir.join(f).is_file());
            if !all {
                eprintln!(
                    "thread_render: no fonts in {} (run tools/fonts.sh): PDF rendering is \
                     SKIPPED, only Markdown is fuzzed",
                    dir.display()
                );
                return None;
            }
            FontSet::from_dir(&dir).ok()
        })
        .as_ref()
}

const JPEG: &[u8] = include_bytes!("../../tests/pdf/images/dusk.jpg");
const PNG: &[u8] = include_bytes!("../../tests/pdf/images/chart.png");
const WEBP: &[u8] = include_bytes!("../../tests/pdf/images/leaves.webp");
/// A 1×1 GIF.
const GIF: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";

#[derive(Arbitrary, Debug)]
enum Seg {
    Text(String),
    Link(String, String),
    Mention(String),
    Hashtag(String),
    Emoji(String),
    LineBreak,
    /// One string many times over: a huge post.
    Huge(String, u16),
}

#[derive(Arbitrary, Debug)]
enum Bytes {
    None,
    Real(u8),
    /// A real image cut after this many bytes.
    Cut(u8, u16),
    /// A format's magic bytes, then anything.
    Magic(u8, Vec<u8>),
    Raw(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
struct FMedia {
    kind: u8,
    url: u8,
    alt: Option<String>,
    bytes: Bytes,
}

#[derive(Arbitrary, Debug)]
struct FQuote {
    name: String,
    handle: String,
    id: Option<String>,
    time: Option<String>,
    text: Vec<Seg>,
    media: Vec<FMedia>,
}

#[derive(Arbitrary, Debug)]
struct FPost {
    id: String,
    name: Option<String>,
    time: Option<String>,
    text: Vec<Seg>,
    media: Vec<FMedia>,
    quote: Option<FQuote>,
    card: Option<(String, Option<String>, Option<String>, Option<FMedia>)>,
    truncated: bool,
    content_warning: Option<String>,
    poll: Option<(Vec<(String, Option<String>)>, Option<String>)>,
    edited: bool,
    unavailable: Option<String>,
    note: Option<Vec<Seg>>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    site: u8,
    name: String,
    handle: String,
    avatar: Option<FMedia>,
    posts: Vec<FPost>,
    /// Repeats the posts, up to a few thousand.
    repeat: u8,
    letter: bool,
    post_numbers: bool,
    images: bool,
    language: Option<String>,
    created: Option<String>,
    utc_offset_minutes: Option<i32>,
    readable: bool,
}

fn segments(segs: &[Seg]) -> Vec<Segment> {
    segs.iter()
        .map(|s| match s {
            Seg::Text(t) => Segment::Text { text: t.clone() },
            Seg::Link(text, url) => Segment::Link {
                text: text.clone(),
                url: url.clone(),
            },
            Seg::Mention(t) => Segment::Mention {
                text: t.clone(),
                url: format!("https://x.com/{t}"),
            },
            Seg::Hashtag(t) => Segment::Hashtag {
                text: t.clone(),
                url: format!("https://x.com/hashtag/{t}"),
            },
            Seg::Emoji(t) => Segment::Emoji { text: t.clone() },
            Seg::LineBreak => Segment::LineBreak,
            Seg::Huge(t, n) => Segment::Text {
                text: t.repeat(usize::from(*n).min(20_000 / t.len().max(1) + 1)),
            },
        })
        .collect()
}

/// A media item, its URL from a small set (so images repeat), its bytes put in the store.
fn media(m: &FMedia, images: &mut ImageStore) -> Media {
    let url = match m.url % 4 {
        0 => format!(
            "https://pbs.twimg.com/media/m{}?format=jpg&name=large",
            m.url
        ),
        1 => format!(
            "https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:a/{}@jpeg",
            m.url
        ),
        2 => format!("http://files.m.example/{}.png", m.url),
        _ => format!("not a url {}", m.url),
    };
    let real = |k: u8| match k % 4 {
        0 => JPEG,
        1 => PNG,
        2 => WEBP,
        _ => GIF,
    };
    let bytes = match &m.bytes {
        Bytes::None => None,
        Bytes::Real(k) => Some(real(*k).to_vec()),
        Bytes::Cut(k, n) => {
            let b = real(*k);
            Some(b[..usize::from(*n).min(b.len())].to_vec())
        }
        Bytes::Magic(k, rest) => {
            let magic: &[u8] = match k % 4 {
                0 => b"\xFF\xD8\xFF",
                1 => b"\x89PNG\r\n\x1a\n",
                2 => b"RIFF\0\0\0\0WEBPVP8 ",
                _ => b"GIF89a",
            };
            Some([magic, rest.as_slice()].concat())
        }
        Bytes::Raw(b) => Some(b.clone()),
    };
    if let Some(bytes) = bytes {
        images.insert(url.clone(), bytes);
    }
    Media {
        kind: match m.kind % 3 {
            0 => MediaKind::Photo,
            1 => MediaKind::Video,
            _ => MediaKind::Gif,
        },
        url,
        alt: m.alt.clone(),
        link: (m.kind % 2 == 1).then(|| "https://x.com/a/status/1".into()),
    }
}

fn author(name: &str, handle: &str, avatar: Option<String>) -> Author {
    Author {
        name: name.to_owned(),
        handle: handle.to_owned(),
        url: format!("https://x.com/{handle}"),
        avatar_url: avatar,
        verified: name.len() % 2 == 1,
    }
}

fn build(input: &Input) -> (Thread, ImageStore, PdfOptions) {
    let mut images = ImageStore::new();
    let avatar = input.avatar.as_ref().map(|a| media(a, &mut images).url);
    let who = author(&input.name, &input.handle, avatar);
    let mut posts = Vec::new();
    for f in &input.posts {
        let quote = f.quote.as_ref().map(|q| {
            Box::new(Quote {
                id: q.id.clone(),
                url: q
                    .id
                    .as_ref()
                    .map(|id| format!("https://x.com/{}/status/{id}", q.handle)),
                author: author(&q.name, &q.handle, None),
                time: q.time.clone(),
                text: segments(&q.text),
                media: q.media.iter().map(|m| media(m, &mut images)).collect(),
            })
        });
        let card = f.card.as_ref().map(|(url, title, domain, image)| Card {
            url: url.clone(),
            title: title.clone(),
            domain: domain.clone(),
            image: image.as_ref().map(|m| media(m, &mut images).url),
        });
        posts.push(Post {
            id: f.id.clone(),
            url: format!("https://x.com/{}/status/{}", input.handle, f.id),
            author: match &f.name {
                Some(name) => author(name, &input.handle, None),
                None => who.clone(),
            },
            time: f.time.clone(),
            text: segments(&f.text),
            media: f.media.iter().map(|m| media(m, &mut images)).collect(),
            quote,
            card,
            truncated: f.truncated,
            content_warning: f.content_warning.clone(),
            poll: f.poll.as_ref().map(|(options, summary)| Poll {
                options: options
                    .iter()
                    .map(|(label, percent)| PollOption {
                        label: label.clone(),
                        percent: percent.clone(),
                    })
                    .collect(),
                summary: summary.clone(),
            }),
            edited: f.edited,
            unavailable: f.unavailable.clone(),
            note: f.note.as_ref().map(|n| segments(n)),
        });
    }
    // Thousands of posts: the same posts again, with their own ids.
    let copies = usize::from(input.repeat).min(4000 / posts.len().max(1));
    let once = posts.clone();
    for c in 1..copies {
        posts.extend(once.iter().cloned().map(|mut p| {
            p.id = format!("{}-{c}", p.id);
            p
        }));
    }
    let thread = Thread {
        site: ["x", "bluesky", "mastodon", "threadreader", ""][usize::from(input.site) % 5].into(),
        site_name: input.name.chars().rev().collect(),
        source_url: posts.first().map(|p| p.url.clone()).unwrap_or_default(),
        author: who,
        focal_id: posts.first().map(|p| p.id.clone()).unwrap_or_default(),
        posts,
    };
    let options = PdfOptions {
        paper: if input.letter {
            Paper::Letter
        } else {
            Paper::A4
        },
        post_numbers: input.post_numbers,
        images: input.images,
        language: input.language.clone(),
        created: input.created.clone(),
        utc_offset_minutes: input.utc_offset_minutes,
        readable: input.readable,
    };
    (thread, images, options)
}

fuzz_target!(|input: Input| {
    let (thread, images, options) = build(&input);
    if std::env::var_os("UNSPOOL_FUZZ_DEBUG").is_some() {
        let chars: usize = thread
            .posts
            .iter()
            .map(|p| unspool::model::plain_text(&p.text).chars().count())
            .sum();
        let media: usize = thread.posts.iter().map(|p| p.media.len()).sum();
        eprintln!(
            "thread_render: {} posts, {chars} characters, {media} media, {} images",
            thread.posts.len(),
            images.len()
        );
    }
    let _ = unspool::markdown::render(&thread);
    let _ = unspool::naming::file_stem(&thread);
    let _ = font_files(&thread);
    let _ = image_urls(&thread, &options);
    let Some(fonts) = fonts() else {
        return;
    };
    match render_pdf(&thread, &options, &images, fonts) {
        Ok(pdf) => assert!(pdf.starts_with(b"%PDF-"), "not a PDF"),
        Err(unspool::pdf::PdfError::EmptyThread) => assert!(thread.posts.is_empty()),
        Err(e) => panic!("render_pdf failed on a valid thread: {e}"),
    }
});
