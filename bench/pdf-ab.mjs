// An A/B of two builds' PDF modules, for measuring a change to the PDF writer on a noisy
// machine: both modules are loaded into one headless Chromium page and export the benchmark's
// 200-post thread (bench/pdf.mjs) alternately, REPS times each (40 by default), the order
// swapping every round; prints each side's median and quartiles and B's median over A's.
//   A=/path/to/extension-a B=/path/to/extension-b node bench/pdf-ab.mjs
// (each an unpacked build like dist/chrome; POSTS=n for another thread length). A/A runs of
// one build give 0.95–1.05: smaller differences need several runs, or callgrind natively.
// The photos are fitted to the page first, as the worker does (A's photo-fit.js and writer).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from '../tests/e2e/harness.mjs';
import { pdfBenchThread } from './lib.mjs';
const REPS = Number(process.env.REPS ?? 40);
const photoDir = join(repoRoot, 'target/bench/photos');
const dirs = { a: process.env.A, b: process.env.B };
const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  let m; let file; let type = 'application/octet-stream';
  if (path === '/') { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><body>'); return; }
  if ((m = path.match(/^\/(a|b)\/(unspool_pdf(_bg)?\.(js|wasm))$/))) { file = join(dirs[m[1]], 'core', m[2]); type = m[4] === 'js' ? 'text/javascript' : 'application/wasm'; }
  else if ((m = path.match(/^\/fonts\/([\w.-]+)$/))) file = join(dirs.a, 'fonts', m[1]);
  else if (path === '/photo-fit.js') { file = join(dirs.a, 'photo-fit.js'); type = 'text/javascript'; }
  else if ((m = path.match(/^\/photos\/(\w+\.jpg)$/))) { file = join(photoDir, m[1]); type = 'image/jpeg'; }
  if (!file) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-type': type }); res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await page.goto(origin);
const out = await page.evaluate(async ({ thread, REPS }) => {
  const mods = {};
  for (const k of ['a', 'b']) { const m = await import(`/${k}/unspool_pdf.js`); await m.default({ module_or_path: `/${k}/unspool_pdf_bg.wasm` }); mods[k] = m; }
  const fonts = new Map(); for (const n of mods.a.pdfFontFiles(thread)) fonts.set(n, new Uint8Array(await (await fetch(`/fonts/${n}`)).arrayBuffer()));
  // The photos as the worker hands them over: fitted to the page (A's build decides).
  const { fitPhoto } = await import('/photo-fit.js');
  const images = new Map();
  for (const { url, boxes } of mods.a.pdfImageRequests(thread, {})) {
    const served = new Uint8Array(await (await fetch(url)).arrayBuffer());
    images.set(url, await fitPhoto(served, (w, h) => mods.a.pdfFittedSize(boxes, w, h)));
  }
  const t = { a: [], b: [] }; const size = {};
  for (let i = 0; i < REPS + 3; i += 1) for (const k of (i % 2 ? ['a', 'b'] : ['b', 'a'])) {
    const s = performance.now(); const pdf = mods[k].renderPdf(thread, { created: '2026-03-03T20:03:00Z' }, images, fonts); const e = performance.now() - s;
    size[k] = pdf.length; if (i >= 3) t[k].push(e);
  }
  return { t, size };
}, { thread: pdfBenchThread(origin, Number(process.env.POSTS ?? 200), 40), REPS });
const med = (a) => { a = [...a].sort((x, y) => x - y); return a[a.length >> 1]; };
const q = (a, f) => { a = [...a].sort((x, y) => x - y); return a[Math.floor(a.length * f)]; };
console.log(`A ${med(out.t.a).toFixed(2)} ms [${q(out.t.a, 0.25).toFixed(1)}–${q(out.t.a, 0.75).toFixed(1)}] ${out.size.a} B | B ${med(out.t.b).toFixed(2)} ms [${q(out.t.b, 0.25).toFixed(1)}–${q(out.t.b, 0.75).toFixed(1)}] ${out.size.b} B | B/A ${(med(out.t.b) / med(out.t.a)).toFixed(3)}`);
await browser.close(); server.close();
