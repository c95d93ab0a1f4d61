//! Shaping: one paragraph of styled text becomes runs of positioned glyphs.
//!
//! The paragraph is split into runs that share a bidi level (Unicode bidi algorithm), a face
//! (per-character fallback, [`Fonts::pick`]) and a style; each run is shaped by rustybuzz in
//! its own direction, so Arabic joins, Hebrew reads right to left and Latin kerns. Widths for
//! line breaking come from these shaped advances, never from guesses.

use std::ops::Range;

use krilla::text::{GlyphId, KrillaGlyph};
use unicode_bidi::BidiInfo;

use super::fonts::{words, Choice, Face, Fonts, RawGlyph};
use super::style::TextStyle;

/// Space added around each emoji, in em.
const EMOJI_SPACING: f32 = 0.12;
/// Scripts whose words shape independently of each other once spaces stand apart in the face
/// (no joining across words, no reordering): what the word cache is used for. (A run's script
/// is guessed from its text, which never gives Common or Inherited: digits and punctuation
/// alone have no script.)
const WORD_SCRIPTS: [rustybuzz::Script; 3] = [
    rustybuzz::script::LATIN,
    rustybuzz::script::GREEK,
    rustybuzz::script::CYRILLIC,
];

/// One styled piece of a paragraph.
#[derive(Debug, Clone)]
pub(crate) struct Span {
    /// Byte range in the paragraph's text.
    pub range: Range<usize>,
    pub style: TextStyle,
    /// Where the text links to.
    pub link: Option<String>,
    /// The site drew this text as an emoji.
    pub emoji: bool,
}

/// A paragraph being assembled from styled pieces.
#[derive(Debug, Clone, Default)]
pub(crate) struct RichText {
    pub text: String,
    pub spans: Vec<Span>,
}

impl RichText {
    pub fn new() -> RichText {
        RichText::default()
    }

    /// Text in one style, optionally a link.
    pub fn push(&mut self, text: &str, style: TextStyle, link: Option<&str>) -> &mut RichText {
        self.push_span(text, style, link, false)
    }

    /// Text the site drew as an emoji.
    pub fn push_emoji(&mut self, text: &str, style: TextStyle) -> &mut RichText {
        self.push_span(text, style, None, true)
    }

    fn push_span(
        &mut self,
        text: &str,
        style: TextStyle,
        link: Option<&str>,
        emoji: bool,
    ) -> &mut RichText {
        let start = self.text.len();
        // A paragraph is one line of the model: line and paragraph separators, tabs and
        // other controls become spaces, bidi controls are kept (they matter). Text whose
        // bytes cannot begin any of them (C0 controls and DEL are bytes below 0x20 and 0x7F,
        // C1 controls begin with 0xC2, the separators with 0xE2) is copied as it is.
        if text
            .bytes()
            .all(|b| b >= 0x20 && b != 0x7F && b != 0xC2 && b != 0xE2)
        {
            self.text.push_str(text);
        } else {
            self.text.extend(text.chars().map(|c| {
                if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
                    ' '
                } else {
                    c
                }
            }));
        }
        let end = self.text.len();
        if end > start {
            self.spans.push(Span {
                range: start..end,
                style,
                link: link.map(str::to_owned),
                emoji,
            });
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// A run of glyphs in one face, style and direction.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    /// Byte range in the paragraph's text.
    pub range: Range<usize>,
    pub choice: Choice,
    /// Index of the span the run belongs to.
    pub span: usize,
    /// Bidi embedding level (odd: right to left).
    pub level: u8,
    /// Glyphs in visual order (right-to-left runs come out of the shaper reversed), with
    /// advances in em and text ranges in the paragraph's text.
    pub glyphs: Vec<KrillaGlyph>,
    /// The glyphs' text starts never decrease (left-to-right text): a line's part of the run
    /// is then one slice of it.
    pub ascending: bool,
}

/// A shaped paragraph.
#[derive(Debug, Clone)]
pub(crate) struct Shaped {
    pub text: String,
    pub spans: Vec<Span>,
    pub runs: Vec<Run>,
    /// The paragraph reads right to left (its first strong character is Hebrew or Arabic).
    pub rtl: bool,
    /// `advance_before[i]`: the width in pt of the glyphs whose cluster starts before byte
    /// `i`, so that a range's width is a subtraction.
    advance_before: Vec<f32>,
}

impl Shaped {
    /// The width in pt of the text in `range` (cluster boundaries).
    pub fn width(&self, range: Range<usize>) -> f32 {
        let at = |i: usize| self.advance_before.get(i).copied().unwrap_or(0.0);
        at(range.end) - at(range.start)
    }

    pub fn style_of(&self, run: &Run) -> TextStyle {
        self.spans
            .get(run.span)
            .map(|s| s.style)
            .unwrap_or(super::style::BODY)
    }
}

/// Shapes `rich` with `fonts`.
pub(crate) fn shape(rich: RichText, fonts: &Fonts) -> Shaped {
    let RichText { text, spans } = rich;
    // Text with no right-to-left character or bidi control is left to right throughout (the
    // bidi algorithm would give every character level 0); most posts are such text.
    let bidi = text
        .chars()
        .any(may_turn_right_to_left)
        .then(|| BidiInfo::new(&text, None));
    let rtl = bidi
        .as_ref()
        .and_then(|b| b.paragraphs.first())
        .is_some_and(|p| p.level.is_rtl());

    // Itemize: a new run wherever the span, the bidi level or the face changes.
    let mut items: Vec<(Range<usize>, Choice, usize, u8)> = Vec::new();
    let mut previous: Option<Choice> = None;
    let mut span_index = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        while spans.get(span_index).is_some_and(|s| s.range.end <= i) {
            span_index += 1;
        }
        let Some(span) = spans.get(span_index) else {
            break;
        };
        let next = chars.peek().map(|&(_, n)| n);
        let choice = fonts.pick(c, span.style.weight, previous, next, span.emoji);
        previous = Some(choice);
        let level = bidi
            .as_ref()
            .and_then(|b| b.levels.get(i))
            .map_or(0, |l| l.number());
        let end = i + c.len_utf8();
        match items.last_mut() {
            Some((range, ch, sp, lv))
                if *ch == choice && *sp == span_index && *lv == level && range.end == i =>
            {
                range.end = end;
            }
            _ => items.push((i..end, choice, span_index, level)),
        }
    }

    let mut advance_at = vec![0.0f32; text.len() + 1];
    let mut runs = Vec::with_capacity(items.len());
    for (range, choice, span, level) in items {
        let Some(style) = spans.get(span).map(|s| s.style) else {
            continue;
        };
        let glyphs = shape_run(&text, range.clone(), choice, level, style, fonts);
        let size = style.size * choice.face.scale();
        for g in &glyphs {
            if let Some(slot) = advance_at.get_mut(g.text_range.start) {
                *slot += g.x_advance * size;
            }
        }
        let ascending = glyphs
            .windows(2)
            .all(|w| w[0].text_range.start <= w[1].text_range.start);
        runs.push(Run {
            range,
            choice,
            span,
            level,
            glyphs,
            ascending,
        });
    }
    let mut advance_before = Vec::with_capacity(advance_at.len());
    let mut total = 0.0;
    for a in advance_at {
        advance_before.push(total);
        total += a;
    }
    Shaped {
        text,
        spans,
        runs,
        rtl,
        advance_before,
    }
}

/// Whether `c` is a right-to-left letter (Hebrew, Arabic and the other right-to-left blocks,
/// their presentation forms) or a bidi mark, embedding, override or isolate.
fn may_turn_right_to_left(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0x200E..=0x200F | 0x202A..=0x202E | 0x2066..=0x2069
        | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

fn shape_run(
    text: &str,
    range: Range<usize>,
    choice: Choice,
    level: u8,
    style: TextStyle,
    fonts: &Fonts,
) -> Vec<KrillaGlyph> {
    let Some(piece) = text.get(range.clone()) else {
        return Vec::new();
    };
    let loaded = fonts.get(choice.face);
    let direction = if level % 2 == 1 {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    };
    let (script, language) = segment_properties(piece, direction);
    let upem = loaded.shaper.units_per_em().max(1) as f32;

    let glyph = |offset: usize, g: &RawGlyph| {
        let mut advance = g.x_advance as f32 / upem;
        let mut x_offset = g.x_offset as f32 / upem;
        if advance > 0.0 {
            advance += style.tracking;
            if choice.face == Face::Emoji {
                // Emoji fill their em box; give them the breathing room X gives them.
                advance += EMOJI_SPACING;
                x_offset += EMOJI_SPACING / 2.0;
            }
        }
        KrillaGlyph::new(
            GlyphId::new(u32::from(g.id)),
            advance,
            x_offset,
            g.y_offset as f32 / upem,
            g.y_advance as f32 / upem,
            range.start + offset + g.start..range.start + offset + g.end,
            None,
        )
    };

    // Left-to-right text is shaped through the word cache, each word once per export (the
    // cache's result is the same glyphs, tested). A piece with no space (hashtags, handles,
    // numbers, dates) or with no script at all (digits, punctuation and spaces: "(2 / 14)",
    // the space before a hashtag) is cached whole, in any left-to-right script; other text a
    // word at a time in the scripts and faces whose words shape apart.
    let ltr = direction == rustybuzz::Direction::LeftToRight;
    if ltr && (!piece.contains(' ') || script == rustybuzz::script::UNKNOWN) {
        let shaped = loaded.shape_word(piece, direction, script, language.as_ref());
        shaped.iter().map(|g| glyph(0, g)).collect()
    } else if ltr && WORD_SCRIPTS.contains(&script) && loaded.spaces_apart() {
        let mut glyphs = Vec::with_capacity(piece.len());
        for (offset, word) in words(piece) {
            let shaped = loaded.shape_word(word, direction, script, language.as_ref());
            glyphs.extend(shaped.iter().map(|g| glyph(offset, g)));
        }
        glyphs
    } else {
        loaded
            .shape_buffer(guess(piece, direction), piece.len())
            .iter()
            .map(|g| glyph(0, g))
            .collect()
    }
}

/// The script and language the shaper guesses for a run: those of its first character that
/// has a script of its own. The text up to its first letter is asked about, which gives the
/// same answer as the whole run whenever it has such a character; the whole run only when it
/// has not (a buffer of a whole post was most of what a cached run cost). ASCII is answered
/// without asking (a buffer per run was 2% of an export): its letters are Latin, everything
/// else is Common, and the shaper never guesses a language.
fn segment_properties(
    piece: &str,
    direction: rustybuzz::Direction,
) -> (rustybuzz::Script, Option<rustybuzz::Language>) {
    let head = piece
        .char_indices()
        .find(|(_, c)| c.is_alphabetic())
        .and_then(|(i, c)| piece.get(..i + c.len_utf8()))
        .unwrap_or(piece);
    if head.is_ascii() {
        // An ASCII head ends at the run's first letter, or is the whole run.
        let latin = head.bytes().any(|b| b.is_ascii_alphabetic());
        let script = if latin {
            rustybuzz::script::LATIN
        } else {
            rustybuzz::script::UNKNOWN
        };
        return (script, None);
    }
    let mut guessed = guess(head, direction);
    if guessed.script() == rustybuzz::script::UNKNOWN && head.len() < piece.len() {
        guessed = guess(piece, direction);
    }
    (guessed.script(), guessed.language())
}

/// A buffer holding `text`, its segment properties guessed by the shaper.
fn guess(text: &str, direction: rustybuzz::Direction) -> rustybuzz::UnicodeBuffer {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(direction);
    buffer.guess_segment_properties();
    buffer
}

#[cfg(test)]
mod tests {
    use super::{may_turn_right_to_left, RichText};

    #[test]
    fn controls_and_separators_become_spaces_whether_copied_or_mapped() {
        // Every character of the first planes (and a few beyond), alone and among plain
        // text: the copy taken for text without suspect bytes must equal the mapping.
        let expected = |c: char| {
            if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
                ' '
            } else {
                c
            }
        };
        let chars = (0..=0x3000)
            .chain([0xFEFF, 0x1F9F5, 0xE0001, 0x10FFFF])
            .filter_map(char::from_u32);
        for c in chars {
            for text in [c.to_string(), format!("ab{c}cd")] {
                let mut rich = RichText::new();
                rich.push(&text, super::super::style::BODY, None);
                let mapped: String = text.chars().map(expected).collect();
                assert_eq!(rich.text, mapped, "U+{:04X}", c as u32);
            }
        }
    }
    use unicode_bidi::{bidi_class, BidiClass};

    #[test]
    fn segment_properties_are_the_shaper_s_guess_for_the_whole_run() {
        // What the shaper guesses from the whole run, for runs of every character of the
        // first planes (and beyond) alone, after ASCII digits and punctuation, before and
        // after ASCII letters, in both directions.
        let whole = |text: &str, direction| {
            let buffer = super::guess(text, direction);
            (buffer.script(), buffer.language())
        };
        let chars = (0..=0x3400)
            .chain([0xFEFF, 0x1F600, 0x1F9F5, 0x20000, 0xE0001, 0x10FFFF])
            .filter_map(char::from_u32);
        for c in chars {
            for text in [
                c.to_string(),
                format!("1.{c}"),
                format!("({c} x"),
                format!("ab {c}"),
                format!("{c}{c}"),
            ] {
                for direction in [
                    rustybuzz::Direction::LeftToRight,
                    rustybuzz::Direction::RightToLeft,
                ] {
                    assert_eq!(
                        super::segment_properties(&text, direction),
                        whole(&text, direction),
                        "{text:?} (U+{:04X})",
                        c as u32
                    );
                }
            }
        }
    }

    #[test]
    fn text_without_the_listed_characters_is_left_to_right_throughout() {
        // Every character the bidi algorithm could give a level other than 0 in a
        // left-to-right paragraph is in the list: strong right-to-left letters, Arabic
        // numbers, and the explicit embeddings, overrides and isolates.
        use BidiClass::*;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if may_turn_right_to_left(c) {
                continue;
            }
            let class = bidi_class(c);
            assert!(
                !matches!(
                    class,
                    R | AL | AN | RLE | RLO | RLI | LRE | LRO | LRI | FSI | PDF | PDI
                ),
                "U+{:04X} is {class:?}",
                c as u32
            );
        }
    }
}
