//! Layout: the thread as a column of blocks (title block, posts, photos, quotes, cards), cut
//! into pages.
//!
//! Everything is first set into [`Unit`]s — a line of text, a row of photos, a card — each
//! with its height and what it draws; then [`paginate`] fills pages top to bottom. A unit that
//! must not end a page (the first line of a paragraph, a photo before its caption, the lines of
//! a quote) keeps with the next one, so a chain moves to a new page whole when it fits on one;
//! spacing units vanish at the top of a page. Quote boxes are frames drawn around whatever part
//! of them each page holds.

use std::collections::HashMap;

use krilla::image::Image;

use super::fonts::Fonts;
use super::images::{prepare_shared, ImageStore, Picture};
use super::lines::{break_lines, place, PlacedLine, PlacedRun};
use super::shape::{shape, RichText};
use super::style::{self, PageGeometry, Rgb, TextStyle};
use super::PdfOptions;
use crate::dates::Moment;
use crate::model::{Card, Media, MediaKind, Poll, Post, Quote, Segment, Thread};

/// Something drawn on a page (coordinates from the page's top left, y down).
#[derive(Debug, Clone)]
pub(crate) enum Item {
    /// A run of glyphs on a baseline.
    Text {
        x: f32,
        baseline: f32,
        run: PlacedRun,
    },
    /// An image scaled into a rectangle, optionally clipped.
    Image {
        rect: Rect,
        image: Image,
        clip: Option<Clip>,
    },
    /// A rectangle, filled and/or stroked, with rounded corners.
    Box {
        rect: Rect,
        fill: Option<Rgb>,
        stroke: Option<Rgb>,
        radius: f32,
    },
    /// A horizontal hairline.
    Rule { x0: f32, x1: f32, y: f32 },
    /// A round "play" badge centred on a video poster.
    PlayBadge { cx: f32, cy: f32, radius: f32 },
    /// The site's verified badge: a blue disc with a white check.
    Verified { cx: f32, cy: f32, radius: f32 },
}

/// Where an image is clipped: a rectangle with rounded corners (a circle when the radius is
/// half its side).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clip {
    pub rect: Rect,
    pub radius: f32,
}

/// An axis-aligned rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    fn shifted(self, dy: f32) -> Rect {
        Rect {
            y: self.y + dy,
            ..self
        }
    }
}

/// A clickable area.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Link {
    pub rect: Rect,
    pub url: String,
}

impl Item {
    fn shifted(self, dy: f32) -> Item {
        match self {
            Item::Text { x, baseline, run } => Item::Text {
                x,
                baseline: baseline + dy,
                run,
            },
            Item::Image { rect, image, clip } => Item::Image {
                rect: rect.shifted(dy),
                image,
                clip: clip.map(|c| Clip {
                    rect: c.rect.shifted(dy),
                    ..c
                }),
            },
            Item::Box {
                rect,
                fill,
                stroke,
                radius,
            } => Item::Box {
                rect: rect.shifted(dy),
                fill,
                stroke,
                radius,
            },
            Item::Rule { x0, x1, y } => Item::Rule { x0, x1, y: y + dy },
            Item::PlayBadge { cx, cy, radius } => Item::PlayBadge {
                cx,
                cy: cy + dy,
                radius,
            },
            Item::Verified { cx, cy, radius } => Item::Verified {
                cx,
                cy: cy + dy,
                radius,
            },
        }
    }
}

/// One page, ready to write.
#[derive(Debug, Clone, Default)]
pub(crate) struct Page {
    pub items: Vec<Item>,
    pub links: Vec<Link>,
}

/// An outline entry: a post's title and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bookmark {
    pub title: String,
    pub page: usize,
    pub y: f32,
}

/// The laid-out document.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub geometry: PageGeometry,
    pub pages: Vec<Page>,
    pub bookmarks: Vec<Bookmark>,
}

/// A vertical piece of the column.
#[derive(Debug, Clone, Default)]
struct Unit {
    height: f32,
    items: Vec<Item>,
    links: Vec<Link>,
    /// Must not be the last unit on a page when the next one can follow it.
    keep_with_next: bool,
    /// Vertical space only: dropped at the top of a page.
    gap: bool,
    /// The frame (quote box) it belongs to.
    frame: Option<usize>,
    bookmark: Option<String>,
}

impl Unit {
    fn gap(height: f32) -> Unit {
        Unit {
            height,
            gap: true,
            ..Unit::default()
        }
    }

    /// Draws `lines` (units of one line each) inside this unit, one under the other from `y`.
    fn stack(&mut self, lines: Vec<Unit>, mut y: f32) {
        for line in lines {
            self.items
                .extend(line.items.into_iter().map(|i| i.shifted(y)));
            self.links.extend(line.links.into_iter().map(|mut l| {
                l.rect = l.rect.shifted(y);
                l
            }));
            y += line.height;
        }
    }
}

/// A box drawn around the units that belong to it, on each page they reach.
#[derive(Debug, Clone, Copy)]
struct Frame {
    x: f32,
    w: f32,
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
}

/// Lays out `thread`.
pub(crate) fn lay_out(
    thread: &Thread,
    options: &PdfOptions,
    images: &ImageStore,
    fonts: &Fonts,
) -> Document {
    let geometry = PageGeometry::new(options.paper);
    let mut column = Column {
        fonts,
        geometry,
        options,
        images,
        pictures: HashMap::new(),
        units: Vec::new(),
        frames: Vec::new(),
    };
    column.title_block(thread);
    let count = thread.posts.len();
    for (index, post) in thread.posts.iter().enumerate() {
        column.post(post, index, count);
    }
    let mut document = paginate(column.units, &column.frames, geometry);
    footers(&mut document, thread, fonts);
    document
}

struct Column<'a, 'f> {
    fonts: &'a Fonts<'f>,
    geometry: PageGeometry,
    options: &'a PdfOptions,
    images: &'a ImageStore,
    /// Prepared images by URL (`None`: missing or unreadable).
    pictures: HashMap<String, Option<Picture>>,
    units: Vec<Unit>,
    frames: Vec<Frame>,
}

/// Text set into lines, ready to become units.
struct SetText {
    lines: Vec<PlacedLine>,
    rtl: bool,
}

impl Column<'_, '_> {
    // --- text --------------------------------------------------------------------------------

    fn set(&self, rich: RichText, width: f32) -> SetText {
        let shaped = shape(rich, self.fonts);
        let lines = break_lines(&shaped, width)
            .iter()
            .map(|line| place(&shaped, line))
            .collect();
        SetText {
            lines,
            rtl: shaped.rtl,
        }
    }

    /// Where the baseline of a line of `size` sits in a line box of `height`.
    fn baseline(&self, size: f32, height: f32) -> f32 {
        let body = self.fonts.get(super::fonts::Face::Text);
        let (asc, desc) = (body.ascender * size, body.descender * size);
        (height - (asc + desc)) / 2.0 + asc
    }

    /// One unit per line of `text`, set at `x` in a column `width` wide; keeps the first two
    /// and the last two lines of the paragraph together (no widows or orphans).
    fn lines_to_units(&self, text: SetText, x: f32, width: f32, leading: f32) -> Vec<Unit> {
        let count = text.lines.len();
        text.lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| {
                let height = (line.size * leading).max(1.0);
                let baseline = self.baseline(line.size, height);
                let left = if text.rtl { x + width - line.width } else { x };
                let links = line_links(&line, left, baseline);
                let items = line
                    .runs
                    .into_iter()
                    .map(|run| Item::Text {
                        x: left + run.x,
                        baseline,
                        run,
                    })
                    .collect();
                Unit {
                    height,
                    items,
                    links,
                    keep_with_next: count > 1 && (i == 0 || i + 2 == count),
                    ..Unit::default()
                }
            })
            .collect()
    }

    /// A single line of text, laid out at `x` (or right-aligned to `x` when `right`).
    fn single_line(
        &self,
        rich: RichText,
        x: f32,
        baseline: f32,
        right: bool,
    ) -> (Vec<Item>, Vec<Link>, f32) {
        let text = self.set(rich, f32::INFINITY);
        let Some(line) = text.lines.into_iter().next() else {
            return (Vec::new(), Vec::new(), 0.0);
        };
        let left = if right { x - line.width } else { x };
        let width = line.width;
        let links = line_links(&line, left, baseline);
        let items = line
            .runs
            .into_iter()
            .map(|run| Item::Text {
                x: left + run.x,
                baseline,
                run,
            })
            .collect();
        (items, links, width)
    }

    /// Rich text from the model's segments, in `style` (links in the link colour).
    fn rich(&self, segments: &[Segment], style: TextStyle) -> Vec<RichText> {
        let mut paragraphs = vec![RichText::new()];
        for segment in segments {
            let Some(current) = paragraphs.last_mut() else {
                continue;
            };
            match segment {
                Segment::Text { text } => {
                    current.push(text, style, None);
                }
                Segment::Emoji { text } => {
                    current.push_emoji(text, style);
                }
                Segment::Link { text, url }
                | Segment::Mention { text, url }
                | Segment::Hashtag { text, url } => {
                    current.push(
                        text,
                        style.colored(style::LINK),
                        is_http(url).then_some(url.as_str()),
                    );
                }
                Segment::LineBreak => paragraphs.push(RichText::new()),
            }
        }
        paragraphs
    }

    /// The units of rich text (the model's lines; blank lines become paragraph space).
    fn text_units(
        &self,
        segments: &[Segment],
        style: TextStyle,
        leading: f32,
        x: f32,
        width: f32,
    ) -> Vec<Unit> {
        let mut units = Vec::new();
        let mut blank = false;
        for paragraph in self.rich(segments, style) {
            if paragraph.is_empty() {
                blank = !units.is_empty();
                continue;
            }
            if blank {
                units.push(Unit::gap(style.size * leading * style::PARAGRAPH_GAP));
                blank = false;
            }
            let set = self.set(paragraph, width);
            units.extend(self.lines_to_units(set, x, width, leading));
        }
        units
    }

    // --- images ------------------------------------------------------------------------------

    fn picture(&mut self, url: &str) -> Option<Picture> {
        if !self.options.images {
            return None;
        }
        if let Some(known) = self.pictures.get(url) {
            return known.clone();
        }
        let picture = self
            .images
            .shared(url)
            .and_then(|bytes| prepare_shared(bytes).ok());
        self.pictures.insert(url.to_owned(), picture.clone());
        picture
    }

    // --- the title block ---------------------------------------------------------------------

    fn title_block(&mut self, thread: &Thread) {
        let g = self.geometry;
        let count = thread.posts.len();
        let kicker = self
            .options
            .labels
            .kicker(thread.site_name.trim())
            .to_uppercase();
        let mut rich = RichText::new();
        rich.push(&kicker, style::KICKER, None);
        let set = self.set(rich, g.measure);
        self.units
            .extend(self.lines_to_units(set, g.left, g.measure, 1.6));
        self.units.push(Unit::gap(6.0));

        let mut rich = RichText::new();
        rich.push(
            &crate::markdown::title(thread, 90, &self.options.labels),
            style::TITLE,
            None,
        );
        let set = self.set(rich, g.measure);
        let mut title = self.lines_to_units(set, g.left, g.measure, style::TITLE_LEADING);
        for unit in &mut title {
            unit.keep_with_next = true;
        }
        self.units.extend(title);
        self.units.push(Unit::gap(14.0));

        // Byline: avatar, name and handle, then date · posts · source.
        let author = &thread.author;
        let avatar = author.avatar_url.as_deref().and_then(|u| self.picture(u));
        let mut unit = Unit::default();
        let text_x = if let Some(picture) = &avatar {
            let rect = Rect {
                x: g.left,
                y: 0.0,
                w: style::AVATAR,
                h: style::AVATAR,
            };
            unit.items.push(Item::Image {
                rect: cover(rect, picture.aspect()),
                image: picture.image.clone(),
                clip: Some(Clip {
                    rect,
                    radius: style::AVATAR / 2.0,
                }),
            });
            g.left + style::AVATAR + 10.0
        } else {
            g.left
        };
        let name = if author.name.trim().is_empty() {
            format!("@{}", author.handle)
        } else {
            author.name.clone()
        };
        let mut byline = RichText::new();
        let link = is_http(&author.url).then_some(author.url.as_str());
        byline.push(&name, style::BYLINE_NAME, link);
        let (items, links, mut x) = self.single_line(byline, text_x, 13.5, false);
        x += text_x;
        unit.items.extend(items);
        unit.links.extend(links);
        if author.verified {
            let radius = 4.4;
            unit.items.push(Item::Verified {
                cx: x + 3.0 + radius,
                cy: 13.5 - 3.7,
                radius,
            });
            x += 3.0 + 2.0 * radius;
        }
        if !author.handle.is_empty() {
            let mut handle = RichText::new();
            handle.push(&format!("@{}", author.handle), style::BYLINE_META, None);
            let (items, _, _) = self.single_line(handle, x + 5.0, 13.5, false);
            unit.items.extend(items);
        }

        let mut meta = RichText::new();
        let mut parts = Vec::new();
        if let Some(date) = thread
            .posts
            .first()
            .and_then(|p| p.time.as_deref())
            .and_then(|t| Moment::parse(t, self.options.utc_offset()))
        {
            parts.push(date.long_date(&self.options.labels));
        }
        parts.push(self.options.labels.post_count(count));
        meta.push(&parts.join("  ·  "), style::BYLINE_META, None);
        if is_http(&thread.source_url) {
            meta.push("  ·  ", style::BYLINE_META, None);
            let shown = display_url(&thread.source_url, 48);
            meta.push(
                &shown,
                style::BYLINE_META.colored(style::LINK),
                Some(&thread.source_url),
            );
        }
        let (items, links, _) = self.single_line(meta, text_x, 28.0, false);
        unit.items.extend(items);
        unit.links.extend(links);
        unit.height = style::AVATAR.max(32.0);
        unit.keep_with_next = true;
        self.units.push(unit);

        self.units.push(Unit {
            height: 34.0,
            items: vec![Item::Rule {
                x0: g.left,
                x1: g.right(),
                y: 17.0,
            }],
            keep_with_next: true,
            ..Unit::default()
        });
    }

    // --- posts -------------------------------------------------------------------------------

    fn post(&mut self, post: &Post, index: usize, count: usize) {
        let g = self.geometry;
        if index > 0 {
            self.units.push(Unit::gap(style::POST_GAP));
        }
        let first = self.units.len();
        if let Some(notice) = post.unavailable.as_deref() {
            // A post the page no longer shows: the site's notice is all there is.
            let mut rich = RichText::new();
            rich.push(notice.trim(), style::CAPTION, None);
            let unit = self.boxed(rich, g.left, g.measure, 9.0, 0.0);
            self.units.push(unit);
            self.margin_note(first, post, index, count);
            return;
        }
        if let Some(warning) = post
            .content_warning
            .as_deref()
            .filter(|w| !w.trim().is_empty())
        {
            let mut rich = RichText::new();
            rich.push(
                &format!("{} ", self.options.labels.content_warning),
                style::NOTE_LABEL,
                None,
            );
            rich.push(warning.trim(), style::NOTE, None);
            let unit = self.boxed(rich, g.left, g.measure, 7.0, 0.0);
            self.units.push(unit);
            self.units.push(Unit::gap(style::BLOCK_GAP));
        }
        let mut units = self.text_units(
            &post.text,
            style::BODY,
            style::BODY_LEADING,
            g.left,
            g.measure,
        );
        let text_lines = units.len();
        // A short text introducing a photo or a quote stays with it.
        let has_attachments = !post.media.is_empty()
            || post.poll.is_some()
            || post.quote.is_some()
            || post.card.is_some();
        if has_attachments && (1..=2).contains(&text_lines) {
            for unit in &mut units {
                unit.keep_with_next = true;
            }
        }
        self.units.extend(units);
        if !post.media.is_empty() {
            if text_lines > 0 {
                self.units.push(Unit::gap(style::BLOCK_GAP));
            }
            self.media(
                &post.media,
                g.left,
                g.measure,
                style::PHOTO_MAX_HEIGHT,
                post,
            );
        }
        if let Some(poll) = post.poll.as_ref().filter(|p| !p.options.is_empty()) {
            self.units.push(Unit::gap(style::BLOCK_GAP));
            self.poll(poll);
        }
        if let Some(quote) = &post.quote {
            self.units.push(Unit::gap(style::BLOCK_GAP));
            self.quote(quote);
        }
        if let Some(card) = &post.card {
            self.units.push(Unit::gap(style::BLOCK_GAP));
            self.card(card);
        }
        if let Some(note) = post.note.as_deref().filter(|n| !n.is_empty()) {
            self.units.push(Unit::gap(style::BLOCK_GAP));
            self.note(note);
        }
        if self.units.len() == first {
            // A post with nothing to show still gets its number and bookmark.
            self.units.push(Unit {
                height: style::BODY.size * style::BODY_LEADING,
                ..Unit::default()
            });
        }
        // A post never starts on the last line of a page: its first two lines (or its first
        // line and what follows) stay together.
        let mut seen = 0;
        for unit in self.units.iter_mut().skip(first) {
            if !unit.gap {
                seen += 1;
            }
            if seen >= 2 {
                break;
            }
            unit.keep_with_next = true;
        }
        self.margin_note(first, post, index, count);
    }

    /// The post's number (or time) in the margin, linking to the post; and its bookmark.
    fn margin_note(&mut self, first: usize, post: &Post, index: usize, count: usize) {
        let g = self.geometry;
        let note = if self.options.post_numbers {
            format!("{}/{count}", index + 1)
        } else {
            post.time
                .as_deref()
                .and_then(|t| Moment::parse(t, self.options.utc_offset()))
                .map_or_else(|| "·".to_owned(), |m| m.time())
        };
        let baseline = self
            .units
            .get(first)
            .and_then(|u| {
                u.items.iter().find_map(|i| match i {
                    Item::Text { baseline, .. } => Some(*baseline),
                    _ => None,
                })
            })
            .unwrap_or(style::BODY.size);
        let mut rich = RichText::new();
        rich.push(&note, style::MARGIN_NOTE, None);
        let (items, _, width) =
            self.single_line(rich, g.left - style::MARGIN_NOTE_GAP, baseline, true);
        let bookmark = format!(
            "{}. {}",
            index + 1,
            snippet(post, 60).unwrap_or_else(|| self.options.labels.no_text.clone())
        );
        let mut items = items;
        if post.edited {
            let mut edited = RichText::new();
            edited.push(&self.options.labels.edited, style::MARGIN_NOTE, None);
            let below = baseline + style::MARGIN_NOTE.size * 1.35;
            let (more, _, _) =
                self.single_line(edited, g.left - style::MARGIN_NOTE_GAP, below, true);
            items.extend(more);
        }
        if let Some(unit) = self.units.get_mut(first) {
            unit.items.extend(items);
            if is_http(&post.url) {
                let size = style::MARGIN_NOTE.size;
                unit.links.push(Link {
                    rect: Rect {
                        x: g.left - style::MARGIN_NOTE_GAP - width - 2.0,
                        y: baseline - size - 2.0,
                        w: width + 4.0,
                        h: size + 5.0,
                    },
                    url: post.url.clone(),
                });
            }
            unit.bookmark = Some(bookmark);
        }
    }

    // --- media -------------------------------------------------------------------------------

    /// Photos in rows (one, two side by side, one then two, two by two), videos and GIFs as
    /// their posters with a caption; what cannot be shown becomes a labelled placeholder.
    fn media(&mut self, media: &[Media], x: f32, width: f32, share: f32, post: &Post) {
        let max_height = (self.geometry.bottom - self.geometry.top) * share;
        let mut photos: Vec<Picture> = Vec::new();
        let mut placed = false;
        for m in media {
            let picture = if is_http(&m.url) {
                self.picture(&m.url)
            } else {
                None
            };
            if let (MediaKind::Photo, Some(photo)) = (m.kind, &picture) {
                photos.push(photo.clone());
                continue;
            }
            self.photo_group(
                std::mem::take(&mut photos),
                &mut placed,
                x,
                width,
                max_height,
            );
            if placed {
                self.units.push(Unit::gap(style::PHOTO_GUTTER * 2.0));
            }
            match (m.kind, picture) {
                (MediaKind::Video | MediaKind::Gif, Some(poster)) => {
                    self.video(m, poster, x, width, max_height, post);
                }
                _ => self.placeholder(m, x, width, post),
            }
            placed = true;
        }
        self.photo_group(photos, &mut placed, x, width, max_height);
    }

    /// Consecutive photos, after a gap when something came before them.
    fn photo_group(
        &mut self,
        photos: Vec<Picture>,
        placed: &mut bool,
        x: f32,
        width: f32,
        max_height: f32,
    ) {
        if photos.is_empty() {
            return;
        }
        if *placed {
            self.units.push(Unit::gap(style::PHOTO_GUTTER * 2.0));
        }
        self.photo_rows(photos, x, width, max_height);
        *placed = true;
    }

    fn photo_rows(&mut self, photos: Vec<Picture>, x: f32, width: f32, max_height: f32) {
        let rows: Vec<usize> = match photos.len() {
            1 => vec![1],
            2 => vec![2],
            3 => vec![1, 2],
            4 => vec![2, 2],
            n => std::iter::repeat_n(2, n / 2)
                .chain((n % 2 == 1).then_some(1))
                .collect(),
        };
        let mut rest = photos.as_slice();
        for (r, &n) in rows.iter().enumerate() {
            let (row, tail) = rest.split_at(n.min(rest.len()));
            rest = tail;
            if r > 0 {
                self.units.push(Unit {
                    height: style::PHOTO_GUTTER,
                    keep_with_next: true,
                    ..Unit::default()
                });
            }
            let gutters = style::PHOTO_GUTTER * (row.len().saturating_sub(1)) as f32;
            let aspects: f32 = row.iter().map(Picture::aspect).sum::<f32>().max(0.01);
            let height = ((width - gutters) / aspects).min(max_height);
            let row_width = height * aspects + gutters;
            let mut cx = x + (width - row_width) / 2.0;
            let mut unit = Unit {
                height,
                ..Unit::default()
            };
            for picture in row {
                let w = height * picture.aspect();
                let rect = Rect {
                    x: cx,
                    y: 0.0,
                    w,
                    h: height,
                };
                unit.items.push(Item::Image {
                    rect,
                    image: picture.image.clone(),
                    clip: Some(Clip {
                        rect,
                        radius: style::RADIUS,
                    }),
                });
                cx += w + style::PHOTO_GUTTER;
            }
            unit.keep_with_next = r + 1 < rows.len();
            self.units.push(unit);
        }
    }

    fn video(
        &mut self,
        m: &Media,
        poster: Picture,
        x: f32,
        width: f32,
        max_height: f32,
        post: &Post,
    ) {
        let height = (width / poster.aspect().max(0.01)).min(max_height);
        let w = height * poster.aspect();
        let rect = Rect {
            x: x + (width - w) / 2.0,
            y: 0.0,
            w,
            h: height,
        };
        self.units.push(Unit {
            height,
            items: vec![
                Item::Image {
                    rect,
                    image: poster.image,
                    clip: Some(Clip {
                        rect,
                        radius: style::RADIUS,
                    }),
                },
                Item::PlayBadge {
                    cx: rect.x + w / 2.0,
                    cy: height / 2.0,
                    radius: (height / 7.0).clamp(12.0, 22.0),
                },
            ],
            keep_with_next: true,
            ..Unit::default()
        });
        self.units.push(Unit {
            height: 3.0,
            keep_with_next: true,
            ..Unit::default()
        });
        let caption = self.video_caption(m, post);
        let set = self.set(caption, width);
        self.units
            .extend(self.lines_to_units(set, x, width, style::CAPTION_LEADING));
    }

    /// "▶ Video — x.com/…/status/…", linking to where the video plays.
    fn video_caption(&self, m: &Media, post: &Post) -> RichText {
        let labels = &self.options.labels;
        let label = if m.kind == MediaKind::Gif {
            &labels.gif
        } else {
            &labels.video
        };
        let link = m
            .link
            .as_deref()
            .filter(|l| is_http(l))
            .or_else(|| is_http(&post.url).then_some(post.url.as_str()));
        let mut rich = RichText::new();
        rich.push(&format!("▶ {label}"), style::CAPTION, None);
        if let Some(link) = link {
            rich.push(" — ", style::CAPTION, None);
            rich.push(
                &display_url(link, 60),
                style::CAPTION.colored(style::LINK),
                Some(link),
            );
        }
        rich
    }

    /// A labelled box where an image could not be shown (or a line, for text-only PDFs).
    fn placeholder(&mut self, m: &Media, x: f32, width: f32, post: &Post) {
        let mut rich = if m.kind == MediaKind::Photo {
            let mut rich = RichText::new();
            let labels = &self.options.labels;
            let label = if self.options.images {
                &labels.photo_missing
            } else {
                &labels.photo
            };
            rich.push(label, style::CAPTION, None);
            if is_http(&m.url) {
                rich.push(" — ", style::CAPTION, None);
                rich.push(
                    &display_url(&m.url, 52),
                    style::CAPTION.colored(style::LINK),
                    Some(&m.url),
                );
            }
            rich
        } else {
            self.video_caption(m, post)
        };
        if let Some(alt) = m.alt.as_deref().filter(|a| !a.trim().is_empty()) {
            rich.push(&format!(": “{}”", alt.trim()), style::CAPTION, None);
        }
        if !self.options.images {
            let set = self.set(rich, width);
            self.units
                .extend(self.lines_to_units(set, x, width, style::CAPTION_LEADING));
            return;
        }
        let unit = self.boxed(rich, x, width, style::BOX_PADDING, 40.0);
        self.units.push(unit);
    }

    /// Text centred in a washed box with rounded corners, as one unit.
    fn boxed(&self, rich: RichText, x: f32, width: f32, pad: f32, min_height: f32) -> Unit {
        let set = self.set(rich, width - 2.0 * pad);
        let lines = self.lines_to_units(set, x + pad, width - 2.0 * pad, style::CAPTION_LEADING);
        let text_height: f32 = lines.iter().map(|u| u.height).sum();
        let height = (text_height + 2.0 * pad).max(min_height);
        let mut unit = Unit {
            height,
            items: vec![Item::Box {
                rect: Rect {
                    x,
                    y: 0.0,
                    w: width,
                    h: height,
                },
                fill: Some(style::WASH),
                stroke: Some(style::RULE),
                radius: style::RADIUS,
            }],
            ..Unit::default()
        };
        unit.stack(lines, (height - text_height) / 2.0);
        unit
    }

    // --- quotes and cards --------------------------------------------------------------------

    /// Starts a box around what follows (a quote, a community note); returns where its
    /// content goes and what [`Column::end_frame`] needs.
    fn begin_frame(&mut self, fill: Option<Rgb>) -> (f32, f32, usize) {
        let g = self.geometry;
        let pad = style::BOX_PADDING;
        self.frames.push(Frame {
            x: g.left,
            w: g.measure,
            fill,
            stroke: Some(style::RULE),
        });
        let start = self.units.len();
        self.units.push(Unit {
            height: pad - 2.0,
            ..Unit::default()
        });
        (g.left + pad + 2.0, g.measure - 2.0 * pad - 4.0, start)
    }

    /// Closes the box begun at `start`: its units belong to the frame and keep together.
    fn end_frame(&mut self, start: usize) {
        let frame = self.frames.len().saturating_sub(1);
        self.units.push(Unit {
            height: style::BOX_PADDING,
            ..Unit::default()
        });
        let end = self.units.len();
        for (i, unit) in self.units.iter_mut().enumerate().take(end).skip(start) {
            unit.frame = Some(frame);
            unit.gap = false;
            unit.keep_with_next = i + 1 < end;
        }
    }

    fn quote(&mut self, quote: &Quote) {
        let (x, width, start) = self.begin_frame(None);

        let mut who = RichText::new();
        let name = if quote.author.name.trim().is_empty() {
            format!("@{}", quote.author.handle)
        } else {
            quote.author.name.clone()
        };
        let link = quote.url.as_deref().filter(|u| is_http(u));
        who.push(&name, style::QUOTE_NAME, link);
        let mut meta = Vec::new();
        if !quote.author.handle.is_empty() && !name.starts_with('@') {
            meta.push(format!("@{}", quote.author.handle));
        }
        if let Some(m) = quote
            .time
            .as_deref()
            .and_then(|t| Moment::parse(t, self.options.utc_offset()))
        {
            meta.push(m.long_date(&self.options.labels));
        }
        if !meta.is_empty() {
            who.push(&format!("  {}", meta.join(" · ")), style::QUOTE_META, link);
        }
        let set = self.set(who, width);
        self.units
            .extend(self.lines_to_units(set, x, width, style::QUOTE_LEADING));
        self.units.push(Unit {
            height: 2.0,
            ..Unit::default()
        });
        let text = self.text_units(
            &quote.text,
            style::QUOTE_BODY,
            style::QUOTE_LEADING,
            x,
            width,
        );
        self.units.extend(text);
        if !quote.media.is_empty() {
            self.units.push(Unit {
                height: 7.0,
                ..Unit::default()
            });
            let post = Post {
                url: quote.url.clone().unwrap_or_default(),
                ..Post::default()
            };
            // Inside a quote, photos are smaller.
            self.media(&quote.media, x, width, style::PHOTO_MAX_HEIGHT * 0.6, &post);
        }
        self.end_frame(start);
    }

    /// Context readers added (X's community notes), boxed under its label.
    fn note(&mut self, note: &[Segment]) {
        let (x, width, start) = self.begin_frame(Some(style::WASH));
        let mut label = RichText::new();
        label.push(&self.options.labels.community_note, style::QUOTE_NAME, None);
        let set = self.set(label, width);
        self.units
            .extend(self.lines_to_units(set, x, width, style::QUOTE_LEADING));
        self.units.push(Unit {
            height: 2.0,
            ..Unit::default()
        });
        let text = self.text_units(note, style::QUOTE_BODY, style::QUOTE_LEADING, x, width);
        self.units.extend(text);
        self.end_frame(start);
    }

    /// A poll: each choice as a bar filled to its share (an empty outline while the poll is
    /// open), its share on the right, then the summary line.
    fn poll(&mut self, poll: &Poll) {
        let g = self.geometry;
        let (height, pad) = (20.0, 8.0);
        let count = poll.options.len();
        for (i, option) in poll.options.iter().enumerate() {
            let share = option.share().map(|s| s as f32 / 100.0);
            let track = Rect {
                x: g.left,
                y: 0.0,
                w: g.measure,
                h: height,
            };
            let mut unit = Unit {
                height,
                keep_with_next: i + 1 < count || poll.summary.is_some(),
                ..Unit::default()
            };
            if let Some(share) = share.filter(|s| *s > 0.0) {
                unit.items.push(Item::Box {
                    rect: Rect {
                        w: (g.measure * share).max(2.0 * style::RADIUS),
                        ..track
                    },
                    fill: Some(style::POLL_BAR),
                    stroke: None,
                    radius: style::RADIUS,
                });
            }
            unit.items.push(Item::Box {
                rect: track,
                fill: None,
                stroke: Some(style::RULE),
                radius: style::RADIUS,
            });
            let baseline = self.baseline(style::POLL.size, height);
            let mut label = RichText::new();
            label.push(&option.label, style::POLL, None);
            let (items, _, _) = self.single_line(label, g.left + pad, baseline, false);
            unit.items.extend(items);
            if let Some(percent) = &option.percent {
                let mut rich = RichText::new();
                rich.push(percent, style::POLL.bold(), None);
                let (items, _, _) = self.single_line(rich, g.right() - pad, baseline, true);
                unit.items.extend(items);
            }
            self.units.push(unit);
            if i + 1 < count {
                self.units.push(Unit {
                    height: 4.0,
                    keep_with_next: true,
                    ..Unit::default()
                });
            }
        }
        if let Some(summary) = poll.summary.as_deref().filter(|s| !s.trim().is_empty()) {
            let mut rich = RichText::new();
            rich.push(summary.trim(), style::NOTE, None);
            let set = self.set(rich, g.measure);
            self.units.push(Unit {
                height: 3.0,
                keep_with_next: true,
                ..Unit::default()
            });
            self.units
                .extend(self.lines_to_units(set, g.left, g.measure, style::CAPTION_LEADING));
        }
    }

    /// A compact box: thumbnail, domain, headline (two lines at most); all of it a link.
    fn card(&mut self, card: &Card) {
        let g = self.geometry;
        let pad = 9.0;
        let thumbnail = card
            .image
            .as_deref()
            .filter(|u| is_http(u))
            .and_then(|u| self.picture(u));
        let text_x = if thumbnail.is_some() {
            g.left + style::THUMBNAIL + 12.0
        } else {
            g.left + pad + 3.0
        };
        let text_width = g.right() - pad - text_x;

        let mut lines: Vec<Unit> = Vec::new();
        let domain = card
            .domain
            .clone()
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| display_url(&card.url, 40));
        let mut rich = RichText::new();
        rich.push(&domain, style::CARD_DOMAIN, None);
        lines.extend(self.lines_to_units(self.set(rich, text_width), text_x, text_width, 1.5));
        if let Some(title) = card.title.as_deref().filter(|t| !t.trim().is_empty()) {
            let set = self.fit_lines(title, style::CARD_TITLE, text_width, 2);
            lines.extend(self.lines_to_units(set, text_x, text_width, 1.4));
        }
        let text_height: f32 = lines.iter().map(|u| u.height).sum();
        let height = if thumbnail.is_some() {
            style::THUMBNAIL
        } else {
            text_height + 2.0 * pad
        };
        let mut unit = Unit {
            height,
            ..Unit::default()
        };
        let outline = Rect {
            x: g.left,
            y: 0.0,
            w: g.measure,
            h: height,
        };
        unit.items.push(Item::Box {
            rect: outline,
            fill: None,
            stroke: Some(style::RULE),
            radius: style::RADIUS,
        });
        if let Some(picture) = thumbnail {
            let square = Rect {
                x: g.left,
                y: 0.0,
                w: style::THUMBNAIL,
                h: style::THUMBNAIL,
            };
            unit.items.push(Item::Image {
                rect: cover(square, picture.aspect()),
                image: picture.image,
                clip: Some(Clip {
                    rect: square,
                    radius: style::RADIUS,
                }),
            });
        }
        unit.stack(lines, (height - text_height) / 2.0);
        if is_http(&card.url) {
            unit.links.push(Link {
                rect: outline,
                url: card.url.clone(),
            });
        }
        self.units.push(unit);
    }

    /// `text` set in at most `max_lines` lines, cut with "…" when longer (at a space when
    /// there is one near the cut; CJK text has none).
    fn fit_lines(&self, text: &str, style: TextStyle, width: f32, max_lines: usize) -> SetText {
        let set_prefix = |chars: usize, ellipsis: bool| {
            let mut cut: String = text.chars().take(chars).collect();
            if ellipsis {
                cut = format!("{}…", cut.trim_end());
            }
            let mut rich = RichText::new();
            rich.push(&cut, style, None);
            self.set(rich, width)
        };
        let total = text.chars().count();
        let full = set_prefix(total, false);
        if full.lines.len() <= max_lines {
            return full;
        }
        // The longest prefix that fits, by bisection.
        let (mut lo, mut hi) = (0, total);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if set_prefix(mid, true).lines.len() <= max_lines {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        let space = text
            .chars()
            .take(lo)
            .collect::<Vec<_>>()
            .iter()
            .rposition(|c| c.is_whitespace())
            .filter(|&at| at > lo / 2);
        set_prefix(space.unwrap_or(lo), true)
    }
}

/// The rectangle an image of `aspect` covers `rect` with (centred, cropped by a clip).
fn cover(rect: Rect, aspect: f32) -> Rect {
    let target = rect.w / rect.h.max(0.01);
    if aspect > target {
        let w = rect.h * aspect;
        Rect {
            x: rect.x - (w - rect.w) / 2.0,
            w,
            ..rect
        }
    } else {
        let h = rect.w / aspect.max(0.01);
        Rect {
            y: rect.y - (h - rect.h) / 2.0,
            h,
            ..rect
        }
    }
}

/// Link rectangles of a placed line.
fn line_links(line: &PlacedLine, left: f32, baseline: f32) -> Vec<Link> {
    line.links
        .iter()
        .map(|l| Link {
            rect: Rect {
                x: left + l.x0,
                y: baseline - line.size * 0.95,
                w: l.x1 - l.x0,
                h: line.size * 1.25,
            },
            url: l.url.clone(),
        })
        .collect()
}

fn is_http(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// A URL as people read it: no scheme, no `www.`, cut with "…" past `max` characters.
fn display_url(url: &str, max: usize) -> String {
    let bare = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let bare = bare.strip_prefix("www.").unwrap_or(bare);
    let bare = bare.trim_end_matches('/');
    if bare.chars().count() <= max {
        bare.to_owned()
    } else {
        let cut: String = bare.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// The first words of a post on one line, for bookmarks (as the Markdown title cuts them);
/// none for a post without text.
fn snippet(post: &Post, max: usize) -> Option<String> {
    if let Some(notice) = &post.unavailable {
        return Some(notice.trim().to_owned());
    }
    // The post's first line, as the thread's title is made from its first post: its text up
    // to the first line break after something visible (the rest cannot change that line).
    let mut text = String::new();
    for segment in &post.text {
        text.push_str(segment.display_text());
        if matches!(segment, Segment::LineBreak) && !text.trim().is_empty() {
            break;
        }
    }
    crate::markdown::first_line(&text, max)
}

/// Fills pages with `units`.
fn paginate(units: Vec<Unit>, frames: &[Frame], geometry: PageGeometry) -> Document {
    // chain[i]: the height of unit i and every unit it keeps with.
    let mut chain = vec![0.0f32; units.len()];
    for i in (0..units.len()).rev() {
        let Some(unit) = units.get(i) else { continue };
        let rest = if unit.keep_with_next {
            chain.get(i + 1).copied().unwrap_or(0.0)
        } else {
            0.0
        };
        if let Some(c) = chain.get_mut(i) {
            *c = unit.height + rest;
        }
    }
    let fresh = geometry.bottom - geometry.top;
    let mut pages = vec![Page::default()];
    let mut bookmarks = Vec::new();
    // Per page, per frame: the vertical extent of its units.
    let mut frame_extents: Vec<HashMap<usize, (f32, f32)>> = vec![HashMap::new()];
    let mut y = geometry.top;
    for (i, unit) in units.into_iter().enumerate() {
        let at_top = y <= geometry.top + 0.01;
        if unit.gap && at_top {
            continue;
        }
        let avail = geometry.bottom - y;
        let chained = chain.get(i).copied().unwrap_or(unit.height);
        if !at_top && (unit.height > avail + 0.01 || (chained > avail + 0.01 && chained <= fresh)) {
            pages.push(Page::default());
            frame_extents.push(HashMap::new());
            y = geometry.top;
            if unit.gap {
                continue;
            }
        }
        let page_index = pages.len() - 1;
        let Some(page) = pages.last_mut() else {
            continue;
        };
        if let Some(title) = unit.bookmark {
            bookmarks.push(Bookmark {
                title,
                page: page_index,
                y,
            });
        }
        if let (Some(frame), Some(extents)) = (unit.frame, frame_extents.last_mut()) {
            let e = extents.entry(frame).or_insert((y, y));
            e.0 = e.0.min(y);
            e.1 = e.1.max(y + unit.height);
        }
        page.items
            .extend(unit.items.into_iter().map(|item| item.shifted(y)));
        page.links.extend(unit.links.into_iter().map(|mut l| {
            l.rect = l.rect.shifted(y);
            l
        }));
        y += unit.height;
    }
    // Frames go under their content.
    for (page, extents) in pages.iter_mut().zip(frame_extents) {
        let mut boxes: Vec<(usize, (f32, f32))> = extents.into_iter().collect();
        boxes.sort_by_key(|(frame, _)| *frame);
        let drawn = boxes.into_iter().filter_map(|(index, (top, bottom))| {
            let frame = frames.get(index)?;
            Some(Item::Box {
                rect: Rect {
                    x: frame.x,
                    y: top,
                    w: frame.w,
                    h: bottom - top,
                },
                fill: frame.fill,
                stroke: frame.stroke,
                radius: style::RADIUS + 2.0,
            })
        });
        let mut items: Vec<Item> = drawn.collect();
        items.append(&mut page.items);
        page.items = items;
    }
    Document {
        geometry,
        pages,
        bookmarks,
    }
}

/// The running footer: the source on the left, "page / pages" on the right.
fn footers(document: &mut Document, thread: &Thread, fonts: &Fonts) {
    let g = document.geometry;
    let total = document.pages.len();
    let column = |rich: RichText| {
        let shaped = shape(rich, fonts);
        break_lines(&shaped, f32::INFINITY)
            .first()
            .map(|line| place(&shaped, line))
    };
    let mut source = RichText::new();
    let who = if thread.author.handle.is_empty() {
        String::new()
    } else {
        format!("@{}  ·  ", thread.author.handle)
    };
    source.push(&who, style::FOOTER, None);
    let link = is_http(&thread.source_url).then_some(thread.source_url.as_str());
    source.push(&display_url(&thread.source_url, 56), style::FOOTER, link);
    let source = column(source);
    for (index, page) in document.pages.iter_mut().enumerate() {
        if let Some(line) = &source {
            page.links
                .extend(line_links(line, g.left, g.footer_baseline));
            page.items.extend(line.runs.iter().map(|run| Item::Text {
                x: g.left + run.x,
                baseline: g.footer_baseline,
                run: run.clone(),
            }));
        }
        let mut number = RichText::new();
        number.push(&format!("{} / {total}", index + 1), style::FOOTER, None);
        if let Some(line) = column(number) {
            let left = g.right() - line.width;
            page.items
                .extend(line.runs.into_iter().map(|run| Item::Text {
                    x: left + run.x,
                    baseline: g.footer_baseline,
                    run,
                }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_is_the_first_line_of_the_whole_text() {
        let text = |t: &str| Segment::Text { text: t.into() };
        let link = |t: &str| Segment::Link {
            text: t.into(),
            url: "https://example.com/".into(),
        };
        let cases: Vec<Vec<Segment>> = vec![
            vec![],
            vec![text("   ")],
            vec![text("one line only")],
            vec![text("first"), Segment::LineBreak, text("second")],
            vec![
                Segment::LineBreak,
                Segment::LineBreak,
                text("  after blanks "),
                Segment::LineBreak,
                text("x"),
            ],
            vec![
                text("  "),
                Segment::LineBreak,
                link("a link first"),
                text(" and more"),
                Segment::LineBreak,
            ],
            vec![text(&"word ".repeat(40)), Segment::LineBreak, text("next")],
            vec![text("ends with a break"), Segment::LineBreak],
        ];
        for segments in cases {
            let post = Post {
                text: segments.clone(),
                ..Post::default()
            };
            let whole = crate::model::plain_text(&segments);
            let expected = crate::markdown::first_line(&whole, 60);
            assert_eq!(snippet(&post, 60), expected, "{segments:?}");
        }
    }

    #[test]
    fn urls_are_shown_short() {
        assert_eq!(
            display_url("https://www.example.com/a/", 40),
            "example.com/a"
        );
        assert_eq!(
            display_url("https://x.com/svpino/status/1334", 15),
            "x.com/svpino/s…"
        );
    }

    #[test]
    fn cover_crops_to_the_centre() {
        let square = Rect {
            x: 0.0,
            y: 0.0,
            w: 10.0,
            h: 10.0,
        };
        let wide = cover(square, 2.0);
        assert_eq!((wide.x, wide.w, wide.h), (-5.0, 20.0, 10.0));
        let tall = cover(square, 0.5);
        assert_eq!((tall.y, tall.h), (-5.0, 20.0));
    }
}
