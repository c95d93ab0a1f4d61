//! Images: the bytes the extension fetched, by URL, turned into images the PDF can embed.
//!
//! JPEG (photos, avatars, card images on X) is embedded as is, without decoding (the extension
//! has already scaled photos finer than the page can use down to [`fitted_size`], with the
//! browser's codecs). PNG, WebP and GIF (first frame) are decoded, scaled down to at most
//! [`MAX_EDGE`] pixels on the long side (more than enough for a 5-inch-wide text block) and
//! stored as JPEG when opaque, as Flate-compressed pixels with a soft mask when not. Bytes
//! that are missing, unreadable or absurdly large give an error the layout turns into a
//! labelled placeholder; an image never fails an export.

use std::collections::HashMap;
use std::io::Cursor;
use std::sync::Arc;

use krilla::image::Image;
use serde::{Deserialize, Serialize};

/// The long edge, in pixels, decoded images are scaled down to.
pub const MAX_EDGE: u32 = 1600;
/// Images with more pixels than this are not decoded (a decompression bomb guard).
const MAX_PIXELS: u64 = 40_000_000;

/// Photos drawn at a finer resolution than this (pixels per inch on the page) have more
/// pixels than print or screen can use: [`fitted_size`] scales them down to
/// [`FITTED_PPI`]. The two figures are Acrobat's "Standard" preset (downsample colour images
/// above 225 ppi to 150 ppi): a 2048-pixel-wide photo across the 5.2-inch measure is 396 ppi.
pub const FIT_ABOVE_PPI: f32 = 225.0;
/// The resolution [`fitted_size`] scales down to.
pub const FITTED_PPI: f32 = 150.0;

/// A box an image is drawn in, in points: fitted inside it (`cover` false: photos, video
/// posters, at most this wide and this tall) or filling it, cropped (`cover` true: the
/// avatar's circle, a card's square thumbnail).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DrawBox {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// Filled and cropped rather than fitted inside.
    pub cover: bool,
}

impl DrawBox {
    pub(crate) fn contain(width: f32, height: f32) -> DrawBox {
        DrawBox {
            width,
            height,
            cover: false,
        }
    }

    pub(crate) fn cover(width: f32, height: f32) -> DrawBox {
        DrawBox {
            width,
            height,
            cover: true,
        }
    }

    /// Points per pixel when an image of `width` × `height` pixels is drawn in this box.
    fn scale(&self, width: u32, height: u32) -> f32 {
        let across = self.width / width.max(1) as f32;
        let down = self.height / height.max(1) as f32;
        if self.cover {
            across.max(down)
        } else {
            across.min(down)
        }
    }
}

/// An image a PDF shows: its URL and the boxes it is drawn in (one per different use).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageRequest {
    /// Where the image is fetched from.
    pub url: String,
    /// Every different box it is drawn in.
    pub boxes: Vec<DrawBox>,
}

/// The size, in pixels, to scale an image of `width` × `height` pixels down to before it is
/// embedded, or `None` to embed it as it is: when even its largest drawing (over `boxes`) is
/// finer than [`FIT_ABOVE_PPI`], the size that draws it at [`FITTED_PPI`] there. The
/// extension scales and re-encodes JPEG photos with the browser's own codecs while they
/// download (the user can keep full resolution in the reader's settings).
pub fn fitted_size(width: u32, height: u32, boxes: &[DrawBox]) -> Option<(u32, u32)> {
    if width == 0 || height == 0 {
        return None;
    }
    let scale = boxes
        .iter()
        .map(|b| b.scale(width, height))
        .filter(|s| s.is_finite() && *s > 0.0)
        .fold(None, |most: Option<f32>, s| {
            Some(most.map_or(s, |m| m.max(s)))
        })?;
    let ppi = 72.0 / scale;
    if ppi <= FIT_ABOVE_PPI {
        return None;
    }
    let k = FITTED_PPI / ppi;
    let fit = |n: u32| ((n as f32 * k).round() as u32).clamp(1, n);
    Some((fit(width), fit(height)))
}

/// Image bytes by URL, as the extension fetched them.
#[derive(Debug, Clone, Default)]
pub struct ImageStore {
    /// Shared, so that a JPEG is embedded without copying its bytes.
    by_url: HashMap<String, Arc<Vec<u8>>>,
}

impl ImageStore {
    /// An empty store.
    pub fn new() -> ImageStore {
        ImageStore::default()
    }

    /// Stores the bytes fetched from `url`. Bytes equal to ones stored for another URL (a
    /// card's image that is also a quoted post's photo) share their allocation: krilla tells
    /// images apart by allocation, so they go into the PDF once. (Comparing is cheap: slices of
    /// different lengths are unequal at once, and the comparison stops at the first difference.)
    pub fn insert(&mut self, url: impl Into<String>, bytes: Vec<u8>) {
        let shared = self
            .by_url
            .values()
            .find(|stored| stored.as_slice() == bytes.as_slice())
            .cloned()
            .unwrap_or_else(|| Arc::new(bytes));
        self.by_url.insert(url.into(), shared);
    }

    /// The bytes fetched from `url`, if any.
    pub fn get(&self, url: &str) -> Option<&[u8]> {
        self.by_url.get(url).map(|bytes| bytes.as_slice())
    }

    /// The bytes fetched from `url`, shared.
    pub(crate) fn shared(&self, url: &str) -> Option<&Arc<Vec<u8>>> {
        self.by_url.get(url)
    }

    /// How many images the store holds.
    pub fn len(&self) -> usize {
        self.by_url.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.by_url.is_empty()
    }
}

/// An image ready to draw, with its size in pixels.
#[derive(Debug, Clone)]
pub(crate) struct Picture {
    pub image: Image,
    pub width: u32,
    pub height: u32,
}

impl Picture {
    /// Width divided by height.
    pub fn aspect(&self) -> f32 {
        self.width as f32 / self.height.max(1) as f32
    }
}

/// Why an image could not be used (shown nowhere but in logs and tests).
pub(crate) type ImageError = String;

/// Whether `bytes` make an image the PDF can show; when not, it gets a labelled placeholder.
pub fn is_usable(bytes: &[u8]) -> bool {
    prepare(bytes).is_ok()
}

/// Turns fetched bytes into a [`Picture`].
pub(crate) fn prepare(bytes: &[u8]) -> Result<Picture, ImageError> {
    prepare_shared(&Arc::new(bytes.to_vec()))
}

/// Turns fetched bytes into a [`Picture`]; a JPEG keeps sharing them.
pub(crate) fn prepare_shared(shared: &Arc<Vec<u8>>) -> Result<Picture, ImageError> {
    let bytes = shared.as_slice();
    let picture = match sniff(bytes) {
        Some(Format::Jpeg) => {
            let image = Image::from_jpeg(Arc::clone(shared).into(), true)?;
            let (width, height) = image.size();
            Picture {
                image,
                width,
                height,
            }
        }
        Some(Format::Png) => from_rgba(decode_png(bytes)?),
        Some(Format::Webp) => from_rgba(decode_webp(bytes)?),
        Some(Format::Gif) => from_rgba(decode_gif(bytes)?),
        None => return Err("not a JPEG, PNG, WebP or GIF image".into()),
    };
    if picture.width == 0 || picture.height == 0 {
        return Err("empty image".into());
    }
    Ok(picture)
}

enum Format {
    Jpeg,
    Png,
    Webp,
    Gif,
}

fn sniff(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Format::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Format::Png)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some(Format::Webp)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(Format::Gif)
    } else {
        None
    }
}

/// Decoded pixels, 8-bit RGBA.
struct Rgba {
    pixels: Vec<u8>,
    width: u32,
    height: u32,
}

fn check_size(width: u32, height: u32) -> Result<(), ImageError> {
    if width == 0 || height == 0 || u64::from(width) * u64::from(height) > MAX_PIXELS {
        Err(format!("unsupported image size {width}×{height}"))
    } else {
        Ok(())
    }
}

/// JPEG quality for re-encoded photos: visually lossless for photos and screenshots alike.
const JPEG_QUALITY: u8 = 88;

fn from_rgba(rgba: Rgba) -> Picture {
    let rgba = shrink(rgba, MAX_EDGE);
    // An opaque picture (every photo) goes in as JPEG, which PDF viewers decode natively and
    // which is a fraction of the size of the Flate-compressed pixels; transparency needs the
    // pixels (and a soft mask).
    let opaque = rgba.pixels.chunks_exact(4).all(|p| p.get(3) == Some(&255));
    let image = if opaque {
        to_jpeg(&rgba).and_then(|jpeg| Image::from_jpeg(jpeg.into(), true).ok())
    } else {
        None
    };
    Picture {
        width: rgba.width,
        height: rgba.height,
        image: image.unwrap_or_else(|| Image::from_rgba8(rgba.pixels, rgba.width, rgba.height)),
    }
}

fn to_jpeg(rgba: &Rgba) -> Option<Vec<u8>> {
    let width = u16::try_from(rgba.width).ok()?;
    let height = u16::try_from(rgba.height).ok()?;
    let mut out = Vec::new();
    let encoder = jpeg_encoder::Encoder::new(&mut out, JPEG_QUALITY);
    encoder
        .encode(&rgba.pixels, width, height, jpeg_encoder::ColorType::Rgba)
        .ok()?;
    Some(out)
}

fn decode_png(bytes: &[u8]) -> Result<Rgba, ImageError> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let (width, height) = (reader.info().width, reader.info().height);
    check_size(width, height)?;
    let size = reader
        .output_buffer_size()
        .ok_or("PNG too large to decode")?;
    let mut buffer = vec![0; size];
    let info = reader.next_frame(&mut buffer).map_err(|e| e.to_string())?;
    buffer.truncate(info.buffer_size());
    let pixels = match info.color_type {
        png::ColorType::Rgba => buffer,
        png::ColorType::Rgb => buffer
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        png::ColorType::GrayscaleAlpha => buffer
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        png::ColorType::Grayscale => buffer.iter().flat_map(|&v| [v, v, v, 255]).collect(),
        png::ColorType::Indexed => return Err("unexpanded indexed PNG".into()),
    };
    Ok(Rgba {
        pixels,
        width: info.width,
        height: info.height,
    })
}

fn decode_webp(bytes: &[u8]) -> Result<Rgba, ImageError> {
    let mut decoder =
        image_webp::WebPDecoder::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let (width, height) = decoder.dimensions();
    check_size(width, height)?;
    let has_alpha = decoder.has_alpha();
    let size = decoder
        .output_buffer_size()
        .ok_or("WebP too large to decode")?;
    let mut buffer = vec![0; size];
    decoder.read_image(&mut buffer).map_err(|e| e.to_string())?;
    let pixels = if has_alpha {
        buffer
    } else {
        buffer
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect()
    };
    Ok(Rgba {
        pixels,
        width,
        height,
    })
}

fn decode_gif(bytes: &[u8]) -> Result<Rgba, ImageError> {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options
        .read_info(Cursor::new(bytes))
        .map_err(|e| e.to_string())?;
    let (width, height) = (u32::from(decoder.width()), u32::from(decoder.height()));
    check_size(width, height)?;
    let frame = decoder
        .read_next_frame()
        .map_err(|e| e.to_string())?
        .ok_or("GIF without frames")?;
    // Paint the first frame onto a white canvas of the logical screen's size.
    let mut pixels = vec![255u8; width as usize * height as usize * 4];
    let (fx, fy) = (usize::from(frame.left), usize::from(frame.top));
    let fw = usize::from(frame.width);
    for (row, line) in frame.buffer.chunks_exact(fw.max(1) * 4).enumerate() {
        let y = fy + row;
        if y >= height as usize {
            break;
        }
        for (col, px) in line.chunks_exact(4).enumerate() {
            let x = fx + col;
            if x >= width as usize {
                break;
            }
            let at = (y * width as usize + x) * 4;
            if let Some(dst) = pixels.get_mut(at..at + 4) {
                dst.copy_from_slice(px);
            }
        }
    }
    Ok(Rgba {
        pixels,
        width,
        height,
    })
}

/// Scales `rgba` down (area average) so that its long edge is at most `max_edge`.
fn shrink(rgba: Rgba, max_edge: u32) -> Rgba {
    let (w, h) = (rgba.width as usize, rgba.height as usize);
    let long = w.max(h);
    if long <= max_edge as usize || w == 0 || h == 0 {
        return rgba;
    }
    let scale = max_edge as f32 / long as f32;
    let nw = ((w as f32 * scale).round() as usize).max(1);
    let nh = ((h as f32 * scale).round() as usize).max(1);
    // Source column span of each output column.
    let spans = |n: usize, src: usize| -> Vec<(usize, usize)> {
        (0..n)
            .map(|i| {
                let a = i * src / n;
                let b = ((i + 1) * src / n).max(a + 1).min(src);
                (a, b)
            })
            .collect()
    };
    let cols = spans(nw, w);
    let rows = spans(nh, h);
    let mut out = vec![0u8; nw * nh * 4];
    let mut acc = vec![0u32; nw * 4];
    for (oy, &(y0, y1)) in rows.iter().enumerate() {
        acc.iter_mut().for_each(|a| *a = 0);
        for y in y0..y1 {
            let row = rgba
                .pixels
                .get(y * w * 4..(y + 1) * w * 4)
                .unwrap_or_default();
            for (ox, &(x0, x1)) in cols.iter().enumerate() {
                for px in row.get(x0 * 4..x1 * 4).unwrap_or_default().chunks_exact(4) {
                    for (c, &v) in px.iter().enumerate() {
                        if let Some(a) = acc.get_mut(ox * 4 + c) {
                            *a += u32::from(v);
                        }
                    }
                }
            }
        }
        for (ox, &(x0, x1)) in cols.iter().enumerate() {
            let count = ((x1 - x0) * (y1 - y0)).max(1) as u32;
            for c in 0..4 {
                let sum = acc.get(ox * 4 + c).copied().unwrap_or(0);
                if let Some(o) = out.get_mut((oy * nw + ox) * 4 + c) {
                    *o = ((sum + count / 2) / count) as u8;
                }
            }
        }
    }
    Rgba {
        pixels: out,
        width: nw as u32,
        height: nh as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinking_keeps_the_aspect_ratio_and_averages() {
        let rgba = Rgba {
            pixels: [[0u8, 0, 0, 255], [255, 255, 255, 255]]
                .repeat(400 * 100)
                .concat(),
            width: 800,
            height: 100,
        };
        let small = shrink(rgba, 400);
        assert_eq!((small.width, small.height), (400, 50));
        assert_eq!(small.pixels.get(..4), Some(&[128u8, 128, 128, 255][..]));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(prepare(b"").is_err());
        assert!(prepare(b"<html>not an image</html>").is_err());
        assert!(prepare(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").is_err());
        assert!(prepare(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]).is_err());
        assert!(prepare(b"RIFF\0\0\0\0WEBPVP8 ").is_err());
        assert!(prepare(b"GIF89a\x01").is_err());
    }
}
