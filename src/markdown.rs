//! Markdown from a [`Thread`]: the format people paste into Obsidian or Notion.

use crate::dates::Moment;
use crate::labels::Labels;
use crate::model::{Media, MediaKind, Poll, Post, Quote, Segment, Thread};
use std::fmt::Write;

/// The thread's title: its first words, cut at a word boundary ("Thread by @handle" in the
/// words of `labels` when the first post has no text).
pub fn title(thread: &Thread, max_chars: usize, labels: &Labels) -> String {
    let text = thread
        .posts
        .first()
        .map(|p| crate::model::plain_text(&p.text))
        .unwrap_or_default();
    first_line(&text, max_chars).unwrap_or_else(|| labels.thread_by(&thread.author.handle))
}

/// The first non-empty line of `text`, its words joined by single spaces; `None` when `text`
/// is blank. A line longer than `max_chars` characters is cut at the end of its last whole
/// sentence within them when that is at least half of them ("Hello world."), else after the
/// last whole word, without the punctuation that would stand before the "…" ("Hello world…",
/// not "Hello world,…").
pub(crate) fn first_line(text: &str, max_chars: usize) -> Option<String> {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    let mut out = String::new();
    let mut chars = 0;
    // Where the last sentence so far ends: `out`'s length in bytes then, and in characters.
    let mut sentence = None;
    for word in line.split_whitespace() {
        let word_chars = word.chars().count();
        if chars + word_chars + 1 > max_chars && !out.is_empty() {
            if let Some((bytes, sentence_chars)) = sentence {
                if sentence_chars * 2 >= max_chars {
                    out.truncate(bytes);
                    return Some(out);
                }
            }
            let kept = out
                .trim_end_matches([',', ';', ':', '.', '…', '-', '–', '—'])
                .len();
            if kept > 0 {
                out.truncate(kept);
            }
            out.push('…');
            return Some(out);
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += word_chars;
        if ends_sentence(word) {
            sentence = Some((out.len(), chars));
        }
    }
    (!out.is_empty()).then_some(out)
}

/// True when `word` ends a sentence: a full stop, question or exclamation mark (also the
/// ideographic ones), maybe followed by closing quotes or brackets — not an ellipsis, which
/// trails off rather than ends.
fn ends_sentence(word: &str) -> bool {
    let bare = word.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '」', '』']);
    !bare.ends_with("..")
        && !bare.ends_with('…')
        && bare.ends_with(['.', '!', '?', '。', '！', '？'])
}

/// Escapes characters Markdown would read as syntax in running text.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes a URL for use inside `(…)`.
fn escape_url(url: &str) -> String {
    url.replace('(', "%28")
        .replace(')', "%29")
        .replace(' ', "%20")
}

fn is_http(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Rich text as Markdown paragraphs; `prefix` starts every line (for blockquotes).
fn write_text(out: &mut String, segments: &[Segment], prefix: &str) {
    let mut line = String::new();
    let mut lines: Vec<String> = Vec::new();
    for seg in segments {
        match seg {
            Segment::Text { text } | Segment::Emoji { text } => line.push_str(&escape(text)),
            Segment::Link { text, url }
            | Segment::Mention { text, url }
            | Segment::Hashtag { text, url } => {
                if is_http(url) {
                    let _ = write!(line, "[{}]({})", escape(text), escape_url(url));
                } else {
                    line.push_str(&escape(text));
                }
            }
            Segment::LineBreak => lines.push(std::mem::take(&mut line)),
        }
    }
    lines.push(line);
    // Blank lines separate paragraphs; single breaks become hard breaks.
    let mut first = true;
    let mut previous_blank = false;
    for l in lines.iter().map(|l| l.trim_end()) {
        if l.is_empty() {
            if !previous_blank && !first {
                out.push_str(prefix.trim_end());
                out.push('\n');
            }
            previous_blank = true;
            continue;
        }
        if !first && !previous_blank {
            // Hard line break inside a paragraph.
            out.pop();
            out.push_str("\\\n");
        }
        out.push_str(prefix);
        out.push_str(l);
        out.push('\n');
        first = false;
        previous_blank = false;
    }
}

fn write_media(out: &mut String, media: &[Media], prefix: &str, labels: &Labels) {
    for m in media.iter().filter(|m| is_http(&m.url)) {
        let kind = match m.kind {
            MediaKind::Photo => &labels.photo,
            MediaKind::Video => &labels.video,
            MediaKind::Gif => &labels.gif,
        };
        let alt = m.alt.as_deref().unwrap_or(kind);
        let _ = write!(
            out,
            "{prefix}\n{prefix}![{}]({})",
            escape(alt),
            escape_url(&m.url)
        );
        if let (MediaKind::Video | MediaKind::Gif, Some(link)) = (m.kind, &m.link) {
            let _ = write!(out, " [▶ {}]({})", escape(kind), escape_url(link));
        }
        out.push('\n');
    }
}

fn write_quote(out: &mut String, quote: &Quote, labels: &Labels) {
    out.push('\n');
    let who = format!(
        "**{}** @{}",
        escape(&quote.author.name),
        escape(&quote.author.handle)
    );
    match &quote.url {
        Some(url) if is_http(url) => {
            let _ = writeln!(
                out,
                "> {who} · [{}]({})",
                escape(&labels.quoted_post),
                escape_url(url)
            );
        }
        _ => {
            let _ = writeln!(out, "> {who}");
        }
    }
    out.push_str(">\n");
    write_text(out, &quote.text, "> ");
    write_media(out, &quote.media, ">", labels);
}

/// A poll as a list of its choices with their shares, and its summary line.
fn write_poll(out: &mut String, poll: &Poll) {
    out.push('\n');
    for option in &poll.options {
        let _ = write!(out, "- {}", escape(&option.label));
        if let Some(percent) = &option.percent {
            let _ = write!(out, " — **{}**", escape(percent));
        }
        out.push('\n');
    }
    if let Some(summary) = &poll.summary {
        let _ = writeln!(out, "\n📊 _{}_", escape(summary));
    }
}

/// A community note as a blockquote under its label.
fn write_note(out: &mut String, note: &[Segment], labels: &Labels) {
    let _ = writeln!(out, "\n> **{}**\n>", escape(&labels.community_note));
    write_text(out, note, "> ");
}

fn write_post(out: &mut String, post: &Post, labels: &Labels) {
    if let Some(notice) = &post.unavailable {
        // A placeholder: the site's notice is all there is.
        let _ = writeln!(out, "_{}_", escape(notice.trim()));
        return;
    }
    if let Some(warning) = &post.content_warning {
        let _ = writeln!(
            out,
            "> ⚠️ **{}** {}\n",
            escape(&labels.content_warning),
            escape(warning)
        );
    }
    write_text(out, &post.text, "");
    write_media(out, &post.media, "", labels);
    if let Some(poll) = &post.poll {
        write_poll(out, poll);
    }
    if let Some(quote) = &post.quote {
        write_quote(out, quote, labels);
    }
    if let Some(card) = &post.card {
        if is_http(&card.url) {
            let label = card
                .title
                .as_deref()
                .or(card.domain.as_deref())
                .unwrap_or(&card.url);
            let _ = write!(out, "\n🔗 [{}]({})", escape(label), escape_url(&card.url));
            if let Some(domain) = &card.domain {
                let _ = write!(out, " — {}", escape(domain));
            }
            out.push('\n');
        }
    }
    if let Some(note) = post.note.as_deref().filter(|n| !n.is_empty()) {
        write_note(out, note, labels);
    }
}

/// The whole thread as a Markdown document, its own few words those of `labels`, its dates
/// and times in the zone `utc_offset_minutes` east of UTC (and saying which).
pub fn render(thread: &Thread, labels: &Labels, utc_offset_minutes: i32) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&title(thread, 80, labels)));
    let author = &thread.author;
    let _ = write!(
        out,
        "**{}** ([@{}]({}))",
        escape(&author.name),
        escape(&author.handle),
        escape_url(&author.url)
    );
    if let Some(time) = thread.posts.first().and_then(|p| p.time.as_deref()) {
        let _ = write!(
            out,
            " · {}",
            crate::dates::local_date(time, utc_offset_minutes)
        );
    }
    let _ = write!(out, " · {}", escape(&labels.post_count(thread.posts.len())));
    if is_http(&thread.source_url) {
        let _ = write!(
            out,
            " · [{}]({})",
            escape(&labels.view_on(&site_name(thread))),
            escape_url(&thread.source_url)
        );
    }
    out.push_str("\n\n---\n");
    for post in &thread.posts {
        out.push('\n');
        write_post(&mut out, post, labels);
        if is_http(&post.url) {
            let link = match post.time.as_deref() {
                Some(time) => match Moment::parse(time, utc_offset_minutes) {
                    Some(m) => format!("{} {} {}", m.iso_date(), m.time(), m.zone()),
                    None => escape(time),
                },
                None => escape(&labels.permalink),
            };
            let _ = write!(out, "\n<sub>[{link}]({})", escape_url(&post.url));
            if post.edited {
                let _ = write!(out, " · {}", escape(&labels.edited));
            }
            out.push_str("</sub>\n");
        }
    }
    out
}

/// The site's name as users know it, or the host of the page when the thread has none.
fn site_name(thread: &Thread) -> String {
    if !thread.site_name.is_empty() {
        return thread.site_name.clone();
    }
    crate::sites::PageUrl::parse(&thread.source_url)
        .map_or_else(|| thread.source_url.clone(), |url| url.host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Author;

    #[test]
    fn renders_title_author_posts_links_and_escapes() {
        let thread = Thread {
            site: "x".into(),
            site_name: "X".into(),
            source_url: "https://x.com/a/status/1".into(),
            author: Author {
                name: "A *B*".into(),
                handle: "a".into(),
                url: "https://x.com/a".into(),
                ..Author::default()
            },
            focal_id: "1".into(),
            posts: vec![Post {
                id: "1".into(),
                url: "https://x.com/a/status/1".into(),
                time: Some("2026-03-03T20:03:00.000Z".into()),
                text: vec![
                    Segment::Text {
                        text: "Hello [world]".into(),
                    },
                    Segment::LineBreak,
                    Segment::Link {
                        text: "evil".into(),
                        url: "javascript:alert(1)".into(),
                    },
                    Segment::LineBreak,
                    Segment::LineBreak,
                    Segment::Link {
                        text: "example.com/x".into(),
                        url: "https://example.com/x".into(),
                    },
                ],
                ..Post::default()
            }],
        };
        let md = render(&thread, &Labels::default(), 0);
        assert!(md.starts_with("# Hello \\[world\\]\n"), "{md}");
        assert!(md.contains("**A \\*B\\*** ([@a](https://x.com/a)) · 2026-03-03 · 1 post"));
        assert!(
            md.contains("Hello \\[world\\]\\\nevil\n\n[example.com/x](https://example.com/x)\n"),
            "{md}"
        );
        assert!(!md.contains("javascript:"));
        assert!(md.contains("<sub>[2026-03-03 20:03 UTC](https://x.com/a/status/1)</sub>"));
        // In the reader's zone, saying which: five hours later in Tokyo is the next day.
        let tokyo = render(&thread, &Labels::default(), 9 * 60);
        assert!(tokyo.contains(" · 2026-03-04 · 1 post"), "{tokyo}");
        assert!(tokyo.contains("<sub>[2026-03-04 05:03 UTC+9](https://x.com/a/status/1)</sub>"));
    }

    #[test]
    fn renders_polls_edits_notes_and_placeholders() {
        use crate::model::PollOption;
        let text = |t: &str| vec![Segment::Text { text: t.into() }];
        let thread = Thread {
            source_url: "https://x.com/a/status/1".into(),
            posts: vec![
                Post {
                    id: "1".into(),
                    url: "https://x.com/a/status/1".into(),
                    time: Some("2026-03-03T20:03:00.000Z".into()),
                    text: text("Which one?"),
                    edited: true,
                    poll: Some(Poll {
                        options: vec![
                            PollOption {
                                label: "Rust *fast*".into(),
                                percent: Some("62.3%".into()),
                            },
                            PollOption {
                                label: "Go".into(),
                                percent: Some("37.7%".into()),
                            },
                        ],
                        summary: Some("1,234 votes · Final results".into()),
                    }),
                    note: Some(vec![
                        Segment::Text {
                            text: "Missing 2024. See ".into(),
                        },
                        Segment::Link {
                            text: "stats.example.org".into(),
                            url: "https://stats.example.org/".into(),
                        },
                    ]),
                    ..Post::default()
                },
                Post {
                    id: "1~1".into(),
                    unavailable: Some("This post was deleted by the post author.".into()),
                    ..Post::default()
                },
                Post {
                    id: "3".into(),
                    url: "https://x.com/a/status/3".into(),
                    text: text("The end"),
                    ..Post::default()
                },
            ],
            ..Thread::default()
        };
        let md = render(&thread, &Labels::default(), 0);
        assert!(
            md.contains("Which one?\n\n- Rust \\*fast\\* — **62.3%**\n- Go — **37.7%**\n\n📊 _1,234 votes · Final results_\n"),
            "{md}"
        );
        assert!(
            md.contains("\n> **Readers added context**\n>\n> Missing 2024. See [stats.example.org](https://stats.example.org/)\n"),
            "{md}"
        );
        assert!(
            md.contains("(https://x.com/a/status/1) · edited</sub>"),
            "{md}"
        );
        assert!(
            md.contains("\n_This post was deleted by the post author._\n\nThe end"),
            "{md}"
        );
        assert!(md.contains(" · 3 posts"), "{md}");
    }

    #[test]
    fn its_own_words_are_those_of_the_labels() {
        use crate::model::{Media, Quote};
        let media = |kind, url: &str| Media {
            kind,
            url: url.into(),
            alt: None,
            link: Some("https://example.social/@a/1".into()),
        };
        let thread = Thread {
            source_url: "https://example.social/@a/1".into(),
            author: Author {
                handle: "a".into(),
                url: "https://example.social/@a".into(),
                ..Author::default()
            },
            posts: vec![
                Post {
                    id: "1".into(),
                    url: "https://example.social/@a/1".into(),
                    content_warning: Some("Spoiler".into()),
                    media: vec![
                        media(MediaKind::Photo, "https://example.social/p.jpg"),
                        media(MediaKind::Video, "https://example.social/v.jpg"),
                    ],
                    quote: Some(Box::new(Quote {
                        url: Some("https://example.social/@b/9".into()),
                        author: Author {
                            name: "B".into(),
                            handle: "b".into(),
                            ..Author::default()
                        },
                        ..Quote::default()
                    })),
                    note: Some(vec![Segment::Text {
                        text: "Context.".into(),
                    }]),
                    edited: true,
                    ..Post::default()
                },
                Post {
                    id: "2".into(),
                    url: "https://example.social/@a/2".into(),
                    ..Post::default()
                },
            ],
            ..Thread::default()
        };

        let en = render(&thread, &Labels::default(), 0);
        for words in [
            "# Thread by @a\n",
            " · 2 posts · [View on example.social](https://example.social/@a/1)\n",
            "> ⚠️ **Content warning:** Spoiler\n",
            "![Photo](https://example.social/p.jpg)",
            "![Video](https://example.social/v.jpg) [▶ Video](https://example.social/@a/1)",
            "> **B** @b · [Quoted post](https://example.social/@b/9)\n",
            "> **Readers added context**\n",
            "<sub>[Open post](https://example.social/@a/1) · edited</sub>",
        ] {
            assert!(en.contains(words), "{words:?} in {en}");
        }

        let de: Labels = serde_json::from_str(
            r#"{"threadBy": "Thread von @{handle}", "posts": "{count} Beiträge",
                "viewOriginal": "Auf {site} ansehen", "contentWarning": "Inhaltswarnung:",
                "photo": "Foto", "video": "Video", "quotedPost": "Zitierter Beitrag",
                "communityNote": "Leser haben Kontext hinzugefügt", "permalink": "Beitrag öffnen",
                "edited": "bearbeitet"}"#,
        )
        .map(Labels::or_english)
        .unwrap();
        let md = render(
            &Thread {
                site_name: "Mastodon".into(),
                ..thread
            },
            &de,
            0,
        );
        for words in [
            "# Thread von @a\n",
            " · 2 Beiträge · [Auf Mastodon ansehen](https://example.social/@a/1)\n",
            "> ⚠️ **Inhaltswarnung:** Spoiler\n",
            "![Foto](https://example.social/p.jpg)",
            "> **B** @b · [Zitierter Beitrag](https://example.social/@b/9)\n",
            "> **Leser haben Kontext hinzugefügt**\n",
            "<sub>[Beitrag öffnen](https://example.social/@a/1) · bearbeitet</sub>",
        ] {
            assert!(md.contains(words), "{words:?} in {md}");
        }
        for english in [
            "Thread by",
            "posts",
            "View on",
            "Photo",
            "Quoted",
            "Open post",
        ] {
            assert!(!md.contains(english), "{english:?} in {md}");
        }
    }

    #[test]
    fn a_long_first_line_is_cut_at_a_sentence_or_a_word() {
        let line = "I asked 2,000 developers which language they would pick for a new \
                    command-line tool. Results, a correction, and one surprise";
        // A whole sentence that fills at least half: it ends the title.
        assert_eq!(
            first_line(line, 90).as_deref(),
            Some("I asked 2,000 developers which language they would pick for a new command-line tool.")
        );
        // No sentence within the limit: the last whole word, and "…".
        assert_eq!(
            first_line(line, 60).as_deref(),
            Some("I asked 2,000 developers which language they would pick for…")
        );
        // A sentence shorter than half the limit does not end it; punctuation before the
        // "…" goes.
        assert_eq!(
            first_line("Hi. Notes on Rust, Go, and Zig from a long week", 40).as_deref(),
            Some("Hi. Notes on Rust, Go, and Zig from a…")
        );
        assert_eq!(
            first_line("Notes on Rust, Go, and Zig; from a long week", 27).as_deref(),
            Some("Notes on Rust, Go, and Zig…")
        );
        assert_eq!(
            first_line("Wait... what happened here is a long story", 30).as_deref(),
            Some("Wait... what happened here is…")
        );
        assert_eq!(
            first_line("“Is it done?” she asked me in the quiet of the evening", 30).as_deref(),
            Some("“Is it done?” she asked me in…")
        );
        assert_eq!(
            first_line("“Is it really done yet?” she asked me in the quiet", 40).as_deref(),
            Some("“Is it really done yet?”")
        );
        // Short lines, blank text, and one word longer than the limit.
        assert_eq!(first_line("  \n Short. ", 40).as_deref(), Some("Short."));
        assert_eq!(first_line(" \n ", 40), None);
        assert_eq!(first_line("...", 2).as_deref(), Some("..."));
    }
}
