// PDF export end to end: the built extension in headless Chromium, "Download PDF" clicked in
// the overlay, the download captured and checked with qpdf and poppler's tools.
//
// The photo permission. The extension declares the media hosts in `optional_host_permissions`
// and asks for exactly the thread's image origins in a small window (permission.html) whose
// "Allow photos" click calls `chrome.permissions.request`. In headless Chromium that request
// never settles: Chrome's own confirmation dialog has no UI to show and nothing accepts it (its
// auto-confirm hook is compiled-in test code, not a switch; chrome://extensions'
// developerPrivate grants only withheld *required* hosts). So:
//   - with the shipped build, the test clicks "Text-only PDF" in the real window (refusal), and
//     checks that a real click on "Allow photos" is a user gesture (the request is pending,
//     not rejected as it is without one);
//   - the "granted" tests load a copy of the build whose manifest lists the media host under
//     `host_permissions`, which Chromium grants at install — the same state as after the user
//     allowed it, so `permissions.contains` is true and the worker fetches the photos.
// The local server never sends Access-Control-Allow-Origin: the photos arrive only because the
// worker holds the host permission.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  extensionDir,
  inOverlay,
  launchBrowser,
  launchPlainBrowser,
  loadCase,
  openPage,
  openReader,
  outDir,
  repoRoot,
  startServer,
  waitForResult,
} from './harness.mjs';

const run = promisify(execFile);
const IMAGES = join(repoRoot, 'tests/pdf/images');

let server;
const cases = {};

before(async () => {
  await mkdir(outDir, { recursive: true });
  server = await startServer();
  for (const name of ['x-seed-thread', 'x-quote-photo']) {
    cases[name] = await loadCase(name);
    server.serve(cases[name].url, { file: cases[name].file });
  }
});

after(async () => {
  await server?.close();
});

/** Serves real image bytes for `url` (the harness's SVG placeholders are not photos). */
function serveImage(url, file, type) {
  server.serve(url, { file: join(IMAGES, file), headers: { 'content-type': type } });
}

/** Opens the reader on `name`'s page and waits for the thread. */
async function unroll(browser, name) {
  const { page, errors } = await openPage(browser.context, cases[name].url);
  await page.waitForLoadState('networkidle');
  await openReader(browser, page);
  const overlay = await waitForResult(page);
  assert.equal(overlay.state, 'ready', overlay.message);
  return { page, errors, overlay };
}

/**
 * Clicks "Download PDF" and returns the saved file's path and name, the overlay's message and
 * the permission window if one opened (`onWindow(popup)` answers it).
 */
async function downloadPdf(browser, page, { onWindow, tag } = {}) {
  let popupSeen = null;
  const onPage = async (popup) => {
    if (!popup.url().includes('/permission.html')) return;
    popupSeen = popup;
    await popup.waitForLoadState();
    await onWindow?.(popup);
  };
  browser.context.on('page', onPage);
  try {
    const started = Date.now();
    const download = page.waitForEvent('download', { timeout: 30_000 });
    await inOverlay(page, '[data-action="download-pdf"]').click();
    const file = await download;
    const ms = Date.now() - started;
    const path = join(outDir, `pdf-${tag}.pdf`);
    await file.saveAs(path);
    const size = (await readFile(path)).length;
    console.log(`${tag}: ${(size / 1024).toFixed(1)} KB, click to download ${ms} ms`);
    await page.waitForFunction(
      () => !document.getElementById('unspool-root').shadowRoot
        .querySelector('[data-action="download-pdf"]').disabled,
    );
    const message = await inOverlay(page, '[data-role="message"]').textContent();
    return { path, name: file.suggestedFilename(), message, popup: popupSeen, ms };
  } finally {
    browser.context.off('page', onPage);
  }
}

/** What the PDF says about itself: pdfinfo's fields, pdftotext's text, the link URIs. */
async function inspect(path) {
  const check = await run('qpdf', ['--check', path]);
  assert.match(check.stdout, /No syntax or stream encoding errors found/);
  const info = Object.fromEntries(
    (await run('pdfinfo', ['-enc', 'UTF-8', path])).stdout
      .split('\n')
      .map((line) => line.match(/^([^:]+):\s*(.*)$/))
      .filter(Boolean)
      .map((m) => [m[1], m[2]]),
  );
  const text = (await run('pdftotext', ['-enc', 'UTF-8', path, '-'])).stdout;
  const qdf = join(outDir, 'pdf-qdf.tmp');
  await run('qpdf', ['--qdf', '--object-streams=disable', path, qdf]);
  const raw = (await readFile(qdf)).toString('latin1');
  await rm(qdf, { force: true });
  const uris = [...raw.matchAll(/\/URI \(((?:[^()\\]|\\.)*)\)/g)].map((m) => m[1].replace(/\\(.)/g, '$1'));
  const images = (await run('pdfimages', ['-list', path])).stdout
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => l.trim().split(/\s+/));
  return { info, text, uris, images };
}

/** Text with whitespace and hyphens gone (pdftotext rejoins hyphenated words). */
function squeeze(text) {
  return text.replace(/[\s\u00ad-]+/g, '');
}

/**
 * pdftotext's text without the page furniture: post numbers and times in the margin ("3/14",
 * "14:02"), the footer's page number ("2 / 3") and source line ("@svpino · x.com/…").
 */
function withoutFurniture(text) {
  return text
    .split('\n')
    .filter((line) => !/^\s*(\d+\s*\/\s*\d+|\d{1,2}:\d{2}(\s*[AP]M)?)\s*$/i.test(line))
    .filter((line) => !/ · \S+\/\S*status\/\d+\s*$/.test(line))
    .join('\n');
}

/** Every item of `items` found in `text`, in order. */
function assertInOrder(text, items) {
  const hay = squeeze(withoutFurniture(text));
  let at = 0;
  for (const [i, item] of items.entries()) {
    const want = squeeze(item);
    const found = hay.indexOf(want, at);
    assert.ok(found >= 0, `post ${i + 1} not found in order: ${item.slice(0, 60)}`);
    at = found + want.length;
  }
}

/** Clicks a button in the permission window, which the worker closes as soon as it answers. */
async function clickClosing(popup, selector) {
  try {
    await popup.locator(selector).click({ noWaitAfter: true });
  } catch (e) {
    if (!popup.isClosed() && !/closed/i.test(e.message)) throw e;
  }
}

/**
 * A private copy of the build (a concurrent ./build.sh must not pull files from under the
 * browser), its manifest changed by `patch`; returns the directory.
 */
async function copyOfBuild(patch = (m) => m) {
  const dir = await mkdtemp(join(tmpdir(), 'unspool-pdf-ext-'));
  await cp(extensionDir, dir, { recursive: true });
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(patch(manifest), null, 2));
  return dir;
}

describe('the shipped build (photo permission not granted)', () => {
  let browser;
  let dir;
  before(async () => {
    dir = await copyOfBuild();
    browser = await launchBrowser({ port: server.port, extension: dir });
  });
  after(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('seed thread: text-only PDF after "Text-only PDF"; not asked again in the tab', async () => {
    const { page } = await unroll(browser, 'x-seed-thread');
    const title = await inOverlay(page, 'h1.title').textContent();
    const first = await downloadPdf(browser, page, {
      tag: 'seed-text-only',
      onWindow: async (popup) => {
        const why = await popup.locator('#why').textContent();
        assert.match(why, /pbs\.twimg\.com/);
        await clickClosing(popup, '#text-only');
      },
    });
    assert.ok(first.popup, 'the permission window opened');
    assert.ok(first.popup.isClosed(), 'the worker closed the permission window');
    assert.match(first.name, /^Santiago – .+ \(\d{4}-\d{2}-\d{2}\)\.pdf$/);
    assert.match(first.message, /without photos/);

    const pdf = await inspect(first.path);
    const posts = (await readFile(join(repoRoot, 'tests/pdf/seed-thread.txt'), 'utf8'))
      .split(/^---$/m)
      .map((p) => p.trim())
      .filter(Boolean);
    assert.equal(posts.length, 14);
    assertInOrder(pdf.text, posts);
    assert.equal(pdf.info.Title, title.trim());
    assert.match(pdf.info.Author, /@svpino/);
    assert.match(pdf.info.Subject ?? '', /x\.com\/svpino\/status\/1334505698712617481/);
    assert.ok(Number(pdf.info.Pages) >= 2, `pages: ${pdf.info.Pages}`);
    assert.ok(
      pdf.uris.some((u) => u.includes('x.com/svpino/status/1334505698712617481')),
      `the thread's permalink is a link: ${pdf.uris.slice(0, 5)}`,
    );
    assert.ok(pdf.uris.length >= 14, `links: ${pdf.uris.length}`);
    assert.equal(pdf.images.length, 0, 'text-only: no images');

    // The answer is remembered for the tab: no window the second time.
    const second = await downloadPdf(browser, page, {
      tag: 'seed-again',
      onWindow: (popup) => clickClosing(popup, '#text-only'),
    });
    assert.equal(second.popup, null, 'not asked again');
    assert.match(second.message, /without photos/);
    await page.close();
  });

  test('"Allow photos" is a user gesture for chrome.permissions.request', async () => {
    const page = await browser.context.newPage();
    await page.goto(
      `chrome-extension://${browser.extensionId}/permission.html?id=probe&origin=${encodeURIComponent('https://pbs.twimg.com/*')}`,
    );
    assert.match(await page.locator('#why').textContent(), /pbs\.twimg\.com/);
    // Without a gesture (the worker has none) Chrome refuses at once. (Playwright's
    // page.evaluate runs with a user gesture, so it cannot show this from the page.)
    const refused = await browser.worker.evaluate(() =>
      Promise.race([
        chrome.permissions.request({ origins: ['https://pbs.twimg.com/*'] }).then(
          () => 'settled',
          (e) => e.message,
        ),
        new Promise((ok) => setTimeout(() => ok('pending'), 3_000)),
      ]),
    );
    assert.match(refused, /user gesture/);
    // With Playwright's real click it is accepted and waits for Chrome's prompt, which headless
    // Chromium never shows or answers: still pending after a while.
    await page.evaluate(() => {
      window.__request = 'pending';
      document.body.addEventListener('click', () => {
        chrome.permissions.request({ origins: ['https://pbs.twimg.com/*'] }).then(
          (granted) => (window.__request = `granted=${granted}`),
          (e) => (window.__request = e.message),
        );
      }, { once: true });
    });
    await page.locator('h1').click();
    await new Promise((ok) => setTimeout(ok, 1_500));
    assert.equal(await page.evaluate(() => window.__request), 'pending');
    await page.close();
  });
});

describe('photos allowed (build with the media host granted)', () => {
  let browser;
  let dir;
  before(async () => {
    // The shipped build with the media host granted, as after "Allow photos".
    dir = await copyOfBuild((manifest) => ({
      ...manifest,
      host_permissions: ['https://pbs.twimg.com/*'],
    }));
    browser = await launchBrowser({ port: server.port, extension: dir });
  });
  after(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const PHOTOS = [
    'https://pbs.twimg.com/media/GAWzxyBIAAfxOiN',
    'https://pbs.twimg.com/media/GVTOG8CKAAunrD8',
    'https://pbs.twimg.com/media/Gt28i3KNAA3pz1O',
  ];

  test('quote with photos: every photo in the PDF, no permission window', async () => {
    serveImage(PHOTOS[0], 'dusk.jpg', 'image/jpeg');
    serveImage(PHOTOS[1], 'chart.png', 'image/png');
    serveImage(PHOTOS[2], 'leaves.webp', 'image/webp');
    await serveAvatars('x-quote-photo');
    const { page, overlay } = await unroll(browser, 'x-quote-photo');
    await page.evaluate(() => {
      // Everything the message line says during the export.
      const message = document.getElementById('unspool-root').shadowRoot
        .querySelector('[data-role="message"]');
      window.__pdfMessages = [];
      new MutationObserver(() => window.__pdfMessages.push(message.textContent))
        .observe(message, { childList: true, characterData: true, subtree: true });
    });
    const result = await downloadPdf(browser, page, { tag: 'quote-photo' });
    const said = await page.evaluate(() => window.__pdfMessages);
    assert.ok(said.includes('Preparing PDF… 4 of 4 images'), JSON.stringify(said));
    assert.equal(result.popup, null, 'granted: no window');
    assert.match(result.name, /\.pdf$/);
    assert.match(result.message, /Saved/);
    assert.doesNotMatch(result.message, /without photos|could not/);
    const pdf = await inspect(result.path);
    const images = pdf.images.filter((row) => row[2] === 'image');
    // The three photos (one in the quote, two in post 3), plus the author's avatar.
    assert.equal(images.length, 4, JSON.stringify(pdf.images));
    assert.ok(images.some((row) => row[8] === 'jpeg'), 'a JPEG embedded as is');
    for (const id of overlay.ids) {
      assert.ok(pdf.uris.some((u) => u.includes(id)), `post ${id} has a permalink`);
    }
    await run('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', result.path, join(outDir, 'pdf-quote-photo')]);
    await page.close();
  });

  test('large photos are scaled to what the page uses; "Full resolution" keeps them', async () => {
    // X's large rendition (2048×1365) for all three photos: the worker scales each down to
    // 150 ppi at the largest box the writer can draw it in (the browser's codecs) before the
    // PDF embeds it; the avatar (200×200 in a 34-point circle) likewise.
    for (const url of PHOTOS) serveImage(url, 'large.jpg', 'image/jpeg');
    await serveAvatars('x-quote-photo');
    const exported = async (tag) => {
      const { page } = await unroll(browser, 'x-quote-photo');
      const result = await downloadPdf(browser, page, { tag });
      assert.match(result.message, /Saved/);
      assert.doesNotMatch(result.message, /without photos|could not/);
      await page.close();
      const pdf = await inspect(result.path);
      const images = pdf.images
        .filter((row) => row[2] === 'image')
        .map((row) => ({
          width: Number(row[3]),
          height: Number(row[4]),
          enc: row[8],
          ppi: Number(row[12]),
          object: row[10],
          // pdfimages' size column: "31.2K", "1.1M" or "912B".
          bytes: Number.parseFloat(row[14]) * ({ B: 1, K: 1024, M: 1024 * 1024 }[row[14].slice(-1)] ?? 1),
        }));
      return { pdf, images, bytes: (await readFile(result.path)).length };
    };
    const fitted = await exported('fitted-photos');
    assert.equal(fitted.images.length, 4, JSON.stringify(fitted.pdf.images));
    for (const image of fitted.images) {
      assert.equal(image.enc, 'jpeg', JSON.stringify(image));
      // Never coarser than 150 ppi where it is drawn; never the full 2048 pixels.
      assert.ok(image.ppi >= 149, JSON.stringify(image));
      assert.ok(image.width < 2048, JSON.stringify(image));
    }
    // The quote's photo is drawn as large as its box allows: exactly 150 ppi. The avatar
    // fills its circle at 150 ppi too.
    assert.ok(fitted.images.some((i) => i.width > 500 && Math.abs(i.ppi - 150) <= 1), JSON.stringify(fitted.images));
    assert.ok(fitted.images.some((i) => i.width < 100 && Math.abs(i.ppi - 150) <= 1), JSON.stringify(fitted.images));
    // Photos kept as served, after the reader's setting says so.
    await browser.worker.evaluate(() => chrome.storage.sync.set({ readerSettings: { photos: 'full' } }));
    try {
      const full = await exported('full-photos');
      assert.equal(full.images.length, 4, JSON.stringify(full.pdf.images));
      assert.equal(full.images.filter((i) => i.width === 2048 && i.height === 1365).length, 3, JSON.stringify(full.images));
      assert.ok(full.images.some((i) => i.width === 200 && i.height === 200), JSON.stringify(full.images));
      // The photos' own bytes: a fifth of the pixels (2048 → ~775 wide) in well under half the
      // bytes, whatever the browser's JPEG encoder; the PDF shrinks by as much.
      // (Each image object once: the same bytes drawn three times are one object.)
      const photoBytes = (images) => [...new Map(images.map((i) => [i.object, i.bytes])).values()]
        .reduce((n, bytes) => n + bytes, 0);
      assert.ok(
        photoBytes(fitted.images) < photoBytes(full.images) / 2.5,
        `fitted photos ${photoBytes(fitted.images)} bytes, full ${photoBytes(full.images)}`,
      );
      assert.ok(
        full.bytes - fitted.bytes > (photoBytes(full.images) - photoBytes(fitted.images)) * 0.95,
        `fitted ${fitted.bytes} bytes, full ${full.bytes}`,
      );
      assert.equal(squeeze(fitted.pdf.text), squeeze(full.pdf.text), 'the same text either way');
    } finally {
      await browser.worker.evaluate(() => chrome.storage.sync.clear());
    }
  });

  test('a missing and a broken photo become placeholders; the PDF is still made', async () => {
    server.serve(PHOTOS[0], { status: 404, body: 'not found', headers: { 'content-type': 'text/plain' } });
    serveImage(PHOTOS[1], 'broken.jpg', 'image/jpeg');
    serveImage(PHOTOS[2], 'dusk.jpg', 'image/jpeg');
    const { page } = await unroll(browser, 'x-quote-photo');
    const result = await downloadPdf(browser, page, { tag: 'broken-photos' });
    assert.match(result.message, /could not be loaded/);
    const pdf = await inspect(result.path);
    assert.match(pdf.text, /Photo not available/);
    const images = pdf.images.filter((row) => row[2] === 'image');
    assert.ok(images.length >= 1 && images.length <= 2, JSON.stringify(pdf.images));
    await page.close();
  });
});

/** Serves every avatar on `name`'s page as a real JPEG (the PDF's title block shows one). */
async function serveAvatars(name) {
  const html = await readFile(cases[name].file, 'utf8');
  const urls = new Set(html.match(/https:\/\/pbs\.twimg\.com\/profile_images\/[^"'&?\s)]+/g) ?? []);
  for (const url of urls) serveImage(url, 'avatar.jpg', 'image/jpeg');
}

describe('the PDF module on its own (what the worker calls on export)', () => {
  let browser;
  let page;
  before(async () => {
    browser = await launchPlainBrowser();
    page = await browser.newPage();
    // The built module and fonts, served from dist as the worker fetches them.
    await page.route('https://unspool.test/**', async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') {
        await route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>pdf</title>' });
        return;
      }
      const types = { js: 'text/javascript', wasm: 'application/wasm' };
      try {
        const body = await readFile(join(extensionDir, path));
        await route.fulfill({ body, contentType: types[path.split('.').pop()] ?? 'font/ttf' });
      } catch {
        await route.fulfill({ status: 404, body: 'not found' });
      }
    });
    await page.goto('https://unspool.test/');
    await page.evaluate(async () => {
      const pdf = await import('/core/unspool_pdf.js');
      await pdf.default({ module_or_path: '/core/unspool_pdf_bg.wasm' });
      window.render = async (thread) => {
        try {
          const fonts = new Map();
          for (const name of pdf.pdfFontFiles(thread)) {
            fonts.set(name, new Uint8Array(await (await fetch(`/fonts/${name}`)).arrayBuffer()));
          }
          const bytes = pdf.renderPdf(thread, { created: '2026-03-03T20:03:00Z' }, new Map(), fonts);
          return { head: new TextDecoder().decode(bytes.slice(0, 5)), length: bytes.length, fonts: [...fonts.keys()] };
        } catch (e) {
          return { error: `${e.name}: ${e.message}` };
        }
      };
    });
  });
  after(async () => {
    await browser?.close();
  });

  /** A two-post thread whose second post says `text`. */
  const thread = (text) => {
    const author = { name: 'A', handle: 'a', url: 'https://x.com/a', verified: false };
    const post = (id, words) => ({
      id, url: `https://x.com/a/status/${id}`, author, time: '2026-03-03T20:03:00Z',
      text: [{ kind: 'text', text: words }], media: [], truncated: false,
    });
    return {
      site: 'x', siteName: 'X', sourceUrl: 'https://x.com/a/status/1', author, focalId: '1',
      posts: [post('1', 'First post 🧵'), post('2', text)],
    };
  };

  test('a thread in Hindi and Thai fetches their fonts from the package, and exports', async () => {
    const result = await page.evaluate((t) => render(t), thread('नमस्ते दुनिया। สวัสดีชาวโลก'));
    assert.equal(result.head, '%PDF-', JSON.stringify(result));
    for (const name of ['NotoSerifDevanagari-Regular.ttf', 'NotoSerifThai-Regular.ttf']) {
      assert.ok(result.fonts.includes(name), `${name} in ${result.fonts}`);
    }
    assert.ok(!result.fonts.includes('NotoSansCJKjp-Common.otf'), 'only the scripts the thread has');
  });

  test('a thread, and one whose text holds a lone surrogate (JSON cannot carry it), both export', async () => {
    const plain = await page.evaluate((t) => render(t), thread('Second post, all well-formed.'));
    assert.equal(plain.head, '%PDF-', JSON.stringify(plain));
    // X cuts long posts mid-emoji: half a surrogate pair reaches the exporter.
    const cut = await page.evaluate((t) => {
      t.posts[1].text[0].text = `Cut here \ud83e and here \udd14${t.posts[1].text[0].text}`;
      return render(t);
    }, thread(' — the rest.'));
    assert.equal(cut.head, '%PDF-', JSON.stringify(cut));
  });

  test('what is not a thread is refused with a readable error', async () => {
    const bad = await page.evaluate(() => render({ site: 'x', posts: 'nope' }));
    assert.match(bad.error ?? '', /^unreadable: not a thread/);
  });
});
