// The collection loop on the X simulator (tests/sim): a virtualized, recycling, lazily loading
// conversation served as x.com. Every post of a 300-post thread must be collected exactly — in
// order, no duplicates, long posts expanded, the rest behind "Show replies" included — whether
// the page is opened at the first post or mid-thread; Cancel keeps a correct part; the page is
// scrolled back to where the user had it.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { mountSim } from '../sim/routes.mjs';
import { makeThread } from '../sim/threads.mjs';
import {
  inOverlay,
  launchBrowser,
  openPage,
  openReader,
  outDir,
  startServer,
  violations,
  waitForResult,
} from './harness.mjs';

/** Seeds for the simulator's layout and load delays; each gives another page behaviour. */
const SEEDS = (process.env.UNSPOOL_SIM_SEEDS ?? '1,2,3,4,5').split(',').map(Number);
const POSTS = 300;
/** The loop's own limit is 90 s; a run that needs longer has failed anyway. */
const RESULT_TIMEOUT_MS = 120_000;

let server;
let browser;

before(async () => {
  await mkdir(outDir, { recursive: true });
  server = await startServer();
  browser = await launchBrowser({ port: server.port });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the simulated thread at post `at`, waits for it to render, and notes where it is. */
async function openSim(seed, at) {
  const scenario = makeThread({ n: POSTS, seed });
  const { url, ids } = mountSim(server, scenario, { at, sim: { seed } });
  const { page, errors } = await openPage(browser.context, url);
  await page.waitForFunction(() => window.__sim?.ready === true, null, { timeout: 15_000 });
  const focalId = ids[at];
  // Where the user has the post once the page has settled: the simulator, like X, may still
  // correct its scroll position for rows it measures after it says it is ready.
  const before = { focalTop: await restingTop(page, focalId) };
  const baseline = { errors: errors.length, violations: (await violations(page)).length };
  return { scenario, page, errors, ids, focalId, before, baseline };
}

/**
 * The top of post `id` on screen once it stops moving (three reads 100 ms apart agree, 4 s at
 * most); undefined when the page does not show it.
 */
function restingTop(page, id) {
  return page.evaluate(async (id) => {
    const top = () => document
      .querySelector(`article a[href$="/status/${id}"]`)
      ?.closest('article')
      ?.getBoundingClientRect().top;
    let last = top();
    for (let steady = 0, polls = 0; steady < 3 && polls < 40; polls += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = top();
      steady = now === last ? steady + 1 : 0;
      last = now;
    }
    return last;
  }, id);
}

/** The reader's posts: ids in order, and which still say they are cut short. */
function readThread(page) {
  return page.evaluate(() => {
    const root = document.getElementById('unspool-root').shadowRoot;
    return [...root.querySelectorAll('[data-post-id]')].map((post) => ({
      id: post.dataset.postId,
      text: post.querySelector('.post-text')?.textContent ?? '',
      truncated: post.querySelector('.truncated') !== null,
    }));
  });
}

async function closeAndCheckScroll(sim) {
  await inOverlay(sim.page, '[data-action="close"]').click();
  // Where the page comes to rest: its virtual list measures what it draws again once its
  // scrolling is back, and the reader puts the post back after that.
  const afterClose = { focalTop: await restingTop(sim.page, sim.focalId) };
  assert.ok(afterClose.focalTop !== undefined, 'the focal post is on the page again');
  assert.ok(
    Math.abs(afterClose.focalTop - sim.before.focalTop) <= 2,
    `the focal post is back where it was: ${sim.before.focalTop} → ${afterClose.focalTop}`,
  );
}

function assertWholeThread(sim, posts) {
  const got = posts.map((p) => p.id);
  assert.equal(new Set(got).size, got.length, 'no post twice');
  assert.deepEqual(got, sim.ids, 'every post, in reading order');
  const cut = posts.filter((p) => p.truncated).map((p) => p.id);
  assert.deepEqual(cut, [], 'long posts arrive expanded');
  // The expanded text is the full text the simulator holds behind "Show more".
  const long = sim.scenario.thread.filter((p) => p.truncated && p.fullText);
  assert.ok(long.length > 10, 'the scenario has long posts');
  for (const post of long) {
    // Paragraphs become elements, so compare without white space.
    const shown = posts.find((p) => p.id === post.id).text.replace(/\s+/g, '');
    const tail = post.fullText.replace(/\s+/g, '').slice(-40);
    assert.ok(shown.endsWith(tail), `post ${post.id} shows its full text`);
  }
}

for (const seed of SEEDS) {
  for (const at of [0, 150]) {
    test(`seed ${seed}: a ${POSTS}-post thread opened at post ${at + 1} is collected exactly`, async () => {
      const sim = await openSim(seed, at);
      try {
        const started = Date.now();
        await openReader(browser, sim.page);
        const overlay = await waitForResult(sim.page, RESULT_TIMEOUT_MS);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        assert.equal(overlay.state, 'ready', overlay.message);
        assert.equal(overlay.message, '', 'no "stopped" notice: the thread is complete');
        assert.equal(overlay.postCount, String(POSTS));
        assertWholeThread(sim, await readThread(sim.page));
        if (seed === SEEDS[0]) {
          await sim.page.screenshot({ path: join(outDir, `sim-seed${seed}-at${at}.png`) });
        }
        await closeAndCheckScroll(sim);
        const seen = await violations(sim.page);
        assert.deepEqual(seen.slice(sim.baseline.violations), [], 'no CSP violation');
        assert.deepEqual(sim.errors.slice(sim.baseline.errors), [], 'no page error');
        console.log(`seed ${seed}, opened at ${at + 1}: ${POSTS} posts in ${seconds} s`);
      } finally {
        await sim.page.close();
      }
    });
  }
}

test('Cancel keeps a correct part of the thread and says so', async () => {
  const sim = await openSim(SEEDS[0], 0);
  try {
    await openReader(browser, sim.page);
    await sim.page.waitForTimeout(3_000);
    const cancel = inOverlay(sim.page, '[data-action="cancel"]');
    assert.ok(await cancel.isVisible(), 'a Cancel button while collecting');
    await cancel.click();
    const overlay = await waitForResult(sim.page, 20_000);
    assert.equal(overlay.state, 'ready', overlay.message);
    const got = (await readThread(sim.page)).map((p) => p.id);
    assert.ok(got.length > 0 && got.length < POSTS, `a part of the thread: ${got.length} posts`);
    assert.deepEqual(got, sim.ids.slice(0, got.length), 'the part is the thread’s beginning, in order');
    assert.match(overlay.message, new RegExp(`Stopped: ${got.length} posts collected`));
    await closeAndCheckScroll(sim);
  } finally {
    await sim.page.close();
  }
});

test('a second click on the same tab reopens the collected thread at once', async () => {
  const sim = await openSim(SEEDS[0], 0);
  try {
    await openReader(browser, sim.page);
    const first = await waitForResult(sim.page, RESULT_TIMEOUT_MS);
    assert.equal(first.postCount, String(POSTS));
    await inOverlay(sim.page, '[data-action="close"]').click();
    const started = Date.now();
    await openReader(browser, sim.page);
    const again = await waitForResult(sim.page, RESULT_TIMEOUT_MS);
    const ms = Date.now() - started;
    assert.equal(again.postCount, String(POSTS));
    assert.deepEqual(again.ids, sim.ids);
    console.log(`reopened with ${POSTS} posts in ${ms} ms`);
  } finally {
    await sim.page.close();
  }
});
