//! The fonts a PDF is set in, and which of them draws each character.
//!
//! The fonts are files built by `tools/fonts.sh` and shipped with the extension (not compiled
//! into the Wasm, which stays lean): the caller hands their bytes in as a [`FontSet`].
//! [`font_files`] says which files a thread needs, so the large CJK font — and the Devanagari,
//! Bengali, Tamil and Thai ones — are fetched only for threads with text in their scripts.
//! krilla does no font fallback, so `Fonts::pick` chooses a face per character: the body font
//! when it has the glyph, else the Hebrew, Arabic, Indic, Thai or CJK face, and the color emoji
//! face for emoji (never for the spaces between them).

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use super::space_layout;
use super::PdfError;
use crate::labels::Labels;
use crate::model::{Segment, Thread};

/// Literata Regular: Latin, Greek and Cyrillic body text.
pub const TEXT_REGULAR: &str = "Literata-Regular.ttf";
/// Literata Bold: titles and names.
pub const TEXT_BOLD: &str = "Literata-Bold.ttf";
/// Literata Italic: captions.
pub const TEXT_ITALIC: &str = "Literata-Italic.ttf";
/// Noto Serif Hebrew Regular.
pub const HEBREW_REGULAR: &str = "NotoSerifHebrew-Regular.ttf";
/// Noto Serif Hebrew Bold.
pub const HEBREW_BOLD: &str = "NotoSerifHebrew-Bold.ttf";
/// Noto Naskh Arabic Regular.
pub const ARABIC_REGULAR: &str = "NotoNaskhArabic-Regular.ttf";
/// Noto Naskh Arabic Bold.
pub const ARABIC_BOLD: &str = "NotoNaskhArabic-Bold.ttf";
/// Twemoji (COLRv0): color emoji, the same artwork X shows.
pub const EMOJI: &str = "TwemojiMozilla.ttf";
/// Noto Sans CJK JP, subset to the ~7,950 most used Chinese, Japanese and Korean characters.
pub const CJK: &str = "NotoSansCJKjp-Common.otf";
/// Noto Serif Devanagari Regular (Hindi, Marathi, Nepali, …); bold is drawn.
pub const DEVANAGARI: &str = "NotoSerifDevanagari-Regular.ttf";
/// Noto Serif Bengali Regular; bold is drawn.
pub const BENGALI: &str = "NotoSerifBengali-Regular.ttf";
/// Noto Serif Tamil Regular; bold is drawn.
pub const TAMIL: &str = "NotoSerifTamil-Regular.ttf";
/// Noto Serif Thai Regular; bold is drawn.
pub const THAI: &str = "NotoSerifThai-Regular.ttf";

/// The files every export needs (~1.8 MB together, most of it the emoji).
pub const BASE_FONT_FILES: [&str; 8] = [
    TEXT_REGULAR,
    TEXT_BOLD,
    TEXT_ITALIC,
    HEBREW_REGULAR,
    HEBREW_BOLD,
    ARABIC_REGULAR,
    ARABIC_BOLD,
    EMOJI,
];

/// Every font file the writer knows, base files first.
pub const ALL_FONT_FILES: [&str; 13] = [
    TEXT_REGULAR,
    TEXT_BOLD,
    TEXT_ITALIC,
    HEBREW_REGULAR,
    HEBREW_BOLD,
    ARABIC_REGULAR,
    ARABIC_BOLD,
    EMOJI,
    CJK,
    DEVANAGARI,
    BENGALI,
    TAMIL,
    THAI,
];

/// Whether a character is of a script (the characters a script's font is for).
type InScript = fn(char) -> bool;

/// The fonts fetched only for a thread with text in their script: each with the characters
/// it is for.
const SCRIPT_FONTS: [(Face, InScript); 5] = [
    (Face::Cjk, is_cjk),
    (Face::Devanagari, is_devanagari),
    (Face::Bengali, is_bengali),
    (Face::Tamil, is_tamil),
    (Face::Thai, is_thai),
];

/// The font files needed to write `thread` with `labels` (the PDF's own words, which are in
/// the reader's language): the base files, plus the CJK, Devanagari, Bengali, Tamil or Thai
/// font when any text the PDF shows has characters of that script.
pub fn font_files(thread: &Thread, labels: &Labels) -> Vec<&'static str> {
    let mut files = BASE_FONT_FILES.to_vec();
    let mut wanted = [false; SCRIPT_FONTS.len()];
    let mut labels = labels.clone();
    let words = labels.named_mut().map(|(_, text)| std::mem::take(text));
    let shown = shown_text(thread)
        .chain(words.iter().map(String::as_str))
        .chain(labels.months.iter().map(String::as_str));
    for text in shown {
        for c in text.chars().filter(|&c| (c as u32) >= 0x0900) {
            for (want, (_, is_for)) in wanted.iter_mut().zip(SCRIPT_FONTS) {
                *want = *want || is_for(c);
            }
        }
    }
    for (want, (face, _)) in wanted.iter().zip(SCRIPT_FONTS) {
        if *want {
            files.push(face.file());
        }
    }
    files
}

/// Every piece of text a PDF of `thread` draws that comes from the thread.
fn shown_text(thread: &Thread) -> impl Iterator<Item = &str> {
    let mut texts: Vec<&str> = vec![&thread.author.name];
    for post in &thread.posts {
        texts.push(&post.author.name);
        texts.extend(post.content_warning.as_deref());
        texts.extend(post.unavailable.as_deref());
        if let Some(poll) = &post.poll {
            texts.extend(poll.options.iter().map(|o| o.label.as_str()));
            texts.extend(poll.summary.as_deref());
        }
        if let Some(note) = &post.note {
            texts.extend(note.iter().map(Segment::display_text));
        }
        texts.extend(post.text.iter().map(Segment::display_text));
        texts.extend(post.media.iter().filter_map(|m| m.alt.as_deref()));
        if let Some(quote) = &post.quote {
            texts.push(&quote.author.name);
            texts.extend(quote.text.iter().map(Segment::display_text));
            texts.extend(quote.media.iter().filter_map(|m| m.alt.as_deref()));
        }
        if let Some(card) = &post.card {
            texts.extend(card.title.as_deref());
            texts.extend(card.domain.as_deref());
        }
    }
    texts.into_iter()
}

/// Han ideographs, kana, Hangul and CJK punctuation: what the CJK font is for.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3000..=0x30FF | 0x3130..=0x318F | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7FF
        | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// Devanagari and its extensions (Vedic signs, Devanagari Extended).
fn is_devanagari(c: char) -> bool {
    matches!(c as u32, 0x0900..=0x097F | 0xA8E0..=0xA8FF | 0x1CD0..=0x1CFF)
}

/// Bengali (Bangla, Assamese).
fn is_bengali(c: char) -> bool {
    matches!(c as u32, 0x0980..=0x09FF)
}

/// Tamil.
fn is_tamil(c: char) -> bool {
    matches!(c as u32, 0x0B80..=0x0BFF)
}

/// Thai.
fn is_thai(c: char) -> bool {
    matches!(c as u32, 0x0E00..=0x0E7F)
}

/// The font files' bytes, by file name, as the extension fetched them.
#[derive(Clone, Default)]
pub struct FontSet {
    files: HashMap<String, Arc<Vec<u8>>>,
}

impl FontSet {
    /// An empty set.
    pub fn new() -> FontSet {
        FontSet::default()
    }

    /// Adds (or replaces) the file `name` (e.g. [`TEXT_REGULAR`]).
    pub fn insert(&mut self, name: impl Into<String>, bytes: Vec<u8>) {
        self.files.insert(name.into(), Arc::new(bytes));
    }

    /// Reads every known font file present in `dir` (as `tools/fonts.sh` writes them).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_dir(dir: &std::path::Path) -> std::io::Result<FontSet> {
        let mut set = FontSet::new();
        for name in ALL_FONT_FILES {
            let path = dir.join(name);
            if path.is_file() {
                set.insert(name, std::fs::read(path)?);
            }
        }
        Ok(set)
    }

    fn get(&self, name: &str) -> Option<&Arc<Vec<u8>>> {
        self.files.get(name)
    }
}

/// The faces a PDF can use; each is one font file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Face {
    Text,
    TextBold,
    TextItalic,
    Hebrew,
    HebrewBold,
    Arabic,
    ArabicBold,
    Cjk,
    Devanagari,
    Bengali,
    Tamil,
    Thai,
    Emoji,
}

impl Face {
    const ALL: [Face; 13] = [
        Face::Text,
        Face::TextBold,
        Face::TextItalic,
        Face::Hebrew,
        Face::HebrewBold,
        Face::Arabic,
        Face::ArabicBold,
        Face::Cjk,
        Face::Devanagari,
        Face::Bengali,
        Face::Tamil,
        Face::Thai,
        Face::Emoji,
    ];

    fn file(self) -> &'static str {
        match self {
            Face::Text => TEXT_REGULAR,
            Face::TextBold => TEXT_BOLD,
            Face::TextItalic => TEXT_ITALIC,
            Face::Hebrew => HEBREW_REGULAR,
            Face::HebrewBold => HEBREW_BOLD,
            Face::Arabic => ARABIC_REGULAR,
            Face::ArabicBold => ARABIC_BOLD,
            Face::Cjk => CJK,
            Face::Devanagari => DEVANAGARI,
            Face::Bengali => BENGALI,
            Face::Tamil => TAMIL,
            Face::Thai => THAI,
            Face::Emoji => EMOJI,
        }
    }

    /// Whether the face is one of the fonts fetched only for its script (optional to the
    /// writer: without it that script's characters fall to the body face).
    fn by_script(self) -> bool {
        SCRIPT_FONTS.iter().any(|(face, _)| *face == self)
    }

    /// Whether the face has no bold of its own, so that bold text in it is drawn thicker.
    fn draws_bold(self) -> bool {
        self.by_script()
    }

    fn index(self) -> usize {
        self as usize
    }

    /// How much larger than the body text this face is set, so that scripts look the same
    /// size side by side (Naskh, Hebrew, Devanagari, Bengali and Thai letters are small on
    /// their em beside Literata's large x-height; Tamil's are tall).
    pub fn scale(self) -> f32 {
        match self {
            Face::Arabic | Face::ArabicBold | Face::Devanagari | Face::Bengali => 1.12,
            Face::Hebrew | Face::HebrewBold => 1.06,
            Face::Thai => 1.08,
            Face::Tamil => 0.92,
            _ => 1.0,
        }
    }
}

/// The weight or slant a piece of text asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Weight {
    Regular,
    Bold,
    Italic,
}

impl Weight {
    /// The faces to try, in order, for a character of this weight (emoji aside).
    fn chain(self) -> [Face; 8] {
        let (text, hebrew, arabic) = match self {
            Weight::Regular => (Face::Text, Face::Hebrew, Face::Arabic),
            Weight::Bold => (Face::TextBold, Face::HebrewBold, Face::ArabicBold),
            Weight::Italic => (Face::TextItalic, Face::Hebrew, Face::Arabic),
        };
        [
            text,
            hebrew,
            arabic,
            Face::Devanagari,
            Face::Bengali,
            Face::Tamil,
            Face::Thai,
            Face::Cjk,
        ]
    }

    /// `face` for a character of this weight: bold drawn thicker where the face has none.
    fn choice(self, face: Face) -> Choice {
        Choice {
            face,
            fake_bold: self == Weight::Bold && face.draws_bold(),
        }
    }
}

/// Which face draws a character, and whether bold must be simulated (the CJK, Indic and Thai
/// fonts have no bold; a thin outline of the text's color thickens its strokes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Choice {
    pub face: Face,
    pub fake_bold: bool,
}

/// One loaded face: the shaper's view and the PDF's.
pub(crate) struct Loaded<'a> {
    pub shaper: rustybuzz::Face<'a>,
    pub pdf: krilla::text::Font,
    /// Ascender and descender (positive), in em.
    pub ascender: f32,
    pub descender: f32,
    /// Which ASCII characters the face has (bit `c`): font fallback asks for every character
    /// of every post, and most are ASCII; a cmap lookup each time was a tenth of the export.
    ascii: u128,
    /// Shaping plans made so far, by direction, script and language: making one per run of
    /// text (what `rustybuzz::shape` does) was a few percent of the export.
    plans: RefCell<Vec<PlanEntry>>,
    /// Words shaped so far, by script and language: most words of a thread recur, and
    /// shaping was over a third of an export (browsers keep the same kind of cache).
    words: RefCell<Vec<WordTable>>,
    /// Whether a space shapes apart from its neighbours in this face (no kerning, ligature or
    /// contextual form joins them), so that shaping a word at a time gives what shaping the
    /// whole run gives. Probed on first use.
    spaces_apart: OnceCell<bool>,
}

type PlanEntry = (
    rustybuzz::Direction,
    rustybuzz::Script,
    Option<rustybuzz::Language>,
    rustybuzz::ShapePlan,
);

type WordTable = (
    rustybuzz::Script,
    Option<rustybuzz::Language>,
    rustc_hash::FxHashMap<String, Rc<[RawGlyph]>>,
);

/// Words kept per face and script: enough for any thread's vocabulary, a bound for odd input.
const MAX_WORDS: usize = 50_000;

/// A shaped glyph in font units, its text the byte range `start..end` of what was shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawGlyph {
    pub id: u16,
    pub x_advance: i32,
    pub x_offset: i32,
    pub y_offset: i32,
    pub y_advance: i32,
    pub start: usize,
    pub end: usize,
}

impl RawGlyph {
    /// The glyph with its text range moved `by` bytes on (a word's glyph in its run).
    pub fn shifted(self, by: usize) -> RawGlyph {
        RawGlyph {
            start: self.start + by,
            end: self.end + by,
            ..self
        }
    }
}

/// Characters a face is probed with beside spaces: ASCII, Latin-1 and general punctuation
/// (quotes, dashes, the ellipsis) — what text puts next to a space.
fn space_neighbours() -> impl Iterator<Item = char> {
    ('!'..='~')
        .chain('\u{A1}'..='\u{FF}')
        .chain('\u{2010}'..='\u{2027}')
}

/// `text` split after each run of spaces: the words the cache holds, each with its spaces.
pub(crate) fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let mut end = start;
        while end < bytes.len() && bytes.get(end) != Some(&b' ') {
            end += 1;
        }
        while bytes.get(end) == Some(&b' ') {
            end += 1;
        }
        let word = text.get(start..end).map(|w| (start, w));
        start = end;
        word
    })
}

impl Loaded<'_> {
    /// Shapes `buffer` (its segment properties set) as `rustybuzz::shape` does, with a plan
    /// made once per direction, script and language.
    pub fn shape(&self, buffer: rustybuzz::UnicodeBuffer) -> rustybuzz::GlyphBuffer {
        let (direction, script, language) =
            (buffer.direction(), buffer.script(), buffer.language());
        // Text of common characters alone (digits, dates, punctuation) has no script: its plan
        // is made without one, as `rustybuzz::shape` would, and cached like the others.
        let cacheable = direction != rustybuzz::Direction::Invalid;
        let Some(mut plans) = self.plans.try_borrow_mut().ok().filter(|_| cacheable) else {
            return rustybuzz::shape(&self.shaper, &[], buffer);
        };
        let found = plans
            .iter()
            .position(|(d, s, l, _)| *d == direction && *s == script && *l == language);
        let index = found.unwrap_or_else(|| {
            let plan = rustybuzz::ShapePlan::new(
                &self.shaper,
                direction,
                (script != rustybuzz::script::UNKNOWN).then_some(script),
                language.as_ref(),
                &[],
            );
            plans.push((direction, script, language, plan));
            plans.len() - 1
        });
        match plans.get(index) {
            Some((_, _, _, plan)) => rustybuzz::shape_with_plan(&self.shaper, plan, buffer),
            None => rustybuzz::shape(&self.shaper, &[], buffer),
        }
    }

    /// Shapes `text` with the given segment properties into glyphs in font units, each with
    /// its cluster's text (from its cluster start to the next cluster start).
    pub fn shape_text(
        &self,
        text: &str,
        direction: rustybuzz::Direction,
        script: rustybuzz::Script,
        language: Option<&rustybuzz::Language>,
    ) -> Vec<RawGlyph> {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(direction);
        if script != rustybuzz::script::UNKNOWN {
            buffer.set_script(script);
        }
        if let Some(language) = language {
            buffer.set_language(language.clone());
        }
        buffer.guess_segment_properties();
        self.shape_buffer(buffer, text.len())
    }

    /// [`Loaded::shape_text`] of a buffer already holding `len` bytes of text with its segment
    /// properties set.
    pub fn shape_buffer(&self, buffer: rustybuzz::UnicodeBuffer, len: usize) -> Vec<RawGlyph> {
        let output = self.shape(buffer);
        let mut starts: Vec<usize> = output
            .glyph_infos()
            .iter()
            .map(|i| i.cluster as usize)
            .collect();
        starts.sort_unstable();
        starts.dedup();
        let cluster_end = |start: usize| {
            let next = starts.partition_point(|&s| s <= start);
            starts.get(next).copied().unwrap_or(len)
        };
        output
            .glyph_infos()
            .iter()
            .zip(output.glyph_positions())
            .map(|(info, pos)| RawGlyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                x_advance: pos.x_advance,
                x_offset: pos.x_offset,
                y_offset: pos.y_offset,
                y_advance: pos.y_advance,
                start: info.cluster as usize,
                end: cluster_end(info.cluster as usize),
            })
            .collect()
    }

    /// [`Loaded::shape_text`] of one word (with its trailing spaces), from the cache when the
    /// face has shaped it before in this script and language.
    pub fn shape_word(
        &self,
        word: &str,
        direction: rustybuzz::Direction,
        script: rustybuzz::Script,
        language: Option<&rustybuzz::Language>,
    ) -> Rc<[RawGlyph]> {
        let Ok(mut tables) = self.words.try_borrow_mut() else {
            return self.shape_text(word, direction, script, language).into();
        };
        let index = match tables
            .iter()
            .position(|(s, l, _)| *s == script && l.as_ref() == language)
        {
            Some(index) => index,
            None => {
                tables.push((script, language.cloned(), rustc_hash::FxHashMap::default()));
                tables.len() - 1
            }
        };
        let Some((_, _, table)) = tables.get_mut(index) else {
            return self.shape_text(word, direction, script, language).into();
        };
        if let Some(glyphs) = table.get(word) {
            return Rc::clone(glyphs);
        }
        let glyphs: Rc<[RawGlyph]> = self.shape_text(word, direction, script, language).into();
        if table.len() < MAX_WORDS {
            table.insert(word.to_owned(), Rc::clone(&glyphs));
        }
        glyphs
    }

    /// Whether shaping a word at a time gives this face's glyphs exactly as shaping whole runs
    /// does: decided once, from the layout tables when the face has OpenType layout alone
    /// ([`space_layout::ignores_space`]), else by [`Loaded::probe_spaces_apart`].
    pub fn spaces_apart(&self) -> bool {
        *self.spaces_apart.get_or_init(|| {
            let Some(space) = self.shaper.glyph_index(' ') else {
                return false;
            };
            space_layout::ignores_space(&self.shaper, space)
                .unwrap_or_else(|| self.probe_spaces_apart())
        })
    }

    /// Whether every likely neighbour of a space (ASCII, Latin-1, general punctuation), shaped
    /// between spaces left to right in Latin, gives the same glyphs whole and word by word.
    fn probe_spaces_apart(&self) -> bool {
        let mut probe = String::from(" ");
        for c in space_neighbours().filter(|&c| self.has(c)) {
            probe.push(c);
            probe.push(' ');
        }
        let ltr = rustybuzz::Direction::LeftToRight;
        let latin = rustybuzz::script::LATIN;
        let whole = self.shape_text(&probe, ltr, latin, None);
        let mut by_words = Vec::with_capacity(whole.len());
        for (start, word) in words(&probe) {
            by_words.extend(
                self.shape_text(word, ltr, latin, None)
                    .iter()
                    .map(|g| g.shifted(start)),
            );
        }
        whole == by_words
    }

    /// Whether the face has a glyph for `c`.
    fn has(&self, c: char) -> bool {
        let code = c as u32;
        if code < 128 {
            self.ascii & (1u128 << code) != 0
        } else {
            self.shaper.glyph_index(c).is_some()
        }
    }
}

/// The faces of one export, borrowed from a [`FontSet`].
pub(crate) struct Fonts<'a> {
    /// The body face, which also stands in for a missing optional face.
    body: Loaded<'a>,
    /// The other faces by [`Face`] index (`None` for the body's slot and missing ones).
    faces: Vec<Option<Loaded<'a>>>,
}

impl<'a> Fonts<'a> {
    /// Loads every face present; the base files are required, the fonts of single scripts
    /// (CJK, Indic, Thai) optional.
    pub fn load(set: &'a FontSet) -> Result<Fonts<'a>, PdfError> {
        let body = load_face(set, Face::Text)?.ok_or_else(|| missing(Face::Text))?;
        let mut faces = Vec::with_capacity(Face::ALL.len());
        for face in Face::ALL {
            faces.push(match face {
                Face::Text => None,
                _ if face.by_script() => load_face(set, face)?,
                _ => Some(load_face(set, face)?.ok_or_else(|| missing(face))?),
            });
        }
        Ok(Fonts { body, faces })
    }

    /// The loaded face (the body face when an optional one is missing).
    pub fn get(&self, face: Face) -> &Loaded<'a> {
        self.faces
            .get(face.index())
            .and_then(Option::as_ref)
            .unwrap_or(&self.body)
    }

    fn has(&self, face: Face, c: char) -> bool {
        let loaded = match face {
            Face::Text => Some(&self.body),
            _ => self.faces.get(face.index()).and_then(Option::as_ref),
        };
        loaded.is_some_and(|f| f.has(c))
    }

    /// The face for `c`. `previous` is the choice for the character before it (marks,
    /// joiners and neutral punctuation stay with it), `next` the character after it (a
    /// variation selector 16 asks for emoji), `emoji` whether the site marked the text as an
    /// emoji.
    pub fn pick(
        &self,
        c: char,
        weight: Weight,
        previous: Option<Choice>,
        next: Option<char>,
        emoji: bool,
    ) -> Choice {
        // ASCII that the weight's text face has, after nothing or after that same face, and
        // not the base of an emoji sequence: the text face, which the rules below give too
        // (ASCII never continues a cluster; the emoji face is not taken for it when the text
        // face has it and the span is not an emoji; a neutral keeps a previous face only when
        // that face is this one). Most characters of most posts.
        if c.is_ascii() && !emoji && next != Some('\u{FE0F}') && next != Some('\u{20E3}') {
            let face = weight.chain()[0];
            let first = weight.choice(face);
            if self.has(face, c) && previous.is_none_or(|p| p == first) {
                return first;
            }
        }
        self.pick_by_rules(c, weight, previous, next, emoji)
    }

    /// [`Fonts::pick`] without its shortcut for ASCII.
    fn pick_by_rules(
        &self,
        c: char,
        weight: Weight,
        previous: Option<Choice>,
        next: Option<char>,
        emoji: bool,
    ) -> Choice {
        let plain = |face: Face| Choice {
            face,
            fake_bold: false,
        };
        if continues_cluster(c) {
            if let Some(prev) = previous {
                return prev;
            }
        }
        let wants_emoji = next == Some('\u{FE0F}') || next == Some('\u{20E3}');
        if !c.is_whitespace() && self.has(Face::Emoji, c) {
            let text_has_it = weight.chain().iter().any(|&f| self.has(f, c));
            let pictograph = (c as u32) >= 0x1F000 && !c.is_ascii();
            if emoji && !c.is_ascii_alphanumeric() || wants_emoji || pictograph || !text_has_it {
                return plain(Face::Emoji);
            }
        }
        if is_neutral(c) {
            if let Some(prev) = previous {
                if weight.chain().contains(&prev.face) && self.has(prev.face, c) {
                    return prev;
                }
            }
        }
        for face in weight.chain() {
            if self.has(face, c) {
                return weight.choice(face);
            }
        }
        plain(weight.chain()[0])
    }
}

fn missing(face: Face) -> PdfError {
    PdfError::MissingFont(face.file().to_owned())
}

/// Loads `face` from `set`; `None` when the file is not there.
fn load_face(set: &FontSet, face: Face) -> Result<Option<Loaded<'_>>, PdfError> {
    let name = face.file();
    let Some(bytes) = set.get(name) else {
        return Ok(None);
    };
    let bad = || PdfError::BadFont(name.to_owned());
    let shaper = rustybuzz::Face::from_slice(bytes.as_slice(), 0).ok_or_else(bad)?;
    let data: Arc<dyn AsRef<[u8]> + Send + Sync> = bytes.clone();
    let pdf = krilla::text::Font::new(data.into(), 0).ok_or_else(bad)?;
    let upem = shaper.units_per_em().max(1) as f32;
    // As `glyph_index` answers, with the Unicode subtables found and parsed once instead of
    // for every character (that was a tenth of an export's fixed cost).
    let unicode: Vec<_> = shaper
        .tables()
        .cmap
        .map(|cmap| {
            cmap.subtables
                .into_iter()
                .filter(|t| t.is_unicode())
                .collect()
        })
        .unwrap_or_default();
    let ascii = (0u32..128)
        .filter(|&code| unicode.iter().any(|t| t.glyph_index(code).is_some()))
        .fold(0u128, |bits, code| bits | 1u128 << code);
    Ok(Some(Loaded {
        ascender: f32::from(shaper.ascender()) / upem,
        descender: -f32::from(shaper.descender()) / upem,
        ascii,
        plans: RefCell::new(Vec::new()),
        words: RefCell::new(Vec::new()),
        spaces_apart: OnceCell::new(),
        shaper,
        pdf,
    }))
}

/// Characters that belong to the character before them: combining marks, joiners, variation
/// selectors, emoji modifiers and tags — and from Devanagari on, every mark (the vowel signs
/// and viramas of the Indic scripts and Thai, whatever their block).
pub(crate) fn continues_cluster(c: char) -> bool {
    use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};
    // Most text is below the first range: one comparison, not the whole list.
    (c as u32) >= 0x0300
        && (matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x05BF | 0x05C1..=0x05C2
        | 0x05C4..=0x05C5 | 0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670
        | 0x06D6..=0x06DC | 0x06DF..=0x06E4 | 0x06E7..=0x06E8 | 0x06EA..=0x06ED
        | 0x08D3..=0x08FF | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200D | 0x20D0..=0x20FF
        | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0x1F3FB..=0x1F3FF | 0xE0020..=0xE007F
        | 0xE0100..=0xE01EF)
            || ((c as u32) >= 0x0900 && c.general_category_group() == GeneralCategoryGroup::Mark))
}

/// Spaces, punctuation and symbols shared by every script: they keep the face of the text
/// around them when it has them, so a Hebrew or CJK phrase stays one run.
fn is_neutral(c: char) -> bool {
    !c.is_alphanumeric() && !continues_cluster(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Post, Segment};

    #[test]
    fn the_cjk_font_is_needed_only_for_cjk_text() {
        let mut thread = Thread {
            posts: vec![Post {
                text: vec![Segment::Text {
                    text: "Hello שלום مرحبا 👋".into(),
                }],
                ..Post::default()
            }],
            ..Thread::default()
        };
        let english = Labels::default();
        assert_eq!(font_files(&thread, &english), BASE_FONT_FILES.to_vec());
        // The PDF's own words count: in Japanese, they need the CJK font.
        let japanese = Labels {
            months: ["1月"; 12].map(str::to_owned).to_vec(),
            ..Labels::default()
        };
        assert_eq!(font_files(&thread, &japanese).last(), Some(&CJK));
        thread.posts[0].text.push(Segment::Text {
            text: "こんにちは".into(),
        });
        assert_eq!(font_files(&thread, &english).last(), Some(&CJK));
    }

    /// The fonts `tools/fonts.sh` builds (`./build.sh` runs it before the tests), or `None`
    /// with a note before it has run.
    fn built_font_set() -> Option<FontSet> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fonts");
        let set = FontSet::from_dir(&dir).unwrap();
        if Fonts::load(&set).is_err() {
            eprintln!(
                "skipped: no fonts in {} (tools/fonts.sh builds them)",
                dir.display()
            );
            return None;
        }
        Some(set)
    }

    #[test]
    fn the_ascii_shortcut_picks_what_the_rules_pick() {
        let Some(set) = built_font_set() else {
            return;
        };
        // The whole set, and one without the optional CJK face.
        let mut partial = set.clone();
        partial.files.remove(CJK);
        for set in [set, partial] {
            let fonts = Fonts::load(&set).unwrap();
            let previous: Vec<Option<Choice>> = std::iter::once(None)
                .chain(Face::ALL.iter().flat_map(|&face| {
                    [false, true].map(|fake_bold| Some(Choice { face, fake_bold }))
                }))
                .collect();
            let nexts = [
                None,
                Some('a'),
                Some(' '),
                Some('\u{FE0F}'),
                Some('\u{20E3}'),
            ];
            for c in (0u8..128).map(char::from) {
                for weight in [Weight::Regular, Weight::Bold, Weight::Italic] {
                    for &prev in &previous {
                        for next in nexts {
                            for emoji in [false, true] {
                                assert_eq!(
                                    fonts.pick(c, weight, prev, next, emoji),
                                    fonts.pick_by_rules(c, weight, prev, next, emoji),
                                    "{c:?} {weight:?} after {prev:?} before {next:?} emoji {emoji}"
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn words_keep_their_trailing_spaces() {
        fn split(text: &str) -> Vec<(usize, &str)> {
            words(text).collect()
        }
        assert_eq!(split("a  b c"), vec![(0, "a  "), (3, "b "), (5, "c")]);
        assert_eq!(split("  lead"), vec![(0, "  "), (2, "lead")]);
        assert_eq!(split("né à"), vec![(0, "né "), (4, "à")]);
        assert_eq!(split(""), Vec::<(usize, &str)>::new());
    }

    #[test]
    fn shaping_a_word_at_a_time_gives_the_same_glyphs_as_whole_runs() {
        let Some(set) = built_font_set() else {
            return;
        };
        let fonts = Fonts::load(&set).unwrap();
        let seed = include_str!("../../tests/pdf/seed-thread.txt");
        let extra = [
            "“Quoted,” she said — it's 10:30 a.m. (café) naïve façade… ¿Qué? «Oui» 50% off!",
            "AVA To Ty Wa Yo LT fi fl ffi ff 1/2 -> => !== #hashtag @handle https://t.co/x",
            "Καλημέρα κόσμε, Привет мир, Ünïcödé  double  spaces ",
        ];
        let ltr = rustybuzz::Direction::LeftToRight;
        for face in [Face::Text, Face::TextBold, Face::TextItalic] {
            let loaded = fonts.get(face);
            assert!(loaded.spaces_apart(), "{face:?}: the word cache is in use");
            for line in seed.lines().chain(extra) {
                let mut guess = rustybuzz::UnicodeBuffer::new();
                guess.push_str(line);
                guess.guess_segment_properties();
                let (script, language) = (guess.script(), guess.language());
                let whole = loaded.shape_text(line, ltr, script, language.as_ref());
                let mut by_words = Vec::new();
                // Twice: shaped, then from the cache.
                for _ in 0..2 {
                    by_words.clear();
                    for (start, word) in words(line) {
                        let shaped = loaded.shape_word(word, ltr, script, language.as_ref());
                        by_words.extend(shaped.iter().map(|g| g.shifted(start)));
                    }
                    assert_eq!(whole, by_words, "{face:?}: {line}");
                }
            }
        }
    }

    #[test]
    fn the_layout_tables_tell_whether_words_shape_apart_as_the_probe_does() {
        // Test fonts whose layout does or does not look at the space (tests/pdf/fonts).
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pdf/fonts");
        let cases = [
            ("kerned-space.ttf", false, "A Tower"),
            ("contextual-space.ttf", false, "a b"),
            ("plain-kerning.ttf", true, "AV To A Vo T o"),
        ];
        let ltr = rustybuzz::Direction::LeftToRight;
        let latin = rustybuzz::script::LATIN;
        for (file, apart, text) in cases {
            let mut set = FontSet::new();
            set.insert(Face::Text.file(), std::fs::read(dir.join(file)).unwrap());
            let loaded = load_face(&set, Face::Text).unwrap().unwrap();
            let space = loaded.shaper.glyph_index(' ').unwrap();
            let from_tables = space_layout::ignores_space(&loaded.shaper, space);
            assert_eq!(from_tables, Some(apart), "{file}: read from the tables");
            assert_eq!(loaded.probe_spaces_apart(), apart, "{file}: probed");
            assert_eq!(loaded.spaces_apart(), apart, "{file}");
            // What the answer protects: the words of `text` shaped apart give other glyphs
            // than the whole line exactly when the layout looks at the space.
            let whole = loaded.shape_text(text, ltr, latin, None);
            let mut by_words = Vec::new();
            for (start, word) in words(text) {
                let shaped = loaded.shape_text(word, ltr, latin, None);
                by_words.extend(shaped.iter().map(|g| g.shifted(start)));
            }
            assert_eq!(whole == by_words, apart, "{file}: {text}");
        }

        // The shipped faces: the tables and the probe agree.
        let Some(set) = built_font_set() else {
            return;
        };
        let fonts = Fonts::load(&set).unwrap();
        for face in Face::ALL {
            let loaded = fonts.get(face);
            let Some(space) = loaded.shaper.glyph_index(' ') else {
                continue;
            };
            let from_tables = space_layout::ignores_space(&loaded.shaper, space);
            assert_eq!(
                from_tables,
                Some(loaded.probe_spaces_apart()),
                "{face:?}: the tables and the probe"
            );
        }
    }

    #[test]
    fn cached_plans_shape_as_rustybuzz_does_with_or_without_a_script() {
        let Some(set) = built_font_set() else {
            return;
        };
        let fonts = Fonts::load(&set).unwrap();
        let texts = [
            "1/14",
            "12:30 · Mar 3, 2026",
            "— 2,345 (50%) …",
            "Hello, world",
            "שלום 12",
            "مرحبا",
            "🧵👇",
        ];
        // Each glyph's id, cluster and position.
        let glyphs = |b: &rustybuzz::GlyphBuffer| {
            b.glyph_infos()
                .iter()
                .zip(b.glyph_positions())
                .map(|(i, p)| {
                    let place = (p.x_advance, p.y_advance, p.x_offset, p.y_offset);
                    (i.glyph_id, i.cluster, place)
                })
                .collect::<Vec<_>>()
        };
        let faces = std::iter::once(&fonts.body).chain(fonts.faces.iter().flatten());
        for loaded in faces {
            for text in texts {
                let buffer = || {
                    let mut buffer = rustybuzz::UnicodeBuffer::new();
                    buffer.push_str(text);
                    buffer.guess_segment_properties();
                    buffer
                };
                let expected = rustybuzz::shape(&loaded.shaper, &[], buffer());
                // Twice: the plan made, then the plan from the cache.
                for _ in 0..2 {
                    let shaped = loaded.shape(buffer());
                    assert_eq!(glyphs(&shaped), glyphs(&expected), "{text}");
                }
            }
            let plans = loaded.plans.borrow();
            assert!(
                plans
                    .iter()
                    .any(|(_, script, _, _)| *script == rustybuzz::script::UNKNOWN),
                "text without a script has a cached plan"
            );
        }
    }

    #[test]
    fn ascii_coverage_agrees_with_the_cmap() {
        let Some(set) = built_font_set() else {
            return;
        };
        let fonts = Fonts::load(&set).unwrap();
        let faces = std::iter::once(&fonts.body).chain(fonts.faces.iter().flatten());
        for loaded in faces {
            for c in (0u8..128).map(char::from).chain(['é', '€', '👋', 'ש']) {
                assert_eq!(
                    loaded.has(c),
                    loaded.shaper.glyph_index(c).is_some(),
                    "{c:?}"
                );
            }
        }
    }
}
