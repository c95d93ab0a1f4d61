//! The threads the PDF tests render, built in code (and from `seed-thread.txt`).

use std::path::{Path, PathBuf};

use unspool::model::{
    Author, Card, Media, MediaKind, Poll, PollOption, Post, Quote, Segment, Thread,
};
use unspool::pdf::ImageStore;

pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pdf")
}

fn author() -> Author {
    Author {
        name: "Santiago".into(),
        handle: "svpino".into(),
        url: "https://x.com/svpino".into(),
        avatar_url: Some("https://pbs.twimg.com/profile_images/1/avatar_normal.jpg".into()),
        verified: true,
    }
}

fn text(t: &str) -> Segment {
    Segment::Text { text: t.into() }
}

/// Rich segments from plain text: line breaks, `@mentions`, `#hashtags`, URLs and emoji
/// (the way the X extractor produces them).
pub fn rich(plain: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    for (i, line) in plain.split('\n').enumerate() {
        if i > 0 {
            out.push(Segment::LineBreak);
        }
        let mut buffer = String::new();
        for (j, word) in line.split(' ').enumerate() {
            let space = if j > 0 { " " } else { "" };
            let segment = if let Some(handle) = word.strip_prefix('@').filter(|h| !h.is_empty()) {
                Some(Segment::Mention {
                    text: word.into(),
                    url: format!("https://x.com/{handle}"),
                })
            } else if let Some(tag) = word.strip_prefix('#').filter(|h| !h.is_empty()) {
                Some(Segment::Hashtag {
                    text: word.into(),
                    url: format!("https://x.com/hashtag/{tag}?src=hashtag_click"),
                })
            } else if word.starts_with("https://") {
                let shown = word.trim_start_matches("https://").to_owned();
                Some(Segment::Link {
                    text: shown,
                    url: word.into(),
                })
            } else if !word.is_empty()
                && word.chars().all(|c| {
                    (c as u32) >= 0x1F000
                        || matches!(c as u32, 0x200D | 0xFE0F | 0x2600..=0x27BF | 0x20E3)
                })
            {
                Some(Segment::Emoji { text: word.into() })
            } else {
                None
            };
            match segment {
                Some(s) => {
                    buffer.push_str(space);
                    if !buffer.is_empty() {
                        out.push(text(&std::mem::take(&mut buffer)));
                    }
                    out.push(s);
                }
                None => {
                    buffer.push_str(space);
                    buffer.push_str(word);
                }
            }
        }
        if !buffer.is_empty() {
            out.push(text(&buffer));
        }
    }
    out
}

fn post(n: usize, body: &str) -> Post {
    let id = 1_334_508_553_541_095_424u64 + n as u64 * 1000;
    Post {
        id: id.to_string(),
        url: format!("https://x.com/svpino/status/{id}"),
        author: author(),
        time: Some(format!("2020-12-03T14:{:02}:11.000Z", 2 + n)),
        text: rich(body),
        ..Post::default()
    }
}

fn thread(posts: Vec<Post>) -> Thread {
    let source_url = posts.first().map(|p| p.url.clone()).unwrap_or_default();
    Thread {
        site: "x".into(),
        site_name: "X".into(),
        focal_id: posts.first().map(|p| p.id.clone()).unwrap_or_default(),
        source_url,
        author: author(),
        posts,
    }
}

/// The seed thread: @svpino's 14 posts, as the X extractor gives them.
pub fn seed() -> Thread {
    let raw = std::fs::read_to_string(dir().join("seed-thread.txt")).unwrap();
    let posts = raw
        .split("\n---\n")
        .enumerate()
        .map(|(i, body)| post(i, body.trim()))
        .collect();
    thread(posts)
}

/// One line per script, and lines that mix them.
pub fn mixed_scripts() -> Thread {
    let bodies = [
        "Scripts, one per line — and every one must render. #typography @unicode",
        "Ελληνικά: Η γρήγορη καφέ αλεπού πηδά πάνω από τον τεμπέλη σκύλο.\nКириллица: Съешь же ещё этих мягких французских булок, да выпей чаю.",
        "עברית: שלום עולם, זהו שרשור לבדיקה.\nMixed: the word שלום means peace, and 2024 stays a number.",
        "العربية: مرحبا بالعالم، هذا اختبار للنص العربي.\nالعدد 123 داخل جملة عربية.",
        "日本語：スレッドをPDFにします。漢字とかなを表示します。\n中文：这是一个测试线程，包含常用汉字。\n한국어: 안녕하세요, 스레드를 PDF로 만듭니다.",
        "Emoji in colour: 🎉 🧵 👋🏽 👨‍👩‍👧 🇯🇵 1️⃣ ❤️ — and text after them.",
        "A long link that must wrap: https://example.com/a/very/long/path/that/keeps/going/and/going/until/it/no/longer/fits/on/one/line/of/the/page",
        "हिन्दी: नमस्ते दुनिया, यह धागा एक परीक्षण है।\nবাংলা: হ্যালো বিশ্ব, এটি একটি পরীক্ষা।\nதமிழ்: வணக்கம் உலகம், இது ஒரு சோதனை.\nไทย: สวัสดีชาวโลก นี่คือการทดสอบ\nภาษาไทยเขียนติดกันโดยไม่เว้นวรรคระหว่างคำดังนั้นบรรทัดยาวต้องถูกตัดระหว่างพยางค์อย่างถูกต้องเสมอ",
    ];
    let mut posts: Vec<Post> = bodies.iter().enumerate().map(|(i, b)| post(i, b)).collect();
    // A headline with no spaces, too long for the card's two lines: cut between characters.
    posts[4].card = Some(Card {
        url: "https://example.jp/news".into(),
        title: Some("長いタイトル".repeat(20)),
        domain: Some("example.jp".into()),
        image: None,
    });
    thread(posts)
}

fn photo(url: &str, alt: Option<&str>) -> Media {
    Media {
        kind: MediaKind::Photo,
        url: url.into(),
        alt: alt.map(Into::into),
        link: None,
    }
}

/// Photos (JPEG, PNG, WebP), a broken and a missing image, a quote with a photo, a link card,
/// a video with its poster, a GIF without one.
pub fn media() -> Thread {
    let mut posts = vec![
        post(
            0,
            "Three photos: a JPEG, a PNG and a WebP. They keep their aspect ratio.",
        ),
        post(
            1,
            "A broken image and one that never arrived become labelled placeholders.",
        ),
        post(2, "Quoting an older post of mine:"),
        post(3, "A link card: https://example.com/articles/pdf"),
        post(4, "A video, and a GIF whose poster could not be fetched."),
        post(5, "The end. Thanks for reading! 🙏"),
    ];
    posts[0].media = vec![
        photo(
            "https://pbs.twimg.com/media/dusk?format=jpg&name=large",
            Some("Dusk over hills"),
        ),
        photo(
            "https://pbs.twimg.com/media/chart?format=png&name=large",
            None,
        ),
        photo(
            "https://pbs.twimg.com/media/leaves?format=webp&name=large",
            None,
        ),
    ];
    posts[1].media = vec![
        photo(
            "https://pbs.twimg.com/media/broken?format=jpg&name=large",
            Some("A chart of results"),
        ),
        photo(
            "https://pbs.twimg.com/media/missing?format=jpg&name=large",
            None,
        ),
    ];
    posts[2].quote = Some(Box::new(Quote {
        id: Some("1200000000000000000".into()),
        url: Some("https://x.com/svpino/status/1200000000000000000".into()),
        author: Author {
            name: "Santiago".into(),
            handle: "svpino".into(),
            url: "https://x.com/svpino".into(),
            ..Author::default()
        },
        time: Some("2019-11-28T09:00:00.000Z".into()),
        text: rich(
            "Machine learning is software engineering with data as a first-class input. #ml",
        ),
        media: vec![photo(
            "https://pbs.twimg.com/media/dusk2?format=jpg&name=large",
            None,
        )],
    }));
    posts[3].card = Some(Card {
        url: "https://example.com/articles/pdf".into(),
        title: Some("How to typeset a thread: margins, measure, and the quiet joy of good defaults in PDF documents that people keep".into()),
        domain: Some("example.com".into()),
        image: Some("https://pbs.twimg.com/card_img/1/card?format=jpg&name=small".into()),
    });
    posts[5].content_warning = Some("Spoilers for the ending".into());
    posts[5].edited = true;
    posts[5].poll = Some(Poll {
        options: vec![
            PollOption {
                label: "Serif".into(),
                percent: Some("62.5%".into()),
            },
            PollOption {
                label: "Sans".into(),
                percent: Some("37.5%".into()),
            },
        ],
        summary: Some("1,024 votes · Final results".into()),
    });
    posts[5].note = Some(rich(
        "Readers note the fonts are subset to keep the file small.",
    ));
    let deleted = Post {
        id: format!("{}~1", posts[5].id),
        unavailable: Some("This post was deleted by the post author.".into()),
        ..Post::default()
    };
    posts.insert(5, deleted);
    posts[4].media = vec![
        Media {
            kind: MediaKind::Video,
            url: "https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/poster.jpg".into(),
            alt: None,
            link: Some(posts[4].url.clone()),
        },
        Media {
            kind: MediaKind::Gif,
            url: "https://pbs.twimg.com/tweet_video_thumb/missing.jpg".into(),
            alt: None,
            link: Some(posts[4].url.clone()),
        },
    ];
    thread(posts)
}

/// The bytes "the extension fetched" for [`media`] and the avatar.
pub fn images() -> ImageStore {
    let read = |name: &str| std::fs::read(dir().join("images").join(name)).unwrap();
    let mut store = ImageStore::new();
    store.insert(
        "https://pbs.twimg.com/profile_images/1/avatar_normal.jpg",
        read("avatar.jpg"),
    );
    store.insert(
        "https://pbs.twimg.com/media/dusk?format=jpg&name=large",
        read("dusk.jpg"),
    );
    store.insert(
        "https://pbs.twimg.com/media/chart?format=png&name=large",
        read("chart.png"),
    );
    store.insert(
        "https://pbs.twimg.com/media/leaves?format=webp&name=large",
        read("leaves.webp"),
    );
    store.insert(
        "https://pbs.twimg.com/media/broken?format=jpg&name=large",
        read("broken.jpg"),
    );
    store.insert(
        "https://pbs.twimg.com/media/dusk2?format=jpg&name=large",
        read("card.jpg"),
    );
    store.insert(
        "https://pbs.twimg.com/card_img/1/card?format=jpg&name=small",
        read("card.jpg"),
    );
    store.insert(
        "https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/poster.jpg",
        read("poster.jpg"),
    );
    store
}

/// The plain text of each post, as a reader sees it.
pub fn post_texts(thread: &Thread) -> Vec<String> {
    thread
        .posts
        .iter()
        .map(|p| unspool::model::plain_text(&p.text))
        .collect()
}
