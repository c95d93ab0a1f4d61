// Rows 3 and 4 (PDF): a thread of 200 posts with 40 photos (and 100 and 1,000 posts for the
// scaling row), all in one headless Chromium page, interleaved run by run:
//   - Unspool: the PDF Wasm module (dist/chrome/core/unspool_pdf*, the module the extension's
//     worker loads on export) given the thread, the photos' bytes and the fonts, to the PDF bytes.
//     The photos as the worker hands them over: each scaled to what the page uses as it
//     arrives (photo-fit.js with the writer's `pdfFittedSize`, the browser's codecs, 6 at a
//     time as the worker fetches) — timed on its own (`fitting`), like the download it
//     overlaps. jspdf is given the same fitted bytes (its time grows with the photos' bytes);
//     both are also timed with the photos as served (the "Full resolution" setting);
//   - printToPDF: the reader overlay (the extension's own content scripts, with a stand-in
//     worker answering the same thread) laid out as one flowing document with every photo
//     loaded, then CDP `Page.printToPDF` — what print-based tools give;
//   - jspdf: the same text and the same JPEG bytes laid out with jsPDF's standard font.
// Every timing starts with the inputs in memory (photos fetched, fonts read, overlay drawn).
// Photos are served locally (bench/photos.py draws them). Prints JSON for bench.sh;
// BENCH_PROFILE=1 prints a CPU profile of the Unspool side instead (see profileUnspool; the top
// 30 functions, BENCH_PROFILE_ROWS=N for more).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { injectReaderWithAnswer, repoRoot } from '../tests/e2e/harness.mjs';
import { copyExtension, pdfBenchThread } from './lib.mjs';

const REPS = Number(process.env.BENCH_REPS ?? 15);
// Warm-up rounds before the measured ones. V8 compiles a Wasm function with its baseline
// compiler on its first call and tiers the hot ones up to TurboFan in the background: on the
// 2-core development machine the PDF writer's exports settle only after ~11 of them (150 ms,
// then 110, 45 ... 25), and jspdf's JavaScript warms up likewise (85 ms, then ~50). With 2
// warm-up rounds a third of the measured runs were still tiering up. The first round's
// times are reported on their own (`first`): a user's export in a fresh worker is such a run.
const WARMUP = 12;
const SCALE_REPS = Math.max(3, Math.ceil(REPS / 3));
const PHOTOS = 40;
const photoDir = join(repoRoot, 'target/bench/photos');
if (!existsSync(join(photoDir, 'avatar.jpg'))) {
  execFileSync('python3', [join(repoRoot, 'bench/photos.py'), photoDir]);
}

// A private copy: a concurrent ./build.sh must not change the files under the benchmark.
// BENCH_EXTENSION: another unpacked build to measure (an A/B of a change), dist/chrome by default.
const build = await copyExtension(process.env.BENCH_EXTENSION ?? join(repoRoot, 'dist/chrome'));
const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  const files = [
    [/^\/$/, null, 'text/html'],
    [/^\/core\/(unspool_pdf(_bg)?\.(js|wasm))$/, (m) => join(build.dir, 'core', m[1])],
    [/^\/fonts\/([\w.-]+)$/, (m) => join(build.dir, 'fonts', m[1]), 'font/ttf'],
    [/^\/photos\/(\w+\.jpg)$/, (m) => join(photoDir, m[1]), 'image/jpeg'],
    [/^\/jspdf\.js$/, () => join(repoRoot, 'node_modules/jspdf/dist/jspdf.umd.min.js')],
    [/^\/photo-fit\.js$/, () => join(build.dir, 'photo-fit.js')],
  ];
  for (const [pattern, file, type] of files) {
    const m = path.match(pattern);
    if (!m) continue;
    let body;
    try {
      body = file ? readFileSync(file(m)) : '<!doctype html><meta charset="utf-8"><title>bench</title><body>';
    } catch {
      break;
    }
    const types = { js: 'text/javascript', wasm: 'application/wasm' };
    res.writeHead(200, { 'content-type': type ?? types[path.split('.').pop()] ?? 'application/octet-stream' });
    res.end(body);
    return;
  }
  res.writeHead(404).end();
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

/** The PDF benchmark's thread (lib.mjs), its photos served here. */
const benchThread = (posts, photos) => pdfBenchThread(origin, posts, photos);

/**
 * BENCH_PROFILE=1: instead of the table, a CPU profile of 25 Unspool exports of the 200-post
 * thread (CDP `Profiler`, 50 µs samples): each function's share of the busy time, by itself
 * and with what it calls. Function names need a build that keeps them:
 * `UNSPOOL_WASM_NAMES=1 ./build.sh` (then rebuild without it before shipping or measuring).
 */
async function profileUnspool(page) {
  const cdp = await page.context().newCDPSession(page);
  await page.evaluate(() => {
    for (let i = 0; i < 3; i += 1) window.unspool(window.__thread, window.__inputs);
  });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  const median = await page.evaluate(() => {
    const ms = [];
    for (let i = 0; i < 25; i += 1) {
      const start = performance.now();
      window.unspool(window.__thread, window.__inputs);
      ms.push(performance.now() - start);
    }
    return ms.sort((a, b) => a - b)[12];
  });
  const { profile } = await cdp.send('Profiler.stop');
  const spent = new Map();
  profile.samples.forEach((id, k) => spent.set(id, (spent.get(id) ?? 0) + (profile.timeDeltas[k] ?? 0)));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  const nameOf = (node) => (node.callFrame.functionName || '(anonymous)').replace(/::h[0-9a-f]{16}$/, '');
  const self = new Map();
  const total = new Map();
  let busy = 0;
  for (const node of profile.nodes) {
    const us = spent.get(node.id) ?? 0;
    const name = nameOf(node);
    if (!us || name === '(idle)' || name === '(root)') continue;
    busy += us;
    self.set(name, (self.get(name) ?? 0) + us);
    const seen = new Set();
    for (let n = node; n; n = parent.get(n.id)) {
      const up = nameOf(n);
      if (seen.has(up) || up === '(root)') continue;
      seen.add(up);
      total.set(up, (total.get(up) ?? 0) + us);
    }
  }
  const table = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.BENCH_PROFILE_ROWS ?? 30))
    .map(([name, us]) => `${((100 * us) / busy).toFixed(1).padStart(5)} %  ${name.slice(0, 150)}`).join('\n');
  console.log(`renderPdf, 200 posts: median ${median.toFixed(1)} ms over 25 runs\n`);
  console.log(`by itself:\n${table(self)}\n\nwith what it calls:\n${table(total)}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  const thread = benchThread(200, PHOTOS);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(origin);
  await page.addScriptTag({ url: '/jspdf.js' });
  // The PDF module, its fonts and the photos' bytes, loaded before any timing.
  await page.evaluate(async () => {
    const pdf = await import('/core/unspool_pdf.js');
    await pdf.default({ module_or_path: '/core/unspool_pdf_bg.wasm' });
    window.pdf = pdf;
    window.fontCache = new Map();
    window.photoCache = new Map();
    window.load = async (thread) => {
      const fonts = new Map();
      for (const name of pdf.pdfFontFiles(thread)) {
        if (!fontCache.has(name)) fontCache.set(name, new Uint8Array(await (await fetch(`/fonts/${name}`)).arrayBuffer()));
        fonts.set(name, fontCache.get(name));
      }
      const images = new Map();
      for (const { url } of pdf.pdfImageRequests(thread, {})) {
        if (!photoCache.has(url)) photoCache.set(url, new Uint8Array(await (await fetch(url)).arrayBuffer()));
        images.set(url, photoCache.get(url));
      }
      return { fonts, images };
    };
    const { fitPhoto } = await import('/photo-fit.js');
    // The worker's fitting (pdf-export.js): every image of the thread, 6 at a time.
    window.fit = async (thread, images) => {
      const fitted = new Map();
      const requests = pdf.pdfImageRequests(thread, {});
      let next = 0;
      const worker = async () => {
        while (next < requests.length) {
          const { url, boxes } = requests[next++];
          fitted.set(url, await fitPhoto(images.get(url), (w, h) => pdf.pdfFittedSize(boxes, w, h)));
        }
      };
      await Promise.all(Array.from({ length: 6 }, worker));
      return fitted;
    };
    window.unspool = (thread, inputs) => pdf.renderPdf(thread, { created: '2026-03-03T20:03:00Z' }, inputs.images, inputs.fonts).length;
    // jsPDF: A4, Helvetica 11 pt; per post a line with its number and time, the text, the photos.
    window.jspdfRender = (thread, inputs) => {
      const { jsPDF } = window.jspdf;
      const doc = new jsPDF({ unit: 'pt', format: 'a4', compress: true });
      const margin = 56;
      const width = doc.internal.pageSize.getWidth() - 2 * margin;
      const bottom = doc.internal.pageSize.getHeight() - margin;
      let y = margin;
      const room = (h) => {
        if (y + h > bottom) {
          doc.addPage();
          y = margin;
        }
      };
      doc.setFontSize(16);
      doc.text(`${thread.author.name} (@${thread.author.handle})`, margin, y);
      y += 28;
      thread.posts.forEach((post, i) => {
        doc.setFontSize(9);
        room(14);
        doc.text(`${i + 1}/${thread.posts.length} · ${post.time}`, margin, y);
        y += 14;
        doc.setFontSize(11);
        const text = post.text.map((s) => (s.kind === 'lineBreak' ? '\n' : s.text)).join('');
        for (const line of doc.splitTextToSize(text, width)) {
          room(14);
          doc.text(line, margin, y);
          y += 14;
        }
        for (const media of post.media) {
          const h = (width * 675) / 1200;
          room(h + 8);
          doc.addImage(inputs.images.get(media.url), 'JPEG', margin, y, width, h);
          y += h + 8;
        }
        y += 10;
      });
      return doc.output('arraybuffer').byteLength;
    };
  });

  // The reader overlay showing the same thread, as one flowing document for printing.
  const printPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await printPage.goto(origin);
  await injectReaderWithAnswer(printPage, {
    ok: true, progress: { thread }, title: 'Bench thread', markdown: '', fileStem: 'bench',
  });
  await printPage.waitForFunction(() =>
    document.getElementById('unspool-root')?.shadowRoot?.querySelector('[data-state]')?.dataset.state === 'ready');
  const printed = await printPage.evaluate(async () => {
    const root = document.getElementById('unspool-root').shadowRoot;
    const style = document.createElement('style');
    style.textContent = `:host { position: static !important; contain: none !important; }
      .reader { position: static !important; overflow: visible !important; }`;
    root.append(style);
    document.documentElement.style.setProperty('overflow', 'visible', 'important');
    const images = [...root.querySelectorAll('img')];
    for (const img of images) img.loading = 'eager';
    await Promise.all(images.map((img) => img.decode().catch(() => {})));
    return {
      posts: root.querySelectorAll('[data-post-id]').length,
      photos: images.filter((img) => img.complete && img.naturalWidth > 0 && img.src.includes('/photos/') && !img.src.includes('avatar')).length,
    };
  });
  if (printed.posts !== 200 || printed.photos !== PHOTOS) {
    throw new Error(`the overlay shows ${printed.posts} posts and ${printed.photos} photos`);
  }
  const printCdp = await printPage.context().newCDPSession(printPage);
  const printToPdf = async () => {
    const { data } = await printCdp.send('Page.printToPDF', { printBackground: true, preferCSSPageSize: false });
    return Buffer.from(data, 'base64').length;
  };

  const { photoBytes, fittedBytes } = await page.evaluate(async (thread) => {
    window.__thread = thread;
    window.__served = await window.load(thread);
    window.__inputs = { ...window.__served, images: await window.fit(thread, window.__served.images) };
    const total = (images) => [...images.values()].reduce((n, bytes) => n + bytes.length, 0);
    return {
      photoBytes: total(window.__served.images),
      fittedBytes: total(window.__inputs.images),
    };
  }, thread);
  // Fitting the photos: wall time of the worker's way (6 at a time), from the served bytes.
  const fitting = [];
  for (let i = 0; i < 2 + 5; i += 1) {
    const ms = await page.evaluate(async () => {
      const start = performance.now();
      await window.fit(window.__thread, window.__served.images);
      return performance.now() - start;
    });
    if (i >= 2) fitting.push(ms);
  }
  if (process.env.BENCH_PROFILE) {
    await profileUnspool(page);
    await browser.close();
    server.close();
    process.exit(0);
  }
  /** A writer in the page, timed there: `fn(thread, inputs)` returns the PDF's byte count. */
  const writer = (fn, inputs) => () => page.evaluate(([fn, inputs]) => {
    const start = performance.now();
    const bytes = window[fn](window.__thread, window[inputs]);
    return { ms: performance.now() - start, bytes };
  }, [fn, inputs]);
  const sides = {
    unspool: writer('unspool', '__inputs'),
    jspdf: writer('jspdfRender', '__inputs'),
    printToPDF: async () => {
      const start = performance.now();
      const bytes = await printToPdf();
      return { ms: performance.now() - start, bytes };
    },
    // Both writers given the photos as served (the "Full resolution" setting).
    unspoolServed: writer('unspool', '__served'),
    jspdfServed: writer('jspdfRender', '__served'),
  };
  const names = Object.keys(sides);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  const first = {};
  const bytes = {};
  for (let i = 0; i < WARMUP + REPS; i += 1) {
    const order = [...names.slice(i % names.length), ...names.slice(0, i % names.length)];
    for (const name of order) {
      const result = await sides[name]();
      bytes[name] = result.bytes;
      if (i === 0) first[name] = result.ms;
      if (i >= WARMUP) times[name].push(result.ms);
    }
  }

  // Scaling: the PDF writer at 100 and 1,000 posts (photos in proportion: one in five posts).
  const scaling = {};
  for (const n of [100, 1000]) {
    const t = benchThread(n, n / 5);
    await page.evaluate(async (t) => {
      window.__scaleInputs = await window.load(t);
    }, t);
    scaling[n] = [];
  }
  for (let i = 0; i < 1 + SCALE_REPS; i += 1) {
    for (const n of i % 2 ? [100, 1000] : [1000, 100]) {
      const t = benchThread(n, n / 5);
      const ms = await page.evaluate((t) => {
        const inputs = { fonts: window.__scaleInputs.fonts, images: new Map() };
        for (const post of t.posts) for (const m of post.media) inputs.images.set(m.url, window.photoCache.get(m.url));
        inputs.images.set(t.author.avatarUrl, window.photoCache.get(t.author.avatarUrl));
        const start = performance.now();
        window.unspool(t, inputs);
        return performance.now() - start;
      }, t);
      if (i >= 1) scaling[n].push(ms);
    }
  }
  process.stdout.write(`${JSON.stringify({ posts: 200, photos: PHOTOS, photoBytes, fittedBytes, fitting, times, first, bytes, scaling })}\n`);
} finally {
  await browser.close();
  server.close();
  await build.remove();
}
