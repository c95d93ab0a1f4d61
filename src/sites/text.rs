//! Building rich text from markup, for extractors whose sites lay text out in two different
//! ways: as HTML prose (whitespace collapses, `<br>` and `<p>` break lines) or as pre-wrapped
//! text (every `\n` is a line break).

use crate::model::Segment;

/// How the site lays out whitespace in post text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whitespace {
    /// HTML prose: runs of whitespace are one space, line breaks come from markup.
    Collapse,
    /// `white-space: pre-wrap`: newlines in the text are line breaks.
    Preserve,
}

/// Accumulates rich text segments.
#[derive(Debug)]
pub struct RichText {
    segments: Vec<Segment>,
    whitespace: Whitespace,
    /// A collapsed space waiting for the next visible content on the line.
    pending_space: bool,
}

impl RichText {
    /// An empty text.
    pub fn new(whitespace: Whitespace) -> RichText {
        RichText {
            segments: Vec::new(),
            whitespace,
            pending_space: false,
        }
    }

    fn at_line_start(&self) -> bool {
        matches!(self.segments.last(), None | Some(Segment::LineBreak))
    }

    fn push_str(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(Segment::Text { text: prev }) = self.segments.last_mut() {
            prev.push_str(text);
        } else {
            self.segments.push(Segment::Text {
                text: text.to_owned(),
            });
        }
    }

    fn flush_space(&mut self) {
        if std::mem::take(&mut self.pending_space) && !self.at_line_start() {
            self.push_str(" ");
        }
    }

    /// Appends text as the page shows it.
    pub fn text(&mut self, text: &str) {
        match self.whitespace {
            Whitespace::Preserve => {
                let mut lines = text.split('\n');
                if let Some(first) = lines.next() {
                    self.push_str(&first.replace('\r', ""));
                }
                for line in lines {
                    self.segments.push(Segment::LineBreak);
                    self.push_str(&line.replace('\r', ""));
                }
            }
            Whitespace::Collapse => {
                let mut run = String::new();
                for c in text.chars() {
                    // A no-break space is visible spacing, not collapsible whitespace.
                    if c.is_whitespace() && c != '\u{a0}' {
                        if !run.is_empty() {
                            self.flush_space();
                            self.push_str(&std::mem::take(&mut run));
                        }
                        self.pending_space = true;
                    } else {
                        run.push(c);
                    }
                }
                if !run.is_empty() {
                    self.flush_space();
                    self.push_str(&run);
                }
            }
        }
    }

    /// Appends a segment that is not plain text (a link, a mention, an emoji).
    pub fn push(&mut self, segment: Segment) {
        match segment {
            Segment::Text { text } => self.text(&text),
            Segment::LineBreak => self.line_break(),
            other => {
                self.flush_space();
                self.segments.push(other);
            }
        }
    }

    /// Ends the current line.
    pub fn line_break(&mut self) {
        self.pending_space = false;
        self.trim_line_end();
        self.segments.push(Segment::LineBreak);
    }

    /// Starts a new paragraph: a blank line after whatever came before.
    pub fn paragraph(&mut self) {
        self.pending_space = false;
        self.trim_line_end();
        if self.segments.is_empty() {
            return;
        }
        let breaks = self
            .segments
            .iter()
            .rev()
            .take_while(|s| **s == Segment::LineBreak)
            .count();
        for _ in breaks..2 {
            self.segments.push(Segment::LineBreak);
        }
    }

    fn trim_line_end(&mut self) {
        if self.whitespace == Whitespace::Preserve {
            return;
        }
        if let Some(Segment::Text { text }) = self.segments.last_mut() {
            let trimmed = text.trim_end_matches(|c: char| c.is_whitespace() && c != '\u{a0}');
            text.truncate(trimmed.len());
            if text.is_empty() {
                self.segments.pop();
            }
        }
    }

    /// The segments, without leading or trailing blank lines and spaces.
    pub fn finish(mut self) -> Vec<Segment> {
        self.trim_line_end();
        while self.segments.last() == Some(&Segment::LineBreak) {
            self.segments.pop();
            self.trim_line_end();
        }
        let start = self
            .segments
            .iter()
            .position(|s| *s != Segment::LineBreak)
            .unwrap_or(self.segments.len());
        let mut segments = self.segments.split_off(start);
        if let Some(Segment::Text { text }) = segments.first_mut() {
            let trimmed = text.trim_start().to_owned();
            *text = trimmed;
        }
        if let Some(Segment::Text { text }) = segments.last_mut() {
            text.truncate(text.trim_end().len());
        }
        segments.retain(|s| !matches!(s, Segment::Text { text } if text.is_empty()));
        segments
    }
}

/// True for an absolute `http(s)` URL.
pub fn is_http(s: &str) -> bool {
    let l = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    l.starts_with("https://") || l.starts_with("http://")
}

/// `href` made absolute against `origin` (`https://host`): page-relative links are rare in
/// post markup, root-relative and protocol-relative ones common.
pub fn absolute(href: &str, origin: &str) -> String {
    if is_http(href) {
        href.to_owned()
    } else if let Some(rest) = href.strip_prefix("//") {
        format!("https://{rest}")
    } else if href.starts_with('/') {
        format!("{origin}{href}")
    } else {
        format!("{origin}/{href}")
    }
}

/// Text without the invisible bidi controls sites wrap names and handles in.
pub fn strip_bidi(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

/// The language tag a site gives a post's text (`lang="en"`), when it is a real language: a
/// well-formed BCP 47 tag (a 2–3 letter language, then subtags of letters and digits), and not
/// one of the private codes X marks text with no language by — `und` (undetermined), `zxx` (no
/// linguistic content), `qme` (media only), `qht` (hashtags), `qam` (mentions), `qct`
/// (cashtags), `qst` (too short to tell).
pub fn language_tag(raw: &str) -> Option<String> {
    let tag = raw.trim();
    let mut subtags = tag.split('-');
    let language = subtags.next()?;
    let well_formed = tag.len() <= 35
        && (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_alphabetic())
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()));
    let language = language.to_ascii_lowercase();
    let private = matches!(
        language.as_str(),
        "und" | "zxx" | "qme" | "qht" | "qam" | "qct" | "qst"
    ) || language.starts_with('q') && language.len() == 3;
    (well_formed && !private).then(|| {
        let rest = tag.get(language.len()..).unwrap_or_default();
        format!("{language}{rest}")
    })
}

/// Whitespace runs collapsed to single spaces, trimmed.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Segment {
        Segment::Text { text: t.into() }
    }

    #[test]
    fn collapsed_whitespace_reads_like_the_page() {
        let mut r = RichText::new(Whitespace::Collapse);
        r.text("\n   Hello   \n world ");
        r.push(Segment::Mention {
            text: "@a".into(),
            url: "u".into(),
        });
        r.text(" ,\n");
        r.line_break();
        r.text("  next ");
        r.paragraph();
        r.text(" para\u{a0}x ");
        assert_eq!(
            r.finish(),
            [
                text("Hello world "),
                Segment::Mention {
                    text: "@a".into(),
                    url: "u".into()
                },
                text(" ,"),
                Segment::LineBreak,
                text("next"),
                Segment::LineBreak,
                Segment::LineBreak,
                text("para\u{a0}x"),
            ]
        );
    }

    #[test]
    fn preserved_whitespace_keeps_newlines() {
        let mut r = RichText::new(Whitespace::Preserve);
        r.text("a\r\n\nb ");
        assert_eq!(
            r.finish(),
            [text("a"), Segment::LineBreak, Segment::LineBreak, text("b")]
        );
    }

    #[test]
    fn urls_become_absolute() {
        assert_eq!(
            absolute("/tags/x", "https://m.example"),
            "https://m.example/tags/x"
        );
        assert_eq!(
            absolute("//twitter.com/a", "https://t.app"),
            "https://twitter.com/a"
        );
        assert_eq!(absolute("HTTPS://A.B/c", "https://t.app"), "HTTPS://A.B/c");
        assert_eq!(
            strip_bidi("\u{202a}@a.bsky.social\u{202c}"),
            "@a.bsky.social"
        );
    }

    #[test]
    fn a_language_tag_is_a_real_language_or_nothing() {
        for (raw, tag) in [
            ("en", Some("en")),
            (" pt-BR ", Some("pt-BR")),
            ("EN", Some("en")),
            ("zh-Hant-TW", Some("zh-Hant-TW")),
            ("fil", Some("fil")),
            // X's codes for text with no language, and the rest of ISO's private range.
            ("und", None),
            ("zxx", None),
            ("qme", None),
            ("qht", None),
            ("qaa", None),
            // Not BCP 47.
            ("", None),
            ("e", None),
            ("english", None),
            ("en_US", None),
            ("en-", None),
            ("en\"", None),
        ] {
            assert_eq!(language_tag(raw).as_deref(), tag, "{raw:?}");
        }
    }
}
