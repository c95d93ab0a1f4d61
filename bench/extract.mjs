// Extraction benchmark: the Rust core (Wasm) against the JavaScript reference (DOMParser +
// querySelectorAll, bench/reference.js) on the same HTML, in the same headless Chromium page,
// interleaved run by run so both see the same machine noise. Then the scaling row's inputs,
// 100 and 1,000 posts alternately: extraction of the whole thread in one page, and merging — a
// collection receiving the overlapping snapshots of scrolling down (15 posts each, advancing by
// 10). Prints JSON for bench.sh.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { threadPage, threadWindows } from './pages.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const REPS = Number(process.env.BENCH_REPS ?? 15);
const WARMUP = 3;

const inputs = [
  {
    name: 'real capture (x-metascraper-post-video)',
    url: (await readFile(join(root, 'tests/pages/x-metascraper-post-video/url.txt'), 'utf8')).trim(),
    html: await readFile(join(root, 'tests/pages/x-metascraper-post-video/source.html'), 'utf8'),
    posts: 1,
  },
  ...[50, 100, 200, 1000].map((n) => ({ name: `generated ${n} posts`, ...threadPage(n), posts: n })),
];

const files = {
  '/core/unspool.js': ['dist/chrome/core/unspool.js', 'text/javascript'],
  '/core/unspool_bg.wasm': ['dist/chrome/core/unspool_bg.wasm', 'application/wasm'],
  '/reference.js': ['bench/reference.js', 'text/javascript'],
};
const server = createServer(async (req, res) => {
  const file = files[req.url];
  if (req.url === '/') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><script src="/reference.js"></script>');
  } else if (file) {
    res.writeHead(200, { 'content-type': file[1] });
    res.end(await readFile(join(root, file[0])));
  } else {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  await page.goto(origin);
  await page.evaluate(async () => {
    const core = await import('/core/unspool.js');
    await core.default();
    window.core = core;
  });
  const rows = [];
  for (const input of inputs) {
    const result = await page.evaluate(({ input, reps, warmup }) => {
      const wasm = () => {
        const c = new window.core.Collection(input.url);
        c.addSnapshot(input.html);
        const thread = c.progress().thread;
        c.free();
        return thread.posts.length;
      };
      const js = () => window.referenceExtract(input.html, input.url).posts.length;
      const counts = { wasm: wasm(), js: js() };
      const times = { wasm: [], js: [] };
      for (let i = 0; i < warmup + reps; i += 1) {
        // Alternate which goes first so neither always runs on a warmer cache.
        const order = i % 2 ? ['wasm', 'js'] : ['js', 'wasm'];
        for (const which of order) {
          const start = performance.now();
          (which === 'wasm' ? wasm : js)();
          const ms = performance.now() - start;
          if (i >= warmup) times[which].push(ms);
        }
      }
      return { counts, times };
    }, { input, reps: REPS, warmup: WARMUP });
    rows.push({ name: input.name, posts: input.posts, bytes: input.html.length, ...result });
  }
  const scaling = { extraction: { 100: [], 1000: [] }, merging: { 100: [], 1000: [] } };
  for (const n of [100, 1000]) {
    const windows = threadWindows(n);
    await page.evaluate(({ n, windows }) => {
      window.windows ??= {};
      window.windows[n] = windows;
    }, { n, windows });
  }
  // The whole pages are handed to the page once: sending the 16 MB page with every run made
  // a new string of it each time, and collecting those fell into the timed runs.
  for (const input of inputs.filter((i) => i.posts === 100 || i.posts === 1000)) {
    await page.evaluate((input) => {
      window.wholes ??= {};
      window.wholes[input.posts] = input;
    }, input);
  }
  for (let i = 0; i < WARMUP + REPS; i += 1) {
    for (const n of i % 2 ? [100, 1000] : [1000, 100]) {
      const result = await page.evaluate((n) => {
        const input = window.wholes[n];
        let start = performance.now();
        let c = new window.core.Collection(input.url);
        c.addSnapshot(input.html);
        const extracted = c.progress().thread.posts.length;
        c.free();
        const extraction = performance.now() - start;
        const { url, pages } = window.windows[n];
        start = performance.now();
        c = new window.core.Collection(url);
        for (const html of pages) c.addSnapshot(html);
        const merged = c.progress().thread.posts.length;
        c.free();
        return { extraction, merging: performance.now() - start, extracted, merged };
      }, n);
      if (result.extracted !== n || result.merged !== n) {
        throw new Error(`${n} posts: extraction found ${result.extracted}, merging ${result.merged}`);
      }
      if (i >= WARMUP) {
        scaling.extraction[n].push(result.extraction);
        scaling.merging[n].push(result.merging);
      }
    }
  }
  process.stdout.write(`${JSON.stringify({ rows, scaling })}\n`);
} finally {
  await browser.close();
  server.close();
}
