//! The site seam: each supported site is one module with `owns`/`recognises` and `extract`,
//! listed once in [`SITES`]. Shared code never special-cases a site.

pub mod bluesky;
mod date;
pub mod mastodon;
mod text;
pub mod threadreader;
pub mod url;
pub mod x;

use crate::html::Document;
use crate::model::{Author, Post};
pub use date::iso_from_unix_ms;
pub use url::PageUrl;

/// One site Unspool can unroll.
pub trait Site: Sync {
    /// Stable short id (`"x"`), used in the model and file names.
    fn id(&self) -> &'static str;
    /// The site's name as users know it (`"X"`).
    fn name(&self) -> &'static str;
    /// Cheap check on the URL alone: is this page on this site at all?
    fn owns(&self, url: &PageUrl) -> bool;
    /// Check on the page itself, for sites that run on any host (Mastodon instances): is this
    /// document this site's software? Asked only when no site [`owns`](Site::owns) the URL.
    fn recognises(&self, _url: &PageUrl, _doc: &Document) -> bool {
        false
    }
    /// Extracts what this snapshot of the page shows of the thread.
    fn extract(&self, url: &PageUrl, doc: &Document, known: &Known) -> Result<Page, ExtractError>;
    /// Where the content script finds things on this site's live page, for the collection loop.
    fn hooks(&self) -> Hooks {
        Hooks::default()
    }
}

/// CSS selectors the content script uses to act on what the core asks for (scroll, expand,
/// show more replies), so that the page-side code knows nothing about any site's DOM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hooks {
    /// The part of the page to serialize for later snapshots (the whole page when absent or
    /// not found).
    pub scope: Option<&'static str>,
    /// One row of the conversation list.
    pub row: Option<&'static str>,
    /// One post.
    pub post: Option<&'static str>,
    /// The link inside a post that identifies it; `{id}` stands for the post id.
    pub permalink: Option<&'static str>,
    /// Inside a post, the control that expands truncated text.
    pub expand: Option<&'static str>,
    /// Inside a row, the control that shows more replies.
    pub more_replies: Option<&'static str>,
    /// A loading indicator of the list (only visible ones count).
    pub loading: Option<&'static str>,
    /// Elements outside `scope` that the extractor also reads: a snapshot of the scope carries
    /// them after it (on X, the login and sign-up links, which say the visitor is not logged
    /// in).
    pub context: Option<&'static str>,
    /// Attributes the extractor never reads, which snapshots leave out of start tags: on X
    /// the generated `class` names are half of a page's bytes and the icons' path data
    /// (`d`) a fifth of the rest, and every snapshot crosses to the worker as a string.
    pub drop_attributes: &'static [&'static str],
}

/// What earlier snapshots of the same page already established, so an extractor can find the
/// thread in a snapshot that no longer holds the focal post (virtualized lists drop it).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Known {
    /// The thread author's handle, once known.
    pub author_handle: Option<String>,
    /// Ids of the thread's posts collected so far, in reading order.
    pub post_ids: Vec<String>,
}

/// Every site Unspool knows, in the order they are tried.
pub static SITES: &[&dyn Site] = &[
    &x::X,
    &threadreader::ThreadReader,
    &bluesky::Bluesky,
    &mastodon::Mastodon,
];

/// The site a URL belongs to by its host, if any.
pub fn site_for(url: &PageUrl) -> Option<&'static dyn Site> {
    SITES.iter().copied().find(|s| s.owns(url))
}

/// The content script's hooks for the page at `url`, when its host alone names the site: the
/// first snapshot can then be only the part of the page the site reads ([`Hooks::scope`]).
/// `None` for other pages (a site on any host is recognised by its markup, from a whole page).
pub fn hooks_for_url(url: &str) -> Option<Hooks> {
    PageUrl::parse(url)
        .and_then(|u| site_for(&u))
        .map(|s| s.hooks())
}

/// The site a page belongs to: by its host, else by its markup (a site on any host).
pub fn site_for_page(url: &PageUrl, doc: &Document) -> Option<&'static dyn Site> {
    site_for(url).or_else(|| SITES.iter().copied().find(|s| s.recognises(url, doc)))
}

/// What one snapshot of a thread page shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Page {
    /// The id of the post the page is about.
    pub focal_id: String,
    /// The thread's author.
    pub author: Author,
    /// The thread's posts visible in this snapshot, in reading order.
    pub posts: Vec<Post>,
    /// What lies above the first post of `posts`.
    pub above: Edge,
    /// What lies below the last post of `posts`.
    pub below: Edge,
    /// The site shows this page's visitor, who is not logged in, only part of the thread (X
    /// shows them the focal post alone): both edges are [`Edge::End`], because no scrolling
    /// shows more, and the reader says why the thread may be incomplete.
    pub logged_out: bool,
}

/// What the page shows at one end of the part of the thread it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Edge {
    /// The thread ends here: its first post (nothing by the author above) or its last (the
    /// next cell is someone else's, a section heading, or the end of the conversation).
    #[default]
    End,
    /// The page's list goes on past what is rendered (a virtualized list, a loading
    /// spinner): scroll that way to see more.
    More,
    /// A "Show replies"/"Show more replies" control continues the thread; click it.
    ShowReplies,
}

/// Why a page yields no thread.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// The page is on a supported site but is not a thread (a timeline, a profile, …).
    #[error("{0}")]
    NotAThread(NotAThread),
    /// The page looks like a thread page but the expected markup is missing.
    #[error("{0}")]
    Unreadable(String),
}

/// A page of a supported site that is not a thread: what it is, for the reader to say in its
/// own language (the English sentence is its `Display`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAThread {
    /// The site's name as users know it ("X").
    pub site: &'static str,
    /// What the page is.
    pub page: PageKind,
    /// What a thread's own page looks like there ("x.com/…/status/…").
    pub example: &'static str,
}

/// What a page that is not a thread is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// The signed-in user's home timeline (or the site's front page).
    Home,
    /// Search results.
    Search,
    /// The signed-in user's notifications.
    Notifications,
    /// The signed-in user's direct messages.
    Messages,
    /// A person's profile, or an author's page.
    Profile,
    /// A custom feed (Bluesky).
    Feed,
    /// A list of accounts' posts.
    List,
    /// A public or topic timeline (Mastodon's local, federated, hashtag timelines).
    Timeline,
    /// Any other page of the site.
    Other,
}

impl PageKind {
    /// The stable name the reader looks its words up by: "home", "search", ….
    pub fn name(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Search => "search",
            PageKind::Notifications => "notifications",
            PageKind::Messages => "messages",
            PageKind::Profile => "profile",
            PageKind::Feed => "feed",
            PageKind::List => "list",
            PageKind::Timeline => "timeline",
            PageKind::Other => "other",
        }
    }
}

impl std::fmt::Display for NotAThread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let site = self.site;
        match self.page {
            PageKind::Home => write!(f, "This is your {site} home timeline, not a thread.")?,
            PageKind::Search => write!(f, "This is a {site} search page, not a thread.")?,
            PageKind::Notifications => {
                write!(f, "This is your {site} notifications page, not a thread.")?;
            }
            PageKind::Messages => write!(f, "These are your {site} messages, not a thread.")?,
            PageKind::Profile => write!(f, "This is a {site} profile, not a thread.")?,
            PageKind::Feed => write!(f, "This is a {site} feed, not a thread.")?,
            PageKind::List => write!(f, "This is a {site} list, not a thread.")?,
            PageKind::Timeline => write!(f, "This is a {site} timeline, not a thread.")?,
            PageKind::Other => write!(f, "This {site} page is not a thread.")?,
        }
        write!(
            f,
            " Open a post on its own page ({}) and click Unspool again.",
            self.example
        )
    }
}

/// Helpers for the extractors' tests.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::{Path, PathBuf};

    /// The page cases under `tests/pages/` whose folder name starts with `prefix`, as
    /// (URL, HTML).
    pub fn cases(prefix: &str) -> Vec<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages");
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        dirs.retain(|d| {
            d.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        });
        dirs.sort();
        dirs.iter()
            .filter_map(|d| {
                let url = std::fs::read_to_string(d.join("url.txt")).ok()?;
                let html = std::fs::read_to_string(d.join("source.html")).ok()?;
                Some((url.trim().to_owned(), html))
            })
            .collect()
    }

    /// `html` cut at `count` pseudo-random places (on character boundaries), deterministic.
    pub fn truncations(html: &str, count: usize) -> Vec<&str> {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15 ^ html.len() as u64;
        (0..count)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let mut cut = usize::try_from(state >> 33).unwrap_or(0) % (html.len() + 1);
                while !html.is_char_boundary(cut) {
                    cut -= 1;
                }
                &html[..cut]
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hooks_come_from_the_host_alone_only_for_sites_with_fixed_hosts() {
        let x = hooks_for_url("https://x.com/svpino/status/1334514467478818817").unwrap();
        assert_eq!(x.scope, Some("[data-testid=\"primaryColumn\"]"));
        assert_eq!(
            hooks_for_url("https://mobile.twitter.com/a/status/1"),
            Some(x)
        );
        assert!(hooks_for_url("https://bsky.app/profile/a.bsky.social/post/3k").is_some());
        // A Mastodon server can be any host: known only from the page.
        assert_eq!(hooks_for_url("https://mastodon.social/@a/1"), None);
        assert_eq!(hooks_for_url("not a url"), None);
    }
}
