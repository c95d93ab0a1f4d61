// Photos fitted to the PDF page in the worker (extension/photo-fit.js): the decisions around
// the browser's codecs, with stand-ins for them (the real codecs run in tests/e2e/pdf.test.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FITTED_JPEG_QUALITY, fitPhoto, isJpeg } from '../../extension/photo-fit.js';

const jpeg = (length, fill = 7) => {
  const bytes = new Uint8Array(length).fill(fill);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
};

/** Stand-in codecs: a decoded bitmap of `width` × `height`, an encoder giving `encoded`. */
function codecs({ width = 2048, height = 1152, encoded = jpeg(100), decodeFails = false, log = [] } = {}) {
  return {
    log,
    async createImageBitmap(blob) {
      log.push(['decode', blob.type, blob.size]);
      if (decodeFails) throw new DOMException('The source image could not be decoded.', 'InvalidStateError');
      return { width, height, close: () => log.push(['close']) };
    },
    OffscreenCanvas: class {
      constructor(w, h) {
        log.push(['canvas', w, h]);
      }
      getContext() {
        return {
          drawImage: (_bitmap, x, y, w, h) => log.push(['draw', x, y, w, h]),
        };
      }
      async convertToBlob(options) {
        log.push(['encode', options.type, options.quality]);
        return new Blob([encoded]);
      }
    },
  };
}

test('a JPEG finer than the page uses is scaled to the size the writer asks for', async () => {
  const original = jpeg(1000);
  const c = codecs();
  const asked = [];
  const out = await fitPhoto(original, (w, h) => (asked.push([w, h]), [775, 436]), c);
  assert.deepEqual(asked, [[2048, 1152]], 'the writer is asked with the decoded size');
  // The writer answers with a Uint32Array.
  assert.equal((await fitPhoto(original, () => new Uint32Array([775, 436]), codecs())).length, 100);
  assert.equal(out.length, 100);
  assert.ok(isJpeg(out));
  assert.deepEqual(c.log, [
    ['decode', 'image/jpeg', 1000],
    ['canvas', 775, 436],
    ['draw', 0, 0, 775, 436],
    ['encode', 'image/jpeg', FITTED_JPEG_QUALITY],
    ['close'],
  ]);
});

test('photos the writer keeps, other formats and failures keep their bytes', async () => {
  const original = jpeg(1000);
  const fit = () => [775, 436];
  // The writer keeps it.
  let c = codecs();
  assert.equal(await fitPhoto(original, () => undefined, c), original);
  assert.deepEqual(c.log.map((e) => e[0]), ['decode', 'close'], 'decoded, never encoded');
  // Not a JPEG (a PNG screenshot stays lossless; the writer scales it).
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
  c = codecs();
  assert.equal(await fitPhoto(png, fit, c), png);
  assert.deepEqual(c.log, []);
  // Re-encoding would not make it smaller.
  c = codecs({ encoded: jpeg(1200) });
  assert.equal(await fitPhoto(original, fit, c), original);
  // The encoder gave something that is not a JPEG.
  c = codecs({ encoded: new Uint8Array(10) });
  assert.equal(await fitPhoto(original, fit, c), original);
  // Undecodable bytes that look like a JPEG: the writer draws its placeholder later.
  c = codecs({ decodeFails: true });
  assert.equal(await fitPhoto(original, fit, c), original);
  // A size that would enlarge, or nonsense.
  for (const size of [[4096, 2304], [0, 10], [NaN, 5], [1], 'big', null]) {
    c = codecs();
    assert.equal(await fitPhoto(original, () => size, c), original, JSON.stringify(size));
    assert.ok(!c.log.some((e) => e[0] === 'encode'), JSON.stringify(size));
  }
  // The size callback throws.
  assert.equal(await fitPhoto(original, () => { throw new Error('boom'); }, codecs()), original);
  // No codecs here (Node; a worker without OffscreenCanvas).
  assert.equal(await fitPhoto(original, fit, {}), original);
});

test('isJpeg looks at the start of the bytes only', () => {
  assert.ok(isJpeg(jpeg(4)));
  assert.ok(!isJpeg(new Uint8Array([0xff, 0xd8])));
  assert.ok(!isJpeg(new Uint8Array([0x47, 0x49, 0x46, 0x38])));
  assert.ok(!isJpeg([0xff, 0xd8, 0xff, 0xe0]));
  assert.ok(!isJpeg(null));
});
