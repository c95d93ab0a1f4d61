//! Writing: laid-out pages become a PDF through krilla — glyphs (with their text, so the PDF
//! is searchable), images, boxes, URI link annotations, the outline and the metadata.

use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::destination::XyzDestination;
use krilla::geom::{Path, PathBuilder, Point, Size, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Stroke};
use krilla::surface::Surface;
use krilla::{Document as PdfDocument, SerializeSettings};

use super::fonts::Fonts;
use super::layout::{Document, Item, Rect};
use super::style::{self, Rgb};
use super::PdfError;

/// How to write: compact for users, readable (uncompressed, pretty) for snapshot tests.
pub(crate) struct Settings {
    pub readable: bool,
    pub metadata: Metadata,
}

/// Writes `document` as PDF bytes.
pub(crate) fn write(
    document: &Document,
    fonts: &Fonts,
    settings: Settings,
) -> Result<Vec<u8>, PdfError> {
    let g = document.geometry;
    let mut pdf = PdfDocument::new_with(SerializeSettings {
        pretty: settings.readable,
        compress_content_streams: !settings.readable,
        ascii_compatible: settings.readable,
        xmp_metadata: true,
        ..SerializeSettings::default()
    });
    for page in &document.pages {
        let page_settings = PageSettings::from_wh(g.width, g.height)
            .ok_or_else(|| PdfError::Write("bad page size".into()))?;
        let mut pdf_page = pdf.start_page_with(page_settings);
        let mut surface = pdf_page.surface();
        for item in &page.items {
            draw(&mut surface, item, fonts);
        }
        surface.finish();
        for link in &page.links {
            let Some(rect) = krilla::geom::Rect::from_xywh(
                link.rect.x,
                link.rect.y,
                link.rect.w.max(0.1),
                link.rect.h.max(0.1),
            ) else {
                continue;
            };
            let target = Target::Action(Action::Link(LinkAction::new(link.url.clone())));
            pdf_page.add_annotation(Annotation::new_link(
                LinkAnnotation::new(rect, target),
                Some(link.url.clone()),
            ));
        }
        pdf_page.finish();
    }

    let mut outline = Outline::new();
    for bookmark in &document.bookmarks {
        if bookmark.page < document.pages.len() {
            let destination =
                XyzDestination::new(bookmark.page, Point::from_xy(0.0, bookmark.y.max(0.0)));
            outline.push_child(OutlineNode::new(bookmark.title.clone(), destination));
        }
    }
    pdf.set_outline(outline);
    pdf.set_metadata(settings.metadata);
    pdf.finish().map_err(|e| PdfError::Write(e.to_string()))
}

fn color(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: color(c).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn stroke(c: Rgb, width: f32) -> Stroke {
    Stroke {
        paint: color(c).into(),
        width,
        ..Stroke::default()
    }
}

fn draw(surface: &mut Surface, item: &Item, fonts: &Fonts) {
    match item {
        Item::Text { x, baseline, run } => {
            let font = fonts.get(run.choice.face).pdf.clone();
            surface.set_fill(Some(fill(run.color)));
            if run.choice.fake_bold {
                surface.set_stroke(Some(stroke(run.color, run.size * 0.035)));
            }
            surface.draw_glyphs(
                Point::from_xy(*x, *baseline),
                &run.glyphs,
                font,
                &run.text,
                run.size,
                false,
            );
            surface.set_stroke(None);
        }
        Item::Image { rect, image, clip } => {
            let Some(size) = Size::from_wh(rect.w.max(0.01), rect.h.max(0.01)) else {
                return;
            };
            let clipped = clip.and_then(|c| rounded(c.rect, c.radius));
            if let Some(path) = &clipped {
                surface.push_clip_path(path, &FillRule::NonZero);
            }
            surface.push_transform(&Transform::from_translate(rect.x, rect.y));
            surface.draw_image(image.clone(), size);
            surface.pop();
            if clipped.is_some() {
                surface.pop();
            }
        }
        Item::Box {
            rect,
            fill: background,
            stroke: border,
            radius,
        } => {
            let Some(path) = rounded(inset(*rect, style::HAIRLINE / 2.0), *radius) else {
                return;
            };
            surface.set_fill(background.map(fill));
            surface.set_stroke(border.map(|c| stroke(c, style::HAIRLINE)));
            surface.draw_path(&path);
            surface.set_stroke(None);
        }
        Item::Rule { x0, x1, y } => {
            let mut pb = PathBuilder::new();
            pb.move_to(*x0, *y);
            pb.line_to(*x1, *y);
            if let Some(path) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(stroke(style::RULE, style::HAIRLINE)));
                surface.draw_path(&path);
                surface.set_stroke(None);
            }
        }
        Item::PlayBadge { cx, cy, radius } => {
            let r = *radius;
            surface.set_stroke(None);
            if let Some(circle) = disc(*cx, *cy, r) {
                surface.set_fill(Some(Fill {
                    opacity: NormalizedF32::new(0.55).unwrap_or(NormalizedF32::ONE),
                    ..fill(Rgb(0, 0, 0))
                }));
                surface.draw_path(&circle);
            }
            // A triangle, optically centred (nudged right).
            let mut pb = PathBuilder::new();
            let s = r * 0.42;
            pb.move_to(cx - s * 0.7, cy - s);
            pb.line_to(cx + s * 1.1, *cy);
            pb.line_to(cx - s * 0.7, cy + s);
            pb.close();
            if let Some(triangle) = pb.finish() {
                surface.set_fill(Some(fill(Rgb(255, 255, 255))));
                surface.draw_path(&triangle);
            }
        }
        Item::Verified { cx, cy, radius } => {
            let r = *radius;
            surface.set_stroke(None);
            if let Some(circle) = disc(*cx, *cy, r) {
                surface.set_fill(Some(fill(style::VERIFIED)));
                surface.draw_path(&circle);
            }
            let mut pb = PathBuilder::new();
            pb.move_to(cx - r * 0.45, cy + r * 0.02);
            pb.line_to(cx - r * 0.12, cy + r * 0.36);
            pb.line_to(cx + r * 0.48, cy - r * 0.3);
            if let Some(check) = pb.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    line_cap: LineCap::Round,
                    line_join: LineJoin::Round,
                    ..stroke(Rgb(255, 255, 255), r * 0.3)
                }));
                surface.draw_path(&check);
                surface.set_stroke(None);
            }
        }
    }
}

fn disc(cx: f32, cy: f32, r: f32) -> Option<Path> {
    rounded(
        Rect {
            x: cx - r,
            y: cy - r,
            w: 2.0 * r,
            h: 2.0 * r,
        },
        r,
    )
}

fn inset(rect: Rect, by: f32) -> Rect {
    Rect {
        x: rect.x + by,
        y: rect.y + by,
        w: (rect.w - 2.0 * by).max(0.0),
        h: (rect.h - 2.0 * by).max(0.0),
    }
}

/// A rectangle with rounded corners (cubic Bézier quarter circles).
fn rounded(rect: Rect, radius: f32) -> Option<Path> {
    let r = radius.min(rect.w / 2.0).min(rect.h / 2.0).max(0.0);
    let (x0, y0, x1, y1) = (rect.x, rect.y, rect.x + rect.w, rect.y + rect.h);
    // Distance of the control points for a quarter circle.
    let k = r * 0.552_284_8;
    let mut pb = PathBuilder::new();
    pb.move_to(x0 + r, y0);
    pb.line_to(x1 - r, y0);
    pb.cubic_to(x1 - r + k, y0, x1, y0 + r - k, x1, y0 + r);
    pb.line_to(x1, y1 - r);
    pb.cubic_to(x1, y1 - r + k, x1 - r + k, y1, x1 - r, y1);
    pb.line_to(x0 + r, y1);
    pb.cubic_to(x0 + r - k, y1, x0, y1 - r + k, x0, y1 - r);
    pb.line_to(x0, y0 + r);
    pb.cubic_to(x0, y0 + r - k, x0 + r - k, y0, x0 + r, y0);
    pb.close();
    pb.finish()
}
