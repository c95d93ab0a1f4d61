//! X (x.com, twitter.com): status pages.

use super::{ExtractError, Known, Page, PageUrl, Site};
use crate::html::Document;

/// The X site.
pub struct X;

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

    fn extract(
        &self,
        _url: &PageUrl,
        _doc: &Document,
        _known: &Known,
    ) -> Result<Page, ExtractError> {
        Err(ExtractError::Unreadable("not implemented yet".into()))
    }
}
