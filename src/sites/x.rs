//! X (x.com, twitter.com): the author's self-thread on a status page.
//!
//! What the DOM gives us (see DESIGN.md): a virtualized list of `cellInnerDiv` rows inside
//! `primaryColumn`, one `article[data-testid="tweet"]` per post row, and no parent ids. The
//! self-thread is the focal post, the author's posts directly above it, and the author's
//! consecutive posts below it, until another author, a section heading, or a "Show replies"
//! control. Class names are generated and never used; we rely on `data-testid`, roles,
//! `<time>` and link shapes, and degrade to fewer fields rather than fail.
//!
//! A post the page no longer shows (deleted, withheld, from a suspended account) is a
//! tombstone row: no post of its own, just X's notice and a "Learn more" link to its help
//! centre. Between two of the author's posts it becomes a placeholder post (see
//! [`Post::unavailable`]) whose id is made up from the post before it, `"<previous id>~1"`,
//! which the merge orders right after that post. A tombstone at the start or end of the part
//! of the thread a snapshot shows is left out: the DOM cannot tell a deleted post of the
//! thread from a deleted post by someone else just before or after it, and at the start there
//! is no earlier post to name it after. Once the page shows the author's posts on both sides
//! of it (scrolling further), it is in.

use super::text::{is_http, language_tag};
use super::{Edge, ExtractError, Hooks, Known, NotAThread, Page, PageKind, PageUrl, Site};
use crate::html::{Document, Element, NodeId, NodeKind};
use crate::model::{Author, Card, Media, MediaKind, Poll, PollOption, Post, Quote, Segment};

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
            context: Some(LOGGED_OUT_CONTEXT),
            // Nothing here reads a class (X's are generated and change with every deploy);
            // tests/pages.rs checks every X capture extracts the same without them.
            drop_attributes: &["class", "d"],
        }
    }

    fn extract(&self, url: &PageUrl, doc: &Document, known: &Known) -> Result<Page, ExtractError> {
        let focal_id = status_id(url).ok_or_else(|| not_a_thread(url))?;
        let column = doc
            .find(doc.root(), |e| e.has_test_id("primaryColumn"))
            .or_else(|| doc.find(doc.root(), |e| e.attr_is("role", "main")))
            .map_or(doc.root(), |e| e.id());
        let cells = cells(doc, column);
        let mut page = assemble(&cells, &focal_id, known)?;
        if is_logged_out(doc) {
            page.above = Edge::End;
            page.below = Edge::End;
            page.logged_out = true;
        }
        Ok(page)
    }
}

/// The login and sign-up links X shows a visitor who is not logged in (in the bar along the
/// bottom of the page, outside the conversation column): the hooks' `context`.
const LOGGED_OUT_CONTEXT: &str = "[data-testid=\"login\"], [data-testid=\"signup\"]";

/// X's page for a visitor who is not logged in, which shows the focal post alone (with a
/// "Read N replies" button that leads to the login in newer pages) and never loads more: its
/// login or sign-up links, or that button.
fn is_logged_out(doc: &Document) -> bool {
    doc.find(doc.root(), |e| {
        matches!(
            e.test_id(),
            Some("login" | "signup" | "logged_out_read_replies_pivot")
        )
    })
    .is_some()
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
    let page = match url.segment(0) {
        None | Some("home") => PageKind::Home,
        Some("explore" | "search") => PageKind::Search,
        Some("notifications") => PageKind::Notifications,
        Some("messages") => PageKind::Messages,
        Some("i") => PageKind::Other,
        Some(_) if url.segments.len() <= 2 => PageKind::Profile,
        Some(_) => PageKind::Other,
    };
    ExtractError::NotAThread(NotAThread {
        site: "X",
        page,
        example: "x.com/…/status/…",
    })
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
    /// A post the page no longer shows, with X's notice ("This post was deleted by the post
    /// author."). Part of the thread only between two of the author's posts.
    Tombstone(String),
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
    if let Some(notice) = tombstone_notice(cell) {
        return Cell::Tombstone(notice);
    }
    if let Some(control) = cell.find(|e| e.attr_is("role", "button") || e.is("button")) {
        if shows_replies(&control.text()) {
            return Cell::ShowReplies;
        }
    }
    Cell::Other
}

/// Words of X's "Show replies" / "Show more replies" controls in the languages of its
/// interface: a verb that shows and a noun for replies, both in the label. The control carries
/// no test id, so its label is all there is; requiring both words keeps out other buttons that
/// speak of replies ("Who can reply?").
const SHOW_REPLIES_WORDS: &[(&[&str], &[&str])] = &[
    (&["show"], &["repl"]),
    (&["mostrar", "ver"], &["respuesta"]),
    (&["afficher", "voir"], &["réponse"]),
    (&["anzeigen", "zeigen"], &["antwort"]),
    (&["mostrar", "exibir", "ver"], &["resposta"]),
    (&["mostra", "visualizza"], &["rispost"]),
    (
        &["weergeven", "tonen", "toon", "bekijk"],
        &["antwoord", "reactie"],
    ),
    (&["pokaż"], &["odpowiedzi"]),
    (&["göster"], &["yanıt"]),
    (&["показать"], &["ответ"]),
    (&["показати"], &["відповід"]),
    (&["visa", "vis"], &["svar"]),
    (&["näytä"], &["vastau"]),
    (&["tampilkan", "lihat"], &["balasan"]),
    (&["表示"], &["返信"]),
    (&["보기"], &["답글", "답장"]),
    (&["显示", "查看"], &["回复"]),
    (&["顯示", "查看"], &["回覆"]),
    (&["إظهار", "عرض"], &["رد", "الردود"]),
    (&["दिखाएं", "देखें"], &["जवाब"]),
];

/// Whether a button's label reads "Show replies" / "Show more replies" in any of X's
/// interface languages ([`SHOW_REPLIES_WORDS`]).
fn shows_replies(label: &str) -> bool {
    let label = label.to_lowercase();
    label.contains("more replies")
        || SHOW_REPLIES_WORDS.iter().any(|(verbs, nouns)| {
            verbs.iter().any(|v| label.contains(v)) && nouns.iter().any(|n| label.contains(n))
        })
}

fn classify_article(article: &Element<'_>) -> Cell {
    match parse_post(article) {
        Some(post) => Cell::Post(Box::new(post)),
        // A post row without a status time link is a tombstone when it is only a notice, else
        // an ad (promoted posts carry no time).
        None => tombstone_notice(article).map_or(Cell::Ad, Cell::Tombstone),
    }
}

/// Where the "Learn more" link of X's tombstones and notices points: its help centre.
fn is_help_link(href: &str) -> bool {
    let rest = href
        .strip_prefix("https://")
        .or_else(|| href.strip_prefix("http://"))
        .unwrap_or_default();
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    matches!(
        host.to_ascii_lowercase().as_str(),
        "help.x.com" | "help.twitter.com" | "support.twitter.com" | "support.x.com"
    )
}

/// X's English wording of a tombstone, for rows that carry no help link.
fn reads_as_tombstone(text: &str) -> bool {
    let text = text.to_lowercase();
    (text.contains("post") || text.contains("tweet"))
        && [
            "unavailable",
            "deleted",
            "suspended",
            "withheld",
            "no longer exists",
            "unable to view",
            "violated",
        ]
        .iter()
        .any(|w| text.contains(w))
}

/// The notice of a tombstone row (or of an article that is only a notice): its text without
/// the "Learn more" link. None when the element holds a post or reads as something else.
fn tombstone_notice(el: &Element<'_>) -> Option<String> {
    if el.find_test_id("User-Name").is_some() || el.find_test_id("tweetText").is_some() {
        return None;
    }
    let help = el.find(|a| a.is("a") && a.attr("href").is_some_and(is_help_link));
    let notice = visible_text(el, &|e| help.is_some_and(|h| e.id() == h.id()));
    if notice.is_empty() || notice.chars().count() > 280 {
        return None;
    }
    (help.is_some() || reads_as_tombstone(&notice)).then_some(notice)
}

/// The text of `el` as shown, whitespace collapsed, leaving out elements `skip` names (and
/// scripts, styles and icons).
fn visible_text(el: &Element<'_>, skip: &dyn Fn(&Element<'_>) -> bool) -> String {
    let doc = el.doc();
    let mut out = String::new();
    let mut skipped: Option<NodeId> = None;
    for n in doc.descendants(el.id()) {
        if skipped.is_some_and(|s| doc.is_within(n, s)) {
            continue;
        }
        if let Some(child) = doc.element(n) {
            if matches!(child.name(), "script" | "style" | "svg") || skip(&child) {
                skipped = Some(n);
            } else if child.is("img") {
                if let Some(e) = emoji(&child) {
                    out.push_str(&e);
                }
            }
        } else if let Some(t) = doc.text(n) {
            out.push_str(t);
        }
    }
    collapse(&out)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
            Some(Cell::Ad | Cell::Other | Cell::Tombstone(_)) => continue,
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
            .all(|r| matches!(r.cell, Cell::Ad | Cell::Other | Cell::Tombstone(_)))
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
            Cell::Ad | Cell::Other | Cell::Tombstone(_) => {}
        }
    }

    // The author's posts from first to last, and a placeholder for every tombstone between
    // them, named after the post before it: "<id>~1", "<id>~2" for a second one in a row.
    let mut posts: Vec<Post> = Vec::new();
    let mut after: Option<(String, usize)> = None;
    for row in rows.get(first..=last).unwrap_or_default() {
        match &row.cell {
            Cell::Post(p) if by_author(p) => {
                after = Some((p.id.clone(), 0));
                posts.push(p.as_ref().clone());
            }
            Cell::Tombstone(notice) => {
                if let Some((id, count)) = after.as_mut() {
                    *count += 1;
                    posts.push(Post {
                        id: format!("{id}~{count}"),
                        unavailable: Some(notice.clone()),
                        ..Post::default()
                    });
                }
            }
            _ => {}
        }
    }
    Ok(Page {
        focal_id: focal_id.to_owned(),
        author,
        posts,
        above,
        below,
        logged_out: false,
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
    let lang = text_el
        .as_ref()
        .and_then(|t| t.attr("lang"))
        .and_then(language_tag);
    let truncated = article
        .find(|e| e.has_test_id("tweet-text-show-more-link") && outside(e))
        .is_some();
    let url = format!("{ORIGIN}/{}/status/{id}", author.handle);
    let media = media_within(article, &outside, &url);
    // A poll is a card too (`cardPoll` inside a `card.wrapper`): never a link card.
    let poll = article
        .find(|e| e.has_test_id("cardPoll") && outside(e))
        .and_then(|p| poll_from(&p));
    let card = article
        .find(|e| {
            e.has_test_id("card.wrapper") && outside(e) && e.find_test_id("cardPoll").is_none()
        })
        .map(|c| card_from(&c));
    // Edited posts link to their edit history ("Last edited …"); that link never gives the id.
    let edited = article
        .find_all(|e| e.is("a"))
        .filter(|a| outside(a))
        .any(|a| a.attr("href").is_some_and(is_history_link));
    let note = article
        .find(|e| e.has_test_id("birdwatch-pivot") && outside(e))
        .and_then(|n| note_from(&n));
    let text = match text_el {
        Some(t) => segments(&t),
        None => {
            let other_content =
                !media.is_empty() || quote.is_some() || card.is_some() || poll.is_some();
            unread_text(article, &outside, other_content)
        }
    };
    let quote = quote.map(|q| Box::new(quote_from(&q)));
    Some(Post {
        id: id.to_owned(),
        url,
        author,
        time,
        text,
        lang,
        media,
        quote,
        card,
        truncated,
        content_warning: None,
        poll,
        edited,
        unavailable: None,
        note,
    })
}

/// Said before the text of a post whose text block is not where X keeps it.
pub const UNREAD_NOTICE: &str =
    "(Unspool could not read this post's layout; its text follows as plain text.)";

/// Parts of an article that are never its text.
const NOT_TEXT: [&str; 11] = [
    "User-Name",
    "Tweet-User-Avatar",
    "socialContext",
    "tweetPhoto",
    "videoPlayer",
    "videoComponent",
    "card.wrapper",
    "cardPoll",
    "birdwatch-pivot",
    "tweet-text-show-more-link",
    "caret",
];

/// The text of an article with no `tweetText` block (X changed its markup, or a post type
/// Unspool does not know), after [`UNREAD_NOTICE`], so the post is kept rather than emptied:
/// - X marks a post's text with its language (`lang`, which the block keeps whatever its test
///   id), so the first such block outside the quote, author line, media, card, poll and note
///   is read as usual;
/// - else, when the post shows nothing Unspool recognises (no media, quote, card or poll —
///   a post with none of these and no text does not exist), everything visible outside the
///   author line, time and status links and controls, as plain text;
/// - else nothing: a post of only a photo or a quote has no text, and the labels around those
///   ("Quote", the view count) are not text.
fn unread_text(
    article: &Element<'_>,
    outside: &dyn Fn(&Element<'_>) -> bool,
    other_content: bool,
) -> Vec<Segment> {
    let parts: Vec<Element<'_>> = article
        .find_all(|e| NOT_TEXT.iter().any(|p| e.has_test_id(p)))
        .collect();
    let in_part = |e: &Element<'_>| parts.iter().any(|p| e.is_within(p.id()));
    let with_notice = |mut text: Vec<Segment>| {
        text.splice(
            0..0,
            [
                Segment::Text {
                    text: UNREAD_NOTICE.to_owned(),
                },
                Segment::LineBreak,
            ],
        );
        text
    };
    if let Some(block) = article.find(|e| e.attr("lang").is_some() && outside(e) && !in_part(e)) {
        let text = segments(&block);
        if !text.is_empty() {
            return with_notice(text);
        }
    }
    if other_content {
        return Vec::new();
    }
    let skip = |e: &Element<'_>| {
        !outside(e)
            || NOT_TEXT.iter().any(|p| e.has_test_id(p))
            || e.attr_is("role", "group")
            || e.attr_is("role", "button")
            || e.is("button")
            || e.is("time")
            || (e.is("a")
                && e.attr("href")
                    .is_some_and(|h| status_link(h).is_some() || is_help_link(h)))
    };
    let text = visible_text(article, &skip);
    if !text.chars().any(char::is_alphanumeric) {
        return Vec::new();
    }
    with_notice(vec![Segment::Text { text }])
}

/// `/USER/status/ID/history`: the edit history of a post.
fn is_history_link(href: &str) -> bool {
    let path = href.split(['?', '#']).next().unwrap_or_default();
    path.trim_end_matches('/').ends_with("/history")
        && status_link(href).is_some_and(|(_, _, rest)| rest == 1)
}

/// Text blocks of `scope`: X draws every run of text as an element with a `dir` attribute;
/// the outermost ones inside `scope`, in order.
fn text_blocks<'a>(scope: &Element<'a>) -> Vec<Element<'a>> {
    let mut out: Vec<Element<'a>> = Vec::new();
    for el in scope.find_all(|e| e.attr("dir").is_some()) {
        if out.last().is_none_or(|last| !el.is_within(last.id())) {
            out.push(el);
        }
    }
    out
}

/// The text of a block as shown (emoji included), whitespace collapsed.
fn block_text(el: &Element<'_>) -> String {
    collapse(&crate::model::plain_text(&segments(el)))
}

/// "62.3%", "62,3 %", "%62": a share as X shows it in poll results.
fn is_percent(text: &str) -> bool {
    let t = text.trim();
    let digits = t.trim_matches('%').trim();
    (t.starts_with('%') || t.ends_with('%'))
        && !digits.is_empty()
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// A poll (`[data-testid="cardPoll"]`). With results, each choice is a `[role=listitem]` with
/// a bar, its label and its share; while open, a `[role=radio]` with the label only. The line
/// under the choices ("1,234 votes · Final results") is kept as shown.
fn poll_from(poll: &Element<'_>) -> Option<Poll> {
    let mut items: Vec<Element<'_>> = poll.find_all(|e| e.attr_is("role", "listitem")).collect();
    let results = !items.is_empty();
    if !results {
        items = poll.find_all(|e| e.attr_is("role", "radio")).collect();
    }
    let options: Vec<PollOption> = items
        .iter()
        .filter_map(|item| {
            let mut texts: Vec<String> = text_blocks(item).iter().map(block_text).collect();
            if texts.is_empty() {
                // No text blocks: "Label 62%" in one piece.
                let all = block_text(item);
                texts = match all.rsplit_once(' ') {
                    Some((label, share)) if is_percent(share) => {
                        vec![label.to_owned(), share.to_owned()]
                    }
                    _ => vec![all],
                };
            }
            let label = texts
                .iter()
                .find(|t| !t.is_empty() && !is_percent(t))?
                .clone();
            let percent = results
                .then(|| texts.iter().find(|t| is_percent(t)).cloned())
                .flatten()
                .or_else(|| results.then(|| bar_width(item)).flatten());
            Some(PollOption { label, percent })
        })
        .collect();
    if options.is_empty() {
        return None;
    }
    let in_item = |e: &Element<'_>| items.iter().any(|i| e.is_within(i.id()));
    let after = items.last().map_or(poll.id(), |i| i.id());
    let blocks: Vec<String> = text_blocks(poll)
        .iter()
        .filter(|b| b.id() > after && !in_item(b))
        .map(block_text)
        .filter(|t| !t.is_empty())
        .collect();
    let summary = if blocks.is_empty() {
        // No text blocks: the poll's last child, when it is not the choices.
        poll.children()
            .filter_map(|c| poll.doc().element(c))
            .last()
            .filter(|last| !items.iter().any(|i| i.is_within(last.id())))
            .map(|last| visible_text(&last, &|_| false))
            .filter(|t| !t.is_empty())
    } else {
        Some(blocks.join(" "))
    };
    Some(Poll { options, summary })
}

/// The share a result bar is drawn at (`style="width: 62.3%"`), as "62.3%".
fn bar_width(item: &Element<'_>) -> Option<String> {
    item.find_all(|e| e.attr("style").is_some_and(|s| s.contains("width")))
        .find_map(|e| {
            let style = e.attr("style")?;
            let at = style.find("width:")? + "width:".len();
            let value = style.get(at..)?.split(';').next()?.trim();
            let number = value.strip_suffix('%')?.trim();
            number.parse::<f64>().ok()?;
            Some(format!("{number}%"))
        })
}

/// Where the "Find out more" of a community note's footer points.
fn is_notes_help_link(href: &str) -> bool {
    let rest = href
        .strip_prefix("https://")
        .or_else(|| href.strip_prefix("http://"))
        .unwrap_or_default();
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    is_help_link(href)
        || host.starts_with("communitynotes.")
        || host == "twitter.github.io"
        || rest.contains("/i/communitynotes")
        || href.starts_with("/i/communitynotes")
        || href.starts_with("/i/birdwatch")
}

/// The text of a community note (`[data-testid="birdwatch-pivot"]`): the block after its
/// heading, leaving out the rating row ("Do you find this helpful?" with its "Rate it"
/// control) and the "Context is written by people who use X… Find out more" line. Found by
/// position and links, not by wording: all of it is localized.
fn note_from(pivot: &Element<'_>) -> Option<Vec<Segment>> {
    let doc = pivot.doc();
    let control = |e: &Element<'_>| {
        e.id() != pivot.id()
            && e.is_within(pivot.id())
            && (e.is("button")
                || (!e.is("a") && (e.attr_is("role", "link") || e.attr_is("role", "button"))))
    };
    let mut blocks = text_blocks(pivot);
    if blocks.is_empty() {
        // Markup without text blocks: the pivot's element children stand for them.
        blocks = pivot
            .children()
            .filter_map(|c| doc.element(c))
            .filter(|e| !block_text(e).is_empty())
            .collect();
    }
    blocks
        .iter()
        .skip(1)
        .filter(|b| b.closest(|e| control(e)).is_none() && b.find(|e| control(e)).is_none())
        .filter(|b| {
            // The rating row: a label alone beside the control (a wrapper around the whole
            // note holds more text than that).
            let Some(row) = doc.parent(b.id()).and_then(|p| doc.element(p)) else {
                return true;
            };
            let labels = text_blocks(&row)
                .iter()
                .filter(|l| l.closest(|e| control(e)).is_none())
                .count();
            row.id() == pivot.id() || row.find(|e| control(e)).is_none() || labels > 1
        })
        .filter(|b| {
            b.find(|a| a.is("a") && a.attr("href").is_some_and(is_notes_help_link))
                .is_none()
        })
        .map(|b| {
            let mut text = segments(b);
            while matches!(text.last(), Some(Segment::LineBreak)) {
                text.pop();
            }
            while matches!(text.first(), Some(Segment::LineBreak)) {
                text.remove(0);
            }
            text
        })
        .find(|text| !crate::model::plain_text(text).trim().is_empty())
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

/// A small conversation page in X's DOM shape (the conversation column, two posts by one
/// author, classes dropped as the content script sends them), for warming up the core.
/// Rendered by `tests/xdom/render.mjs` from `makeThread({n: 2, seed: 11})`.
pub const SAMPLE_PAGE: &str = include_str!("x-sample.html");
/// The URL of [`SAMPLE_PAGE`].
pub const SAMPLE_URL: &str = "https://x.com/ingridortega_33/status/1970320055505783834";

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

    /// A status page whose conversation holds `cells`, and what the extractor makes of it.
    fn extract_cells(focal: &str, cells: &[String]) -> Page {
        let html = format!(
            "<main role=\"main\"><div data-testid=\"primaryColumn\">{}</div></main>",
            cells.concat()
        );
        let doc = Document::parse(&html);
        let url = PageUrl::parse(&format!("https://x.com/amy/status/{focal}")).unwrap();
        X.extract(&url, &doc, &Known::default()).unwrap()
    }

    fn cell(inner: &str) -> String {
        format!("<div data-testid=\"cellInnerDiv\">{inner}</div>")
    }

    /// A post by `handle` in X's timeline shape, with `extra` after its text.
    fn article(handle: &str, id: &str, text: &str, extra: &str) -> String {
        format!(
            "<article role=\"article\" data-testid=\"tweet\"><div data-testid=\"User-Name\">\
             <a href=\"/{handle}\"><span>{handle} name</span></a>\
             <a href=\"/{handle}\" tabindex=\"-1\"><span>@{handle}</span></a>\
             <a href=\"/{handle}/status/{id}\"><time datetime=\"2026-03-03T20:03:00.000Z\">Mar 3</time></a>\
             </div><div data-testid=\"tweetText\" dir=\"auto\"><span>{text}</span></div>{extra}\
             <a href=\"/{handle}/status/{id}/analytics\">views</a></article>"
        )
    }

    fn tombstone(notice: &str) -> String {
        cell(&format!(
            "<div><div><div dir=\"ltr\"><span>{notice} </span>\
             <a href=\"https://help.x.com/rules-and-policies/notices-on-x\" role=\"link\">\
             <span>Learn more</span></a></div></div></div>"
        ))
    }

    #[test]
    fn the_warm_up_sample_is_a_two_post_thread() {
        let mut collector = crate::thread::Collector::new(SAMPLE_URL).unwrap();
        let status = collector.add_snapshot(SAMPLE_PAGE).unwrap();
        assert_eq!(status.post_count, 2);
        assert!(!collector.thread().posts[1].text.is_empty());
        assert!(
            !SAMPLE_PAGE.contains(" class=\""),
            "sent as the content script sends X pages"
        );
    }

    fn ids(page: &Page) -> Vec<&str> {
        page.posts.iter().map(|p| p.id.as_str()).collect()
    }

    #[test]
    fn show_replies_controls_are_read_in_x_interface_languages() {
        for label in [
            "Show replies",
            "Show more replies",
            "More replies",
            "Show additional replies, including those that may contain offensive content",
            "Mostrar respuestas",
            "Afficher plus de réponses",
            "Weitere Antworten anzeigen",
            "Mostrar mais respostas",
            "Mostra altre risposte",
            "Meer antwoorden weergeven",
            "Pokaż odpowiedzi",
            "Yanıtları göster",
            "Показать ответы",
            "Visa svar",
            "Näytä vastaukset",
            "Tampilkan balasan",
            "返信を表示",
            "답글 보기",
            "显示更多回复",
            "顯示回覆",
            "إظهار الردود",
        ] {
            assert!(shows_replies(label), "{label}");
        }
        for label in [
            "Who can reply?",
            "Wer kann antworten?",
            "¿Quién puede responder?",
            "Follow",
            "Folgen",
            "Reply",
            "Antworten",
            "Show more",
            "Mehr anzeigen",
        ] {
            assert!(!shows_replies(label), "{label}");
        }
        // In a conversation: the thread goes on behind the control, whatever the language.
        let page = extract_cells(
            "1",
            &[
                cell(&article("amy", "1", "first", "")),
                cell("<button role=\"button\" type=\"button\"><span>Weitere Antworten anzeigen</span></button>"),
                cell(&article("bob", "9", "a reply", "")),
            ],
        );
        assert_eq!(page.below, Edge::ShowReplies);
    }

    #[test]
    fn a_visitor_who_is_not_logged_in_sees_the_focal_post_alone() {
        let url = PageUrl::parse("https://x.com/amy/status/2").unwrap();
        let column = |extra: &str| {
            format!(
                "<div data-testid=\"primaryColumn\">{}{}</div>",
                cell(&article("amy", "2", "first", "")),
                cell(extra)
            )
        };
        let extract = |html: &str| {
            X.extract(&url, &Document::parse(html), &Known::default())
                .unwrap()
        };
        // Logged in: the list may go on below the focal post.
        let page = extract(&column(""));
        assert_eq!(
            (page.above, page.below, page.logged_out),
            (Edge::End, Edge::More, false)
        );
        // The column as a snapshot carries it, followed by the hooks' context: the login link.
        let login =
            "<a href=\"/login\" role=\"link\" data-testid=\"login\"><span>Log in</span></a>";
        let page = extract(&format!("{}{login}", column("")));
        assert_eq!(
            (page.above, page.below, page.logged_out),
            (Edge::End, Edge::End, true)
        );
        assert_eq!(ids(&page), ["2"]);
        // Newer pages also say it in the column: "Read 15 replies" leads to the login.
        let pivot = "<button role=\"button\" data-testid=\"logged_out_read_replies_pivot\">Read 15 replies</button>";
        let page = extract(&column(pivot));
        assert_eq!(
            (page.above, page.below, page.logged_out),
            (Edge::End, Edge::End, true)
        );
    }

    #[test]
    fn a_poll_with_results_is_a_poll_not_a_link_card() {
        let option = |label: &str, share: &str| {
            format!(
                "<li role=\"listitem\"><div style=\"width: {share}; background-color: rgb(29, 155, 240);\"></div>\
                 <div><div dir=\"ltr\"><span>{label}</span></div><svg><path d=\"M1\"></path></svg></div>\
                 <div dir=\"ltr\"><span>{share}</span></div></li>"
            )
        };
        let poll = format!(
            "<div data-testid=\"card.wrapper\"><div data-testid=\"cardPoll\"><ul role=\"list\">{}{}{}</ul>\
             <div><div dir=\"ltr\"><span>1,234 votes</span><span> · </span><span>Final results</span></div></div>\
             </div></div>",
            option("Rust", "62.3%"),
            option("Go 🚀", "21.4%"),
            option("Zig", "16.3%"),
        );
        let page = extract_cells("10", &[cell(&article("amy", "10", "Which one?", &poll))]);
        let post = &page.posts[0];
        assert_eq!(post.card, None);
        let poll = post.poll.as_ref().unwrap();
        let got: Vec<(&str, Option<&str>)> = poll
            .options
            .iter()
            .map(|o| (o.label.as_str(), o.percent.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("Rust", Some("62.3%")),
                ("Go 🚀", Some("21.4%")),
                ("Zig", Some("16.3%"))
            ]
        );
        assert_eq!(poll.summary.as_deref(), Some("1,234 votes · Final results"));
        assert_eq!(poll.options[0].share(), Some(62.3));
    }

    #[test]
    fn an_open_poll_has_choices_without_results() {
        let poll = "<div data-testid=\"card.wrapper\"><div data-testid=\"cardPoll\"><div role=\"radiogroup\">\
             <div role=\"radio\" aria-checked=\"false\"><div dir=\"ltr\"><span>Tabs</span></div></div>\
             <div role=\"radio\" aria-checked=\"false\"><div dir=\"ltr\"><span>Spaces</span></div></div>\
             </div><div dir=\"ltr\"><span>87 votes · 2 days left</span></div></div></div>";
        let page = extract_cells("10", &[cell(&article("amy", "10", "Settle it", poll))]);
        let poll = page.posts[0].poll.as_ref().unwrap();
        assert_eq!(poll.options.len(), 2);
        assert_eq!(poll.options[1].label, "Spaces");
        assert!(poll.options.iter().all(|o| o.percent.is_none()));
        assert_eq!(poll.summary.as_deref(), Some("87 votes · 2 days left"));
        // Bars without the share as text: the bar's width tells it.
        let bare = "<div data-testid=\"cardPoll\"><ul role=\"list\"><li role=\"listitem\">\
             <div style=\"width: 40%;\"></div><div dir=\"ltr\">Yes</div></li></ul></div>";
        let page = extract_cells("10", &[cell(&article("amy", "10", "?", bare))]);
        let option = &page.posts[0].poll.as_ref().unwrap().options[0];
        assert_eq!(
            (option.label.as_str(), option.percent.as_deref()),
            ("Yes", Some("40%"))
        );
        // Markup without text blocks at all: "Label 52%" rows and a plain last line.
        let plain = "<div data-testid=\"cardPoll\">\
             <div role=\"listitem\">Scripts 52%</div><div role=\"listitem\">Music 48%</div>\
             <div>1,204 votes · 2 days left</div></div>";
        let page = extract_cells("10", &[cell(&article("amy", "10", "?", plain))]);
        let poll = page.posts[0].poll.as_ref().unwrap();
        assert_eq!(poll.options[1].label, "Music");
        assert_eq!(poll.options[1].percent.as_deref(), Some("48%"));
        assert_eq!(poll.summary.as_deref(), Some("1,204 votes · 2 days left"));
    }

    #[test]
    fn the_edit_history_link_marks_a_post_edited_and_never_gives_its_id() {
        // On the focal post "Last edited" comes with its own <time>, and may come first.
        let edited =
            "<div><a href=\"/amy/status/11/history\" role=\"link\"><span>Last edited </span>\
             <time datetime=\"2026-03-03T20:09:00.000Z\">8:09 PM · Mar 3, 2026</time></a></div>";
        let html = article("amy", "11", "Fixed a typo", "").replacen(
            "<div data-testid=\"User-Name\">",
            &format!("{edited}<div data-testid=\"User-Name\">"),
            1,
        );
        let page = extract_cells(
            "10",
            &[cell(&article("amy", "10", "First", "")), cell(&html)],
        );
        assert_eq!(ids(&page), ["10", "11"]);
        assert!(!page.posts[0].edited);
        assert!(page.posts[1].edited);
        assert!(is_history_link("https://x.com/amy/status/11/history"));
        assert!(!is_history_link("/amy/status/11/analytics"));
        assert!(!is_history_link("/amy/status/11"));
    }

    #[test]
    fn tombstones_between_the_authors_posts_become_placeholders() {
        let page = extract_cells("10", &[
            cell(&article("bob", "5", "Before the thread", "")),
            tombstone("This post is unavailable."),
            cell(&article("amy", "10", "One", "")),
            tombstone("This post was deleted by the post author."),
            cell(&article("amy", "12", "Three", "")),
            // The article form: an <article> that is only a notice.
            cell("<article data-testid=\"tweet\"><div dir=\"ltr\"><span>This post is from a suspended account.</span> <a href=\"https://help.twitter.com/rules\">Learn more</a></div></article>"),
            tombstone("This post has been withheld in Germany in response to a legal demand."),
            cell(&article("amy", "15", "Six", "")),
            tombstone("This post was deleted by the post author."),
            cell(&article("cal", "20", "Nice thread", "")),
        ]);
        assert_eq!(ids(&page), ["10", "10~1", "12", "12~1", "12~2", "15"]);
        let notices: Vec<Option<&str>> = page
            .posts
            .iter()
            .map(|p| p.unavailable.as_deref())
            .collect();
        assert_eq!(
            notices,
            [
                None,
                Some("This post was deleted by the post author."),
                None,
                Some("This post is from a suspended account."),
                Some("This post has been withheld in Germany in response to a legal demand."),
                None
            ]
        );
        let gone = &page.posts[1];
        assert!(gone.text.is_empty() && gone.url.is_empty() && gone.time.is_none());
        // The tombstone above the first post and the one after the last are not the thread's.
        assert_eq!((page.above, page.below), (Edge::End, Edge::End));
    }

    #[test]
    fn a_tombstone_at_the_top_of_a_virtual_window_leaves_the_thread_open_above() {
        let at = |y: u32, inner: String| {
            inner.replacen(
                "data-testid=\"cellInnerDiv\"",
                &format!("data-testid=\"cellInnerDiv\" style=\"transform: translateY({y}px)\""),
                1,
            )
        };
        let page = extract_cells(
            "12",
            &[
                at(900, tombstone("This post was deleted by the post author.")),
                at(1000, cell(&article("amy", "12", "Three", ""))),
            ],
        );
        assert_eq!(ids(&page), ["12"]);
        assert_eq!(page.above, Edge::More);
    }

    #[test]
    fn ads_and_notices_that_are_not_tombstones_stay_out() {
        // A promoted post: an article with an author and no time link.
        let ad = "<article data-testid=\"tweet\"><div data-testid=\"User-Name\"><a href=\"/shop\">Shop</a>\
             <span>@shop</span></div><div data-testid=\"tweetText\">Buy now, learn more</div>\
             <a href=\"https://help.x.com/ads\">Why this ad?</a></article>";
        let doc = Document::parse(ad);
        let article = doc.find(doc.root(), |e| e.is("article")).unwrap();
        assert!(matches!(classify_article(&article), Cell::Ad));
        // A cell that is only a heading stays a heading, help link or not.
        let doc = Document::parse(
            "<div data-testid=\"cellInnerDiv\"><h2 role=\"heading\">Discover more</h2></div>",
        );
        let heading = doc
            .find(doc.root(), |e| e.has_test_id("cellInnerDiv"))
            .unwrap();
        assert!(matches!(classify(&heading), Cell::Heading));
        assert!(reads_as_tombstone(
            "This Tweet was deleted by the Tweet author."
        ));
        assert!(!reads_as_tombstone("Discover more"));
    }

    #[test]
    fn a_community_note_keeps_its_text_and_sources_only() {
        let note = "<div data-testid=\"birdwatch-pivot\" role=\"link\" tabindex=\"0\">\
             <div><svg><path d=\"M1\"></path></svg><div dir=\"ltr\"><span>Readers added context they thought people might want to know</span></div></div>\
             <span></span>\
             <div dir=\"ltr\"><span>The chart leaves out 2024. Full data: </span>\
             <a href=\"https://t.co/AbCdEf1234\" dir=\"ltr\"><span aria-hidden=\"true\">https://</span><span>stats.example.org/series/20</span><span aria-hidden=\"true\">24</span><span aria-hidden=\"true\">…</span></a></div>\
             <div dir=\"ltr\"><span>Context is written by people who use X, and appears when rated helpful by others. </span>\
             <a href=\"https://communitynotes.x.com/guide/en/about/introduction\"><span>Find out more</span></a></div>\
             <div><div dir=\"ltr\"><span>Do you find this helpful?</span></div>\
             <div role=\"link\" tabindex=\"0\"><div dir=\"ltr\"><span>Rate it</span></div></div></div></div>";
        let page = extract_cells(
            "10",
            &[cell(&article("amy", "10", "Look at this chart", note))],
        );
        let post = &page.posts[0];
        assert_eq!(
            post.note,
            Some(vec![
                Segment::Text {
                    text: "The chart leaves out 2024. Full data: ".into()
                },
                Segment::Link {
                    text: "stats.example.org/series/20…".into(),
                    url: "https://stats.example.org/series/2024".into()
                },
            ])
        );
        // The note's links are not the post's.
        assert_eq!(crate::model::plain_text(&post.text), "Look at this chart");
        assert_eq!(post.card, None);
        // Minimal markup without text blocks: heading, body, rating row, by position.
        let bare = "<div data-testid=\"birdwatch-pivot\"><div>Los lectores agregaron contexto</div>\
             <div>Cuerpo de la nota.</div><div><span>¿Te resulta útil?</span><div role=\"link\">Califícalo</div></div></div>";
        let page = extract_cells("10", &[cell(&article("amy", "10", "Hola", bare))]);
        let text = page.posts[0].note.as_deref().map(crate::model::plain_text);
        assert_eq!(text.as_deref(), Some("Cuerpo de la nota."));
        // One wrapper around heading, text and rating row: the text is still found.
        let wrapped = note
            .replacen("tabindex=\"0\">", "tabindex=\"0\"><div>", 1)
            .replacen(
                "</div></div></div></div>",
                "</div></div></div></div></div>",
                1,
            );
        assert_ne!(wrapped, note);
        let page = extract_cells("10", &[cell(&article("amy", "10", "Look", &wrapped))]);
        assert_eq!(page.posts[0].note, post.note);
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
