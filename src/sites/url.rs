//! Just enough URL parsing for site detection: scheme, host, path segments, query.

/// A page URL split into the parts extractors look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageUrl {
    /// The URL as given.
    pub raw: String,
    /// `http` or `https` (lower case).
    pub scheme: String,
    /// Host name, lower case, without port or `www.`.
    pub host: String,
    /// Non-empty path segments, percent-encoding kept.
    pub segments: Vec<String>,
}

impl PageUrl {
    /// Parses an absolute `http(s)` URL; `None` for anything else.
    pub fn parse(raw: &str) -> Option<PageUrl> {
        let raw = raw.trim();
        let (scheme, rest) = raw.split_once("://")?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return None;
        }
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = rest.get(..end)?;
        let host_port = authority.rsplit('@').next().unwrap_or(authority);
        let host = host_port
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host).to_owned();
        if host.is_empty() {
            return None;
        }
        let path_and_more = rest.get(end..).unwrap_or_default();
        let path_end = path_and_more
            .find(['?', '#'])
            .unwrap_or(path_and_more.len());
        let segments = path_and_more
            .get(..path_end)
            .unwrap_or_default()
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        Some(PageUrl {
            raw: raw.to_owned(),
            scheme,
            host,
            segments,
        })
    }

    /// The `n`th path segment.
    pub fn segment(&self, n: usize) -> Option<&str> {
        self.segments.get(n).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hosts_and_segments() {
        let u = PageUrl::parse("https://www.X.com:443/svpino/status/123/photo/1?s=20#x").unwrap();
        assert_eq!(u.host, "x.com");
        assert_eq!(u.segments, ["svpino", "status", "123", "photo", "1"]);
        assert_eq!(PageUrl::parse("chrome://extensions"), None);
        assert_eq!(PageUrl::parse("https://"), None);
        assert_eq!(PageUrl::parse("http://a.b").unwrap().segments.len(), 0);
    }
}
