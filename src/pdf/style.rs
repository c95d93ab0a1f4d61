//! The look of the page: paper, margins, type sizes, colours and spacing, in one place.
//!
//! All lengths are PDF points (1/72 inch). The measure (text width) stays at ~68 characters
//! of body type whatever the paper, so A4 and Letter differ only in their margins.

use super::fonts::Weight;
use super::Paper;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

/// Body text: near-black, softer than pure black on screen and paper.
pub(crate) const INK: Rgb = Rgb(0x1c, 0x1c, 0x1e);
/// Secondary text: handles, dates, captions.
pub(crate) const MUTED: Rgb = Rgb(0x6e, 0x6e, 0x73);
/// Tertiary text: post numbers, the footer.
pub(crate) const FAINT: Rgb = Rgb(0x9a, 0x9a, 0xa0);
/// Links, mentions and hashtags: a quiet ink blue.
pub(crate) const LINK: Rgb = Rgb(0x1f, 0x5a, 0x96);
/// A poll choice's share.
pub(crate) const POLL_BAR: Rgb = Rgb(0xd6, 0xe6, 0xf5);
/// The verified badge.
pub(crate) const VERIFIED: Rgb = Rgb(0x1d, 0x9b, 0xf0);
/// Hairlines and box borders.
pub(crate) const RULE: Rgb = Rgb(0xd8, 0xd8, 0xdc);
/// Quote and placeholder backgrounds.
pub(crate) const WASH: Rgb = Rgb(0xf6, 0xf6, 0xf7);

/// The page and its text block.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageGeometry {
    pub width: f32,
    pub height: f32,
    /// Left edge of the text block.
    pub left: f32,
    /// Width of the text block (the measure).
    pub measure: f32,
    /// Top of the text block.
    pub top: f32,
    /// Bottom of the text block: nothing but the footer goes below it.
    pub bottom: f32,
    /// Baseline of the running footer.
    pub footer_baseline: f32,
}

/// The measure: ~68 characters of 10.5 pt Literata.
const MEASURE: f32 = 372.0;

impl PageGeometry {
    pub fn new(paper: Paper) -> PageGeometry {
        let (width, height) = match paper {
            Paper::A4 => (595.276, 841.89),
            Paper::Letter => (612.0, 792.0),
        };
        PageGeometry {
            width,
            height,
            left: ((width - MEASURE) / 2.0).round(),
            measure: MEASURE,
            top: 74.0,
            bottom: height - 82.0,
            footer_baseline: height - 46.0,
        }
    }

    pub fn right(&self) -> f32 {
        self.left + self.measure
    }
}

/// How a piece of text is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextStyle {
    pub size: f32,
    pub weight: Weight,
    pub color: Rgb,
    /// Extra space after each character, in em (letter-spacing for small labels).
    pub tracking: f32,
}

impl TextStyle {
    const fn new(size: f32, weight: Weight, color: Rgb) -> TextStyle {
        TextStyle {
            size,
            weight,
            color,
            tracking: 0.0,
        }
    }

    /// The same style in bold.
    pub const fn bold(self) -> TextStyle {
        TextStyle {
            weight: Weight::Bold,
            ..self
        }
    }

    /// The same style in another colour.
    pub const fn colored(self, color: Rgb) -> TextStyle {
        TextStyle { color, ..self }
    }
}

/// Post text.
pub(crate) const BODY: TextStyle = TextStyle::new(10.5, Weight::Regular, INK);
/// Line height of post text, as a multiple of its size.
pub(crate) const BODY_LEADING: f32 = 1.56;
/// The thread's title.
pub(crate) const TITLE: TextStyle = TextStyle::new(21.0, Weight::Bold, INK);
pub(crate) const TITLE_LEADING: f32 = 1.22;
/// The small label above the title.
pub(crate) const KICKER: TextStyle = TextStyle {
    tracking: 0.14,
    ..TextStyle::new(7.5, Weight::Bold, FAINT)
};
/// The author's name in the title block.
pub(crate) const BYLINE_NAME: TextStyle = TextStyle::new(10.5, Weight::Bold, INK);
/// Handle, date, post count, source in the title block.
pub(crate) const BYLINE_META: TextStyle = TextStyle::new(9.0, Weight::Regular, MUTED);
/// Post numbers (and times) in the margin.
pub(crate) const MARGIN_NOTE: TextStyle = TextStyle::new(7.5, Weight::Regular, FAINT);
/// Quoted posts: the author line and the text.
pub(crate) const QUOTE_NAME: TextStyle = TextStyle::new(9.0, Weight::Bold, INK);
pub(crate) const QUOTE_META: TextStyle = TextStyle::new(8.5, Weight::Regular, MUTED);
pub(crate) const QUOTE_BODY: TextStyle = TextStyle::new(9.5, Weight::Regular, INK);
pub(crate) const QUOTE_LEADING: f32 = 1.5;
/// Link cards.
pub(crate) const CARD_DOMAIN: TextStyle = TextStyle::new(8.0, Weight::Regular, MUTED);
pub(crate) const CARD_TITLE: TextStyle = TextStyle::new(9.5, Weight::Bold, INK);
/// Poll choices.
pub(crate) const POLL: TextStyle = TextStyle::new(9.5, Weight::Regular, INK);
/// Captions under photos and videos (alt text, "▶ Video — link").
pub(crate) const CAPTION: TextStyle = TextStyle::new(8.5, Weight::Italic, MUTED);
pub(crate) const CAPTION_LEADING: f32 = 1.45;
/// Notes set apart from the text: a content warning.
pub(crate) const NOTE: TextStyle = TextStyle::new(8.5, Weight::Regular, MUTED);
pub(crate) const NOTE_LABEL: TextStyle = TextStyle::new(8.5, Weight::Bold, MUTED);
/// The running footer.
pub(crate) const FOOTER: TextStyle = TextStyle::new(7.5, Weight::Regular, FAINT);

/// Space between posts.
pub(crate) const POST_GAP: f32 = 18.0;
/// Space for a blank line inside a post, as a share of the body line height.
pub(crate) const PARAGRAPH_GAP: f32 = 0.55;
/// Space around photos, quotes and cards inside a post.
pub(crate) const BLOCK_GAP: f32 = 9.0;
/// Space between photos side by side or stacked.
pub(crate) const PHOTO_GUTTER: f32 = 4.0;
/// Corner radius of photos and boxes.
pub(crate) const RADIUS: f32 = 4.0;
/// The tallest a photo row may be, as a share of the text block's height.
pub(crate) const PHOTO_MAX_HEIGHT: f32 = 0.5;
/// Inner padding of quote boxes and cards.
pub(crate) const BOX_PADDING: f32 = 11.0;
/// Size of the avatar in the title block and of a card's thumbnail.
pub(crate) const AVATAR: f32 = 34.0;
pub(crate) const THUMBNAIL: f32 = 58.0;
/// Gap between the margin notes (post numbers) and the text.
pub(crate) const MARGIN_NOTE_GAP: f32 = 14.0;
/// Border width of boxes and rules.
pub(crate) const HAIRLINE: f32 = 0.6;
