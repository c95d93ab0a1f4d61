//! File names for exported threads: `<Author> – <first words> (<YYYY-MM-DD>)`, safe on every
//! file system.

use crate::labels::Labels;
use crate::model::Thread;

/// Characters no common file system accepts in a name (Windows is the strictest).
fn is_forbidden(c: char) -> bool {
    matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control()
}

/// The file name, without extension, for an exported thread (`labels` name a thread whose
/// first post has no text; the date is the one `utc_offset_minutes` east of UTC).
pub fn file_stem(thread: &Thread, labels: &Labels, utc_offset_minutes: i32) -> String {
    let author = if thread.author.name.trim().is_empty() {
        thread.author.handle.clone()
    } else {
        thread.author.name.clone()
    };
    let title = crate::markdown::title(thread, 48, labels);
    let date = thread
        .posts
        .first()
        .and_then(|p| p.time.as_deref())
        .map(|t| format!(" ({})", crate::dates::local_date(t, utc_offset_minutes)))
        .unwrap_or_default();
    let raw = format!("{author} – {title}{date}");
    let cleaned: String = raw
        .chars()
        .map(|c| if is_forbidden(c) { ' ' } else { c })
        .filter(|c| {
            !('\u{200b}'..='\u{200f}').contains(c) && !('\u{202a}'..='\u{202e}').contains(c)
        })
        .collect();
    let mut name = cleaned
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" …", "…");
    // Keep names comfortably under the 255-byte limit, cutting on a character boundary.
    while name.len() > 150 {
        name.pop();
    }
    let name = name
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .to_owned();
    if name.is_empty() {
        "thread".to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Author, Post, Segment};

    #[test]
    fn names_are_readable_and_safe() {
        let thread = Thread {
            author: Author {
                name: "Santiago".into(),
                handle: "svpino".into(),
                ..Author::default()
            },
            posts: vec![Post {
                time: Some("2021-12-03T14:00:00.000Z".into()),
                text: vec![Segment::Text {
                    text: "Transitioning from Software/ML: a \u{202e}story <yes?> \"really\""
                        .into(),
                }],
                ..Post::default()
            }],
            ..Thread::default()
        };
        assert_eq!(
            file_stem(&thread, &Labels::default(), 0),
            "Santiago – Transitioning from Software ML a story yes… (2021-12-03)"
        );
    }
}
