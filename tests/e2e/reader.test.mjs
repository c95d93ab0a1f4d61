// The built extension in headless Chromium, on pages served as x.com with x.com's kind of CSP:
// press the toolbar button, read the overlay through the test contract.
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  STRICT_HEADERS,
  clickAction,
  inOverlay,
  launchBrowser,
  loadCase,
  openPage,
  openReader,
  outDir,
  startServer,
  violations,
  waitForResult,
} from './harness.mjs';

const THREADS = ['x-seed-thread', 'x-thread-mid', 'x-quote-photo', 'x-rich-text'];
const NOT_X = 'https://example.org/';

let server;
let browser;
const cases = {};
const workerErrors = [];

before(async () => {
  await mkdir(outDir, { recursive: true });
  server = await startServer();
  for (const name of [...THREADS, 'x-brocc-home']) {
    cases[name] = await loadCase(name);
    server.serve(cases[name].url, { file: cases[name].file });
  }
  server.serve(NOT_X, {
    headers: STRICT_HEADERS,
    body: '<!doctype html><title>Example Domain</title><h1>Example Domain</h1><p>Not a thread.</p>',
  });
  browser = await launchBrowser({ port: server.port });
  browser.worker.on('console', (m) => {
    if (m.type() === 'error') workerErrors.push(m.text());
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens `url`, lets the page settle, and presses the button; returns the page and baselines. */
async function unroll(url) {
  const { page, errors } = await openPage(browser.context, url);
  await page.waitForLoadState('networkidle');
  const baseline = { errors: errors.length, violations: (await violations(page)).length };
  await openReader(browser, page);
  const overlay = await waitForResult(page);
  return { page, errors, baseline, overlay };
}

/** What the reader made the page see: CSP violations and errors after the button press. */
async function assertUnnoticed({ page, errors, baseline }) {
  const seen = await violations(page);
  assert.deepEqual(seen.slice(baseline.violations), [], 'CSP violations after the click');
  assert.ok(!seen.some((v) => /wasm|eval/i.test(`${v.directive} ${v.blocked}`)), 'no Wasm attempt');
  assert.deepEqual(errors.slice(baseline.errors), [], 'errors after the click');
}

for (const name of ['x-seed-thread', 'x-thread-mid']) {
  test(`${name}: the whole thread, in reading order`, async () => {
    const { ids, url } = cases[name];
    const run = await unroll(url);
    try {
      assert.equal(run.overlay.state, 'ready', run.overlay.message);
      assert.equal(run.overlay.postCount, '14');
      assert.deepEqual(run.overlay.ids, ids);
      assert.equal(run.overlay.shadowMode, 'open');
      assert.deepEqual(
        { role: run.overlay.role, modal: run.overlay.modal, label: run.overlay.label },
        { role: 'dialog', modal: 'true', label: 'Unspool reader' },
      );
      assert.deepEqual(run.overlay.actions.sort(), [
        'close', 'copy-markdown', 'download-markdown', 'download-pdf', 'settings',
      ]);
      await assertUnnoticed(run);
    } finally {
      await run.page.close();
    }
  });
}

test("X's home timeline: a clear 'not a thread' message", async () => {
  const run = await unroll(cases['x-brocc-home'].url);
  try {
    assert.equal(run.overlay.state, 'error');
    assert.match(run.overlay.message, /not a thread/i);
    assert.match(run.overlay.message, /home timeline/i);
    assert.deepEqual(run.overlay.ids, []);
    assert.ok(await inOverlay(run.page, '[data-action="close"]').isVisible());
    assert.ok(!(await inOverlay(run.page, '[data-action="download-markdown"]').isVisible()));
    await run.page.screenshot({ path: join(outDir, 'error-home-light.png') });
    await assertUnnoticed(run);
  } finally {
    await run.page.close();
  }
});

test("another site: Unspool says it can't unroll this page", async () => {
  const run = await unroll(NOT_X);
  try {
    assert.equal(run.overlay.state, 'error');
    assert.match(run.overlay.message, /can't unroll this page/i);
    // The page allows no inline styles at all; the overlay's own style must not trip it.
    await assertUnnoticed(run);
  } finally {
    await run.page.close();
  }
});

test('the page sees no CSP violation and no error, whatever the reader does', async () => {
  const run = await unroll(cases['x-rich-text'].url);
  try {
    assert.equal(run.overlay.state, 'ready', run.overlay.message);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: 'https://x.com',
    });
    const download = run.page.waitForEvent('download');
    await inOverlay(run.page, '[data-action="download-markdown"]').click();
    await download;
    await inOverlay(run.page, '[data-action="copy-markdown"]').click();
    await inOverlay(run.page, '[data-action="download-pdf"]').click();
    await inOverlay(run.page, '.reader').evaluate((reader) => reader.scrollTo(0, 1e6));
    await run.page.waitForTimeout(300); // lazy images below the fold load now
    await run.page.keyboard.press('Escape');
    await assertUnnoticed(run);
    assert.deepEqual(workerErrors, [], 'errors in the service worker');
  } finally {
    await run.page.close();
  }
});

test('with a scrollbar that takes room, the page does not move under the reader or after it', async () => {
  const withBars = await launchBrowser({ port: server.port, scrollbars: true });
  const { url } = cases['x-seed-thread'];
  const { page } = await openPage(withBars.context, url);
  try {
    await page.evaluate(() => window.scrollTo(0, 600));
    const box = () => page.evaluate(() => {
      const rect = document.querySelector('article').getBoundingClientRect();
      // The page's layout width: what reflows when a scrollbar comes or goes.
      const page = document.body.getBoundingClientRect().width;
      return { left: rect.left, top: rect.top, width: rect.width, page };
    });
    const before = await box();
    assert.ok(
      await page.evaluate(() => window.innerWidth - document.documentElement.clientWidth > 0),
      'the browser shows a scrollbar that takes room',
    );
    await openReader(withBars, page);
    assert.equal((await waitForResult(page)).state, 'ready');
    assert.deepEqual(await box(), before, 'nothing on the page moved while the reader is open');
    await page.keyboard.press('Escape');
    await page.locator('#unspool-root').waitFor({ state: 'detached' });
    assert.deepEqual(await box(), before, 'nor after it closed');
  } finally {
    await withBars.close();
  }
});

test('after closing, the post being read is put back when the page moves it, never against the user', async () => {
  const { url } = cases['x-seed-thread'];
  const focalId = url.split('/').pop();
  for (const userScrolls of [false, true]) {
    const { page } = await openPage(browser.context, url);
    try {
      const focalTop = () => page.evaluate((id) => document
        .querySelector(`article a[href$="/status/${id}"]`)
        .closest('article')
        .getBoundingClientRect().top, focalId);
      // The post the page is about, 200 px from the top of the window.
      await page.evaluate((top) => window.scrollBy(0, top - 200), await focalTop());
      const before = await focalTop();
      assert.ok(Math.abs(before - 200) <= 1, `the post is on screen: ${before}`);
      await openReader(browser, page);
      assert.equal((await waitForResult(page)).state, 'ready');
      // Once the reader is gone, the page lays out again and 120 px appear above the post
      // (as when X measures rows it had only estimated).
      await page.evaluate((id) => {
        const observer = new MutationObserver(() => {
          if (document.getElementById('unspool-root')) return;
          observer.disconnect();
          requestAnimationFrame(() => {
            const spacer = document.createElement('div');
            spacer.style.height = '120px';
            document.querySelector(`article a[href$="/status/${id}"]`).closest('article').before(spacer);
          });
        });
        observer.observe(document.documentElement, { childList: true });
      }, focalId);
      await page.mouse.move(640, 400);
      await page.keyboard.press('Escape');
      await page.locator('#unspool-root').waitFor({ state: 'detached' });
      if (userScrolls) await page.mouse.wheel(0, 300);
      await page.waitForTimeout(1_200);
      const after = await focalTop();
      if (userScrolls) {
        assert.ok(after < before - 100, `the user's scroll stands: ${before} → ${after}`);
      } else {
        assert.ok(Math.abs(after - before) <= 1, `the post is back in place: ${before} → ${after}`);
      }
    } finally {
      await page.close();
    }
  }
});

test('the button toggles the overlay; Esc closes it; the page is as it was', async () => {
  const { url } = cases['x-seed-thread'];
  const { page } = await openPage(browser.context, url);
  try {
    await page.evaluate(() => window.scrollTo(0, 400));
    const before = await page.evaluate(() => ({
      style: document.documentElement.getAttribute('style'),
      y: window.scrollY,
    }));
    const reader = page.locator('#unspool-root');

    await openReader(browser, page);
    await waitForResult(page);
    assert.equal(
      await page.evaluate(() => getComputedStyle(document.documentElement).overflowY),
      'hidden',
      'the page does not scroll under the reader',
    );
    await clickAction(browser, page); // the second click closes
    await reader.waitFor({ state: 'detached' });

    await openReader(browser, page);
    assert.equal((await waitForResult(page)).state, 'ready');
    // X's keyboard shortcuts must not fire behind the reader.
    await page.evaluate(() => {
      window.__keysSeen = 0;
      document.addEventListener('keydown', () => { window.__keysSeen += 1; });
    });
    await page.keyboard.press('j');
    await page.keyboard.press('Escape');
    await reader.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => window.__keysSeen), 0);

    const after = await page.evaluate(() => ({
      style: document.documentElement.getAttribute('style'),
      y: window.scrollY,
    }));
    assert.deepEqual(after, before);
    assert.ok(await page.evaluate(() => !document.activeElement?.closest?.('#unspool-root')));
  } finally {
    await page.close();
  }
});

test('the reader speaks its own language, and each post the one the site says it is in', async () => {
  const run = await unroll(cases['x-rich-text'].url);
  try {
    assert.equal(run.overlay.state, 'ready', run.overlay.message);
    assert.equal(await inOverlay(run.page, '.reader').getAttribute('lang'), 'en');
    const langs = await inOverlay(run.page, '.reader').evaluate((reader) =>
      [...reader.querySelectorAll('[data-post-id]')].map((post) => post.querySelector('.post-text')?.lang));
    // X marks each post's text: the third of this thread is in Arabic.
    assert.deepEqual(langs, ['en', 'en', 'ar', 'en']);
  } finally {
    await run.page.close();
  }
});

test('links are http(s) only, open in a new tab, and leak nothing', async () => {
  for (const name of ['x-seed-thread', 'x-rich-text', 'x-quote-photo']) {
    const run = await unroll(cases[name].url);
    try {
      assert.equal(run.overlay.state, 'ready', run.overlay.message);
      const links = await inOverlay(run.page, '.reader').evaluate((reader) =>
        [...reader.querySelectorAll('a')].map((a) => ({
          href: a.href,
          protocol: new URL(a.href).protocol,
          target: a.target,
          rel: a.rel.split(/\s+/).sort().join(' '),
        })),
      );
      assert.ok(links.length >= cases[name].ids.length, `${name}: at least a permalink a post`);
      for (const link of links) {
        assert.match(link.protocol, /^https?:$/, link.href);
        assert.equal(link.target, '_blank', link.href);
        assert.equal(link.rel, 'noopener noreferrer', link.href);
      }
    } finally {
      await run.page.close();
    }
  }
});

test('Markdown: download with a readable name, and copy', async () => {
  const run = await unroll(cases['x-seed-thread'].url);
  try {
    assert.equal(run.overlay.state, 'ready', run.overlay.message);
    const firstText = await inOverlay(run.page, '[data-post-id] .post-text')
      .first()
      .evaluate((el) => el.querySelector('p').textContent);

    const downloading = run.page.waitForEvent('download');
    await inOverlay(run.page, '[data-action="download-markdown"]').click();
    const download = await downloading;
    assert.match(download.suggestedFilename(), /^Santiago – .+ \(\d{4}-\d{2}-\d{2}\)\.md$/);
    const markdown = await readFile(await download.path(), 'utf8');
    assert.ok(markdown.replaceAll('\\', '').includes(firstText), `Markdown lacks "${firstText}"`);

    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: 'https://x.com',
    });
    await inOverlay(run.page, '[data-action="copy-markdown"]').click();
    await inOverlay(run.page, '[data-role="message"]').getByText(/copied/i).waitFor();
    assert.equal(await run.page.evaluate(() => navigator.clipboard.readText()), markdown);
    // The PDF has its own tests: tests/e2e/pdf.test.mjs.
  } finally {
    await run.page.close();
  }
});

test('a page Unspool cannot run on: nothing shows, nothing breaks', async () => {
  const page = await browser.context.newPage();
  try {
    await page.goto('chrome://version');
    await clickAction(browser, page);
    await page.waitForTimeout(500);
    assert.deepEqual(workerErrors, [], 'errors in the service worker');
  } finally {
    await page.close();
  }
  const run = await unroll(cases['x-seed-thread'].url); // and the next click works as ever
  try {
    assert.equal(run.overlay.state, 'ready', run.overlay.message);
  } finally {
    await run.page.close();
  }
});

test('screenshots of the reader, light and dark', async () => {
  const run = await unroll(cases['x-seed-thread'].url);
  try {
    assert.equal(run.overlay.state, 'ready', run.overlay.message);
    const shoot = async (scheme) => {
      await run.page.emulateMedia({ colorScheme: scheme });
      await run.page.waitForTimeout(100);
      await run.page.screenshot({ path: join(outDir, `seed-thread-${scheme}.png`) });
    };
    await shoot('light');
    await shoot('dark');
  } finally {
    await run.page.close();
  }
});

test("on X the first snapshot is the conversation column, not the whole page", async () => {
  // A second listener in the worker sees every message the content script sends.
  await browser.worker.evaluate(() => {
    globalThis.__unspoolSnapshots = [];
    chrome.runtime.onMessage.addListener((message) => {
      if (message?.type === 'unspool:snapshot') {
        globalThis.__unspoolSnapshots.push({
          length: message.html.length,
          start: message.html.slice(0, 200),
          head: /<head[\s>]/i.test(message.html),
        });
      }
    });
  });
  const run = await unroll(cases['x-seed-thread'].url);
  try {
    assert.equal(run.overlay.state, 'ready', run.overlay.message);
    assert.equal(run.overlay.postCount, '14');
    const pageLength = await run.page.evaluate(() => document.documentElement.outerHTML.length);
    const snapshots = await browser.worker.evaluate(() => globalThis.__unspoolSnapshots);
    assert.ok(snapshots.length >= 1);
    for (const s of snapshots) {
      assert.match(s.start, /^<div[^>]*data-testid="primaryColumn"/, s.start);
      assert.equal(s.head, false, 'no <head> in a snapshot');
      assert.ok(s.length < pageLength, `${s.length} < ${pageLength}`);
    }
  } finally {
    await run.page.close();
  }
});
