//! X (x.com, twitter.com): the author's self-thread on a status page.
//!
//! What the DOM gives us (see DESIGN.md): a virtualized list of `cellInnerDiv` rows inside
//! `primaryColumn`, one `article[data-testid="tweet"]` per post row, and no parent ids. The
//! self-thread is the focal post, the author's posts directly above it, and the author's
//! consecutive posts below it, until another author, a section heading, or a "Show replies"
//! control. Class names are generated and never used; we rely on `data-testid`, roles,
//! `<time>` and link shapes, and degrade to fewer fields rather than fail.

use super::{Edge, ExtractError, Hooks, Known, Page, PageUrl, Site};
use crate::html::{Document, Element, NodeId, NodeKind};
use crate::model::{Author, Card, Media, MediaKind, Post, Quote, Segment};

/// The X site.
pub struct X;

const ORIGIN: &str = "https://x.com";

impl Site for X {
    fn id(&self) -> &'static str {
        "x"
    }

    fn name(&self) -> &'static str {
        "X"
    }

    fn owns(&self, url: &PageUrl) -> bool {
        matches!(
            url.host.as_str(),
            "x.com" | "twitter.com" | "mobile.twitter.com" | "mobile.x.com"
        )
    }

    fn hooks(&self) -> Hooks {
        Hooks {
            scope: Some("[data-testid=\"primaryColumn\"]"),
            row: Some("[data-testid=\"cellInnerDiv\"]"),
            post: Some("article[data-testid=\"tweet\"]"),
            permalink: Some("a[href$=\"/status/{id}\"]"),
            expand: Some("[data-testid=\"tweet-text-show-more-link\"]"),
            more_replies: Some("[role=\"button\"], button"),
            loading: Some("[role=\"progressbar\"]"),
        }
    }

    fn extract(&self, url: &PageUrl, doc: &Document, known: &Known) -> Result<Page, ExtractError> {
        let focal_id = status_id(url).ok_or_else(|| not_a_thread(url))?;
        let column = doc
            .find(doc.root(), |e| e.has_test_id("primaryColumn"))
            .or_else(|| doc.find(doc.root(), |e| e.attr_is("role", "main")))
            .map_or(doc.root(), |e| e.id());
        let cells = cells(doc, column);
        assemble(&cells, &focal_id, known)
    }
}

/// The status id of a status page URL (`/USER/status/ID…`, `/i/web/status/ID`).
fn status_id(url: &PageUrl) -> Option<String> {
    let segs: Vec<&str> = url.segments.iter().map(String::as_str).collect();
    let id = match segs.as_slice() {
        [_, "status" | "statuses", id, ..] => *id,
        ["i", "web", "status", id, ..] => *id,
        _ => return None,
    };
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then(|| id.to_owned())
}

fn not_a_thread(url: &PageUrl) -> ExtractError {
    let what = match url.segment(0) {
        None | Some("home") => "This is X's home timeline, not a thread.",
        Some("explore" | "search") => "This is an X search page, not a thread.",
        Some("notifications") => "This is your X notifications page, not a thread.",
        Some("messages") => "This is your X messages page, not a thread.",
        Some("i") => "This X page is not a thread.",
        Some(_) if url.segments.len() <= 2 => "This is an X profile, not a thread.",
        Some(_) => "This X page is not a thread.",
    };
    ExtractError::NotAThread(format!(
        "{what} Open a post (its own page, x.com/…/status/…) and click Unspool again."
    ))
}

/// One row of the conversation list.
#[derive(Debug)]
enum Cell {
    Post(Box<Post>),
    /// A promoted post: never part of a thread, never a boundary.
    Ad,
    /// A section heading ("Discover more", "More replies"): the thread has ended.
    Heading,
    /// "Show replies" / "Show more replies": the thread may go on behind it.
    ShowReplies,
    /// A loading spinner: more rows are on their way.
    Loading,
    /// Empty separators, the reply composer, anything else that is not content.
    Other,
}

#[derive(Debug)]
struct Row {
    cell: Cell,
    /// `translateY` of the row, when the list is virtualized.
    offset: Option<f64>,
}

/// The rows of the conversation in visual order.
fn cells(doc: &Document, column: NodeId) -> Vec<Row> {
    let mut rows: Vec<(usize, Row)> = doc
        .find_all(column, |e| e.has_test_id("cellInnerDiv"))
        .enumerate()
        .map(|(i, cell)| {
            let offset = cell.attr("style").and_then(translate_y);
            (
                i,
                Row {
                    cell: classify(&cell),
                    offset,
                },
            )
        })
        .collect();
    if rows.is_empty() {
        // No virtual list (an older or simplified page): every article is a row.
        rows = doc
            .find_all(column, is_tweet)
            .enumerate()
            .map(|(i, article)| {
                (
                    i,
                    Row {
                        cell: classify_article(&article),
                        offset: None,
                    },
                )
            })
            .collect();
    }
    // Recycled rows can sit anywhere in the DOM; their translateY says where they show.
    if rows.iter().all(|(_, r)| r.offset.is_some()) {
        rows.sort_by(|(ia, a), (ib, b)| {
            a.offset
                .partial_cmp(&b.offset)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(ia.cmp(ib))
        });
    }
    rows.into_iter().map(|(_, r)| r).collect()
}

fn translate_y(style: &str) -> Option<f64> {
    let start = style.find("translateY(")? + "translateY(".len();
    let rest = style.get(start..)?;
    let end = rest.find(')')?;
    rest.get(..end)?
        .trim()
        .trim_end_matches("px")
        .trim()
        .parse()
        .ok()
}

fn is_tweet(e: &Element<'_>) -> bool {
    e.is("article") || e.has_test_id("tweet")
}

fn classify(cell: &Element<'_>) -> Cell {
    if let Some(article) = cell.find(is_tweet) {
        return classify_article(&article);
    }
    if cell
        .find(|e| {
            e.attr_is("role", "textbox")
                || e.test_id()
                    .is_some_and(|t| t.starts_with("tweetTextarea") || t == "tweetButtonInline")
        })
        .is_some()
    {
        return Cell::Other;
    }
    if cell.find(|e| e.attr_is("role", "progressbar")).is_some() {
        return Cell::Loading;
    }
    if cell
        .find(|e| e.is("h2") || e.attr_is("role", "heading"))
        .is_some()
    {
        return Cell::Heading;
    }
    if let Some(control) = cell.find(|e| e.attr_is("role", "button") || e.is("button")) {
        let text = control.text().to_lowercase();
        if text.contains("show") && text.contains("repl") || text.contains("more replies") {
            return Cell::ShowReplies;
        }
    }
    Cell::Other
}

fn classify_article(article: &Element<'_>) -> Cell {
    match parse_post(article) {
        Some(post) => Cell::Post(Box::new(post)),
        // A post row without a status time link is an ad (promoted posts carry no time).
        None => Cell::Ad,
    }
}

/// Picks the thread out of the rows.
fn assemble(rows: &[Row], focal_id: &str, known: &Known) -> Result<Page, ExtractError> {
    let post_at = |i: usize| match rows.get(i).map(|r| &r.cell) {
        Some(Cell::Post(p)) => Some(p.as_ref()),
        _ => None,
    };
    let anchor = rows
        .iter()
        .position(|r| matches!(&r.cell, Cell::Post(p) if p.id == focal_id))
        .or_else(|| {
            rows.iter()
                .position(|r| matches!(&r.cell, Cell::Post(p) if known.post_ids.contains(&p.id)))
        });
    let Some(anchor) = anchor else {
        if !known.post_ids.is_empty() {
            // Scrolled past every collected post (or the list re-rendered): nothing to merge
            // from this snapshot, and the thread may go on either way.
            return Ok(Page {
                focal_id: focal_id.to_owned(),
                above: Edge::More,
                below: Edge::More,
                ..Page::default()
            });
        }
        return Err(ExtractError::Unreadable(
            "Couldn't find this post on the page. Wait for it to load, then click Unspool again."
                .to_owned(),
        ));
    };
    let author = post_at(anchor)
        .map(|p| p.author.clone())
        .unwrap_or_default();
    let handle = known
        .author_handle
        .clone()
        .unwrap_or_else(|| author.handle.clone());
    let by_author = |p: &Post| p.author.handle.eq_ignore_ascii_case(&handle);

    // Upwards: the author's posts directly above.
    let mut first = anchor;
    let mut above = Edge::End;
    let mut i = anchor;
    while i > 0 {
        i -= 1;
        match &rows.get(i).map(|r| &r.cell) {
            Some(Cell::Post(p)) if by_author(p) => first = i,
            Some(Cell::Ad | Cell::Other) => continue,
            Some(Cell::Loading) => {
                above = Edge::More;
                break;
            }
            _ => break,
        }
    }
    // Reaching the top of the rendered list: is the list's real top there too?
    let reached_top = rows.get(..first).is_some_and(|before| {
        before
            .iter()
            .all(|r| matches!(r.cell, Cell::Ad | Cell::Other))
    });
    if reached_top
        && rows
            .get(first)
            .and_then(|r| r.offset)
            .is_some_and(|y| y > 0.5)
    {
        above = Edge::More;
    }

    // Downwards: the author's consecutive posts below.
    let mut last = anchor;
    let mut below = Edge::More;
    for (j, row) in rows.iter().enumerate().skip(anchor + 1) {
        match &row.cell {
            Cell::Post(p) if by_author(p) => last = j,
            Cell::Post(_) | Cell::Heading => {
                below = Edge::End;
                break;
            }
            Cell::ShowReplies => {
                below = Edge::ShowReplies;
                break;
            }
            Cell::Loading => {
                below = Edge::More;
                break;
            }
            Cell::Ad | Cell::Other => {}
        }
    }

    let posts = (first..=last)
        .filter_map(post_at)
        .filter(|p| by_author(p))
        .cloned()
        .collect();
    Ok(Page {
        focal_id: focal_id.to_owned(),
        author,
        posts,
        above,
        below,
    })
}

// ---------------------------------------------------------------------------------------------
// One post

/// The parts of an article that belong to a quoted post, which must not leak into the outer one.
fn quote_box<'a>(article: &Element<'a>) -> Option<Element<'a>> {
    article
        .find(|e| e.attr_is("role", "link") && !e.is("a") && e.find_test_id("User-Name").is_some())
}

/// `/USER/status/ID` (optionally followed by more segments) → (user, id, rest).
fn status_link(href: &str) -> Option<(&str, &str, usize)> {
    let path = href
        .strip_prefix("https://x.com")
        .or_else(|| href.strip_prefix("https://twitter.com"))
        .unwrap_or(href);
    let path = path.split(['?', '#']).next()?;
    let mut parts = path.strip_prefix('/')?.split('/');
    let user = parts.next()?;
    if parts.next()? != "status" {
        return None;
    }
    let id = parts.next()?;
    if user.is_empty() || id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((user, id, parts.filter(|p| !p.is_empty()).count()))
}

fn parse_post(article: &Element<'_>) -> Option<Post> {
    let quote = quote_box(article);
    let outside = |e: &Element<'_>| quote.is_none_or(|q| !e.is_within(q.id()));
    // The id comes from the link that wraps <time>, never from the first status link.
    let (time_link, (user, id)) = article
        .find_all(|e| e.is("a"))
        .filter(|a| outside(a))
        .find_map(|a| {
            let (user, id, rest) = status_link(a.attr("href")?)?;
            (rest == 0 && a.find(|t| t.is("time")).is_some()).then_some((a, (user, id)))
        })?;
    let time = time_link
        .find(|t| t.is("time"))
        .and_then(|t| t.attr("datetime"))
        .map(str::to_owned);
    let name_block = article.find(|e| e.has_test_id("User-Name") && outside(e));
    let avatar = article
        .find(|e| e.has_test_id("Tweet-User-Avatar") && outside(e))
        .and_then(|a| a.find(|i| i.is("img")))
        .and_then(|i| i.attr("src"))
        .filter(|s| is_http(s));
    let author = author_from(name_block, user, avatar);
    let text_el = article.find(|e| e.has_test_id("tweetText") && outside(e));
    let text = text_el.map(|t| segments(&t)).unwrap_or_default();
    let truncated = article
        .find(|e| e.has_test_id("tweet-text-show-more-link") && outside(e))
        .is_some();
    let url = format!("{ORIGIN}/{}/status/{id}", author.handle);
    let media = media_within(article, &outside, &url);
    let card = article
        .find(|e| e.has_test_id("card.wrapper") && outside(e))
        .map(|c| card_from(&c));
    let quote = quote.map(|q| Box::new(quote_from(&q)));
    Some(Post {
        id: id.to_owned(),
        url,
        author,
        time,
        text,
        media,
        quote,
        card,
        truncated,
        content_warning: None,
    })
}

fn author_from(
    name_block: Option<Element<'_>>,
    fallback_handle: &str,
    avatar: Option<&str>,
) -> Author {
    let handle = name_block
        .and_then(|b| {
            b.doc()
                .descendants(b.id())
                .filter_map(|n| b.doc().text(n))
                .map(str::trim)
                .find(|t| t.len() > 1 && t.starts_with('@'))
                .map(|t| t.trim_start_matches('@').to_owned())
        })
        .unwrap_or_else(|| fallback_handle.to_owned());
    // The display name is the first profile link's visible text (emoji drawn as images).
    let name = name_block
        .and_then(|b| {
            b.find(|a| {
                a.is("a")
                    && a.attr("href")
                        .is_some_and(|h| h.trim_start_matches('/').eq_ignore_ascii_case(&handle))
            })
            .or(Some(b))
        })
        .map(|el| display_name(&el))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| handle.clone());
    let verified = name_block.is_some_and(|b| b.find_test_id("icon-verified").is_some());
    Author {
        url: format!("{ORIGIN}/{handle}"),
        name,
        handle,
        avatar_url: avatar.map(str::to_owned),
        verified,
    }
}

/// The visible name in a `User-Name` block: its text and emoji images up to the `@handle`.
/// Private-use characters (icon glyphs some names carry) are dropped: no font draws them.
fn display_name(el: &Element<'_>) -> String {
    let doc = el.doc();
    let mut out = String::new();
    for n in doc.descendants(el.id()) {
        if let Some(t) = doc.text(n) {
            let trimmed = t.trim();
            if trimmed.starts_with('@') || trimmed == "·" {
                break;
            }
            out.push_str(t);
        } else if let Some(img) = doc.element(n).filter(|e| e.is("img")) {
            if let Some(e) = emoji(&img) {
                out.push_str(&e);
            }
        }
    }
    out.chars()
        .filter(|c| !('\u{e000}'..='\u{f8ff}').contains(c))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn quote_from(q: &Element<'_>) -> Quote {
    let status = q
        .find_all(|e| e.is("a"))
        .find_map(|a| status_link(a.attr("href")?).map(|(u, id, _)| (u.to_owned(), id.to_owned())));
    let name_block = q.find_test_id("User-Name");
    let avatar = q
        .find(|e| {
            e.has_test_id("Tweet-User-Avatar")
                || e.test_id()
                    .is_some_and(|t| t.starts_with("UserAvatar-Container"))
        })
        .and_then(|a| a.find(|i| i.is("img")))
        .and_then(|i| i.attr("src"))
        .filter(|s| is_http(s));
    let fallback = status.as_ref().map_or("", |(u, _)| u.as_str());
    let author = author_from(name_block, fallback, avatar);
    let url = status
        .as_ref()
        .map(|(_, id)| format!("{ORIGIN}/{}/status/{id}", author.handle));
    Quote {
        id: status.map(|(_, id)| id),
        media: media_within(q, &|_| true, url.as_deref().unwrap_or_default()),
        url,
        time: q
            .find(|e| e.is("time"))
            .and_then(|t| t.attr("datetime"))
            .map(str::to_owned),
        text: q
            .find_test_id("tweetText")
            .map(|t| segments(&t))
            .unwrap_or_default(),
        author,
    }
}

fn media_within(
    scope: &Element<'_>,
    keep: &dyn Fn(&Element<'_>) -> bool,
    post_url: &str,
) -> Vec<Media> {
    let mut out: Vec<Media> = Vec::new();
    let mut push = |m: Media| {
        if !out.iter().any(|o| o.url == m.url) {
            out.push(m);
        }
    };
    for el in scope.find_all(|e| e.has_test_id("tweetPhoto") || e.has_test_id("videoPlayer")) {
        if !keep(&el) {
            continue;
        }
        // A videoPlayer inside a tweetPhoto is handled with its tweetPhoto.
        if el.has_test_id("videoPlayer")
            && el
                .closest(|a| a.has_test_id("tweetPhoto"))
                .is_some_and(|p| p.is_within(scope.id()))
        {
            continue;
        }
        if let Some(video) = el.find(|v| v.is("video")) {
            let poster = video
                .attr("poster")
                .or_else(|| el.find(|i| i.is("img")).and_then(|i| i.attr("src")))
                .filter(|s| is_http(s));
            let gif = video
                .attr("src")
                .is_some_and(|s| s.contains("/tweet_video/"))
                || el.text().trim().eq_ignore_ascii_case("gif")
                || el
                    .find(|s| s.is("span") && s.text().trim() == "GIF")
                    .is_some();
            if let Some(poster) = poster {
                push(Media {
                    kind: if gif {
                        MediaKind::Gif
                    } else {
                        MediaKind::Video
                    },
                    url: poster.to_owned(),
                    alt: None,
                    link: (!post_url.is_empty()).then(|| post_url.to_owned()),
                });
            }
            continue;
        }
        if let Some(img) = el.find(|i| i.is("img")) {
            if let Some(src) = img.attr("src").filter(|s| is_http(s)) {
                // Condensed layouts (quotes) show a video as a still with no <video>.
                let still = if src.contains("tweet_video_thumb") {
                    Some(MediaKind::Gif)
                } else if src.contains("video_thumb") {
                    Some(MediaKind::Video)
                } else {
                    None
                };
                if let Some(kind) = still {
                    push(Media {
                        kind,
                        url: src.to_owned(),
                        alt: None,
                        link: (!post_url.is_empty()).then(|| post_url.to_owned()),
                    });
                    continue;
                }
                let alt = img
                    .attr("alt")
                    .map(str::trim)
                    .filter(|a| !a.is_empty() && *a != "Image")
                    .map(str::to_owned);
                push(Media {
                    kind: MediaKind::Photo,
                    url: large_photo(src),
                    alt,
                    link: None,
                });
            }
        }
    }
    out
}

/// Rewrites `pbs.twimg.com/media/…?format=jpg&name=small` to the large rendition.
fn large_photo(src: &str) -> String {
    if !src.contains("pbs.twimg.com/media/") {
        return src.to_owned();
    }
    match src.split_once('?') {
        Some((base, query)) => {
            let mut parts: Vec<String> = query
                .split('&')
                .filter(|p| !p.starts_with("name="))
                .map(str::to_owned)
                .collect();
            parts.push("name=large".to_owned());
            format!("{base}?{}", parts.join("&"))
        }
        None => format!("{src}?name=large"),
    }
}

fn card_from(card: &Element<'_>) -> Card {
    let link = card.find(|e| e.is("a") && e.attr("href").is_some_and(is_http));
    let href = link
        .and_then(|a| a.attr("href"))
        .unwrap_or_default()
        .to_owned();
    // Large cards show "From example.com" just after the wrapper; the link's label starts with
    // the domain too.
    let scope = card.doc().parent(card.id()).unwrap_or(card.id());
    let domain = card
        .doc()
        .find_all(scope, |e| e.is("a"))
        .map(|a| a.text())
        .find_map(|t| t.trim().strip_prefix("From ").map(|d| d.trim().to_owned()))
        .or_else(|| {
            let label = link.and_then(|a| a.attr("aria-label"))?;
            let first = label.split_whitespace().next()?;
            (first.contains('.') && !first.ends_with('.')).then(|| first.to_owned())
        });
    let title = link
        .and_then(|a| a.attr("aria-label"))
        .map(|label| {
            let label = label.trim();
            domain
                .as_deref()
                .and_then(|d| label.strip_prefix(d))
                .unwrap_or(label)
                .trim()
                .to_owned()
        })
        .filter(|t| !t.is_empty())
        .or_else(|| {
            link.map(|a| a.text().trim().to_owned())
                .filter(|t| !t.is_empty())
        });
    let image = card
        .find(|e| e.is("img"))
        .and_then(|i| i.attr("src"))
        .filter(|s| is_http(s))
        .map(str::to_owned);
    Card {
        url: href,
        title,
        domain,
        image,
    }
}

// ---------------------------------------------------------------------------------------------
// Rich text

fn is_http(s: &str) -> bool {
    let l = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    l.starts_with("https://") || l.starts_with("http://")
}

/// Rich text segments of a `tweetText` (or any) element.
fn segments(el: &Element<'_>) -> Vec<Segment> {
    let mut out = Vec::new();
    walk(el.doc(), el.id(), &mut out);
    out
}

fn push_text(out: &mut Vec<Segment>, text: &str) {
    let mut lines = text.split('\n');
    if let Some(first) = lines.next() {
        push_plain(out, first);
    }
    for line in lines {
        out.push(Segment::LineBreak);
        push_plain(out, line);
    }
}

fn push_plain(out: &mut Vec<Segment>, text: &str) {
    let text = text.replace('\r', "");
    if text.is_empty() {
        return;
    }
    if let Some(Segment::Text { text: prev }) = out.last_mut() {
        prev.push_str(&text);
    } else {
        out.push(Segment::Text { text });
    }
}

fn walk(doc: &Document, node: NodeId, out: &mut Vec<Segment>) {
    for child in doc.children(node) {
        match doc.kind(child) {
            Some(NodeKind::Text(t)) => push_text(out, t),
            Some(NodeKind::Element { .. }) => {
                let Some(el) = doc.element(child) else {
                    continue;
                };
                match el.name() {
                    "script" | "style" | "svg" => {}
                    "br" => out.push(Segment::LineBreak),
                    "img" => {
                        if let Some(emoji) = emoji(&el) {
                            out.push(Segment::Emoji { text: emoji });
                        }
                    }
                    "a" => out.push(link(&el)),
                    _ => walk(doc, child, out),
                }
            }
            _ => {}
        }
    }
}

/// The emoji an `<img>` draws: from the file name's code points when the alt text does not
/// spell the same emoji (alt text can be localized, like "Gesicht mit Freudentränen").
fn emoji(img: &Element<'_>) -> Option<String> {
    let alt = img.attr("alt").unwrap_or_default();
    let from_file = img.attr("src").and_then(|src| {
        let file = src.split(['?', '#']).next()?.rsplit('/').next()?;
        let stem = file.split('.').next()?;
        let chars: Option<String> = stem
            .split('-')
            .map(|hex| u32::from_str_radix(hex, 16).ok().and_then(char::from_u32))
            .collect();
        chars.filter(|c| !c.is_empty() && src.contains("emoji"))
    });
    match from_file {
        Some(file) => {
            let strip = |s: &str| s.chars().filter(|c| *c != '\u{fe0f}').collect::<String>();
            if !alt.is_empty() && strip(alt) == strip(&file) {
                Some(alt.to_owned())
            } else {
                Some(file)
            }
        }
        None => {
            (!alt.is_empty() && !alt.chars().any(char::is_alphanumeric)).then(|| alt.to_owned())
        }
    }
}

fn link(a: &Element<'_>) -> Segment {
    let href = a.attr("href").unwrap_or_default();
    let doc = a.doc();
    let all = segments(a);
    let text = crate::model::plain_text(&all);
    let text = text.trim();
    if let Some(tag) = href.strip_prefix("/hashtag/") {
        let tag = tag.split(['?', '#']).next().unwrap_or(tag);
        return Segment::Hashtag {
            text: text.to_owned(),
            url: format!("{ORIGIN}/hashtag/{tag}"),
        };
    }
    if href.starts_with("/search?") && text.starts_with('$') {
        let q = text.trim_start_matches('$');
        return Segment::Hashtag {
            text: text.to_owned(),
            url: format!("{ORIGIN}/search?q=%24{q}&src=cashtag_click"),
        };
    }
    if href.starts_with('/') && text.starts_with('@') {
        let handle = href
            .trim_start_matches('/')
            .split(['/', '?'])
            .next()
            .unwrap_or_default();
        return Segment::Mention {
            text: text.to_owned(),
            url: format!("{ORIGIN}/{handle}"),
        };
    }
    // External links point at t.co; the real URL is the link's text, split into a hidden
    // scheme, the visible part, a hidden rest and a trailing "…" when shortened.
    let mut visible = String::new();
    let mut ellipsis = false;
    let mut hidden: Option<NodeId> = None;
    for n in doc.descendants(a.id()) {
        if hidden.is_some_and(|h| doc.is_within(n, h)) {
            continue;
        }
        if let Some(el) = doc.element(n) {
            if el.attr_is("aria-hidden", "true") {
                ellipsis |= el.text().trim() == "…";
                hidden = Some(n);
            }
        } else if let Some(t) = doc.text(n) {
            visible.push_str(t);
        }
    }
    let full = text.trim_end_matches('…').trim();
    let looks_like_url =
        !full.is_empty() && !full.contains(char::is_whitespace) && full.contains('.');
    let url = if looks_like_url {
        if is_http(full) {
            full.to_owned()
        } else {
            format!("https://{full}")
        }
    } else if href.starts_with('/') {
        format!("{ORIGIN}{href}")
    } else {
        href.to_owned()
    };
    let mut shown = visible.trim().to_owned();
    if shown.is_empty() {
        shown = full.to_owned();
    }
    if ellipsis {
        shown.push('…');
    }
    Segment::Link { text: shown, url }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_urls() {
        let id = |u: &str| status_id(&PageUrl::parse(u).unwrap());
        assert_eq!(id("https://x.com/svpino/status/123"), Some("123".into()));
        assert_eq!(
            id("https://twitter.com/a/status/9/photo/1"),
            Some("9".into())
        );
        assert_eq!(id("https://x.com/i/web/status/77"), Some("77".into()));
        assert_eq!(id("https://x.com/home"), None);
        assert_eq!(id("https://x.com/a/status/abc"), None);
    }

    #[test]
    fn photo_urls_are_upgraded() {
        assert_eq!(
            large_photo("https://pbs.twimg.com/media/X?format=jpg&name=small"),
            "https://pbs.twimg.com/media/X?format=jpg&name=large"
        );
        assert_eq!(
            large_photo("https://pbs.twimg.com/media/X.jpg"),
            "https://pbs.twimg.com/media/X.jpg?name=large"
        );
    }

    #[test]
    fn translate_y_parses() {
        assert_eq!(
            translate_y("transform: translateY(1234.5px); position: absolute;"),
            Some(1234.5)
        );
        assert_eq!(translate_y("position: absolute"), None);
    }
}
