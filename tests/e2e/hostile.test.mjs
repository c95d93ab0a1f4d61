// Hostile pages, with the built extension: X pages (hand-built in X's DOM shape with
// tests/xdom/render.mjs) whose posts carry markup, script, javascript: and data: links, bidi
// tricks, zero-width characters, a 20,000-character post and 5,000 emoji, and whose own CSS
// and script try to restyle, hide or cover the overlay. The overlay shows text as text, runs
// nothing (the page counts executions in `window.__pwned`), links only http(s), and stays
// visible, styled and responsive.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pageTitle, renderPage, snowflake } from '../xdom/render.mjs';
import {
  inOverlay,
  launchBrowser,
  openPage,
  openReader,
  outDir,
  startServer,
  waitForResult,
} from './harness.mjs';

const PWN = 'window.__pwned=(window.__pwned||0)+1';
const MARKUP = `<img src=x onerror="${PWN}"> <script>${PWN}</script> <svg onload="${PWN}"></svg>`;
const LONG = 'This post goes on and on. '.repeat(800).slice(0, 20_000);
const EMOJI = ['🔥', '🚀', '🙏', '🧵', '😂'];
const MANY_EMOJI = Array.from({ length: 5000 }, (_, i) => EMOJI[i % EMOJI.length]).join('');
const BIDI = 'Invoice \u202Egpj.exe\u202C and \u2067rtl\u2069 text';
const ZERO_WIDTH = 'zero\u200Bwidth\u200C\u200Djoiners\uFEFF and\u2060word';

const mallory = {
  name: `Mallory ${MARKUP}`,
  handle: 'mallory',
  verified: false,
  avatar: 'https://pbs.twimg.com/profile_images/1500000000000000000/mallory_x96.jpg',
};
const start = Date.UTC(2026, 2, 1, 12, 0, 0);
let n = 0;
function post(text, extra = {}) {
  n += 1;
  const ms = start + n * 60_000;
  const stats = { replies: 1, reposts: 2, likes: 3, bookmarks: 0, views: 100 };
  return { id: snowflake(ms, n), author: mallory, ms, text, lang: 'en', stats, ...extra };
}
const POSTS = [
  post(`A hostile thread 🧵 ${MARKUP}`),
  post('Links: https://evil.example/js and https://evil.example/data and https://ok.example/page', {
    links: {
      'https://evil.example/js': `javascript:${PWN}`,
      'https://evil.example/data': `data:text/html,<script>${PWN}</script>`,
      'https://ok.example/page': 'https://t.co/okpage',
    },
  }),
  post(`${BIDI} / ${ZERO_WIDTH}`),
  post(LONG),
  post(MANY_EMOJI),
  post('The end.'),
];
const IDS = POSTS.map((p) => p.id);

/** Page CSS and script attacks, each its own page. */
const ATTACKS = {
  'text only': '',
  'CSS hides the host': `<style>
    #unspool-root, div#unspool-root, html > div { display: none !important; opacity: 0 !important;
      visibility: hidden !important; transform: scale(0) !important; clip-path: inset(50%) !important;
      filter: blur(30px) !important; width: 0 !important; height: 0 !important; z-index: -1 !important;
      position: static !important; all: unset !important; }
  </style>`,
  'CSS restyles everything': `<style>
    * { color: red !important; background: yellow !important; font-family: "Comic Sans MS" !important;
        font-size: 3px !important; direction: rtl !important; letter-spacing: 9px !important; }
    :host, ::slotted(*), :root * { color: red !important; }
  </style>`,
  'CSS covers the page': `<style>
    html::after { content: "covered"; position: fixed; inset: 0; z-index: 2147483647 !important;
      background: rgb(255 0 0); }
    body::before { content: ""; position: fixed; inset: 0; z-index: 2147483647; background: blue; }
  </style>`,
  'CSS on the root element': `<style>
    html { opacity: 0.05 !important; filter: invert(1) blur(6px) !important;
      transform: scale(0.1) !important; visibility: hidden !important; }
  </style>`,
  'script hides the host': `<script>
    new MutationObserver(() => {
      const host = document.getElementById('unspool-root');
      if (!host || host.dataset.hit) return;
      host.dataset.hit = '1';
      host.style.setProperty('display', 'none', 'important');
      host.style.setProperty('opacity', '0', 'important');
      host.setAttribute('hidden', '');
    }).observe(document.documentElement, { childList: true });
  </script>`,
};

const pages = {};
let server;
let browser;

before(async () => {
  await mkdir(outDir, { recursive: true });
  server = await startServer();
  const cells = POSTS.map((p, i) => (i === 0
    ? { kind: 'post', post: p, focal: true }
    : { kind: 'post', post: p, lineAbove: i > 1, lineBelow: i < POSTS.length - 1 }));
  cells.push({ kind: 'empty', variant: 'end' });
  let i = 0;
  for (const [name, attack] of Object.entries(ATTACKS)) {
    i += 1;
    const url = `https://x.com/mallory/status/${POSTS[0].id}?attack=${i}`;
    const path = `https://x.com/mallory${i}/status/${POSTS[0].id}`;
    let html = renderPage({ url: path, title: pageTitle(POSTS[0]), cells });
    html = html.replace('</head>', `${attack}</head>`);
    server.serve(path, { body: html });
    pages[name] = path;
    void url;
  }
  browser = await launchBrowser({ port: server.port });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** What the reader shows and whether it is really on screen, read from the page. */
function inspect(page) {
  return page.evaluate(() => {
    const host = document.getElementById('unspool-root');
    const root = host.shadowRoot;
    const reader = root.querySelector('.reader');
    const rect = reader.getBoundingClientRect();
    const hostStyle = getComputedStyle(host);
    const post = root.querySelector('[data-post-id] .post-text p');
    const postStyle = getComputedStyle(post);
    // What a click in the middle and in a corner would hit.
    const hits = [[innerWidth / 2, innerHeight / 2], [20, innerHeight - 20]].map(([x, y]) => {
      const top = document.elementFromPoint(x, y);
      return top === host;
    });
    return {
      pwned: window.__pwned ?? 0,
      hostDisplay: hostStyle.display,
      hostOpacity: hostStyle.opacity,
      hostVisibility: hostStyle.visibility,
      rect: [rect.width, rect.height],
      hits,
      readerBg: getComputedStyle(reader).backgroundColor,
      textColor: postStyle.color,
      fontSize: postStyle.fontSize,
      direction: postStyle.direction,
      letterSpacing: postStyle.letterSpacing,
      rootOpacity: getComputedStyle(document.documentElement).opacity,
      rootFilter: getComputedStyle(document.documentElement).filter,
      rootTransform: getComputedStyle(document.documentElement).transform,
      rootVisibility: getComputedStyle(document.documentElement).visibility,
      links: [...root.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      dangerous: root.querySelectorAll('script, iframe, object, embed, [onerror], [onload], svg [onload]').length,
      images: [...root.querySelectorAll('img')].map((img) => img.getAttribute('src')),
      texts: [...root.querySelectorAll('[data-post-id]')].map((p) => p.querySelector('.post-text')?.textContent ?? ''),
      title: root.querySelector('h1').textContent,
      byline: root.querySelector('.byline-name').textContent,
    };
  });
}

/** The colours at `points` of a screenshot of `page` (decoded by the browser itself). */
async function screenPixels(page, points) {
  const png = (await page.screenshot()).toString('base64');
  const scratch = await browser.context.newPage();
  try {
    return await scratch.evaluate(async ({ png, points }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${png}`;
      await img.decode();
      const canvas = new OffscreenCanvas(img.width, img.height);
      const context = canvas.getContext('2d');
      context.drawImage(img, 0, 0);
      return points.map(([x, y]) => [...context.getImageData(x, y, 1, 1).data.slice(0, 3)]);
    }, { png, points });
  } finally {
    await scratch.close();
  }
}

for (const name of Object.keys(ATTACKS)) {
  test(`hostile page (${name}): text stays text, nothing runs, the reader stays visible and styled`, async () => {
    const { page, errors } = await openPage(browser.context, pages[name]);
    try {
      await page.evaluate(() => { window.__pwned = window.__pwned ?? 0; });
      const opened = Date.now();
      await openReader(browser, page);
      const overlay = await waitForResult(page, 40_000);
      const took = Date.now() - opened;
      assert.equal(overlay.state, 'ready', overlay.message);
      assert.deepEqual(overlay.ids, IDS);
      await page.waitForTimeout(300); // lazy images, error events
      const seen = await inspect(page);

      // Nothing ran, nothing dangerous was made, text is text.
      assert.equal(seen.pwned, 0, 'the page counted an execution');
      assert.equal(seen.dangerous, 0);
      for (const href of seen.links) assert.match(href, /^https?:\/\//, href);
      for (const src of seen.images) assert.match(src, /^https:\/\//, src);
      // The page's javascript:/data: hrefs never become ours (the core links the URL X shows).
      assert.ok(!seen.links.some((href) => /javascript|data:/i.test(href)), seen.links.join());
      assert.ok(seen.texts[0].includes('<img src=x onerror='), seen.texts[0]);
      assert.ok(seen.texts[0].includes('<script>'), 'a script tag in the text is shown as text');
      assert.ok(seen.byline.includes('<img src=x'), 'markup in the author name is text');
      assert.ok(seen.texts[1].includes('evil.example/js'), 'the link text stays');
      assert.ok(seen.texts[2].includes('\u202E'), 'the bidi override is kept as text');
      assert.ok(seen.texts[2].includes('\u200B') || seen.texts[2].includes('zerowidth'), seen.texts[2]);
      assert.ok(seen.texts[3].length >= 19_000, `long post: ${seen.texts[3].length} characters`);
      const emoji = [...seen.texts[4].matchAll(/\p{Extended_Pictographic}/gu)].length;
      assert.ok(emoji >= 5000, `${emoji} emoji`);

      // Visible, on top, styled as ours.
      assert.equal(seen.hostDisplay, 'block');
      assert.equal(seen.hostOpacity, '1');
      assert.equal(seen.hostVisibility, 'visible');
      assert.deepEqual(seen.rect, [1280, 800]);
      assert.deepEqual(seen.hits, [true, true], 'the reader is what a click hits');
      assert.equal(seen.readerBg, 'rgb(247, 245, 240)');
      assert.equal(seen.textColor, 'rgb(29, 27, 24)');
      assert.equal(seen.fontSize, '19px');
      assert.equal(seen.direction, 'ltr');
      assert.equal(seen.letterSpacing, 'normal');
      // And on screen, pixel for pixel: the theme's background where the page would show through.
      const pixels = await screenPixels(page, [[20, 780], [1260, 400], [640, 790]]);
      for (const pixel of pixels) assert.deepEqual(pixel, [247, 245, 240], 'the reader, as drawn');

      // Responsive: collected in reasonable time; keys and scrolling answer at once.
      assert.ok(took < 30_000, `ready after ${took} ms`);
      const lag = await page.evaluate(async () => {
        const reader = document.getElementById('unspool-root').shadowRoot.querySelector('.reader');
        const t0 = performance.now();
        reader.scrollTo(0, reader.scrollHeight);
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return performance.now() - t0;
      });
      assert.ok(lag < 1000, `a scroll to the end took ${lag} ms`);
      await page.keyboard.press('k');
      assert.ok(await page.evaluate(() =>
        document.getElementById('unspool-root').shadowRoot.activeElement?.dataset.postId));
      await page.screenshot({ path: join(outDir, `hostile-${name.replace(/\W+/g, '-')}.png`) });

      await page.keyboard.press('Escape');
      await page.locator('#unspool-root').waitFor({ state: 'detached' });
      assert.equal(await page.evaluate(() => window.__pwned ?? 0), 0);
      assert.deepEqual(errors.filter((e) => /chrome-extension/.test(e)), []);
    } finally {
      await page.close();
    }
  });
}
