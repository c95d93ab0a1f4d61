// Photos scaled down to what the PDF page can use, while they download. X serves a thread's
// photos 2048 pixels wide; across the PDF's 5.2-inch measure that is ~400 pixels per inch,
// more than print or a screen uses, and it makes a photo-heavy thread's PDF several times the
// size it needs to be. The PDF writer decides (`pdfFittedSize`: drawn finer than 225 ppi → 150 ppi,
// Acrobat's "Standard" preset); the browser's own codecs decode, scale and re-encode each
// photo as it arrives. Only JPEGs: the writer decodes PNG, WebP and GIF itself (to at
// most 1,600 pixels; screenshots of text stay sharper than 150 ppi). The reader's settings
// can keep photos at full resolution.

/** JPEG quality of a fitted photo (the browser's encoder, 0–1). */
export const FITTED_JPEG_QUALITY = 0.85;

/**
 * `bytes` (a fetched image) scaled to `sizeFor(width, height)` → `[width, height]` (an
 * array or the writer's `Uint32Array`; `undefined`: keep it) and re-encoded as JPEG. Returns the original bytes for anything but a
 * JPEG, when the size says keep it, when the result would not be smaller, and when anything
 * fails (no codecs in this context, an undecodable image): fitting never loses a photo.
 * `codecs` is the global scope (tests pass stand-ins).
 */
export async function fitPhoto(bytes, sizeFor, codecs = globalThis) {
  if (!isJpeg(bytes) || typeof codecs.createImageBitmap !== 'function' || typeof codecs.OffscreenCanvas !== 'function') {
    return bytes;
  }
  let bitmap = null;
  try {
    bitmap = await codecs.createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
    const size = sizeFor(bitmap.width, bitmap.height);
    if (size === null || typeof size !== 'object' || size.length !== 2) return bytes;
    const [width, height] = Array.from(size, Number);
    if (!(width >= 1 && height >= 1 && width <= bitmap.width && height <= bitmap.height)) return bytes;
    const canvas = new codecs.OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, width, height);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: FITTED_JPEG_QUALITY });
    const fitted = new Uint8Array(await blob.arrayBuffer());
    return isJpeg(fitted) && fitted.length < bytes.length ? fitted : bytes;
  } catch {
    return bytes;
  } finally {
    bitmap?.close?.();
  }
}

/** Whether `bytes` start like a JPEG (SOI, then a marker). */
export function isJpeg(bytes) {
  return bytes instanceof Uint8Array && bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}
