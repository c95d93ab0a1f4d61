//! Bluesky (bsky.app): the author's self-thread on a post page.
//!
//! What the DOM gives us (a react-native-web app; class names are generated and never used):
//! the screen `[data-testid="postThreadScreen"]` lists one `[data-testid="postThreadItem-by-
//! HANDLE"]` per post in reading order — the parents, the anchor post (the only item that is
//! not itself a `role="link"`, and has no link to itself), then the replies, the author's own
//! replies first. Each item has its own time link `a[href="/profile/HANDLE/post/RKEY"]` whose
//! `data-tooltip` is a localized date; the text is `[data-word-wrap="1"]` (pre-wrapped); a
//! quoted post is a nested `role="link"` block; photos are `cdn.bsky.app/img/feed_thumbnail/…`
//! images; a link card is an external `<a>` with the page's title as its `aria-label`.
//!
//! Post ids are record keys, TIDs: base32-sortable microseconds since the epoch, so the time
//! of every post (the anchor's too, which shows only a display date) comes from its id.

use super::date::{iso_from_unix_ms, parse_display_datetime};
use super::text::{absolute, is_http, squash, strip_bidi, RichText, Whitespace};
use super::{Edge, ExtractError, Known, NotAThread, Page, PageKind, PageUrl, Site};
use crate::html::{Document, Element, NodeId, NodeKind};
use crate::model::{Author, Card, Media, MediaKind, Post, Quote, Segment};

/// The Bluesky site.
pub struct Bluesky;

const ORIGIN: &str = "https://bsky.app";
const ITEM_PREFIX: &str = "postThreadItem-by-";

impl Site for Bluesky {
    fn id(&self) -> &'static str {
        "bluesky"
    }

    fn name(&self) -> &'static str {
        "Bluesky"
    }

    fn owns(&self, url: &PageUrl) -> bool {
        url.host == "bsky.app"
    }

    fn extract(&self, url: &PageUrl, doc: &Document, known: &Known) -> Result<Page, ExtractError> {
        let rkey = post_rkey(url).ok_or_else(|| not_a_thread(url))?;
        let screen = screen(doc, &rkey);
        let items: Vec<Element<'_>> = doc
            .find_all(screen, |e| {
                e.test_id().is_some_and(|t| t.starts_with(ITEM_PREFIX))
            })
            .collect();
        let mut rows: Vec<Option<Post>> = items.iter().map(|i| parse_item(i, None)).collect();
        // The anchor post shows no id of its own when nobody has liked, reposted or quoted
        // it: it is then the one item that is not a link.
        if !rows.iter().flatten().any(|p| p.id == rkey) {
            let unclaimed = items
                .iter()
                .zip(rows.iter_mut())
                .find(|(item, row)| row.is_none() && !item.attr_is("role", "link"));
            if let Some((item, row)) = unclaimed {
                *row = parse_item(item, Some(&rkey));
            }
        }
        assemble(&rows, &rkey, known)
    }
}

/// The record key of a post page URL (`/profile/HANDLE/post/RKEY`).
fn post_rkey(url: &PageUrl) -> Option<String> {
    match url.segments.as_slice() {
        [profile, _, post, rkey, ..] if profile == "profile" && post == "post" => {
            (!rkey.is_empty()).then(|| rkey.clone())
        }
        _ => None,
    }
}

fn not_a_thread(url: &PageUrl) -> ExtractError {
    let segs: Vec<&str> = url.segments.iter().map(String::as_str).collect();
    let page = match segs.as_slice() {
        [] => PageKind::Home,
        ["profile", _, "feed", ..] => PageKind::Feed,
        ["profile", _, "lists", ..] => PageKind::List,
        ["profile", ..] => PageKind::Profile,
        ["search", ..] => PageKind::Search,
        ["notifications", ..] => PageKind::Notifications,
        ["messages", ..] => PageKind::Messages,
        _ => PageKind::Other,
    };
    ExtractError::NotAThread(NotAThread {
        site: "Bluesky",
        page,
        example: "bsky.app/profile/…/post/…",
    })
}

/// The thread screen showing this post. Screens the user came from can stay in the DOM, so
/// prefer the one that links to the post's own pages (likes, reposts, quotes).
fn screen(doc: &Document, rkey: &str) -> NodeId {
    let screens: Vec<Element<'_>> = doc
        .find_all(doc.root(), |e| e.has_test_id("postThreadScreen"))
        .collect();
    let own = format!("/post/{rkey}/");
    screens
        .iter()
        .find(|s| {
            s.find(|a| a.is("a") && a.attr("href").is_some_and(|h| h.contains(&own)))
                .is_some()
        })
        .or_else(|| screens.last())
        .map_or(doc.root(), |s| s.id())
}

fn assemble(rows: &[Option<Post>], rkey: &str, known: &Known) -> Result<Page, ExtractError> {
    let anchor = rows
        .iter()
        .position(|r| r.as_ref().is_some_and(|p| p.id == rkey))
        .or_else(|| {
            rows.iter()
                .position(|r| r.as_ref().is_some_and(|p| known.post_ids.contains(&p.id)))
        })
        .ok_or_else(|| {
            ExtractError::Unreadable(
                "Couldn't find this post on the page. Wait for it to load, then click Unspool \
                 again."
                    .to_owned(),
            )
        })?;
    let post_at = |i: usize| rows.get(i).and_then(Option::as_ref);
    let author = post_at(anchor)
        .map(|p| p.author.clone())
        .unwrap_or_default();
    let handle = known
        .author_handle
        .clone()
        .unwrap_or_else(|| author.handle.clone());
    let by_author =
        |i: usize| post_at(i).is_some_and(|p| p.author.handle.eq_ignore_ascii_case(&handle));

    // Parents are loaded with the post: the author's run above it starts the thread.
    let mut first = anchor;
    while first > 0 && by_author(first - 1) {
        first -= 1;
    }
    let mut last = anchor;
    while by_author(last + 1) {
        last += 1;
    }
    // Someone else's reply ends the self-thread; the list's end may just be what has
    // rendered so far (long threads render more on scroll).
    let below = if last + 1 < rows.len() {
        Edge::End
    } else {
        Edge::More
    };
    Ok(Page {
        focal_id: rkey.to_owned(),
        author,
        posts: (first..=last).filter_map(post_at).cloned().collect(),
        above: Edge::End,
        below,
        logged_out: false,
    })
}

// ---------------------------------------------------------------------------------------------
// One post

/// `/profile/HANDLE/post/RKEY` (nothing after it) → (handle, rkey).
fn post_link(href: &str) -> Option<(&str, &str)> {
    let path = href.strip_prefix(ORIGIN).unwrap_or(href);
    let path = path.split(['?', '#']).next()?;
    match path
        .trim_end_matches('/')
        .split('/')
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["", "profile", handle, "post", rkey] if !handle.is_empty() && !rkey.is_empty() => {
            Some((handle, rkey))
        }
        _ => None,
    }
}

/// A quoted post inside an item: a nested `role="link"` block that links to a post.
fn quote_box<'a>(item: &Element<'a>) -> Option<Element<'a>> {
    item.find(|e| {
        !e.is("a")
            && e.attr_is("role", "link")
            && e.find(|a| a.is("a") && a.attr("href").and_then(post_link).is_some())
                .is_some()
    })
}

/// Text blocks of a post (or of a quoted post).
fn is_text(e: &Element<'_>) -> bool {
    e.attr_is("data-word-wrap", "1")
}

/// One item as a post; `page_rkey` is the id to give it when it shows none of its own.
fn parse_item(item: &Element<'_>, page_rkey: Option<&str>) -> Option<Post> {
    let handle = item.test_id()?.strip_prefix(ITEM_PREFIX)?.to_owned();
    let quote = quote_box(item);
    let outside = |e: &Element<'_>| quote.is_none_or(|q| !e.is_within(q.id()));
    let text_el = item.find(|e| is_text(e) && outside(e));
    let own = |e: &Element<'_>| outside(e) && text_el.is_none_or(|t| !e.is_within(t.id()));
    let time_link = item.find_all(|a| a.is("a")).find(|a| {
        own(a)
            && a.attr("href")
                .and_then(post_link)
                .is_some_and(|(h, _)| h.eq_ignore_ascii_case(&handle))
    });
    // The anchor post has no time link, but links to its likes, reposts and quotes.
    let own_pages = || {
        item.find_all(|a| a.is("a")).find_map(|a| {
            let href = a.attr("href")?;
            let (page, sub) = href.rsplit_once('/')?;
            let (h, rkey) = post_link(page)?;
            (own(&a)
                && h.eq_ignore_ascii_case(&handle)
                && matches!(sub, "liked-by" | "reposted-by" | "quotes"))
            .then(|| rkey.to_owned())
        })
    };
    let rkey = time_link
        .and_then(|a| post_link(a.attr("href")?))
        .map(|(_, rkey)| rkey.to_owned())
        .or_else(own_pages)
        .or_else(|| page_rkey.map(str::to_owned))?;
    let url = format!("{ORIGIN}/profile/{handle}/post/{rkey}");
    let time = tid_time(&rkey).or_else(|| {
        let a = time_link?;
        parse_display_datetime(a.attr("data-tooltip").or_else(|| a.attr("aria-label"))?)
    });
    let card = item
        .find_all(|a| a.is("a"))
        .find(|a| own(a) && is_card(a))
        .map(|a| card_from(&a));
    let keep = |e: &Element<'_>| outside(e) && e.closest(|a| a.is("a") && is_card(a)).is_none();
    Some(Post {
        author: author_of(item, &handle, &outside),
        time,
        text: text_el.map(|t| segments(&t)).unwrap_or_default(),
        media: media_within(item, &keep, &url),
        quote: quote.and_then(|q| quote_from(&q)).map(Box::new),
        card,
        id: rkey,
        url,
        truncated: false,
        content_warning: None,
        ..Post::default()
    })
}

/// The author as an item shows them: the display name is the first text in a link to their
/// profile that is not the `@handle`.
fn author_of(scope: &Element<'_>, handle: &str, keep: &dyn Fn(&Element<'_>) -> bool) -> Author {
    let profile = format!("/profile/{handle}");
    let doc = scope.doc();
    let links: Vec<Element<'_>> = scope
        .find_all(|a| a.is("a"))
        .filter(|a| {
            keep(a)
                && a.attr("href")
                    .is_some_and(|h| h.eq_ignore_ascii_case(&profile))
        })
        .collect();
    let name = links
        .iter()
        .flat_map(|a| doc.descendants(a.id()))
        .filter_map(|n| doc.text(n))
        .map(|t| squash(&strip_bidi(t)))
        .find(|t| !t.is_empty() && !t.starts_with('@'))
        .unwrap_or_else(|| handle.to_owned());
    let avatar_url = scope
        .find(|e| e.has_test_id("userAvatarImage") && keep(e))
        .and_then(|a| a.find(|i| i.is("img")))
        .and_then(|i| i.attr("src"))
        .filter(|s| is_http(s))
        .map(str::to_owned);
    // The verification badge is a button with an English label (the only hook there is).
    let verified = scope
        .find(|b| {
            keep(b)
                && b.attr("aria-label")
                    .is_some_and(|l| l.contains("verifications"))
        })
        .is_some();
    Author {
        name,
        handle: handle.to_owned(),
        url: format!("{ORIGIN}/profile/{handle}"),
        avatar_url,
        verified,
    }
}

fn quote_from(q: &Element<'_>) -> Option<Quote> {
    let (handle, rkey) = q
        .find_all(|a| a.is("a"))
        .find_map(|a| post_link(a.attr("href")?))
        .map(|(h, r)| (h.to_owned(), r.to_owned()))?;
    let time_link = q.find(|a| {
        a.is("a")
            && a.attr("href")
                .and_then(post_link)
                .is_some_and(|(_, r)| r == rkey)
    });
    let url = format!("{ORIGIN}/profile/{handle}/post/{rkey}");
    Some(Quote {
        author: author_of(q, &handle, &|_| true),
        time: tid_time(&rkey).or_else(|| parse_display_datetime(time_link?.attr("data-tooltip")?)),
        text: q.find(is_text).map(|t| segments(&t)).unwrap_or_default(),
        media: media_within(q, &|_| true, &url),
        id: Some(rkey),
        url: Some(url),
    })
}

/// An external link card: a link off Bluesky that is a block (it holds an image or is labelled
/// with the page's title), not a link in the text.
fn is_card(a: &Element<'_>) -> bool {
    let Some(href) = a.attr("href") else {
        return false;
    };
    is_http(href)
        && !href.starts_with(ORIGIN)
        && a.closest(is_text).is_none()
        && (a.find(|i| i.is("img")).is_some() || a.attr("aria-label").is_some())
}

fn card_from(a: &Element<'_>) -> Card {
    let texts: Vec<String> = a
        .find_all(|d| d.attr_is("dir", "auto"))
        .map(|d| squash(&d.text()))
        .filter(|t| !t.is_empty())
        .collect();
    let domain = texts
        .iter()
        .rev()
        .find(|t| t.contains('.') && !t.contains(' '))
        .cloned();
    Card {
        url: a.attr("href").unwrap_or_default().to_owned(),
        title: a
            .attr("aria-label")
            .map(squash)
            .filter(|t| !t.is_empty())
            .or_else(|| texts.first().cloned()),
        domain,
        image: a
            .find(|i| i.is("img"))
            .and_then(|i| i.attr("src"))
            .filter(|s| is_http(s))
            .map(str::to_owned),
    }
}

fn media_within(
    scope: &Element<'_>,
    keep: &dyn Fn(&Element<'_>) -> bool,
    post_url: &str,
) -> Vec<Media> {
    let mut out: Vec<Media> = Vec::new();
    for el in scope.find_all(|e| e.is("img") || e.is("video")) {
        if !keep(&el) || el.closest(|a| a.has_test_id("userAvatarImage")).is_some() {
            continue;
        }
        let item = if el.is("video") {
            // GIFs from Tenor play without a poster: nothing to show in a still.
            let Some(poster) = el.attr("poster").filter(|p| is_http(p)) else {
                continue;
            };
            Media {
                kind: MediaKind::Video,
                url: poster.to_owned(),
                alt: el.attr("aria-label").map(squash).filter(|a| !a.is_empty()),
                link: Some(post_url.to_owned()),
            }
        } else {
            let Some(src) = el.attr("src").filter(|s| s.contains("/img/feed_")) else {
                continue;
            };
            let alt = el
                .attr("alt")
                .map(squash)
                .filter(|a| !a.is_empty())
                .or_else(|| {
                    el.closest(|b| b.attr_is("role", "button"))
                        .and_then(|b| b.attr("aria-label"))
                        .map(squash)
                        .filter(|a| !a.is_empty() && a != "Image")
                });
            Media {
                kind: MediaKind::Photo,
                url: src.replace("/img/feed_thumbnail/", "/img/feed_fullsize/"),
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

// ---------------------------------------------------------------------------------------------
// Rich text

fn segments(el: &Element<'_>) -> Vec<Segment> {
    let mut out = RichText::new(Whitespace::Preserve);
    walk(el.doc(), el.id(), &mut out);
    out.finish()
}

fn walk(doc: &Document, node: NodeId, out: &mut RichText) {
    for child in doc.children(node) {
        match doc.kind(child) {
            Some(NodeKind::Text(t)) => out.text(t),
            Some(NodeKind::Element { .. }) => {
                let Some(el) = doc.element(child) else {
                    continue;
                };
                match el.name() {
                    "script" | "style" | "svg" | "img" | "button" => {}
                    "br" => out.line_break(),
                    "a" => out.push(link(&el)),
                    _ => walk(doc, child, out),
                }
            }
            _ => {}
        }
    }
}

fn link(a: &Element<'_>) -> Segment {
    let href = a.attr("href").unwrap_or_default();
    let shown = strip_bidi(&a.text()).trim().to_owned();
    let url = absolute(href, ORIGIN);
    if href.starts_with("/profile/") && shown.starts_with('@') {
        return Segment::Mention { text: shown, url };
    }
    if href.starts_with("/hashtag/") || href.starts_with("/search?q=%23") {
        return Segment::Hashtag { text: shown, url };
    }
    Segment::Link {
        text: if shown.is_empty() { url.clone() } else { shown },
        url,
    }
}

// ---------------------------------------------------------------------------------------------
// Time

/// The creation time a TID record key encodes: 13 base32-sortable characters holding
/// microseconds since the epoch (53 bits) and a 10-bit clock id.
fn tid_time(rkey: &str) -> Option<String> {
    const ALPHABET: &[u8] = b"234567abcdefghijklmnopqrstuvwxyz";
    if rkey.len() != 13 {
        return None;
    }
    let mut value: u64 = 0;
    for (i, b) in rkey.bytes().enumerate() {
        let digit = ALPHABET.iter().position(|&a| a == b)?;
        // The top bit is always 0: the first character is one of the first 16.
        if i == 0 && digit >= 16 {
            return None;
        }
        value = (value << 5) | u64::try_from(digit).ok()?;
    }
    let micros = value >> 10;
    iso_from_unix_ms(i64::try_from(micros / 1000).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(u: &str) -> PageUrl {
        PageUrl::parse(u).unwrap()
    }

    #[test]
    fn post_urls() {
        assert!(Bluesky.owns(&url(
            "https://bsky.app/profile/a.bsky.social/post/3mdd7aj7pgs2x"
        )));
        assert!(!Bluesky.owns(&url("https://x.com/a/status/1")));
        let rkey = |u: &str| post_rkey(&url(u));
        assert_eq!(
            rkey("https://bsky.app/profile/forbes.com/post/3mdd7aj7pgs2x"),
            Some("3mdd7aj7pgs2x".into())
        );
        assert_eq!(
            rkey("https://bsky.app/profile/did:plc:abc/post/3mdd7aj7pgs2x/liked-by"),
            Some("3mdd7aj7pgs2x".into())
        );
        assert_eq!(rkey("https://bsky.app/profile/forbes.com"), None);
        assert_eq!(
            post_link("/profile/a.b/post/3mdd7aj7pgs2x"),
            Some(("a.b", "3mdd7aj7pgs2x"))
        );
        assert_eq!(post_link("/profile/a.b/post/3mdd7aj7pgs2x/quotes"), None);
    }

    #[test]
    fn other_pages_are_not_threads() {
        let doc = Document::parse("<div></div>");
        let err = |u: &str| {
            Bluesky
                .extract(&url(u), &doc, &Known::default())
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(err("https://bsky.app/profile/forbes.com")
            .starts_with("This is a Bluesky profile, not a thread."));
        assert!(err("https://bsky.app/").starts_with("This is your Bluesky home timeline"));
        assert!(err("https://bsky.app/profile/a/feed/whats-hot").contains("Bluesky feed"));
        let page = |u: &str| match Bluesky.extract(&url(u), &doc, &Known::default()) {
            Err(ExtractError::NotAThread(what)) => Some(what.page),
            _ => None,
        };
        assert_eq!(
            page("https://bsky.app/profile/a/lists/x"),
            Some(PageKind::List)
        );
        assert_eq!(page("https://bsky.app/messages"), Some(PageKind::Messages));
        assert!(err("https://bsky.app/profile/a/post/3mdd7aj7pgs2x").contains("Couldn't find"));
    }

    #[test]
    fn tids_encode_their_time() {
        // The capture shows "1:03 PM · Jan 26, 2026" in UTC+1.
        assert_eq!(
            tid_time("3mdd7aj7pgs2x").as_deref(),
            Some("2026-01-26T12:03:52.687Z")
        );
        assert_eq!(tid_time("self"), None);
        assert_eq!(tid_time("zzzzzzzzzzzzz"), None);
        assert_eq!(tid_time("3mdd7aj7pgs2!"), None);
    }

    #[test]
    fn truncated_pages_never_panic() {
        let cases = crate::sites::testing::cases("bluesky-");
        assert!(!cases.is_empty());
        for (raw, html) in &cases {
            let url = PageUrl::parse(raw).unwrap();
            for cut in crate::sites::testing::truncations(html, 20) {
                let doc = Document::parse(cut);
                // Ok or Err are both fine: the test fails only on a panic.
                let _ = Bluesky.extract(&url, &doc, &Known::default());
            }
        }
    }

    #[test]
    fn an_anchor_without_links_and_an_open_end() {
        // Nobody liked the anchor yet (no links to its likes), and the list ends with the
        // author's reply: more may render on scroll.
        let html = r#"<div data-testid="postThreadScreen">
          <div data-testid="postThreadItem-by-ann.bsky.social">
            <a href="/profile/ann.bsky.social" aria-label="Ann's avatar"><div data-testid="userAvatarImage"><img src="https://cdn.bsky.app/img/avatar_thumbnail/plain/did:plc:a/x@jpeg"></div></a>
            <a href="/profile/ann.bsky.social"><div dir="auto">Ann</div><div dir="auto">@ann.bsky.social</div></a>
            <div dir="auto" data-word-wrap="1">First
line</div><div dir="auto">1:03 PM · Jan 26, 2026</div>
          </div>
          <div role="link" tabindex="0" data-testid="postThreadItem-by-ann.bsky.social">
            <a href="/profile/ann.bsky.social">Ann</a>
            <a href="/profile/ann.bsky.social/post/3mddhgf2re22h" data-tooltip="January 26, 2026 at 3:30 PM"><span>· </span>1d</a>
            <div dir="auto" data-word-wrap="1">Second</div>
          </div>
        </div>"#;
        let doc = Document::parse(html);
        let page = Bluesky
            .extract(
                &url("https://bsky.app/profile/ann.bsky.social/post/3mdd7aj7pgs2x"),
                &doc,
                &Known::default(),
            )
            .unwrap();
        let ids: Vec<&str> = page.posts.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["3mdd7aj7pgs2x", "3mddhgf2re22h"]);
        assert_eq!(page.author.name, "Ann");
        assert_eq!(
            page.posts[0].text,
            [
                Segment::Text {
                    text: "First".into()
                },
                Segment::LineBreak,
                Segment::Text {
                    text: "line".into()
                }
            ]
        );
        assert_eq!(page.above, Edge::End);
        assert_eq!(page.below, Edge::More);
    }
}
