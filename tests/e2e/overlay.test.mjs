// The overlay's rendering and failure paths, with the content scripts in a plain page and a
// stand-in worker: hostile thread data the real core would never send, a worker that never
// answers, answers that are missing or malformed.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  inOverlay,
  injectReaderWithAnswer,
  launchPlainBrowser,
  outDir,
  readOverlay,
  waitForResult,
} from './harness.mjs';

const author = {
  name: 'Ada <b>Lovelace</b>',
  handle: 'ada',
  url: 'https://x.com/ada',
  avatarUrl: 'javascript:alert(1)',
  verified: true,
};
const PWN = '<img src=x onerror="window.__pwned = 1">';

/** A thread with every kind of content, some of it hostile. */
const hostileAnswer = {
  ok: true,
  title: `Notes ${PWN}`,
  markdown: '# Notes',
  fileStem: 'Ada – Notes (2024-01-02)',
  progress: {
    done: false,
    needs: { scrollUp: false, scrollDown: true, showReplies: false, expand: [] },
    thread: {
      site: 'x',
      siteName: 'X',
      sourceUrl: 'https://x.com/ada/status/100',
      focalId: '100',
      author,
      posts: [
        {
          id: '100',
          url: 'https://x.com/ada/status/100',
          author,
          time: '2024-01-02T10:00:00.000Z',
          truncated: false,
          text: [
            { kind: 'text', text: `Plain ${PWN} text` },
            { kind: 'lineBreak' },
            { kind: 'lineBreak' },
            { kind: 'link', text: 'evil', url: 'javascript:window.__pwned=2' },
            { kind: 'text', text: ' and ' },
            { kind: 'link', text: 'data', url: 'data:text/html,<script>1</script>' },
            { kind: 'text', text: ' and ' },
            { kind: 'link', text: 'example.com/page', url: 'https://example.com/page' },
            { kind: 'lineBreak' },
            { kind: 'mention', text: '@bob', url: 'https://x.com/bob' },
            { kind: 'text', text: ' ' },
            { kind: 'hashtag', text: '#rust', url: 'https://x.com/hashtag/rust' },
            { kind: 'emoji', text: '🧵' },
            { kind: 'somethingNew', text: 'future kind' },
          ],
          media: [
            { kind: 'photo', url: 'https://pbs.twimg.com/media/a.jpg', alt: 'A chart' },
            { kind: 'photo', url: 'javascript:alert(1)' },
            { kind: 'video', url: 'https://pbs.twimg.com/v.jpg', link: 'javascript:alert(1)' },
            { kind: 'gif', url: 'https://pbs.twimg.com/g.jpg', link: 'https://x.com/ada/status/100' },
          ],
        },
        {
          id: '101',
          url: 'javascript:alert(1)',
          author,
          truncated: true,
          text: [{ kind: 'text', text: 'Second' }],
          quote: {
            url: 'https://x.com/bob/status/5',
            author: { name: 'Bob', handle: 'bob', url: 'https://x.com/bob', verified: false },
            text: [{ kind: 'link', text: 'vb', url: 'vbscript:msgbox' }],
            media: [{ kind: 'photo', url: 'https://pbs.twimg.com/q.jpg' }],
          },
          card: { url: 'https://example.com/article', title: 'An article', image: 'data:image/png;base64,AAAA' },
        },
      ],
    },
  },
};

let browser;
before(async () => {
  await mkdir(outDir, { recursive: true });
  browser = await launchPlainBrowser();
});
after(() => browser?.close());

async function pageWith(answer, { clock = false } = {}) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  if (clock) await page.clock.install();
  await page.setContent('<!doctype html><title>page</title><p>The page.</p>');
  await injectReaderWithAnswer(page, answer);
  return page;
}

test('hostile text stays text; only http(s) URLs become links or images', async () => {
  const page = await pageWith(hostileAnswer);
  try {
    const overlay = await waitForResult(page);
    assert.equal(overlay.state, 'ready');
    assert.deepEqual(overlay.ids, ['100', '101']);
    const found = await inOverlay(page, '.reader').evaluate((reader) => ({
      links: [...reader.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      images: [...reader.querySelectorAll('img')].map((i) => i.getAttribute('src')),
      handlers: reader.querySelectorAll('[onerror], script, b').length,
      title: reader.querySelector('h1').textContent,
      firstPost: reader.querySelector('[data-post-id="100"] .post-text').textContent,
    }));
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(found.handlers, 0);
    assert.ok(found.title.includes(PWN), 'markup in the title is shown as text');
    assert.ok(found.firstPost.includes(PWN) && found.firstPost.includes('future kind'));
    assert.ok(found.firstPost.includes('evil') && found.firstPost.includes('data'));
    for (const href of found.links) assert.match(href, /^https?:\/\//);
    for (const src of found.images) assert.match(src, /^https:\/\/pbs\.twimg\.com\//);
    assert.ok(found.links.includes('https://example.com/page'));
    assert.ok(found.links.includes('https://x.com/ada/status/100'), 'video without a safe link');
    await page.screenshot({ path: join(outDir, 'overlay-rich-light.png'), fullPage: false });
  } finally {
    await page.close();
  }
});

test('a worker that never answers: an error after its time limits, not a stuck spinner', async () => {
  const page = await pageWith('never', { clock: true });
  try {
    await page.clock.runFor(200);
    assert.equal((await readOverlay(page)).state, 'collecting');
    // 3 s for the page's hooks (then the whole page is sent), 20 s for the snapshot's answer.
    await page.clock.runFor(3_000);
    assert.equal((await readOverlay(page)).state, 'collecting');
    await page.clock.runFor(20_000);
    const overlay = await waitForResult(page, 5_000);
    assert.equal(overlay.state, 'error');
    assert.match(overlay.message, /took too long/);
  } finally {
    await page.close();
  }
});

for (const [answer, expected] of [
  ['nothing', /couldn't reach its reader/],
  ['reject', /couldn't reach its reader/],
  [{ ok: true, progress: {} }, /couldn't reach its reader/],
  [{ ok: false, error: { code: 'internal', message: 'panicked at x.rs:1:1' } }, /panicked at x\.rs/],
  // The core's own English detail gives way to the reader's, in the reader's language.
  [{ ok: false, error: { code: 'unreadable', message: 'No post on this page.' } }, /couldn't read this thread.*not have finished loading/],
]) {
  test(`an answer of ${JSON.stringify(answer)} shows a clear error`, async () => {
    const page = await pageWith(answer);
    try {
      // An `unreadable` first answer is retried for up to 8 s while the page may still render.
      const overlay = await waitForResult(page, 12_000);
      assert.equal(overlay.state, 'error');
      assert.match(overlay.message, expected);
      assert.ok(await inOverlay(page, '[data-action="close"]').isVisible());
      await inOverlay(page, '[data-action="close"]').click();
      assert.equal(await page.locator('#unspool-root').count(), 0);
    } finally {
      await page.close();
    }
  });
}

test('with no hooks for the page, the snapshot sent is the page itself', async () => {
  const page = await pageWith('never');
  try {
    // The hooks request goes first; unanswered, it gives up after 3 s and the whole page goes.
    await page.waitForFunction(() => window.__sent, null, { timeout: 10_000 });
    assert.deepEqual(await page.evaluate(() => window.__sentAll), ['unspool:hooks', 'unspool:snapshot']);
    const sent = await page.evaluate(() => window.__sent);
    assert.equal(sent.type, 'unspool:snapshot');
    assert.equal(sent.url, page.url());
    assert.match(sent.html, /<p>The page\.<\/p>/);
  } finally {
    await page.close();
  }
});
