//! Unspool's own words in what it exports — the PDF's title block, post counts, captions and
//! dates, the Markdown's links and captions — in the reader's language. The extension passes
//! its locale's messages (`PdfOptions::labels`, the collection's `setLabels`); any label it
//! leaves out, or gives empty, is the English one.

use serde::Deserialize;

/// Unspool's own words in exports. `{site}`, `{handle}`, `{count}`, `{day}`, `{month}` and
/// `{year}` stand for what they name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Labels {
    /// The title block's kicker: "A thread on {site}".
    pub thread_on: String,
    /// The kicker when the site has no name: "A thread".
    pub thread: String,
    /// "1 post".
    pub one_post: String,
    /// "{count} posts".
    pub posts: String,
    /// Before a post's content warning: "Content warning:".
    pub content_warning: String,
    /// Under an edited post's number in the margin: "edited".
    pub edited: String,
    /// Where a photo is not drawn (a text-only PDF): "Photo".
    pub photo: String,
    /// Where a photo could not be had: "Photo not available".
    pub photo_missing: String,
    /// A video's caption: "Video".
    pub video: String,
    /// A GIF's caption: "GIF".
    pub gif: String,
    /// A community note's heading: "Readers added context".
    pub community_note: String,
    /// The bookmark of a post without text: "(no text)".
    pub no_text: String,
    /// The months' names, January first (twelve, or the English ones are used).
    pub months: Vec<String>,
    /// A long date: "{day} {month} {year}".
    pub long_date: String,
    /// The title of a thread whose first post has no text: "Thread by @{handle}".
    pub thread_by: String,
    /// The link to a quoted post (Markdown): "Quoted post".
    pub quoted_post: String,
    /// The link to the thread on its site (Markdown): "View on {site}".
    pub view_original: String,
    /// The link to a post whose time is not known (Markdown): "Open post".
    pub permalink: String,
}

impl Default for Labels {
    fn default() -> Labels {
        let s = str::to_owned;
        Labels {
            thread_on: s("A thread on {site}"),
            thread: s("A thread"),
            one_post: s("1 post"),
            posts: s("{count} posts"),
            content_warning: s("Content warning:"),
            edited: s("edited"),
            photo: s("Photo"),
            photo_missing: s("Photo not available"),
            video: s("Video"),
            gif: s("GIF"),
            community_note: s("Readers added context"),
            no_text: s("(no text)"),
            months: [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ]
            .map(s)
            .to_vec(),
            long_date: s("{day} {month} {year}"),
            thread_by: s("Thread by @{handle}"),
            quoted_post: s("Quoted post"),
            view_original: s("View on {site}"),
            permalink: s("Open post"),
        }
    }
}

impl Labels {
    /// Every label but the months, each with its name as JavaScript gives it (the field's name
    /// in camelCase, as serde reads it).
    pub fn named_mut(&mut self) -> [(&'static str, &mut String); 17] {
        [
            ("threadOn", &mut self.thread_on),
            ("thread", &mut self.thread),
            ("onePost", &mut self.one_post),
            ("posts", &mut self.posts),
            ("contentWarning", &mut self.content_warning),
            ("edited", &mut self.edited),
            ("photo", &mut self.photo),
            ("photoMissing", &mut self.photo_missing),
            ("video", &mut self.video),
            ("gif", &mut self.gif),
            ("communityNote", &mut self.community_note),
            ("noText", &mut self.no_text),
            ("longDate", &mut self.long_date),
            ("threadBy", &mut self.thread_by),
            ("quotedPost", &mut self.quoted_post),
            ("viewOriginal", &mut self.view_original),
            ("permalink", &mut self.permalink),
        ]
    }

    /// These labels with every empty one (and months that are not twelve) the English one.
    pub fn or_english(mut self) -> Labels {
        let mut english = Labels::default();
        for ((_, field), (_, fallback)) in self.named_mut().into_iter().zip(english.named_mut()) {
            if field.trim().is_empty() {
                *field = std::mem::take(fallback);
            }
        }
        if self.months.len() != 12 || self.months.iter().any(|m| m.trim().is_empty()) {
            self.months = english.months;
        }
        self
    }

    /// The kicker for a thread on `site` (which may be empty).
    pub fn kicker(&self, site: &str) -> String {
        if site.is_empty() {
            self.thread.clone()
        } else {
            self.thread_on.replace("{site}", site)
        }
    }

    /// "Thread by @handle".
    pub fn thread_by(&self, handle: &str) -> String {
        self.thread_by.replace("{handle}", handle)
    }

    /// "View on X": the link to the thread on `site` (its name, or its host when it has none).
    pub fn view_on(&self, site: &str) -> String {
        self.view_original.replace("{site}", site)
    }

    /// "14 posts", "1 post".
    pub fn post_count(&self, count: usize) -> String {
        if count == 1 {
            self.one_post.clone()
        } else {
            self.posts.replace("{count}", &count.to_string())
        }
    }

    /// "3 March 2026" for day 3 of month 3 (1-based) of 2026.
    pub fn date(&self, day: u8, month: u8, year: i32) -> String {
        let name = self
            .months
            .get(usize::from(month).saturating_sub(1))
            .map_or("", String::as_str);
        self.long_date
            .replace("{day}", &day.to_string())
            .replace("{month}", name)
            .replace("{year}", &year.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_unless_told_and_never_empty() {
        let en = Labels::default();
        assert_eq!(en.kicker("X"), "A thread on X");
        assert_eq!(en.kicker(""), "A thread");
        assert_eq!(
            (en.post_count(1), en.post_count(14)),
            ("1 post".into(), "14 posts".into())
        );
        assert_eq!(en.date(3, 3, 2026), "3 March 2026");

        let de: Labels = serde_json::from_str(
            r#"{"threadOn": "Ein Thread auf {site}", "posts": "{count} Beiträge",
                "onePost": "1 Beitrag", "edited": "", "longDate": "{day}. {month} {year}",
                "months": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
                           "August", "September", "Oktober", "November", "Dezember"]}"#,
        )
        .map(Labels::or_english)
        .unwrap();
        assert_eq!(de.kicker("X"), "Ein Thread auf X");
        assert_eq!(de.post_count(14), "14 Beiträge");
        assert_eq!(de.date(3, 3, 2026), "3. März 2026");
        // Left out or empty: English.
        assert_eq!((de.edited.as_str(), de.video.as_str()), ("edited", "Video"));

        // The names JavaScript gives are the ones serde reads.
        let mut named = Labels::default();
        for (name, field) in named.named_mut() {
            *field = name.to_owned();
        }
        let json = serde_json::to_string(
            &Labels::default()
                .named_mut()
                .map(|(name, _)| (name, name))
                .into_iter()
                .collect::<std::collections::HashMap<_, _>>(),
        )
        .unwrap();
        let read: Labels = serde_json::from_str(&json).unwrap();
        assert_eq!(
            read,
            Labels {
                months: read.months.clone(),
                ..named
            }
        );

        let odd: Labels = serde_json::from_str(r#"{"months": ["Jan"]}"#)
            .map(Labels::or_english)
            .unwrap();
        assert_eq!(odd.date(1, 12, 2025), "1 December 2025");
    }
}
