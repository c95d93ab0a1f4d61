//! The site seam: each supported site is one module with `detect` and `extract`, listed once
//! in [`SITES`]. Shared code never special-cases a site.

pub mod url;
pub mod x;

use crate::html::Document;
use crate::model::{Author, Post};
pub use url::PageUrl;

/// One site Unspool can unroll.
pub trait Site: Sync {
    /// Stable short id (`"x"`), used in the model and file names.
    fn id(&self) -> &'static str;
    /// The site's name as users know it (`"X"`).
    fn name(&self) -> &'static str;
    /// Cheap check on the URL alone: is this page on this site at all?
    fn owns(&self, url: &PageUrl) -> bool;
    /// Extracts what this snapshot of the page shows of the thread.
    fn extract(&self, url: &PageUrl, doc: &Document, known: &Known) -> Result<Page, ExtractError>;
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
pub static SITES: &[&dyn Site] = &[&x::X];

/// The site a URL belongs to, if any.
pub fn site_for(url: &PageUrl) -> Option<&'static dyn Site> {
    SITES.iter().copied().find(|s| s.owns(url))
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
    NotAThread(String),
    /// The page looks like a thread page but the expected markup is missing.
    #[error("{0}")]
    Unreadable(String),
}
