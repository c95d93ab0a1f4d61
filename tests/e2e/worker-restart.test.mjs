// Chrome stops an extension's service worker whenever it likes (idle, updates, memory), and
// with it everything the worker held in memory: the collection being read. These tests stop the
// real worker over the DevTools protocol in the middle of the work, check that it really
// stopped (its target is gone) and that a new one answered, and expect the reader to end with
// exactly the whole thread — never the part read after the restart, never a hang — and the PDF
// export to end in a clear message with a retry that works.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mountSim } from '../sim/routes.mjs';
import { makeThread } from '../sim/threads.mjs';
import {
  inOverlay,
  launchBrowser,
  loadCase,
  openPage,
  openReader,
  startServer,
  stopServiceWorker,
  waitForResult,
} from './harness.mjs';

const POSTS = 200;
/** The loop's own limit is 90 s per reading; a run that needs longer has failed anyway. */
const RESULT_TIMEOUT_MS = 240_000;
/** A hang fails the test instead of stalling the suite. */
const TEST_TIMEOUT_MS = 360_000;

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser({ port: server.port });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openSim(seed, at) {
  const { url, ids } = mountSim(server, makeThread({ n: POSTS, seed }), { at, sim: { seed } });
  const { page, errors } = await openPage(browser.context, url);
  await page.waitForFunction(() => window.__sim?.ready === true, null, { timeout: 15_000 });
  return { page, errors, ids };
}

/** Waits until the reader, still collecting, says it has at least `count` posts. */
function collectedAtLeast(page, count) {
  return page.waitForFunction((count) => {
    const root = document.getElementById('unspool-root')?.shadowRoot;
    if (root?.querySelector('[data-state]')?.dataset.state !== 'collecting') return false;
    const text = root.querySelector('[data-role="progress"]')?.textContent ?? '';
    return Number(text.match(/\d+/)?.[0] ?? 0) >= count;
  }, count, { timeout: 60_000 });
}

function stateOf(page) {
  return page.evaluate(() =>
    document.getElementById('unspool-root')?.shadowRoot?.querySelector('[data-state]')?.dataset.state);
}

for (const { seed, at, stops } of [
  { seed: 1, at: 0, stops: [60] },
  { seed: 3, at: 120, stops: [20, 30] },
]) {
  test(`seed ${seed}, opened at post ${at + 1}: the worker stopped ${stops.length}x mid-collection, the whole thread still arrives`, { timeout: TEST_TIMEOUT_MS }, async () => {
    const sim = await openSim(seed, at);
    try {
      await openReader(browser, sim.page);
      for (const count of stops) {
        await collectedAtLeast(sim.page, count);
        const { restarted } = await stopServiceWorker(browser, sim.page);
        assert.equal(await stateOf(sim.page), 'collecting', 'stopped while still collecting');
        // The next snapshot wakes the worker again, with no collection any more.
        await restarted;
      }
      const overlay = await waitForResult(sim.page, RESULT_TIMEOUT_MS);
      assert.equal(overlay.state, 'ready', overlay.message);
      assert.equal(overlay.message, '', 'no "stopped" notice: the thread is complete');
      assert.equal(overlay.postCount, String(POSTS));
      assert.deepEqual(overlay.ids, sim.ids, 'every post, in reading order, none twice');
      assert.deepEqual(sim.errors, [], 'no page error');
    } finally {
      await sim.page.close();
    }
  });
}

test('the worker stopped while writing the PDF: a clear message, and "Try again" makes it', { timeout: TEST_TIMEOUT_MS }, async () => {
  const photoCase = await loadCase('x-quote-photo');
  server.serve(photoCase.url, { file: photoCase.file });
  const { page } = await openPage(browser.context, photoCase.url);
  try {
    await page.waitForLoadState('networkidle');
    await openReader(browser, page);
    const overlay = await waitForResult(page);
    assert.equal(overlay.state, 'ready', overlay.message);
    // The thread has photos: the export waits in the permission window, the port open, until
    // the worker is stopped under it.
    const windowOpened = browser.context.waitForEvent('page', {
      predicate: (p) => p.url().includes('/permission.html'),
    });
    await inOverlay(page, '[data-action="download-pdf"]').click();
    const permissionWindow = await windowOpened;
    await stopServiceWorker(browser, page);
    const message = inOverlay(page, '[data-role="message"]');
    await inOverlay(page, '[data-action="retry-pdf"]').waitFor();
    assert.match(await message.textContent(), /The PDF could not be made\..*stopped before the PDF was done/);
    assert.equal(await stateOf(page), 'ready', 'the thread stays readable');
    assert.equal(await inOverlay(page, '[data-action="download-pdf"]').isDisabled(), false);
    await permissionWindow.close().catch(() => {});

    // Again, from the message: a new worker, a new window; text-only this time.
    const again = browser.context.waitForEvent('page', {
      predicate: (p) => p.url().includes('/permission.html'),
    });
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await inOverlay(page, '[data-action="retry-pdf"]').click();
    const second = await again;
    await second.waitForLoadState();
    await second.locator('#text-only').click().catch(() => {}); // the window closes under the click
    const file = await download;
    assert.match(file.suggestedFilename(), /\.pdf$/);
    await inOverlay(page, '[data-action="retry-pdf"]').waitFor({ state: 'detached' });
    assert.match(await message.textContent(), /PDF saved without photos: .*\.pdf/);
  } finally {
    await page.close();
  }
});
