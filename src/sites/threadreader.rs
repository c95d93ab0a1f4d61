//! Thread Reader App (threadreaderapp.com): an X thread already unrolled on one page.
//!
//! The page holds the whole thread at once: a header (`.prof-image`, `.twitter_name`,
//! `.screenName`, `.thread-info` with the first tweet's link and `data-time`), then one
//! `.content-tweet[data-tweet="<tweet id>"]` block per tweet, in order, with `<br>` line
//! breaks, lazy images (`<img src="/images/1px.png" data-src="https://pbs.twimg.com/…">` in
//! `.entity-image`) and a `sup.tw-permalink` icon. Around it sit things that are not the
//! thread: "More from @author" teasers (which quote tweets of other threads), subscription,
//! PDF, premium and donation boxes, the footer. Tweet ids are X snowflakes, so every post's
//! time comes from its id.

use super::date::{iso_from_tweet_id, iso_from_unix_ms};
use super::text::{absolute, is_http, squash, RichText, Whitespace};
use super::{Edge, ExtractError, Known, NotAThread, Page, PageKind, PageUrl, Site};
use crate::html::{Document, Element, NodeId, NodeKind};
use crate::model::{Author, Media, MediaKind, Post, Quote, Segment};

/// The Thread Reader App site.
pub struct ThreadReader;

const ORIGIN: &str = "https://threadreaderapp.com";
const X_ORIGIN: &str = "https://x.com";

impl Site for ThreadReader {
    fn id(&self) -> &'static str {
        "threadreader"
    }

    fn name(&self) -> &'static str {
        "Thread Reader App"
    }

    fn owns(&self, url: &PageUrl) -> bool {
        url.host == "threadreaderapp.com"
    }

    fn extract(&self, url: &PageUrl, doc: &Document, _: &Known) -> Result<Page, ExtractError> {
        let thread_id = thread_id(url).ok_or_else(|| not_a_thread(url))?;
        let blocks: Vec<Element<'_>> = doc.find_all(doc.root(), is_tweet_block).collect();
        let anchor = blocks
            .iter()
            .find(|b| b.attr("data-tweet") == Some(thread_id.as_str()))
            .or_else(|| blocks.first())
            .ok_or_else(|| {
                ExtractError::Unreadable(
                    "Couldn't find the thread's tweets on this Thread Reader App page. Wait for \
                     it to load, then click Unspool again."
                        .to_owned(),
                )
            })?;
        let container = thread_container(anchor);
        let author = header_author(doc, container, anchor);
        // The header's time stands for the first tweet when its id encodes none.
        let first_time = doc
            .find(container, |e| e.has_class("thread-info"))
            .or_else(|| doc.find(doc.root(), |e| e.has_class("thread-info")))
            .and_then(|info| info.find(|e| e.attr("data-time").is_some()))
            .and_then(|t| t.attr("data-time")?.trim().parse::<i64>().ok())
            .and_then(|secs| iso_from_unix_ms(secs.checked_mul(1000)?));

        let mut posts: Vec<Post> = Vec::new();
        for block in blocks
            .iter()
            .filter(|b| b.is_within(container) && !is_teaser(b, container, &thread_id))
        {
            let post = parse_post(block, &author);
            if !posts.iter().any(|p| p.id == post.id) {
                posts.push(post);
            }
        }
        if let Some(first) = posts.first_mut() {
            if first.time.is_none() {
                first.time = first_time;
            }
        }
        let focal_id = if posts.iter().any(|p| p.id == thread_id) {
            thread_id
        } else {
            posts.first().map(|p| p.id.clone()).unwrap_or(thread_id)
        };
        Ok(Page {
            focal_id,
            author,
            posts,
            // The unroll is the whole thread: nothing to scroll to, nothing to expand.
            above: Edge::End,
            below: Edge::End,
            logged_out: false,
        })
    }
}

/// The thread id of `threadreaderapp.com/thread/ID.html`.
fn thread_id(url: &PageUrl) -> Option<String> {
    match url.segments.as_slice() {
        [thread, file] if thread == "thread" => {
            let id = file.strip_suffix(".html").unwrap_or(file);
            (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then(|| id.to_owned())
        }
        _ => None,
    }
}

fn not_a_thread(url: &PageUrl) -> ExtractError {
    let page = match url.segment(0) {
        Some("user") => PageKind::Profile,
        Some("search") => PageKind::Search,
        _ => PageKind::Other,
    };
    ExtractError::NotAThread(NotAThread {
        site: "Thread Reader App",
        page,
        example: "threadreaderapp.com/thread/….html",
    })
}

fn is_tweet_block(e: &Element<'_>) -> bool {
    e.has_class("content-tweet")
        && e.attr("data-tweet")
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

/// The element holding the thread's tweets: the unroll's main column when the page marks it,
/// else the first tweet's parent.
fn thread_container(anchor: &Element<'_>) -> NodeId {
    anchor
        .closest(|e| {
            e.has_class("t-main")
                || e.attr("data-controller")
                    .is_some_and(|c| c.split_whitespace().any(|c| c == "mentions"))
        })
        .map(|e| e.id())
        .or_else(|| anchor.doc().parent(anchor.id()))
        .unwrap_or(anchor.id())
}

/// True for a tweet that previews another thread ("More from @author"): it sits in a card,
/// or a link, that leads to that other thread's page.
fn is_teaser(block: &Element<'_>, container: NodeId, thread_id: &str) -> bool {
    let doc = block.doc();
    let leads_away = |e: &Element<'_>| {
        e.is("a")
            && e.attr("href")
                .and_then(|h| h.split_once("/thread/"))
                .map(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
                .is_some_and(|id| id.is_some_and(|id| !id.is_empty() && id != thread_id))
    };
    doc.ancestors(block.id())
        .take_while(|&a| a != container)
        .filter_map(|a| doc.element(a))
        .any(|a| leads_away(&a) || a.find(leads_away).is_some())
}

/// The thread's author from the page header.
fn header_author(doc: &Document, container: NodeId, anchor: &Element<'_>) -> Author {
    let find = |pred: &dyn Fn(&Element<'_>) -> bool| {
        doc.find(container, pred)
            .or_else(|| doc.find(doc.root(), pred))
    };
    let handle = find(&|e| e.has_class("screenName") || e.has_class("tw-follow"))
        .map(|e| squash(&e.text()))
        .and_then(|t| {
            t.split_whitespace()
                .find(|w| w.starts_with('@') && w.len() > 1)
                .map(|w| w.trim_start_matches('@').to_owned())
        })
        .or_else(|| anchor.attr("data-screenname").map(str::to_owned))
        .unwrap_or_default();
    let picture = find(&|e| e.has_class("prof-image")).and_then(|p| p.find(|i| i.is("img")));
    let name = find(&|e| e.has_class("twitter_name"))
        .map(|e| squash(&e.text()))
        .filter(|n| !n.is_empty())
        .or_else(|| {
            let alt = picture?.attr("alt")?;
            let name = alt.trim().strip_suffix("Profile picture")?.trim();
            (!name.is_empty()).then(|| name.to_owned())
        })
        .unwrap_or_else(|| handle.clone());
    let avatar_url = picture
        .and_then(|i| {
            [i.attr("src"), i.attr("data-src")]
                .into_iter()
                .flatten()
                .find(|s| is_http(s))
        })
        .map(str::to_owned);
    Author {
        url: format!("{X_ORIGIN}/{handle}"),
        name,
        handle,
        avatar_url,
        verified: false,
    }
}

fn parse_post(block: &Element<'_>, author: &Author) -> Post {
    let id = block.attr("data-tweet").unwrap_or_default().to_owned();
    let handle = block
        .attr("data-screenname")
        .filter(|s| !s.is_empty())
        .unwrap_or(&author.handle);
    let url = format!("{X_ORIGIN}/{handle}/status/{id}");
    let mut text = RichText::new(Whitespace::Collapse);
    walk(block.doc(), block.id(), &mut text);
    Post {
        time: iso_from_tweet_id(&id),
        media: media(block, &url),
        quote: quote(block).map(Box::new),
        id,
        url,
        author: author.clone(),
        text: text.finish(),
        card: None,
        truncated: false,
        content_warning: None,
        ..Post::default()
    }
}

/// Parts of a tweet block that are not its text.
fn is_apart(e: &Element<'_>) -> bool {
    e.has_class("tw-permalink")
        || e.has_class("entity-image")
        || e.has_class("entity-video")
        || e.has_class("entity-embed")
        || matches!(e.name(), "script" | "style" | "svg" | "video" | "button")
}

fn walk(doc: &Document, node: NodeId, out: &mut RichText) {
    for child in doc.children(node) {
        match doc.kind(child) {
            Some(NodeKind::Text(t)) => out.text(t),
            Some(NodeKind::Element { .. }) => {
                let Some(el) = doc.element(child) else {
                    continue;
                };
                if is_apart(&el) {
                    continue;
                }
                match el.name() {
                    "br" => out.line_break(),
                    "img" => {
                        if let Some(e) = emoji(&el) {
                            out.push(Segment::Emoji { text: e });
                        }
                    }
                    "a" => out.push(link(&el)),
                    "p" => {
                        out.paragraph();
                        walk(doc, child, out);
                        out.paragraph();
                    }
                    _ => walk(doc, child, out),
                }
            }
            _ => {}
        }
    }
}

/// An emoji drawn as an image (`alt` is the emoji itself).
fn emoji(img: &Element<'_>) -> Option<String> {
    let alt = img.attr("alt")?.trim();
    let drawn = img.has_class("emoji")
        || img.has_class("emojione")
        || img
            .attr("src")
            .or_else(|| img.attr("data-src"))
            .is_some_and(|s| s.contains("emoji"));
    (drawn && !alt.is_empty() && !alt.chars().any(char::is_alphanumeric)).then(|| alt.to_owned())
}

fn link(a: &Element<'_>) -> Segment {
    let href = a.attr("href").unwrap_or_default();
    let shown = squash(&a.text());
    if let Some(handle) = shown.strip_prefix('@').filter(|h| !h.is_empty()) {
        return Segment::Mention {
            url: format!("{X_ORIGIN}/{handle}"),
            text: shown.clone(),
        };
    }
    if a.has_class("entity-hashtag") || (shown.starts_with('#') && shown.len() > 1) {
        let tag = shown.trim_start_matches('#');
        return Segment::Hashtag {
            url: format!("{X_ORIGIN}/hashtag/{tag}"),
            text: shown.clone(),
        };
    }
    if shown.starts_with('$') && shown.len() > 1 && !shown.contains(char::is_whitespace) {
        let symbol = shown.trim_start_matches('$');
        return Segment::Hashtag {
            url: format!("{X_ORIGIN}/search?q=%24{symbol}&src=cashtag_click"),
            text: shown.clone(),
        };
    }
    let url = if href.is_empty() {
        absolute(&shown, ORIGIN)
    } else {
        absolute(href, ORIGIN)
    };
    Segment::Link {
        text: if shown.is_empty() { url.clone() } else { shown },
        url,
    }
}

fn media(block: &Element<'_>, post_url: &str) -> Vec<Media> {
    let mut out: Vec<Media> = Vec::new();
    for el in block.find_all(|e| e.is("img") || e.is("video")) {
        if el
            .closest(|p| p.has_class("tw-permalink") || p.has_class("entity-embed"))
            .is_some_and(|p| p.is_within(block.id()))
        {
            continue;
        }
        let item = if el.is("video") {
            let Some(poster) = el.attr("poster").filter(|p| is_http(p)) else {
                continue;
            };
            let gif = el.has_class("gif")
                || el.find(|s| s.is("source")).is_some_and(|s| {
                    s.attr("src")
                        .is_some_and(|src| src.contains("/tweet_video/"))
                });
            Media {
                kind: if gif {
                    MediaKind::Gif
                } else {
                    MediaKind::Video
                },
                url: poster.to_owned(),
                alt: None,
                link: Some(post_url.to_owned()),
            }
        } else {
            if emoji(&el).is_some() || el.closest(|p| p.is("video")).is_some() {
                continue;
            }
            // Lazy images carry the real URL in data-src and a 1px placeholder in src.
            let Some(src) = [el.attr("data-src"), el.attr("src")]
                .into_iter()
                .flatten()
                .find(|s| is_http(s) && !s.ends_with("/1px.png"))
            else {
                continue;
            };
            let alt = el
                .attr("alt")
                .map(str::trim)
                .filter(|a| !a.is_empty() && *a != "Image")
                .map(str::to_owned);
            Media {
                kind: MediaKind::Photo,
                url: src.to_owned(),
                alt,
                link: None,
            }
        };
        if !out.iter().any(|m| m.url == item.url) {
            out.push(item);
        }
    }
    out
}

/// A quoted tweet, which the unroll embeds as a link to it (`.entity-embed`).
fn quote(block: &Element<'_>) -> Option<Quote> {
    let embed = block.find(|e| e.has_class("entity-embed"))?;
    let (handle, id) = embed.find_all(|e| e.is("a")).find_map(|a| {
        let href = a.attr("href")?;
        let path = href.split(['?', '#']).next()?;
        let mut parts = path.rsplit('/');
        let id = parts.next()?;
        if parts.next()? != "status" || id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let handle = parts.next()?.to_owned();
        Some((handle, id.to_owned()))
    })?;
    let url = format!("{X_ORIGIN}/{handle}/status/{id}");
    let text = squash(&embed.text());
    Some(Quote {
        time: iso_from_tweet_id(&id),
        author: Author {
            url: format!("{X_ORIGIN}/{handle}"),
            name: handle.clone(),
            handle,
            avatar_url: None,
            verified: false,
        },
        // An embed that shows only the link to the tweet has no text of its own.
        text: if text.contains(&id) || text.is_empty() {
            Vec::new()
        } else {
            vec![Segment::Text { text }]
        },
        id: Some(id),
        url: Some(url),
        media: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(u: &str) -> PageUrl {
        PageUrl::parse(u).unwrap()
    }

    #[test]
    fn thread_urls() {
        assert!(ThreadReader.owns(&url("https://threadreaderapp.com/thread/1.html")));
        assert!(ThreadReader.owns(&url("https://www.threadreaderapp.com/")));
        assert!(!ThreadReader.owns(&url("https://x.com/a/status/1")));
        let id = |u: &str| thread_id(&url(u));
        assert_eq!(
            id("https://threadreaderapp.com/thread/1334512112470286336.html?s=09"),
            Some("1334512112470286336".into())
        );
        assert_eq!(
            id("https://threadreaderapp.com/thread/42"),
            Some("42".into())
        );
        assert_eq!(id("https://threadreaderapp.com/user/svpino"), None);
        assert_eq!(id("https://threadreaderapp.com/thread/abc.html"), None);
    }

    #[test]
    fn other_pages_are_not_threads() {
        let doc = Document::parse("<p>hi</p>");
        let err = |u: &str| {
            ThreadReader
                .extract(&url(u), &doc, &Known::default())
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(err("https://threadreaderapp.com/user/svpino")
            .starts_with("This is a Thread Reader App profile, not a thread. Open a post on its own page (threadreaderapp.com/thread/….html)"));
        assert!(err("https://threadreaderapp.com/")
            .starts_with("This Thread Reader App page is not a thread."));
        assert!(matches!(
            ThreadReader.extract(
                &url("https://threadreaderapp.com/thread/1.html"),
                &doc,
                &Known::default()
            ),
            Err(ExtractError::Unreadable(_))
        ));
    }

    #[test]
    fn tweets_keep_images_links_and_quotes() {
        let html = r##"<div class="t-main" data-controller="mentions">
          <div class="screenName tw-follow"><a href="//twitter.com/ann">@ann</a></div>
          <div id="tweet_1" class="content-tweet allow-preview" data-screenname="ann" data-tweet="1334512112470286336">
            Look 🧵 at <a href="https://x.com/@bob">@bob</a>'s
            <a class="entity-url" data-preview="true" href="https://example.com/a/long/path">example.com/a/long…</a>
            and <a class="entity-hashtag" href="/hashtag/rust?src=hash">#rust</a><br />
            <img class="emoji" alt="🎉" src="/images/emoji/1f389.png"><br />
            <span class="entity-image"><a href="https://pbs.twimg.com/media/A.jpg"><img alt="Image" src="/images/1px.png" data-src="https://pbs.twimg.com/media/A.jpg"></a></span>
            <span class="entity-embed"><blockquote class="twitter-tweet"><a href="https://twitter.com/carol/status/1334000000000000000">https://twitter.com/carol/status/1334000000000000000</a></blockquote></span>
            <sup class="tw-permalink"><i class="fas fa-link"></i></sup>
          </div></div>"##;
        let doc = Document::parse(html);
        let page = ThreadReader
            .extract(
                &url("https://threadreaderapp.com/thread/1334512112470286336.html"),
                &doc,
                &Known::default(),
            )
            .unwrap();
        let post = &page.posts[0];
        assert_eq!(post.author.handle, "ann");
        assert_eq!(post.url, "https://x.com/ann/status/1334512112470286336");
        assert_eq!(post.time.as_deref(), Some("2020-12-03T14:57:36.305Z"));
        assert_eq!(
            post.text,
            [
                Segment::Text {
                    text: "Look 🧵 at ".into()
                },
                Segment::Mention {
                    text: "@bob".into(),
                    url: "https://x.com/bob".into()
                },
                Segment::Text { text: "'s ".into() },
                Segment::Link {
                    text: "example.com/a/long…".into(),
                    url: "https://example.com/a/long/path".into()
                },
                Segment::Text {
                    text: " and ".into()
                },
                Segment::Hashtag {
                    text: "#rust".into(),
                    url: "https://x.com/hashtag/rust".into()
                },
                Segment::LineBreak,
                Segment::Emoji {
                    text: "🎉".into()
                },
            ]
        );
        assert_eq!(post.media.len(), 1);
        assert_eq!(post.media[0].url, "https://pbs.twimg.com/media/A.jpg");
        assert_eq!(post.media[0].alt, None);
        let quote = post.quote.as_deref().unwrap();
        assert_eq!(quote.id.as_deref(), Some("1334000000000000000"));
        assert_eq!(quote.author.handle, "carol");
        assert!(quote.text.is_empty());
    }

    #[test]
    fn truncated_pages_never_panic() {
        let cases = crate::sites::testing::cases("threadreader-");
        assert!(!cases.is_empty());
        for (raw, html) in &cases {
            let url = PageUrl::parse(raw).unwrap();
            for cut in crate::sites::testing::truncations(html, 20) {
                let doc = Document::parse(cut);
                // Ok or Err are both fine: the test fails only on a panic.
                let _ = ThreadReader.extract(&url, &doc, &Known::default());
            }
        }
    }
}
