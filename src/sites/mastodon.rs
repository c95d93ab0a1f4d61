//! Mastodon, on any instance: the author's self-thread on a status page.
//!
//! Instances live on any host, so the page is recognised by its markup: the web app's root
//! (`#mastodon`, `script#initial-state`), or the status markup itself (`.detailed-status`,
//! `.status__content`, `h-entry` microformats on older server-rendered pages).
//!
//! What the 4.x web app renders for `/@user/ID` (class names are Mastodon's own, stable across
//! versions and forks): a column whose `.scrollable` list holds the ancestors (one
//! `.status__wrapper > .status[data-id]` each), the focal post (`.detailed-status__wrapper >
//! .detailed-status`, which carries no id and no machine-readable time), then the
//! descendants, the author's own replies moved first. A status shows its time link
//! (`a.status__relative-time[href="/@acct/ID"] > time[datetime]`), its author
//! (`.display-name__html`, `.display-name__account`, `.account__avatar img`), an optional
//! content warning (`.content-warning > p`; while folded the text is not rendered at all),
//! the text (`.status__content__text`, HTML paragraphs), a poll (`.poll`), media
//! (`.media-gallery__item`, `.video-player video[poster]`), a link card (`a.status-card`)
//! and a quoted post (`.status__quote`, a nested status).
//!
//! Status ids are snowflakes whose high bits are the creation time in milliseconds, so the
//! focal post's time comes from its id.

use super::date::iso_from_unix_ms;
use super::text::{absolute, is_http, language_tag, squash, RichText, Whitespace};
use super::{Edge, ExtractError, Hooks, Known, NotAThread, Page, PageKind, PageUrl, Site};
use crate::html::{Document, Element, NodeId, NodeKind};
use crate::model::{Author, Card, Media, MediaKind, Post, Quote, Segment};

/// The Mastodon site (every instance).
pub struct Mastodon;

impl Site for Mastodon {
    fn id(&self) -> &'static str {
        "mastodon"
    }

    fn name(&self) -> &'static str {
        "Mastodon"
    }

    /// Instances are not known by host.
    fn owns(&self, _: &PageUrl) -> bool {
        false
    }

    fn recognises(&self, _: &PageUrl, doc: &Document) -> bool {
        let root = doc.root();
        let has = |pred: &dyn Fn(&Element<'_>) -> bool| doc.find(root, pred).is_some();
        has(&|e| {
            e.attr_is("id", "mastodon")
                || (e.is("script") && e.attr_is("id", "initial-state"))
                || (e.is("meta")
                    && (e.attr_is("name", "application-name")
                        || e.attr_is("property", "og:site_name"))
                    && e.attr_is("content", "Mastodon"))
        }) || (has(&|e| e.has_class("detailed-status") || e.has_class("h-entry"))
            && has(&|e| e.has_class("status__content")))
    }

    fn hooks(&self) -> Hooks {
        Hooks {
            // The whole page: an advanced (multi-column) layout has several lists, and only the
            // snapshot tells which one holds the thread.
            scope: None,
            row: None,
            post: Some(".status, .detailed-status"),
            permalink: Some(
                "a.status__relative-time[href$=\"/{id}\"], a.detailed-status__datetime[href$=\"/{id}\"]",
            ),
            // A folded content warning keeps the text out of the page until "Show more".
            expand: Some(".content-warning:not(.content-warning--filter) > button"),
            more_replies: None,
            loading: Some(".load-more.load-gap[aria-busy], .column .loading-indicator"),
            context: None,
            drop_attributes: &[],
        }
    }

    fn extract(&self, url: &PageUrl, doc: &Document, known: &Known) -> Result<Page, ExtractError> {
        let status_id = status_id(url).ok_or_else(|| not_a_thread(url))?;
        let ctx = Context {
            origin: origin(&url.raw),
            host: url.host.clone(),
            page_id: status_id.clone(),
        };
        let focal = doc
            .find(doc.root(), |e| {
                e.has_class("detailed-status") && e.closest(is_quote_box).is_none()
            })
            .ok_or_else(|| {
                ExtractError::Unreadable(
                    "Couldn't find this post on the page. Wait for it to load, then click \
                     Unspool again."
                        .to_owned(),
                )
            })?;
        let column = focal
            .closest(|e| {
                e.has_class("scrollable")
                    || e.has_class("item-list")
                    || e.has_class("activity-stream")
            })
            .map_or(doc.root(), |e| e.id());
        let rows: Vec<Option<Post>> = doc
            .find_all(column, is_row)
            .filter(|r| r.closest(is_quote_box).is_none())
            .map(|r| parse_status(&r, &ctx))
            .collect();
        let loading = doc
            .find(column, |e| {
                e.has_class("loading-indicator")
                    || (e.has_class("load-gap") && e.attr("aria-busy").is_some())
            })
            .is_some();
        assemble(&rows, &status_id, &ctx, loading, known)
    }
}

/// What parsing a status needs to know about the page.
struct Context {
    /// `https://instance.example` (with a port, if any).
    origin: String,
    /// The instance's host, for local accounts' handles.
    host: String,
    /// The status id in the page URL.
    page_id: String,
}

impl Context {
    /// An account's handle as shown on this instance: without a leading `@` or this
    /// instance's domain (local accounts go by their username).
    fn local_acct(&self, acct: &str) -> String {
        let acct = acct.trim().trim_start_matches('@');
        match acct.rsplit_once('@') {
            Some((user, domain)) if domain.eq_ignore_ascii_case(&self.host) => user.to_owned(),
            _ => acct.to_owned(),
        }
    }

    /// An account's handle for comparisons (handles are case-insensitive).
    fn acct_key(&self, acct: &str) -> String {
        self.local_acct(acct).to_lowercase()
    }
}

/// `scheme://authority` of a URL.
fn origin(raw: &str) -> String {
    let raw = raw.trim();
    let (scheme, rest) = raw.split_once("://").unwrap_or(("https", raw));
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        rest.get(..end).unwrap_or_default()
    )
}

/// The status id of a status page: `/@user/ID`, `/@user@domain/ID`, `/users/user/statuses/ID`,
/// also under the web app's `/deck` and older `/web` prefixes.
fn status_id(url: &PageUrl) -> Option<String> {
    let segs: Vec<&str> = url.segments.iter().map(String::as_str).collect();
    let segs = match segs.as_slice() {
        ["deck" | "web", rest @ ..] => rest,
        all => all,
    };
    let id = match segs {
        [acct, id] if acct.starts_with('@') => *id,
        ["users", _, "statuses", id] | ["statuses", id] => *id,
        _ => return None,
    };
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then(|| id.to_owned())
}

fn not_a_thread(url: &PageUrl) -> ExtractError {
    let segs: Vec<&str> = url.segments.iter().map(String::as_str).collect();
    let segs = match segs.as_slice() {
        ["deck" | "web", rest @ ..] => rest,
        all => all,
    };
    let page = match segs {
        [] | ["home", ..] => PageKind::Home,
        [acct, ..] if acct.starts_with('@') => PageKind::Profile,
        ["lists", ..] => PageKind::List,
        ["public" | "explore" | "tags" | "links", ..] => PageKind::Timeline,
        ["notifications", ..] => PageKind::Notifications,
        ["search", ..] => PageKind::Search,
        _ => PageKind::Other,
    };
    ExtractError::NotAThread(NotAThread {
        site: "Mastodon",
        page,
        example: "…/@user/123…",
    })
}

fn is_quote_box(e: &Element<'_>) -> bool {
    e.has_class("status__quote")
}

/// A post in the thread list: a status, or the focal post's detailed status.
fn is_row(e: &Element<'_>) -> bool {
    e.has_class("detailed-status") || e.has_class("status")
}

fn assemble(
    rows: &[Option<Post>],
    status_id: &str,
    ctx: &Context,
    loading: bool,
    known: &Known,
) -> Result<Page, ExtractError> {
    let anchor = rows
        .iter()
        .position(|r| r.as_ref().is_some_and(|p| p.id == status_id))
        .ok_or_else(|| {
            ExtractError::Unreadable(
                "Couldn't read this post on the page. Wait for it to load, then click Unspool \
                 again."
                    .to_owned(),
            )
        })?;
    let post_at = |i: usize| rows.get(i).and_then(Option::as_ref);
    let author = post_at(anchor)
        .map(|p| p.author.clone())
        .unwrap_or_default();
    let key = ctx.acct_key(known.author_handle.as_deref().unwrap_or(&author.handle));
    let by_author = |i: usize| post_at(i).is_some_and(|p| ctx.acct_key(&p.author.handle) == key);

    let mut first = anchor;
    while first > 0 && by_author(first - 1) {
        first -= 1;
    }
    let mut last = anchor;
    while by_author(last + 1) {
        last += 1;
    }
    // The context (ancestors and descendants) renders whole; only a refresh in progress
    // (remote replies being fetched) can add more below.
    let below = if last + 1 >= rows.len() && loading {
        Edge::More
    } else {
        Edge::End
    };
    Ok(Page {
        focal_id: status_id.to_owned(),
        author,
        posts: (first..=last).filter_map(post_at).cloned().collect(),
        above: Edge::End,
        below,
        logged_out: false,
    })
}

// ---------------------------------------------------------------------------------------------
// One status

/// `/@acct/ID`, `https://host/@acct/ID` or `https://host/users/acct/statuses/ID` → (acct, id).
/// A full URL to another host names a remote account: its domain joins the handle.
fn status_link(href: &str, ctx: &Context) -> Option<(String, Option<String>)> {
    let (host, path) = match href.split_once("://") {
        Some((_, rest)) => {
            let end = rest.find('/').unwrap_or(rest.len());
            (rest.get(..end)?, rest.get(end..)?)
        }
        None => ("", href),
    };
    let path = path.split(['?', '#']).next()?;
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let (acct, id) = match segs.as_slice() {
        ["deck" | "web", acct, rest @ ..] | [acct, rest @ ..] if acct.starts_with('@') => {
            (acct.trim_start_matches('@'), rest.first().copied())
        }
        ["users", acct, "statuses", id, ..] => (*acct, Some(*id)),
        ["users", acct] => (*acct, None),
        _ => return None,
    };
    if acct.is_empty() {
        return None;
    }
    let host = host.split(':').next().unwrap_or(host);
    let host = host.strip_prefix("www.").unwrap_or(host);
    let acct = if !host.is_empty() && !host.eq_ignore_ascii_case(&ctx.host) && !acct.contains('@') {
        format!("{acct}@{host}")
    } else {
        acct.to_owned()
    };
    let id = id.filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
    Some((acct, id.map(str::to_owned)))
}

/// What a status element shows, quoted or not.
struct Parsed {
    id: String,
    author: Author,
    time: Option<String>,
    text: Vec<Segment>,
    lang: Option<String>,
    truncated: bool,
    media: Vec<Media>,
    content_warning: Option<String>,
}

fn parse_status(el: &Element<'_>, ctx: &Context) -> Option<Post> {
    let quote_box = el.find(is_quote_box);
    let outside = |e: &Element<'_>| quote_box.is_none_or(|q| !e.is_within(q.id()));
    let parsed = parse_parts(el, ctx, &outside)?;
    let url = format!("{}/@{}/{}", ctx.origin, parsed.author.handle, parsed.id);
    let card = el
        .find(|e| e.has_class("status-card") && outside(e))
        .and_then(|c| card_from(&c));
    let quote = quote_box
        .and_then(|q| q.find(|e| e.has_class("status")))
        .and_then(|q| {
            let p = parse_parts(&q, ctx, &|_| true)?;
            Some(Quote {
                url: Some(format!("{}/@{}/{}", ctx.origin, p.author.handle, p.id)),
                id: Some(p.id),
                author: p.author,
                time: p.time,
                text: p.text,
                media: p.media,
            })
        });
    Some(Post {
        id: parsed.id,
        url,
        author: parsed.author,
        time: parsed.time,
        text: parsed.text,
        lang: parsed.lang,
        media: parsed.media,
        quote: quote.map(Box::new),
        card,
        truncated: parsed.truncated,
        content_warning: parsed.content_warning,
        ..Post::default()
    })
}

fn parse_parts(
    el: &Element<'_>,
    ctx: &Context,
    outside: &dyn Fn(&Element<'_>) -> bool,
) -> Option<Parsed> {
    let detailed = el.has_class("detailed-status");
    let find = |pred: &dyn Fn(&Element<'_>) -> bool| el.find(|e| pred(e) && outside(e));
    let time_link = find(&|e| {
        e.is("a")
            && (e.has_class("status__relative-time") || e.has_class("detailed-status__datetime"))
    });
    let name_link = find(&|e| {
        e.is("a")
            && (e.has_class("status__display-name") || e.has_class("detailed-status__display-name"))
    });
    let from_time = time_link.and_then(|a| status_link(a.attr("href")?, ctx));
    let id = el
        .attr("data-id")
        .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_owned)
        .or_else(|| from_time.as_ref().and_then(|(_, id)| id.clone()))
        .or_else(|| detailed.then(|| ctx.page_id.clone()))?;
    let acct = from_time
        .map(|(acct, _)| acct)
        .or_else(|| {
            name_link
                .and_then(|a| status_link(a.attr("href")?, ctx))
                .map(|(a, _)| a)
        })
        .or_else(|| {
            let shown = squash(&find(&|e| e.has_class("display-name__account"))?.text());
            let acct = ctx.local_acct(&shown);
            (!acct.is_empty()).then_some(acct)
        })?;
    let acct = ctx.local_acct(&acct);
    let name = find(&|e| e.has_class("display-name__html"))
        .map(|n| {
            let mut r = RichText::new(Whitespace::Collapse);
            walk(n.doc(), n.id(), &mut r, &ctx.origin);
            squash(&crate::model::plain_text(&r.finish()))
        })
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| acct.clone());
    let avatar_url = find(&|e| e.has_class("account__avatar"))
        .and_then(|a| {
            if a.is("img") {
                Some(a)
            } else {
                a.find(|i| i.is("img"))
            }
        })
        .and_then(|i| i.attr("src"))
        .filter(|s| is_http(s))
        .map(|s| s.to_owned());
    let time = time_link
        .and_then(|a| a.find(|t| t.is("time")))
        .and_then(|t| t.attr("datetime"))
        .or_else(|| {
            find(&|e| e.is("data") && e.has_class("dt-published")).and_then(|d| d.attr("value"))
        })
        .map(str::to_owned)
        .or_else(|| time_from_id(&id));

    let warning = find(&|e| {
        (e.has_class("content-warning") && !e.has_class("content-warning--filter"))
            || e.has_class("p-summary")
    })
    .map(|w| {
        let label = w.find(|p| p.is("p")).unwrap_or(w);
        let mut r = RichText::new(Whitespace::Collapse);
        walk(label.doc(), label.id(), &mut r, &ctx.origin);
        r.finish()
    })
    .filter(|w| !w.is_empty());
    let content = find(&|e| e.has_class("status__content__text") || e.has_class("e-content"))
        .or_else(|| find(&|e| e.has_class("status__content")));
    let mut text = RichText::new(Whitespace::Collapse);
    if let Some(content) = content {
        walk(content.doc(), content.id(), &mut text, &ctx.origin);
    }
    if let Some(poll) = find(&|e| e.has_class("poll")) {
        poll_text(&poll, &mut text);
    }
    let author = Author {
        url: format!("{}/@{acct}", ctx.origin),
        name,
        handle: acct,
        avatar_url,
        verified: false,
    };
    let url = format!("{}/@{}/{id}", ctx.origin, author.handle);
    Some(Parsed {
        media: media_within(el, outside, &url),
        // A folded content warning keeps the text out of the page until "Show more".
        truncated: warning.is_some() && content.is_none(),
        content_warning: warning.map(|w| crate::model::plain_text(&w).trim().to_owned()),
        lang: content
            .as_ref()
            .and_then(|c| c.attr("lang"))
            .and_then(language_tag),
        text: text.finish(),
        time,
        author,
        id,
    })
}

/// The time a Mastodon id encodes: its high bits are milliseconds since the epoch. Ids from
/// before snowflakes (2017) are small sequential numbers that encode none.
fn time_from_id(id: &str) -> Option<String> {
    let id: u64 = id.parse().ok()?;
    let ms = i64::try_from(id >> 16).ok()?;
    // Before 2016: not a snowflake.
    (ms >= 1_451_606_400_000)
        .then(|| iso_from_unix_ms(ms))
        .flatten()
}

fn poll_text(poll: &Element<'_>, out: &mut RichText) {
    let options: Vec<String> = poll
        .find_all(|e| e.is("li"))
        .map(|li| {
            let label = li
                .find(|e| e.has_class("poll__option__text"))
                .map(|t| squash(&t.text()))
                .unwrap_or_else(|| squash(&li.text()));
            let share = li
                .find(|e| e.has_class("poll__number"))
                .map(|n| squash(&n.text()))
                .filter(|n| !n.is_empty());
            match share {
                Some(share) if !label.starts_with(&share) => format!("{label} — {share}"),
                _ => label,
            }
        })
        .filter(|o| !o.is_empty())
        .collect();
    if options.is_empty() {
        return;
    }
    out.paragraph();
    out.text("Poll:");
    for option in options {
        out.line_break();
        out.text(&format!("• {option}"));
    }
    if let Some(footer) = poll.find(|e| e.has_class("poll__footer")) {
        // The footer's text without its buttons: "57 people · Closed".
        let doc = footer.doc();
        let words: String = doc
            .descendants(footer.id())
            .filter(|&n| {
                doc.closest(n, |b| b.is("button"))
                    .is_none_or(|b| !b.is_within(footer.id()))
            })
            .filter_map(|n| doc.text(n))
            .collect();
        let summary = squash(&words);
        let summary = summary.trim_start_matches(['·', ' ']).trim().to_owned();
        if !summary.is_empty() {
            out.line_break();
            out.text(&summary);
        }
    }
}

fn media_within(
    scope: &Element<'_>,
    keep: &dyn Fn(&Element<'_>) -> bool,
    post_url: &str,
) -> Vec<Media> {
    let mut out: Vec<Media> = Vec::new();
    for el in scope.find_all(|e| {
        (e.is("img") && e.closest(|g| g.has_class("media-gallery__item")).is_some())
            || (e.is("video") && e.attr("poster").is_some())
    }) {
        if !keep(&el) {
            continue;
        }
        let item = if el.is("video") {
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
            // The thumbnail links to the full image.
            let full = el
                .closest(|a| a.is("a"))
                .and_then(|a| a.attr("href"))
                .filter(|h| is_http(h));
            let Some(url) = full.or_else(|| el.attr("src").filter(|s| is_http(s))) else {
                continue;
            };
            Media {
                kind: MediaKind::Photo,
                url: url.to_owned(),
                alt: el.attr("alt").map(squash).filter(|a| !a.is_empty()),
                link: None,
            }
        };
        if !out.iter().any(|m| m.url == item.url) {
            out.push(item);
        }
    }
    out
}

fn card_from(card: &Element<'_>) -> Option<Card> {
    let link = if card.is("a") {
        *card
    } else {
        card.find(|a| a.is("a") && a.attr("href").is_some_and(is_http))?
    };
    let url = link.attr("href").filter(|h| is_http(h))?.to_owned();
    let text_of = |class: &str| {
        card.find(|e| e.has_class(class))
            .map(|e| squash(&e.text()))
            .filter(|t| !t.is_empty())
    };
    // The host line can end with "· 3d" (the article's date).
    let domain = card
        .find(|e| e.has_class("status-card__host"))
        .and_then(|h| h.find(|s| s.is("span")).or(Some(h)))
        .map(|h| squash(&h.text()))
        .map(|h| h.split('·').next().unwrap_or_default().trim().to_owned())
        .filter(|h| !h.is_empty());
    Some(Card {
        url,
        title: text_of("status-card__title"),
        domain,
        image: card
            .find(|i| i.is("img"))
            .and_then(|i| i.attr("src"))
            .filter(|s| is_http(s))
            .map(str::to_owned),
    })
}

// ---------------------------------------------------------------------------------------------
// Rich text

fn walk(doc: &Document, node: NodeId, out: &mut RichText, origin: &str) {
    for child in doc.children(node) {
        match doc.kind(child) {
            Some(NodeKind::Text(t)) => out.text(t),
            Some(NodeKind::Element { .. }) => {
                let Some(el) = doc.element(child) else {
                    continue;
                };
                if el.has_class("invisible")
                    || el.has_class("quote-inline")
                    || el.has_class("poll")
                    || el.has_class("translate-button")
                    || el.has_class("status__content__translate-button")
                    || matches!(el.name(), "script" | "style" | "svg" | "button")
                {
                    continue;
                }
                match el.name() {
                    "br" => out.line_break(),
                    "p" | "blockquote" | "pre" | "ul" | "ol" => {
                        out.paragraph();
                        walk(doc, child, out, origin);
                        out.paragraph();
                    }
                    "li" => {
                        out.line_break();
                        out.text("• ");
                        walk(doc, child, out, origin);
                    }
                    "img" => {
                        if let Some(seg) = emoji(&el) {
                            out.push(seg);
                        }
                    }
                    "a" => out.push(link(&el, origin)),
                    _ => walk(doc, child, out, origin),
                }
            }
            _ => {}
        }
    }
}

/// Custom emoji are images whose `alt` is their `:shortcode:`; Unicode emoji may be drawn as
/// images too, with the emoji as `alt`.
fn emoji(img: &Element<'_>) -> Option<Segment> {
    let alt = img.attr("alt")?.trim();
    if alt.is_empty() {
        return None;
    }
    if alt.chars().any(char::is_alphanumeric) {
        (alt.starts_with(':') && alt.ends_with(':')).then(|| Segment::Text {
            text: alt.to_owned(),
        })
    } else {
        Some(Segment::Emoji {
            text: alt.to_owned(),
        })
    }
}

/// The text a link shows: Mastodon hides parts of long URLs (`.invisible`) and marks the cut
/// (`.ellipsis`, drawn as "…").
fn shown_text(a: &Element<'_>) -> String {
    let doc = a.doc();
    let mut out = String::new();
    let mut hidden: Option<NodeId> = None;
    let mut cut = false;
    for n in doc.descendants(a.id()) {
        if hidden.is_some_and(|h| doc.is_within(n, h)) {
            continue;
        }
        if let Some(el) = doc.element(n) {
            if el.has_class("invisible") {
                hidden = Some(n);
            }
            cut |= el.has_class("ellipsis");
        } else if let Some(t) = doc.text(n) {
            out.push_str(t);
        }
    }
    let mut out = squash(&out);
    if cut {
        out.push('…');
    }
    out
}

fn link(a: &Element<'_>, origin: &str) -> Segment {
    let url = absolute(a.attr("href").unwrap_or_default(), origin);
    let text = shown_text(a);
    if a.has_class("hashtag")
        || a.attr_is("rel", "tag")
        || (a.has_class("mention") && text.starts_with('#'))
    {
        return Segment::Hashtag { text, url };
    }
    if a.has_class("mention") || (a.has_class("u-url") && text.starts_with('@')) {
        return Segment::Mention { text, url };
    }
    Segment::Link {
        text: if text.is_empty() { url.clone() } else { text },
        url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(u: &str) -> PageUrl {
        PageUrl::parse(u).unwrap()
    }

    fn ctx() -> Context {
        Context {
            origin: "https://mastodon.example".into(),
            host: "mastodon.example".into(),
            page_id: "1".into(),
        }
    }

    #[test]
    fn status_urls() {
        let id = |u: &str| status_id(&url(u));
        assert_eq!(
            id("https://mastodon.social/@Gargron/113000000000000000"),
            Some("113000000000000000".into())
        );
        assert_eq!(id("https://a.b/@x@c.d/42"), Some("42".into()));
        assert_eq!(id("https://a.b/users/x/statuses/42"), Some("42".into()));
        assert_eq!(id("https://a.b/deck/@x/42"), Some("42".into()));
        assert_eq!(id("https://a.b/@x"), None);
        assert_eq!(id("https://a.b/@x/42/reblogs"), None);
        assert_eq!(id("https://a.b/@x/abc"), None);
        assert_eq!(origin("https://A.b:8443/@x/1?y"), "https://A.b:8443");
    }

    #[test]
    fn status_links_name_local_and_remote_accounts() {
        let c = ctx();
        assert_eq!(
            status_link("/@ann/42", &c),
            Some(("ann".into(), Some("42".into())))
        );
        assert_eq!(
            status_link("https://mastodon.example/@ann/42", &c),
            Some(("ann".into(), Some("42".into())))
        );
        assert_eq!(
            status_link("https://other.example/@bob/42", &c),
            Some(("bob@other.example".into(), Some("42".into())))
        );
        assert_eq!(
            status_link("/@bob@other.example", &c),
            Some(("bob@other.example".into(), None))
        );
        assert_eq!(status_link("/tags/rust", &c), None);
        assert_eq!(c.acct_key("@Ann@mastodon.example"), "ann");
        assert_eq!(c.local_acct("@Ann@Mastodon.example"), "Ann");
        assert_eq!(c.local_acct("bob@other.example"), "bob@other.example");
    }

    #[test]
    fn ids_encode_their_time() {
        // 113000000000000000 >> 16 = 1724243164062 ms.
        assert_eq!(
            time_from_id("113000000000000000").as_deref(),
            Some("2024-08-21T12:26:04.062Z")
        );
        assert_eq!(time_from_id("12345"), None);
        assert_eq!(time_from_id("x"), None);
    }

    #[test]
    fn recognised_by_markup_not_host() {
        let u = url("https://social.example/@a/1");
        assert!(Mastodon.recognises(
            &u,
            &Document::parse(r#"<div id="mastodon" class="app-holder"></div>"#)
        ));
        assert!(Mastodon.recognises(
            &u,
            &Document::parse(
                r#"<div class="detailed-status"><div class="status__content"></div></div>"#
            )
        ));
        assert!(!Mastodon.recognises(&u, &Document::parse("<div class=status>hi</div>")));
        assert!(!Mastodon.owns(&u));
    }

    #[test]
    fn other_pages_are_not_threads() {
        let doc = Document::parse("<div></div>");
        let err = |u: &str| {
            Mastodon
                .extract(&url(u), &doc, &Known::default())
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(err("https://a.b/@ann").starts_with("This is a Mastodon profile, not a thread."));
        assert!(err("https://a.b/home").contains("home timeline"));
        assert!(err("https://a.b/explore").contains("timeline"));
        assert!(err("https://a.b/@ann/1").contains("Couldn't find"));
    }

    #[test]
    fn links_show_what_mastodon_shows() {
        let doc = Document::parse(
            r#"<p><a href="https://example.com/a/very/long/path" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="ellipsis">example.com/a/very/lo</span><span class="invisible">ng/path</span></a> <a href="https://m.example/tags/rust" class="mention hashtag" rel="tag">#<span>rust</span></a> <span class="h-card"><a href="https://m.example/@bob" class="u-url mention">@<span>bob</span></a></span> <img class="custom-emoji" alt=":blobcat:" src="x.png"></p>"#,
        );
        let mut r = RichText::new(Whitespace::Collapse);
        walk(&doc, doc.root(), &mut r, "https://m.example");
        assert_eq!(
            r.finish(),
            [
                Segment::Link {
                    text: "example.com/a/very/lo…".into(),
                    url: "https://example.com/a/very/long/path".into()
                },
                Segment::Text { text: " ".into() },
                Segment::Hashtag {
                    text: "#rust".into(),
                    url: "https://m.example/tags/rust".into()
                },
                Segment::Text { text: " ".into() },
                Segment::Mention {
                    text: "@bob".into(),
                    url: "https://m.example/@bob".into()
                },
                Segment::Text {
                    text: " :blobcat:".into()
                },
            ]
        );
    }

    #[test]
    fn truncated_pages_never_panic() {
        let cases = crate::sites::testing::cases("mastodon-");
        assert!(!cases.is_empty());
        for (raw, html) in &cases {
            let url = PageUrl::parse(raw).unwrap();
            for cut in crate::sites::testing::truncations(html, 20) {
                let doc = Document::parse(cut);
                // Recognising the page must not panic either.
                let _ = Mastodon.recognises(&url, &doc);
                // Ok or Err are both fine: the test fails only on a panic.
                let _ = Mastodon.extract(&url, &doc, &Known::default());
            }
        }
    }

    #[test]
    fn server_rendered_pages_read_too() {
        // The shape of the status pages instances rendered before the 4.x web app took over.
        let html = r#"<html><body><div class="activity-stream activity-stream--under-tabs">
          <div class="entry h-entry"><div class="status status-public" data-id="103000000000000001">
            <div class="status__info">
              <a class="status__relative-time u-url u-uid" href="https://m.example/@Ann/103000000000000001"><time class="time-ago" datetime="2019-10-10T10:00:00Z">Oct 10, 2019</time></a>
              <a class="status__display-name u-url" href="https://m.example/@Ann"><div class="status__avatar"><div><img alt="" class="u-photo account__avatar" src="https://m.example/a.png"></div></div><span class="display-name"><bdi><strong class="display-name__html p-name emojify">Ann</strong></bdi> <span>@Ann@m.example</span></span></a>
            </div>
            <div class="status__content emojify"><div class="e-content" lang="en"><p>First</p></div></div>
          </div></div>
          <div class="entry entry-center"><div class="detailed-status detailed-status--flex">
            <div class="p-author h-card"><a class="detailed-status__display-name u-url" href="https://m.example/@Ann"><span class="display-name"><bdi><strong class="display-name__html p-name emojify">Ann</strong></bdi></span></a></div>
            <div class="status__content emojify" data-spoiler="folded"><p><span class="p-summary">Spoilers&nbsp;</span><button class="status__content__spoiler-link">Show more</button></p><div class="e-content" lang="en"><p>Second</p></div></div>
            <div class="detailed-status__meta"><data class="dt-published" value="2019-10-10T10:05:00+00:00"></data><a class="detailed-status__datetime u-url u-uid" href="https://m.example/@Ann/103000000000000002"><time class="formatted" datetime="2019-10-10T10:05:00Z">Oct 10, 2019, 10:05</time></a></div>
          </div></div>
          <div class="entry h-entry"><div class="status status-public" data-id="103000000000000003">
            <div class="status__info"><a class="status__relative-time u-url u-uid" href="https://elsewhere.example/@bob/99"><time class="time-ago" datetime="2019-10-10T11:00:00Z">Oct 10</time></a>
            <a class="status__display-name u-url" href="https://elsewhere.example/@bob"><span class="display-name"><bdi><strong class="display-name__html">Bob</strong></bdi></span></a></div>
            <div class="status__content emojify"><div class="e-content" lang="en"><p>Reply</p></div></div>
          </div></div>
        </div></body></html>"#;
        let doc = Document::parse(html);
        let u = url("https://m.example/@Ann/103000000000000002");
        assert!(Mastodon.recognises(&u, &doc));
        let page = Mastodon.extract(&u, &doc, &Known::default()).unwrap();
        let ids: Vec<&str> = page.posts.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["103000000000000001", "103000000000000002"]);
        assert_eq!(page.author.handle, "Ann");
        assert_eq!(
            page.posts[0].author.avatar_url.as_deref(),
            Some("https://m.example/a.png")
        );
        let second = &page.posts[1];
        assert_eq!(second.time.as_deref(), Some("2019-10-10T10:05:00Z"));
        assert_eq!(second.url, "https://m.example/@Ann/103000000000000002");
        assert!(!second.truncated);
        assert_eq!(crate::model::plain_text(&second.text), "Second");
        assert_eq!(second.content_warning.as_deref(), Some("Spoilers"));
        assert_eq!(page.below, Edge::End);
    }
}
