//! The thread model every writer and the overlay read: what a site extractor produces and
//! what crosses the Wasm boundary (as camelCase JSON-like objects).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// A thread as assembled from one or more page snapshots: the author's posts in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Thread {
    /// Which site the thread comes from (`"x"`, `"bluesky"`, `"mastodon"`, `"threadreader"`).
    pub site: String,
    /// The site's name as users know it (`"X"`, `"Bluesky"`, …).
    #[serde(default)]
    pub site_name: String,
    /// The page the user unrolled.
    pub source_url: String,
    /// The thread's author (the author of the focal post).
    pub author: Author,
    /// The id of the post the page is about (the one in the URL).
    pub focal_id: String,
    /// The author's posts, in reading order.
    pub posts: Vec<Post>,
}

/// Who wrote a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Author {
    /// Display name as shown (may contain emoji).
    pub name: String,
    /// Handle without the `@`.
    pub handle: String,
    /// Profile URL.
    pub url: String,
    /// Avatar image URL, when the page shows one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    /// Whether the site shows a verified badge.
    #[serde(default)]
    pub verified: bool,
}

/// One post of a thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Post {
    /// The site's id of the post (on X the status id, a decimal snowflake).
    pub id: String,
    /// Permalink to the post.
    pub url: String,
    /// Who wrote it.
    pub author: Author,
    /// When it was posted (ISO 8601), when the page shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// The text, as rich segments.
    pub text: Vec<Segment>,
    /// The language the site says the text is in (a BCP 47 tag: `"en"`, `"pt-BR"`), when it
    /// says one — for screen readers, and the PDF's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Photos, videos and GIFs attached to the post itself (never those of a quoted post).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<Media>,
    /// A quoted post, when the post quotes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<Box<Quote>>,
    /// A link preview card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<Card>,
    /// True when the page shows the text cut short ("Show more").
    #[serde(default)]
    pub truncated: bool,
    /// A content warning (spoiler text) the author put before the text, shown as a label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_warning: Option<String>,
    /// A poll attached to the post: its options, with results when the page shows them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll: Option<Poll>,
    /// True when the site marks the post as edited after it was first published.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub edited: bool,
    /// Set when the post is a placeholder for one the page no longer shows (deleted,
    /// withheld, from a suspended account…): the site's notice, e.g. "This post was deleted by
    /// the post author." Such a post has no text, author or permalink of its own, and its id
    /// is made up from the post before it (`"<previous id>~1"`), so it keeps its place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
    /// Context readers added to the post and the site shows with it (X's community notes):
    /// the note's text only, without the site's heading or rating controls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Vec<Segment>>,
}

/// A poll: its choices in the order shown, and the page's summary line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Poll {
    /// The choices, in the order shown.
    pub options: Vec<PollOption>,
    /// The line under the choices as shown, e.g. "1,234 votes · Final results" (localized).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

/// One choice of a [`Poll`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PollOption {
    /// The choice's text.
    pub label: String,
    /// Its share of the votes as shown (e.g. "62.3%"), when the page shows results.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<String>,
}

impl PollOption {
    /// The share as a number from 0 to 100, when `percent` reads as one ("62.3%", "62,3 %").
    pub fn share(&self) -> Option<f64> {
        let digits: String = self
            .percent
            .as_deref()?
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '%')
            .map(|c| if c == ',' { '.' } else { c })
            .collect();
        digits
            .parse::<f64>()
            .ok()
            .filter(|n| (0.0..=100.0).contains(n))
    }
}

/// A piece of rich text. Read by [`Segment`]'s own `Deserialize` (below): the same objects as
/// serde's derive for an internally tagged enum would take, without first buffering each one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Segment {
    /// Plain text (never contains a line break).
    Text {
        /// The text.
        text: String,
    },
    /// A link: `text` is what to show, `url` the real destination (never a shortener).
    Link {
        /// Display text.
        text: String,
        /// Destination.
        url: String,
    },
    /// A mention of another account.
    Mention {
        /// Display text, e.g. `@jack`.
        text: String,
        /// Profile URL.
        url: String,
    },
    /// A hashtag or cashtag.
    Hashtag {
        /// Display text, e.g. `#rust` or `$TSLA`.
        text: String,
        /// Search URL.
        url: String,
    },
    /// An emoji the site draws as an image; `text` is the emoji itself.
    Emoji {
        /// The emoji characters.
        text: String,
    },
    /// A line break.
    LineBreak,
}

/// What kind of medium a [`Media`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MediaKind {
    /// A photo.
    Photo,
    /// A video (only its poster image is kept).
    Video,
    /// An animated GIF (only its poster image is kept).
    Gif,
}

/// A photo, video or GIF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Media {
    /// Photo, video or GIF.
    pub kind: MediaKind,
    /// The image to show: the photo at a large size, or the video's poster.
    pub url: String,
    /// Alternative text, when the author gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
    /// Where to watch a video or GIF (the post's permalink), for a play badge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// A post quoted inside another post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Quote {
    /// The quoted post's id, when the page links to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Permalink to the quoted post, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Who wrote the quoted post.
    pub author: Author,
    /// When, if shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// Its text.
    pub text: Vec<Segment>,
    /// Its photos and video posters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<Media>,
}

/// A link preview card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Card {
    /// The real destination URL, when the page shows it (else the shortener link).
    pub url: String,
    /// Headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The site's domain as shown, e.g. `forbes.com`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Preview image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

/// The `kind` of a [`Segment`] object.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
enum SegmentKind {
    Text,
    Link,
    Mention,
    Hashtag,
    Emoji,
    LineBreak,
}

/// The fields a [`Segment`] object may have; any other is skipped.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "camelCase")]
enum SegmentField {
    Kind,
    Text,
    Url,
    #[serde(other)]
    Other,
}

/// Reads a segment object in one pass. serde's derive for an internally tagged enum buffers
/// every object into a generic tree first, to find its tag, and then reads the tree: that was
/// 60% of reading a thread (most of a thread's values are its segments), which the PDF module
/// does on every export. Same objects accepted (fields in any order, unknown ones ignored),
/// same errors for a missing tag or field (tested against the derive).
impl<'de> Deserialize<'de> for Segment {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Segment;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text segment")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Segment, A::Error> {
                use serde::de::Error;
                let (mut kind, mut text, mut url) = (None, None, None);
                while let Some(field) = map.next_key::<SegmentField>()? {
                    match field {
                        SegmentField::Kind => kind = Some(map.next_value::<SegmentKind>()?),
                        SegmentField::Text => text = Some(map.next_value::<String>()?),
                        SegmentField::Url => url = Some(map.next_value::<String>()?),
                        SegmentField::Other => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                let kind = kind.ok_or_else(|| A::Error::missing_field("kind"))?;
                let mut need_text = || text.take().ok_or_else(|| A::Error::missing_field("text"));
                Ok(match kind {
                    SegmentKind::Text => Segment::Text { text: need_text()? },
                    SegmentKind::Emoji => Segment::Emoji { text: need_text()? },
                    SegmentKind::LineBreak => Segment::LineBreak,
                    linked => {
                        let text = need_text()?;
                        let url = url.ok_or_else(|| A::Error::missing_field("url"))?;
                        match linked {
                            SegmentKind::Link => Segment::Link { text, url },
                            SegmentKind::Mention => Segment::Mention { text, url },
                            _ => Segment::Hashtag { text, url },
                        }
                    }
                })
            }
        }
        // As a struct: serde-wasm-bindgen then reads these fields of a JS object, not all of them.
        deserializer.deserialize_struct("Segment", &["kind", "text", "url"], Visitor)
    }
}

impl Segment {
    /// The text a reader sees for this segment.
    pub fn display_text(&self) -> &str {
        match self {
            Segment::Text { text }
            | Segment::Link { text, .. }
            | Segment::Mention { text, .. }
            | Segment::Hashtag { text, .. }
            | Segment::Emoji { text } => text,
            Segment::LineBreak => "\n",
        }
    }
}

/// The plain text of rich segments, line breaks as `\n`.
pub fn plain_text(segments: &[Segment]) -> String {
    segments.iter().map(Segment::display_text).collect()
}

/// JSON text with every escaped *lone* surrogate (`\ud83e` with no low half after it, or a low
/// half alone) written as U+FFFD instead — what a lone surrogate becomes in UTF-8. Page text
/// cut mid-emoji holds them; `JSON.stringify` escapes them and serde_json refuses them.
/// Surrogate pairs, escaped or not, and escaped backslashes before a `u` are left alone.
pub fn mend_lone_surrogates(json: &str) -> Cow<'_, str> {
    let surrogate = |at: usize| -> Option<u16> {
        let bytes = json.as_bytes();
        if bytes.get(at) != Some(&b'\\') || bytes.get(at + 1) != Some(&b'u') {
            return None;
        }
        let code = u16::from_str_radix(json.get(at + 2..at + 6)?, 16).ok()?;
        (0xD800..=0xDFFF).contains(&code).then_some(code)
    };
    if !json.contains("\\u") {
        return Cow::Borrowed(json);
    }
    let bytes = json.as_bytes();
    let mut mended = String::new();
    let (mut copied, mut at) = (0, 0);
    while at < bytes.len() {
        if bytes.get(at) != Some(&b'\\') {
            at += 1;
            continue;
        }
        let Some(code) = surrogate(at) else {
            at += 2; // any other escape, `\\` included, is two bytes before its payload
            continue;
        };
        let high = (0xD800..=0xDBFF).contains(&code);
        if high && surrogate(at + 6).is_some_and(|low| (0xDC00..=0xDFFF).contains(&low)) {
            at += 12; // a pair, escaped: serde_json reads it
            continue;
        }
        mended.push_str(json.get(copied..at).unwrap_or_default());
        mended.push_str("\\ufffd");
        at += 6;
        copied = at;
    }
    if copied == 0 {
        return Cow::Borrowed(json);
    }
    mended.push_str(json.get(copied..).unwrap_or_default());
    Cow::Owned(mended)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde's derive reads, for [`segments_are_read_as_the_derive_reads_them`].
    #[derive(Debug, Deserialize)]
    #[serde(tag = "kind", rename_all = "camelCase")]
    enum Derived {
        Text { text: String },
        Link { text: String, url: String },
        Mention { text: String, url: String },
        Hashtag { text: String, url: String },
        Emoji { text: String },
        LineBreak,
    }

    impl From<Derived> for Segment {
        fn from(d: Derived) -> Segment {
            match d {
                Derived::Text { text } => Segment::Text { text },
                Derived::Link { text, url } => Segment::Link { text, url },
                Derived::Mention { text, url } => Segment::Mention { text, url },
                Derived::Hashtag { text, url } => Segment::Hashtag { text, url },
                Derived::Emoji { text } => Segment::Emoji { text },
                Derived::LineBreak => Segment::LineBreak,
            }
        }
    }

    #[test]
    fn segments_are_read_as_the_derive_reads_them() {
        let inputs = [
            r##"{"kind":"text","text":"hello"}"##,
            r##"{"text":"hello","kind":"text"}"##,
            r##"{"kind":"link","text":"example.com","url":"https://example.com/"}"##,
            r##"{"url":"https://x.com/jack","text":"@jack","kind":"mention"}"##,
            r##"{"kind":"hashtag","text":"#rust","url":"https://x.com/hashtag/rust","extra":[1,{"a":null}]}"##,
            r##"{"kind":"emoji","text":"🧵","url":"ignored"}"##,
            r##"{"kind":"lineBreak"}"##,
            r##"{"kind":"lineBreak","text":"ignored"}"##,
            r##"{"kind":"text","text":"a \"quoted\" \u00e9 \ud83e\uddf5"}"##,
            // Refused by both.
            r##"{"text":"no kind"}"##,
            r##"{"kind":"text"}"##,
            r##"{"kind":"link","text":"no url"}"##,
            r##"{"kind":"mention","url":"https://x.com/jack"}"##,
            r##"{"kind":"paragraph","text":"unknown kind"}"##,
            r##"{"kind":"text","text":5}"##,
            r##"{"kind":7}"##,
            r##""text""##,
            r##"null"##,
        ];
        for input in inputs {
            let ours = serde_json::from_str::<Segment>(input).map_err(|_| ());
            let derived = serde_json::from_str::<Derived>(input)
                .map(Segment::from)
                .map_err(|_| ());
            assert_eq!(ours, derived, "{input}");
        }
        // And inside a post, as a thread carries them.
        let post: Post = serde_json::from_str(
            r##"{"id":"1","url":"https://x.com/a/status/1","author":{"name":"A","handle":"a","url":"https://x.com/a"},"text":[{"kind":"text","text":"hi "},{"kind":"lineBreak"},{"kind":"hashtag","text":"#x","url":"https://x.com/hashtag/x"}],"media":[]}"##,
        )
        .unwrap();
        assert_eq!(post.text.len(), 3);
    }

    #[test]
    fn lone_surrogates_in_json_become_replacement_characters() {
        let mend = |json: &str| mend_lone_surrogates(json).into_owned();
        // Lone halves, as `JSON.stringify` writes them, anywhere in a string.
        assert_eq!(mend(r#""cut \ud83e""#), r#""cut \ufffd""#);
        assert_eq!(
            mend(r#""\udd14 x \ud83e\ud83e""#),
            r#""\ufffd x \ufffd\ufffd""#
        );
        // An escaped pair, other escapes and a literal backslash before "ud83e" stay.
        for kept in [
            r#""\ud83e\udd14""#,
            r#""a\\ud83e""#,
            r#""\u00e9\n\"\\""#,
            r#""🧵 plain""#,
            r#""\ud83""#,
        ] {
            assert_eq!(mend(kept), kept);
        }
        // What comes out is what serde_json reads.
        let text: String = serde_json::from_str(&mend(r#""a\udd14b\ud83ec""#)).unwrap();
        assert_eq!(text, "a\u{fffd}b\u{fffd}c");
        let pair: String = serde_json::from_str(&mend(r#""\ud83e\udd14""#)).unwrap();
        assert_eq!(pair, "🤔");
    }
}
