//! Assembling a thread from page snapshots: dedupe by post id, keep reading order, and say
//! what the page still has to show (scroll, expand, "Show replies") before the thread is whole.
//!
//! Within a self-thread every post replies to the one before it, so on every supported site a
//! post's id sorts after its predecessor's (X and Mastodon snowflakes, Bluesky TIDs). Merging
//! therefore keys posts by id order: snapshots may arrive in any order, overlap, or repeat.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::html::Document;
use crate::model::{Post, Thread};
use crate::sites::{self, Edge, ExtractError, Hooks, Known, Page, PageUrl, Site};

/// Why no thread could be collected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CollectError {
    /// The URL is not one of the supported sites.
    #[error("Unspool can't unroll this page: it works on threads on X, Bluesky, Mastodon and Thread Reader App.")]
    Unsupported,
    /// A supported site, but not a thread page.
    #[error("{0}")]
    NotAThread(crate::sites::NotAThread),
    /// A thread page whose markup the extractor could not read.
    #[error("{0}")]
    Unreadable(String),
}

impl CollectError {
    /// A stable machine-readable name for the overlay and tests.
    pub fn code(&self) -> &'static str {
        match self {
            CollectError::Unsupported => "unsupported",
            CollectError::NotAThread(_) => "not-a-thread",
            CollectError::Unreadable(_) => "unreadable",
        }
    }
}

impl From<ExtractError> for CollectError {
    fn from(e: ExtractError) -> Self {
        match e {
            ExtractError::NotAThread(m) => CollectError::NotAThread(m),
            ExtractError::Unreadable(m) => CollectError::Unreadable(m),
        }
    }
}

/// What the content script should do next for the thread to be complete.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Needs {
    /// Scroll up: the thread may start above what the page has rendered.
    pub scroll_up: bool,
    /// Scroll down: the thread may go on below what the page has rendered.
    pub scroll_down: bool,
    /// Click "Show replies" / "Show more replies": the thread continues behind it.
    pub show_replies: bool,
    /// Ids of posts shown truncated: click their "Show more".
    pub expand: Vec<String>,
}

impl Needs {
    /// True when nothing is left to do.
    pub fn is_empty(&self) -> bool {
        !self.scroll_up && !self.scroll_down && !self.show_replies && self.expand.is_empty()
    }
}

/// The state of a collection after a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// The thread as collected so far.
    pub thread: Thread,
    /// What the page still has to show.
    pub needs: Needs,
    /// True when the thread is complete: both ends reached, nothing truncated.
    pub done: bool,
    /// True when the site showed only part of the thread because the visitor is not logged
    /// in (X shows them the focal post alone): complete as far as the page goes, but the
    /// reader says that logging in may show more.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub logged_out: bool,
}

/// The state of a collection after a snapshot, without the thread itself: what the content
/// script needs to go on (the thread is fetched once, at the end).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    /// The id of the post the page is about (where the page was scrolled to when it opened).
    pub focal_id: String,
    /// Posts collected so far.
    pub post_count: usize,
    /// How many posts the thread has, when its posts say so ("3/14"), for a determinate bar.
    pub expected_count: Option<usize>,
    /// The id of the last post collected (where "Show replies" is looked for).
    pub last_post_id: Option<String>,
    /// What the page still has to show.
    pub needs: Needs,
    /// True when the thread is complete.
    pub done: bool,
    /// Where the content script finds things on this site's page.
    pub hooks: Hooks,
}

/// The thread's length as its author numbered it: many threads mark posts "3/14" or
/// "(3 / 14)" at their start or end. A total counts when two posts agree on it, or when the
/// first post is marked "1/N".
#[cfg(test)]
fn expected_count<'a>(posts: impl Iterator<Item = &'a Post>) -> Option<usize> {
    count_from_numbering(posts.map(post_numbering))
}

/// A post's "k/n" marker, at the start or the end of its text.
fn post_numbering(post: &Post) -> Option<(usize, usize)> {
    let text = crate::model::plain_text(&post.text);
    let text = text.trim();
    let ends = [
        text.chars().take(12).collect::<String>(),
        text.chars()
            .rev()
            .take(12)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect(),
    ];
    ends.iter().find_map(|s| numbering(s))
}

/// [`expected_count`] from each post's marker, in reading order (kept per post by the
/// collector, so a snapshot does not re-read every collected post's text).
fn count_from_numbering(markers: impl Iterator<Item = Option<(usize, usize)>>) -> Option<usize> {
    let mut totals: BTreeMap<usize, usize> = BTreeMap::new();
    for (index, marker) in markers.enumerate() {
        if let Some((k, n)) = marker {
            let weight = if index == 0 && k == 1 { 2 } else { 1 };
            *totals.entry(n).or_default() += weight;
        }
    }
    totals
        .into_iter()
        .filter(|&(_, votes)| votes >= 2)
        .max_by_key(|&(n, votes)| (votes, n))
        .map(|(n, _)| n)
}

/// The first "k/n" (spaces and brackets allowed) in `s`, with 1 ≤ k ≤ n ≤ 1000.
fn numbering(s: &str) -> Option<(usize, usize)> {
    let chars: Vec<char> = s.chars().collect();
    let number = |from: usize| -> Option<(usize, usize)> {
        let digits: String = chars
            .get(from..)?
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        Some((digits.parse().ok()?, from + digits.len()))
    };
    let mut i = 0;
    while i < chars.len() {
        if chars.get(i).is_some_and(char::is_ascii_digit)
            && (i == 0 || !chars.get(i - 1).is_some_and(char::is_ascii_digit))
        {
            if let Some((k, mut j)) = number(i) {
                while chars.get(j) == Some(&' ') {
                    j += 1;
                }
                if chars.get(j) == Some(&'/') {
                    j += 1;
                    while chars.get(j) == Some(&' ') {
                        j += 1;
                    }
                    if let Some((n, _)) = number(j) {
                        if (1..=n).contains(&k) && n <= 1000 {
                            return Some((k, n));
                        }
                    }
                }
                i = j.max(i + 1);
                continue;
            }
        }
        i += 1;
    }
    None
}

/// Sort key for post ids: numeric ids by value, others as strings (TIDs sort as text).
/// A placeholder for a post the page no longer shows has no id of its own: it is named after
/// the post before it, `"<id>~<n>"`, and sorts right after that post, by `n`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct IdKey(String);

impl IdKey {
    /// Compares two plain ids: numeric ones by value, others as text.
    fn compare(a: &str, b: &str) -> Ordering {
        let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if numeric(a) && numeric(b) {
            let a = a.trim_start_matches('0');
            let b = b.trim_start_matches('0');
            a.len().cmp(&b.len()).then_with(|| a.cmp(b))
        } else {
            a.cmp(b)
        }
    }
}

impl Ord for IdKey {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, a_after) = self.0.split_once('~').unwrap_or((&self.0, ""));
        let (b, b_after) = other.0.split_once('~').unwrap_or((&other.0, ""));
        // "" (the post itself) sorts before any suffix.
        IdKey::compare(a, b).then_with(|| IdKey::compare(a_after, b_after))
    }
}

impl PartialOrd for IdKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// An ongoing collection on one page: feed it snapshots, read the thread.
pub struct Collector {
    url: PageUrl,
    /// Known from the URL's host, or from the first snapshot's markup (Mastodon instances).
    site: Option<&'static dyn Site>,
    focal_id: String,
    author: Option<crate::model::Author>,
    posts: BTreeMap<IdKey, Post>,
    /// Each post's "k/n" marker, kept in step with `posts`.
    markers: BTreeMap<IdKey, Option<(usize, usize)>>,
    above: Edge,
    below: Edge,
    /// Some snapshot said the visitor is not logged in ([`Page::logged_out`]).
    logged_out: bool,
}

impl Collector {
    /// Starts a collection for the page at `url`. When no site owns the URL's host, the first
    /// snapshot decides (or fails with [`CollectError::Unsupported`]).
    pub fn new(url: &str) -> Result<Collector, CollectError> {
        let url = PageUrl::parse(url).ok_or(CollectError::Unsupported)?;
        let site = sites::site_for(&url);
        Ok(Collector {
            url,
            site,
            focal_id: String::new(),
            author: None,
            posts: BTreeMap::new(),
            markers: BTreeMap::new(),
            above: Edge::More,
            below: Edge::More,
            logged_out: false,
        })
    }

    /// The site's id (empty until the first snapshot when the URL alone did not tell).
    pub fn site(&self) -> &'static str {
        self.site.map_or("", |s| s.id())
    }

    /// The page URL this collection is for.
    pub fn url(&self) -> &str {
        &self.url.raw
    }

    /// Parses a snapshot of the page's HTML and merges what it shows.
    pub fn add_html(&mut self, html: &str) -> Result<Progress, CollectError> {
        let doc = Document::parse(html);
        self.add_document(&doc)
    }

    /// Merges what a parsed snapshot shows.
    pub fn add_document(&mut self, doc: &Document) -> Result<Progress, CollectError> {
        self.merge_document(doc)?;
        Ok(self.progress())
    }

    /// Extracts and merges a parsed snapshot. Costs what the snapshot holds, not what was
    /// collected before it: scrolling a long thread sends many snapshots.
    fn merge_document(&mut self, doc: &Document) -> Result<(), CollectError> {
        let known = Known {
            author_handle: self.author.as_ref().map(|a| a.handle.clone()),
            post_ids: self.posts.keys().map(|k| k.0.clone()).collect(),
        };
        let site = match self.site {
            Some(site) => site,
            None => {
                let site = sites::site_for_page(&self.url, doc).ok_or(CollectError::Unsupported)?;
                self.site = Some(site);
                site
            }
        };
        let page = site.extract(&self.url, doc, &known)?;
        self.merge(page);
        Ok(())
    }

    fn merge(&mut self, page: Page) {
        if self.focal_id.is_empty() {
            self.focal_id = page.focal_id.clone();
        }
        self.logged_out |= page.logged_out;
        if self.author.is_none() && !page.author.handle.is_empty() {
            self.author = Some(page.author.clone());
        }
        let first = page.posts.first().map(|p| IdKey(p.id.clone()));
        let last = page.posts.last().map(|p| IdKey(p.id.clone()));
        // An edge counts only where this snapshot reaches the collected thread's end.
        if let Some(first) = first {
            if self.posts.keys().next().is_none_or(|k| first <= *k) {
                self.above = page.above;
            }
        }
        if let Some(last) = last {
            if self.posts.keys().next_back().is_none_or(|k| last >= *k) {
                self.below = page.below;
            }
        }
        for post in page.posts {
            let key = IdKey(post.id.clone());
            match self.posts.get(&key) {
                // A truncated rendering never replaces a full one.
                Some(old) if post.truncated && !old.truncated => {}
                _ => {
                    self.markers.insert(key.clone(), post_numbering(&post));
                    self.posts.insert(key, post);
                }
            }
        }
    }

    /// The thread collected so far.
    pub fn thread(&self) -> Thread {
        Thread {
            site: self.site().to_owned(),
            site_name: self.site.map_or("", |s| s.name()).to_owned(),
            source_url: self.url.raw.clone(),
            author: self.author.clone().unwrap_or_default(),
            focal_id: self.focal_id.clone(),
            posts: self.posts.values().cloned().collect(),
        }
    }

    /// Parses a snapshot, merges it, and says what is still needed (without the thread).
    pub fn add_snapshot(&mut self, html: &str) -> Result<Status, CollectError> {
        let doc = Document::parse(html);
        self.merge_document(&doc)?;
        Ok(self.status())
    }

    /// Where the collection stands, without the thread.
    pub fn status(&self) -> Status {
        let needs = self.needs();
        Status {
            focal_id: self.focal_id.clone(),
            post_count: self.posts.len(),
            expected_count: count_from_numbering(self.markers.values().copied()),
            last_post_id: self.posts.values().next_back().map(|p| p.id.clone()),
            done: needs.is_empty(),
            needs,
            hooks: self.site.map(|s| s.hooks()).unwrap_or_default(),
        }
    }

    /// The thread so far and what is still needed.
    pub fn progress(&self) -> Progress {
        let needs = self.needs();
        Progress {
            thread: self.thread(),
            done: needs.is_empty(),
            needs,
            logged_out: self.logged_out,
        }
    }

    fn needs(&self) -> Needs {
        Needs {
            scroll_up: self.above == Edge::More,
            scroll_down: self.below == Edge::More,
            show_replies: self.below == Edge::ShowReplies,
            expand: self
                .posts
                .values()
                .filter(|p| p.truncated)
                .map(|p| p.id.clone())
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_numbering_gives_the_expected_length() {
        let post = |text: &str| Post {
            text: vec![crate::model::Segment::Text { text: text.into() }],
            ..Post::default()
        };
        assert_eq!(numbering("(2 / 14)"), Some((2, 14)));
        assert_eq!(numbering("ok 3/12"), Some((3, 12)));
        assert_eq!(numbering("24/7 support"), None);
        let thread = [
            post("A thread 🧵"),
            post("Two\n\n(2 / 14)"),
            post("Three (3 / 14)"),
        ];
        assert_eq!(expected_count(thread.iter()), Some(14));
        let numbered_first = [post("1/5 Here we go"), post("More")];
        assert_eq!(expected_count(numbered_first.iter()), Some(5));
        let one_date = [post("Meet on 3/4"), post("no numbers")];
        assert_eq!(expected_count(one_date.iter()), None);
    }

    #[test]
    fn numeric_ids_sort_by_value() {
        let mut keys = [
            IdKey("100".into()),
            IdKey("99".into()),
            IdKey("1000".into()),
        ];
        keys.sort();
        let ids: Vec<_> = keys.iter().map(|k| k.0.as_str()).collect();
        assert_eq!(ids, ["99", "100", "1000"]);
    }

    #[test]
    fn placeholder_ids_sort_right_after_the_post_they_follow() {
        let mut keys: Vec<IdKey> = [
            "101", "100~2", "99", "100~10", "100", "100~1", "99~1", "1000",
        ]
        .into_iter()
        .map(|s| IdKey(s.into()))
        .collect();
        keys.sort();
        let ids: Vec<_> = keys.iter().map(|k| k.0.as_str()).collect();
        assert_eq!(
            ids,
            ["99", "99~1", "100", "100~1", "100~2", "100~10", "101", "1000"]
        );
        // TIDs (text ids) too.
        let mut tids = [
            IdKey("3kb~1".into()),
            IdKey("3kc".into()),
            IdKey("3kb".into()),
        ];
        tids.sort();
        let ids: Vec<_> = tids.iter().map(|k| k.0.as_str()).collect();
        assert_eq!(ids, ["3kb", "3kb~1", "3kc"]);
    }

    #[test]
    fn a_placeholder_keeps_its_place_when_snapshots_overlap() {
        let mut c = Collector::new("https://x.com/a/status/100").unwrap();
        let gone = |id: &str| Post {
            id: id.into(),
            unavailable: Some("This post was deleted by the post author.".into()),
            ..Post::default()
        };
        let page = |posts: Vec<Post>, above, below| Page {
            focal_id: "100".into(),
            posts,
            above,
            below,
            ..Page::default()
        };
        c.merge(page(
            vec![post("100", false), gone("100~1"), post("102", false)],
            Edge::End,
            Edge::More,
        ));
        c.merge(page(
            vec![post("102", false), post("103", false)],
            Edge::More,
            Edge::End,
        ));
        // The same rows again, re-rendered: nothing moves, nothing doubles.
        c.merge(page(
            vec![post("100", false), gone("100~1"), post("102", false)],
            Edge::End,
            Edge::More,
        ));
        let p = c.progress();
        let ids: Vec<_> = p.thread.posts.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["100", "100~1", "102", "103"]);
        assert!(p.done, "{:?}", p.needs);
        assert_eq!(c.status().last_post_id.as_deref(), Some("103"));
    }

    #[test]
    fn unsupported_urls_are_refused() {
        assert_eq!(
            Collector::new("https://example.com/a")
                .and_then(|mut c| c.add_html("<p>hi</p>").map(|_| ())),
            Err(CollectError::Unsupported)
        );
        assert_eq!(
            Collector::new("about:blank").err(),
            Some(CollectError::Unsupported)
        );
    }

    fn post(id: &str, truncated: bool) -> Post {
        Post {
            id: id.into(),
            truncated,
            ..Post::default()
        }
    }

    #[test]
    fn merging_dedupes_orders_and_prefers_full_text() {
        let mut c = Collector::new("https://x.com/a/status/2").unwrap();
        let page = |ids: &[(&str, bool)], above, below| Page {
            focal_id: "2".into(),
            posts: ids.iter().map(|(id, t)| post(id, *t)).collect(),
            above,
            below,
            ..Page::default()
        };
        c.merge(page(&[("2", false), ("3", true)], Edge::End, Edge::More));
        c.merge(page(&[("3", false), ("10", false)], Edge::More, Edge::End));
        c.merge(page(&[("3", true)], Edge::More, Edge::More));
        let p = c.progress();
        let ids: Vec<_> = p.thread.posts.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["2", "3", "10"]);
        assert!(!p.thread.posts[1].truncated);
        assert!(p.done, "{:?}", p.needs);
    }

    #[test]
    fn the_expected_count_follows_the_merged_posts() {
        let mut c = Collector::new("https://x.com/a/status/2").unwrap();
        let numbered = |id: &str, text: &str, truncated| Post {
            text: vec![crate::model::Segment::Text { text: text.into() }],
            ..post(id, truncated)
        };
        let page = |posts| Page {
            focal_id: "2".into(),
            posts,
            ..Page::default()
        };
        c.merge(page(vec![
            numbered("2", "A thread 🧵", false),
            numbered("3", "Two (2/9)", false),
            numbered("4", "Three…", true),
        ]));
        assert_eq!(c.status().expected_count, None, "one marker is no count");
        // The full text of post 4 replaces its truncated rendering, and its marker with it.
        c.merge(page(vec![numbered("4", "Three, in full (3/9)", false)]));
        assert_eq!(c.status().expected_count, Some(9));
        // A truncated rendering never replaces the full one, nor its marker.
        c.merge(page(vec![numbered("4", "Three…", true)]));
        assert_eq!(c.status().expected_count, Some(9));
        assert_eq!(
            c.status().expected_count,
            expected_count(c.thread().posts.iter())
        );
    }
}

#[cfg(test)]
mod merge_properties {
    use super::*;
    use proptest::prelude::*;

    /// The snapshots a scrolling session over a thread of `n` posts could produce: windows
    /// of consecutive posts, each knowing whether it touches the thread's first or last post.
    fn windows(n: usize) -> impl Strategy<Value = Vec<(usize, usize)>> {
        prop::collection::vec((0..n, 1..12usize), 1..40).prop_map(move |ws| {
            let mut ws: Vec<(usize, usize)> = ws
                .into_iter()
                .map(|(start, len)| (start, (start + len).min(n)))
                .collect();
            // Every post is seen at least once, as a real scroll through the thread would.
            let mut start = 0;
            while start < n {
                ws.push((start, (start + 7).min(n)));
                start += 5;
            }
            ws
        })
    }

    fn page(n: usize, (from, to): (usize, usize), truncated: bool) -> Page {
        Page {
            focal_id: "1000".into(),
            posts: (from..to)
                .map(|i| Post {
                    id: (1000 + i * 37).to_string(),
                    truncated,
                    ..Post::default()
                })
                .collect(),
            above: if from == 0 { Edge::End } else { Edge::More },
            below: if to == n { Edge::End } else { Edge::More },
            ..Page::default()
        }
    }

    proptest! {
        #[test]
        fn any_order_and_overlap_gives_the_same_thread(
            (n, ws) in (1..120usize).prop_flat_map(|n| (Just(n), windows(n))),
            seed in any::<u64>(),
            truncated_first in any::<bool>(),
        ) {
            // Shuffle with a small LCG so the order depends on `seed`.
            let mut order: Vec<usize> = (0..ws.len()).collect();
            let mut state = seed | 1;
            for i in (1..order.len()).rev() {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                order.swap(i, (state >> 33) as usize % (i + 1));
            }
            let mut c = Collector::new("https://x.com/a/status/1000").map_err(|e| TestCaseError::fail(e.to_string()))?;
            if truncated_first {
                // A truncated rendering seen first is replaced by the full one later.
                c.merge(page(n, (0, n), true));
            }
            for i in order {
                c.merge(page(n, ws[i], false));
            }
            let p = c.progress();
            let ids: Vec<String> = p.thread.posts.iter().map(|p| p.id.clone()).collect();
            let want: Vec<String> = (0..n).map(|i| (1000 + i * 37).to_string()).collect();
            prop_assert_eq!(ids, want);
            prop_assert!(p.thread.posts.iter().all(|p| !p.truncated));
            prop_assert!(p.done, "needs {:?}", p.needs);
        }
    }
}
