//! Line breaking and visual order: a shaped paragraph becomes lines of glyphs placed left to
//! right.
//!
//! Breaks come from the Unicode line breaking algorithm (UAX #14: after spaces, between CJK
//! characters, never inside an emoji sequence); lines are filled greedily by shaped width and
//! set ragged (flush left, or flush right for right-to-left paragraphs). A word wider than the
//! measure (a long URL) is split between characters. Each line is then put in visual order by
//! the bidi algorithm's rule L2, so mixed Hebrew/English or Arabic/digits lines read right.

use std::ops::Range;

use krilla::text::KrillaGlyph;
use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::fonts::{continues_cluster, Choice};
use super::shape::Shaped;
use super::style::Rgb;

/// One line of a paragraph, in logical order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    /// The text the line shows (trailing spaces left out).
    pub range: Range<usize>,
    pub width: f32,
}

/// Breaks `shaped` into lines no wider than `max_width` (unless a single character is).
pub(crate) fn break_lines(shaped: &Shaped, max_width: f32) -> Vec<Line> {
    let text = shaped.text.as_str();
    let trimmed_end = |start: usize, end: usize| {
        let kept = text.get(start..end).map_or(0, |s| s.trim_end().len());
        start + kept
    };
    let line = |start: usize, end: usize| {
        let end = trimmed_end(start, end);
        Line {
            range: start..end,
            width: shaped.width(start..end),
        }
    };

    let mut lines = Vec::new();
    let mut start = 0;
    let mut fits: Option<usize> = None;
    for (pos, opportunity) in linebreaks(text) {
        let mut width = shaped.width(start..trimmed_end(start, pos));
        if width > max_width {
            if let Some(last) = fits.take() {
                lines.push(line(start, last));
                start = last;
                width = shaped.width(start..trimmed_end(start, pos));
            }
            if width > max_width {
                // A single unbreakable word wider than the line: split it between clusters.
                start = split_long_word(
                    shaped,
                    start,
                    trimmed_end(start, pos),
                    max_width,
                    &mut lines,
                );
            }
        }
        if opportunity == BreakOpportunity::Mandatory {
            if pos > start || lines.is_empty() {
                lines.push(line(start, pos));
            }
            start = pos;
            fits = None;
        } else {
            fits = Some(pos);
        }
    }
    lines
}

/// Pushes full lines of the word `start..end` and returns where its last piece starts.
fn split_long_word(
    shaped: &Shaped,
    mut start: usize,
    end: usize,
    max_width: f32,
    lines: &mut Vec<Line>,
) -> usize {
    let text = shaped.text.as_str();
    let word = text.get(start..end).unwrap_or_default();
    let boundaries: Vec<usize> = word
        .char_indices()
        .scan(None, |previous, (i, c)| {
            let splits = previous.is_some_and(|p| may_split(p, c));
            *previous = Some(c);
            Some(splits.then_some(start + i))
        })
        .flatten()
        .collect();
    let mut previous = start;
    for b in boundaries {
        if shaped.width(start..b) > max_width && previous > start {
            lines.push(Line {
                range: start..previous,
                width: shaped.width(start..previous),
            });
            start = previous;
        }
        previous = b;
    }
    start
}

/// Whether a word too wide for the line may be split between `previous` and `c`: never inside
/// a cluster (before a mark or joiner), and in Thai — written without spaces between words, so
/// a whole sentence can be one "word" — only between Thai character clusters: not after a
/// vowel written before its consonant (เ แ โ ใ ไ), not before a vowel or sign that follows
/// it (ะ า ำ ๅ ๆ).
fn may_split(previous: char, c: char) -> bool {
    !continues_cluster(c)
        && !matches!(previous, '\u{0E40}'..='\u{0E44}')
        && !matches!(
            c,
            '\u{0E30}' | '\u{0E32}' | '\u{0E33}' | '\u{0E45}' | '\u{0E46}'
        )
}

/// A run of glyphs placed on a line.
#[derive(Debug, Clone)]
pub(crate) struct PlacedRun {
    /// Left edge, from the line's left edge.
    pub x: f32,
    pub choice: Choice,
    pub size: f32,
    pub color: Rgb,
    /// Glyphs in visual order; text ranges relative to `text`.
    pub glyphs: Vec<KrillaGlyph>,
    /// The text the glyphs stand for (for copy and search).
    pub text: String,
}

/// A link's extent on a line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LinkExtent {
    pub x0: f32,
    pub x1: f32,
    pub url: String,
}

/// A line in visual order, from its left edge.
#[derive(Debug, Clone)]
pub(crate) struct PlacedLine {
    pub runs: Vec<PlacedRun>,
    pub links: Vec<LinkExtent>,
    pub width: f32,
    /// The largest font size on the line.
    pub size: f32,
}

/// Places `line` of `shaped` in visual order.
pub(crate) fn place(shaped: &Shaped, line: &Line) -> PlacedLine {
    // The runs' parts on this line, in logical order, with their levels.
    let mut pieces: Vec<(usize, Range<usize>, u8)> = shaped
        .runs
        .iter()
        .enumerate()
        .filter_map(|(i, run)| {
            let start = run.range.start.max(line.range.start);
            let end = run.range.end.min(line.range.end);
            (start < end).then_some((i, start..end, run.level))
        })
        .collect();
    reorder_visually(&mut pieces);

    let mut placed = PlacedLine {
        runs: Vec::with_capacity(pieces.len()),
        links: Vec::new(),
        width: 0.0,
        size: 0.0,
    };
    let mut x = 0.0f32;
    for (index, range, _) in pieces {
        let Some(run) = shaped.runs.get(index) else {
            continue;
        };
        let span = shaped.spans.get(run.span);
        let style = shaped.style_of(run);
        // The run's glyphs whose text starts on this line: one slice of a run whose starts
        // never decrease, found by bisection, instead of a pass over the whole run per line.
        // (A slice, not a copy: the glyphs are copied once below, rebased.)
        let scattered: Vec<KrillaGlyph>;
        let glyphs: &[KrillaGlyph] = if run.ascending {
            let from = run
                .glyphs
                .partition_point(|g| g.text_range.start < range.start);
            let to = run
                .glyphs
                .partition_point(|g| g.text_range.start < range.end);
            run.glyphs.get(from..to).unwrap_or_default()
        } else {
            scattered = run
                .glyphs
                .iter()
                .filter(|g| range.contains(&g.text_range.start))
                .cloned()
                .collect();
            &scattered
        };
        let (Some(text_start), Some(text_end)) = (
            glyphs.iter().map(|g| g.text_range.start).min(),
            glyphs.iter().map(|g| g.text_range.end).max(),
        ) else {
            continue;
        };
        let size = style.size * run.choice.face.scale();
        let width: f32 = glyphs.iter().map(|g| g.x_advance * size).sum();
        let rebased = glyphs
            .iter()
            .map(|g| {
                let mut g = g.clone();
                g.text_range = g.text_range.start - text_start..g.text_range.end - text_start;
                g
            })
            .collect();
        if let Some(url) = span.and_then(|s| s.link.as_deref()) {
            match placed.links.last_mut() {
                Some(last) if last.url == url && (last.x1 - x).abs() < 0.01 => last.x1 = x + width,
                _ => placed.links.push(LinkExtent {
                    x0: x,
                    x1: x + width,
                    url: url.to_owned(),
                }),
            }
        }
        placed.size = placed.size.max(style.size);
        placed.runs.push(PlacedRun {
            x,
            choice: run.choice,
            size,
            color: style.color,
            glyphs: rebased,
            text: shaped
                .text
                .get(text_start..text_end)
                .unwrap_or("")
                .to_owned(),
        });
        x += width;
    }
    placed.width = x;
    placed
}

/// Rule L2 of the bidi algorithm: from the highest level down to the lowest odd level,
/// reverse every maximal sequence of pieces at that level or higher.
fn reorder_visually<T>(pieces: &mut [(usize, T, u8)]) {
    let Some(highest) = pieces.iter().map(|p| p.2).max() else {
        return;
    };
    let Some(lowest_odd) = pieces.iter().map(|p| p.2).filter(|l| l % 2 == 1).min() else {
        return;
    };
    for level in (lowest_odd..=highest).rev() {
        let mut i = 0;
        while i < pieces.len() {
            if pieces.get(i).is_some_and(|p| p.2 >= level) {
                let start = i;
                while pieces.get(i).is_some_and(|p| p.2 >= level) {
                    i += 1;
                }
                if let Some(seq) = pieces.get_mut(start..i) {
                    seq.reverse();
                }
            } else {
                i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_word_splits_between_clusters_and_thai_ones() {
        let splits = |word: &str| -> String {
            let mut out = String::new();
            let mut previous = None;
            for c in word.chars() {
                if previous.is_some_and(|p| may_split(p, c)) {
                    out.push('|');
                }
                out.push(c);
                previous = Some(c);
            }
            out
        };
        assert_eq!(splits("abc"), "a|b|c");
        // Marks stay with their base: an accent, a Devanagari vowel sign and virama, a Thai
        // tone mark.
        assert_eq!(splits("e\u{301}x"), "e\u{301}|x");
        assert_eq!(splits("नमस्ते"), "न|म|स्|ते");
        // Thai: not after a leading vowel, not before a following one.
        assert_eq!(splits("เขียน"), "เขี|ย|น");
        assert_eq!(splits("ว่าง"), "ว่า|ง");
        assert_eq!(splits("ไม่"), "ไม่");
        assert_eq!(splits("คำ"), "คำ");
    }

    #[test]
    fn l2_reverses_right_to_left_runs_and_keeps_numbers_inside_them_in_order() {
        // "abc ABC 123 DEF ghi" with ABC/DEF Hebrew (level 1) and 123 at level 2.
        let mut pieces = vec![(0, (), 0), (1, (), 1), (2, (), 2), (3, (), 1), (4, (), 0)];
        reorder_visually(&mut pieces);
        let order: Vec<usize> = pieces.iter().map(|p| p.0).collect();
        assert_eq!(order, vec![0, 3, 2, 1, 4]);
    }
}
