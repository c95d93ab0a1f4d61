// Self-test of the X simulator in headless Chromium (plain http on 127.0.0.1): the virtual
// list's invariants while scrolling 300-post threads with seeds 1..5, recycling, "Show more",
// "Show replies", opening mid-thread, and a clean page (no CSP reports, no script errors).
// Run: node --test tests/sim/sim.test.mjs
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { conversation, flatten } from './model.mjs';
import { createSimRoutes, SIM_HEADERS, simUrl } from './routes.mjs';
import { makeThread, threadIds } from './threads.mjs';
import { snowflakeMs } from '../xdom/render.mjs';

const MAX_CELLS = 15;
const HEADER = 53;

let server;
let origin;
let browser;
const routes = createSimRoutes();

before(async () => {
  server = createServer((req, res) => {
    if (!routes.handle(req, res)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // Images on *.twimg.com fail at once instead of waiting for DNS.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
});

after(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((ok) => server?.close(ok) ?? ok());
});

// ---------------------------------------------------------------------------------------------
// page helpers

/** Opens a simulator page; records CSP reports and script errors. */
async function open(url, { viewport = { width: 1280, height: 800 } } = {}) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(url);
  await page.waitForFunction(() => window.__sim?.ready || window.__sim?.error, null, { timeout: 15_000 });
  const error = await page.evaluate(() => window.__sim.error);
  assert.equal(error, null, `simulator failed: ${error}`);
  return { page, errors, response };
}

async function clean(page, errors) {
  assert.deepEqual(errors, [], 'no script errors');
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no CSP violation reports');
}

/** Waits until no update is scheduled and nothing is loading, twice in a row. */
function settle(page) {
  return page.evaluate(async () => {
    const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
    const deadline = performance.now() + 10_000;
    for (;;) {
      await sleep(50);
      if (window.__sim.idle()) {
        await sleep(60);
        if (window.__sim.idle()) return;
      }
      if (performance.now() > deadline) throw new Error('the simulator never settled');
    }
  });
}

/**
 * The conversation rows as the DOM has them (DOM order), each tagged with a stable number per
 * element object so recycling can be observed across snapshots.
 */
function rows(page) {
  return page.evaluate(() => {
    window.__tagSeq ??= 0;
    const col = document.querySelector('[data-testid="primaryColumn"]');
    const cells = [...col.querySelectorAll('[data-testid="cellInnerDiv"]')];
    const listTop = cells[0]?.parentElement.getBoundingClientRect().top ?? 0;
    return cells.map((c) => {
      const art = c.querySelector('article[data-testid="tweet"]');
      c.__tag ??= ++window.__tagSeq;
      if (art) art.__tag ??= ++window.__tagSeq;
      const link = art ? [...art.querySelectorAll('a[href*="/status/"]')].find((a) => a.querySelector('time')) : null;
      const m = /translateY\((-?[\d.]+)px\)/.exec(c.style.transform);
      const r = c.getBoundingClientRect();
      const kind = art
        ? 'post'
        : c.querySelector('[role="progressbar"]')
          ? 'spinner'
          : c.querySelector('h2[role="heading"]')
            ? 'heading'
            : c.querySelector('button, [role="button"]')
              ? 'showReplies'
              : 'empty';
      return {
        kind,
        y: m ? Number(m[1]) : NaN,
        top: r.top - listTop,
        h: r.height,
        id: link ? /\/status\/(\d+)/.exec(link.getAttribute('href'))[1] : null,
        ad: !!art && !link,
        label: kind === 'showReplies' || kind === 'heading' ? c.textContent.trim() : '',
        cellTag: c.__tag,
        articleTag: art?.__tag ?? null,
        showMore: !!c.querySelector('[data-testid="tweet-text-show-more-link"]'),
        text: art?.querySelector('[data-testid="tweetText"]')?.textContent ?? null,
      };
    });
  });
}

/** Checks one snapshot's invariants; returns the rows in visual order. */
function checkRows(list, index, where) {
  assert.ok(list.length <= MAX_CELLS, `${where}: ${list.length} cells in the DOM`);
  const visual = [...list].sort((a, b) => a.y - b.y || a.h - b.h); // empty rows are 0 px tall
  for (const r of list) assert.ok(Math.abs(r.top - r.y) < 1, `${where}: a row drawn at ${r.top} says translateY(${r.y})`);
  for (let i = 1; i < visual.length; i++) {
    const gap = visual[i].y - (visual[i - 1].y + visual[i - 1].h);
    assert.ok(Math.abs(gap) < 1, `${where}: rows at ${visual[i - 1].y} (h ${visual[i - 1].h}) and ${visual[i].y} leave a gap of ${gap}`);
  }
  const thread = visual.filter((r) => r.id && index.has(r.id)).map((r) => index.get(r.id));
  for (let i = 1; i < thread.length; i++) assert.ok(thread[i] > thread[i - 1], `${where}: thread posts out of order ${thread}`);
  return visual;
}

const scrollBy = (page, dy) => page.evaluate((d) => window.scrollBy(0, d), dy);
const scrollInfo = (page) =>
  page.evaluate(() => ({ y: window.scrollY, h: window.innerHeight, max: document.documentElement.scrollHeight - window.innerHeight, state: window.__sim.state() }));

/**
 * Clicks (element.click(), as a content script would) `selector` inside the first row matching
 * `match`: {tag} (a row element seen before) or {text} (the row's whole text).
 */
function clickIn(page, match, selector) {
  return page.evaluate(
    ({ match, selector }) => {
      const cells = [...document.querySelectorAll('[data-testid="primaryColumn"] [data-testid="cellInnerDiv"]')];
      const hit = (c) => (match.tag != null ? c.__tag === match.tag : c.textContent.trim() === match.text);
      const el = cells.filter(hit).map((c) => c.querySelector(selector)).find(Boolean);
      if (!el) return false;
      el.click();
      return true;
    },
    { match, selector },
  );
}

/**
 * Scrolls from the top to the end of the conversation, clicking the in-thread "Show replies",
 * checking every snapshot. Returns what was seen.
 */
async function scrollThrough(page, scenario, where) {
  const ids = threadIds(scenario);
  const index = new Map(ids.map((id, i) => [id, i]));
  const seenOrder = [];
  const seen = new Set();
  const byCell = new Map();
  const byArticle = new Map();
  let maxCells = 0;
  let domOrderDiffers = false;
  let clickedShowReplies = 0;
  const labels = new Set();
  let ads = 0;
  let afterThread = 0;
  for (let step = 0; step < 2000; step++) {
    await settle(page);
    const list = await rows(page);
    const visual = checkRows(list, index, `${where} step ${step}`);
    maxCells = Math.max(maxCells, list.length);
    if (list.map((r) => r.cellTag).join() !== visual.map((r) => r.cellTag).join()) domOrderDiffers = true;
    for (const r of visual) {
      if (r.label) labels.add(r.label);
      if (r.ad) ads++;
      if (!r.id) continue;
      (byCell.get(r.cellTag) ?? byCell.set(r.cellTag, new Set()).get(r.cellTag)).add(r.id);
      (byArticle.get(r.articleTag) ?? byArticle.set(r.articleTag, new Set()).get(r.articleTag)).add(r.id);
      if (index.has(r.id) && !seen.has(r.id)) {
        seen.add(r.id);
        seenOrder.push(r.id);
      }
      if (!index.has(r.id) && seen.size === ids.length) afterThread++;
    }
    const sr = visual.find((r) => r.kind === 'showReplies' && r.label === 'Show replies');
    if (sr) {
      // Nothing after the cell has been seen yet; clicking it reveals the rest in place.
      const last = seenOrder.length;
      assert.ok(last < ids.length, `${where}: a "Show replies" cell after the whole thread`);
      for (const id of ids.slice(last)) assert.ok(!seen.has(id), `${where}: hidden post ${id} visible before "Show replies"`);
      assert.ok(await clickIn(page, { text: 'Show replies' }, 'button'));
      clickedShowReplies++;
      continue;
    }
    const s = await scrollInfo(page);
    const atEnd = s.y >= s.max - 1 && !s.state.loading && s.state.pendingBelow === 0;
    if (atEnd) break;
    await scrollBy(page, Math.round(s.h * 0.9));
  }
  return { ids, seen, seenOrder, byCell, byArticle, maxCells, domOrderDiffers, clickedShowReplies, labels, ads, afterThread };
}

// ---------------------------------------------------------------------------------------------
// data

describe('scenario data', () => {
  test('threads are deterministic per seed, with snowflake ids in time order', () => {
    const a = makeThread({ n: 300, seed: 1 });
    assert.equal(JSON.stringify(a), JSON.stringify(makeThread({ n: 300, seed: 1 })));
    assert.notEqual(JSON.stringify(a), JSON.stringify(makeThread({ n: 300, seed: 2 })));
    const ids = threadIds(a);
    assert.equal(new Set(ids).size, 300);
    for (let i = 0; i < ids.length; i++) {
      assert.equal(snowflakeMs(ids[i]), a.thread[i].ms);
      if (i) assert.ok(BigInt(ids[i]) > BigInt(ids[i - 1]));
    }
    assert.ok(a.thread.filter((p) => p.truncated).length >= 20, 'long posts cut with "Show more"');
    assert.ok(a.thread.some((p) => p.photos) && a.thread.some((p) => p.quote));
    assert.ok(a.thread.every((p) => !p.truncated || (p.fullText.startsWith(p.text) && p.fullText.length > p.text.length)));
    const kinds = a.after.map((c) => (c.ad ? 'ad' : c.kind));
    for (const k of ['post', 'ad', 'showReplies', 'heading']) assert.ok(kinds.includes(k), k);
    assert.equal(a.after.at(-1).variant, 'end');
  });

  test('the conversation hides the rest of the thread behind "Show replies"', () => {
    const s = makeThread({ n: 300, seed: 4 });
    const { ancestors, stream } = conversation(s, 150);
    assert.equal(ancestors.length, 150);
    assert.ok(stream[0].focal);
    const sr = stream.findIndex((e) => e.kind === 'showReplies');
    assert.equal(sr, 1 + s.showReplies[0]);
    const all = flatten(stream).filter((e) => e.kind === 'post').map((e) => e.post.id);
    assert.deepEqual(all.slice(0, 150), threadIds(s).slice(150));
  });

  test('unknown posts are 404, bad queries 400', async () => {
    const s = makeThread({ n: 20, seed: 1 });
    const good = new URL(simUrl(s, { origin }));
    assert.equal((await fetch(good)).status, 200);
    assert.equal((await fetch(`${origin}${good.pathname.replace(/\d+$/, '123')}${good.search}`)).status, 404);
    assert.equal((await fetch(`${origin}${good.pathname}?n=20&seed=1&delay=9-1`)).status, 400);
    const res = await fetch(good);
    for (const [k, v] of Object.entries(SIM_HEADERS)) assert.equal(res.headers.get(k), v, k);
    assert.match(res.headers.get('content-security-policy'), /script-src 'self';/);
    assert.doesNotMatch(res.headers.get('content-security-policy'), /wasm-unsafe-eval|unsafe-eval/);
    // A registered scenario, by name or found by the post id alone.
    routes.register('short', makeThread({ n: 12, seed: 7 }));
    const short = makeThread({ n: 12, seed: 7 });
    const named = new URL(simUrl(short, { at: 3, origin, scenarioName: 'short' }));
    assert.equal(named.search, '?scenario=short');
    assert.equal((await fetch(named)).status, 200);
    const data = await (await fetch(`${origin}/sim/data${named.pathname}`)).json();
    assert.equal(data.focalIndex, 3);
    assert.equal(data.scenario.name, short.name);
    const html = await res.text();
    assert.doesNotMatch(html.replace('<script type="module" src="/sim/sim.js"></script>', ''), /<script/);
  });
});

// ---------------------------------------------------------------------------------------------
// the virtual list

// The seeds run side by side (each in its own tab): most of the time goes to load delays.
describe('scrolling a 300-post thread top to bottom', { concurrency: true }, () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    test(`seed ${seed}: ≤ ${MAX_CELLS} cells, consistent translateY, recycled rows, every post seen`, async () => {
      const scenario = makeThread({ n: 300, seed });
      const { page, errors } = await open(simUrl(scenario, { origin }));
      try {
        const r = await scrollThrough(page, scenario, `seed ${seed}`);
        assert.equal(r.seen.size, 300, `missing: ${r.ids.filter((id) => !r.seen.has(id)).slice(0, 5)}`);
        assert.deepEqual(r.seenOrder, r.ids, 'posts appear in reading order');
        assert.equal(r.clickedShowReplies, 1);
        assert.ok(r.maxCells >= 8, `a realistic window (max ${r.maxCells} cells)`);
        assert.ok([...r.byCell.values()].some((s) => s.size >= 2), 'a cell element shows several posts over time');
        assert.ok([...r.byArticle.values()].some((s) => s.size >= 2), 'an <article> element shows several posts over time');
        assert.ok(r.domOrderDiffers, 'DOM order differs from visual order at some point');
        assert.ok(r.labels.has('Show more replies') && [...r.labels].some((l) => l.startsWith('Discover more')), [...r.labels].join(' | '));
        assert.ok(r.ads >= 1, 'the ad was shown');
        assert.ok(r.afterThread >= 5, 'other posts follow the thread');
        const stats = await page.evaluate(() => window.__sim.stats);
        assert.ok(stats.recycled > 100 && stats.loads > 20, JSON.stringify(stats));
        await clean(page, errors);
      } finally {
        await page.close();
      }
    });
  }
});

test('"Show more" expands the post in place, and it stays expanded after recycling', async () => {
  const scenario = makeThread({ n: 60, seed: 2 });
  const byId = new Map(scenario.thread.map((p) => [p.id, p]));
  const { page, errors } = await open(simUrl(scenario, { origin }));
  try {
    let target;
    for (let i = 0; i < 40 && !target; i++) {
      await settle(page);
      target = (await rows(page)).find((r) => r.showMore && r.top > 0);
      if (!target) await scrollBy(page, 400);
    }
    assert.ok(target, 'a truncated post');
    const post = byId.get(target.id);
    assert.ok(post.truncated);
    assert.equal(target.text, post.text);
    assert.ok(await clickIn(page, { tag: target.cellTag }, '[data-testid="tweet-text-show-more-link"]'));
    await settle(page);
    const now = (await rows(page)).find((r) => r.id === target.id);
    assert.equal(now.articleTag, target.articleTag, 'the same <article> element');
    assert.equal(now.cellTag, target.cellTag, 'the same cell element');
    assert.equal(now.showMore, false, 'the button is gone');
    assert.equal(now.text, post.fullText, 'the full text');
    assert.ok(now.h > target.h, 'the row grew');
    checkRows(await rows(page), new Map(threadIds(scenario).map((id, i) => [id, i])), 'after expanding');
    // Scroll far away (the row is recycled for other posts) and back.
    for (let i = 0; i < 6; i++) {
      await scrollBy(page, 800);
      await settle(page);
    }
    assert.ok(!(await rows(page)).some((r) => r.id === target.id), 'the post left the DOM');
    let back;
    for (let i = 0; i < 20 && !back; i++) {
      await scrollBy(page, -800);
      await settle(page);
      back = (await rows(page)).find((r) => r.id === target.id);
    }
    assert.ok(back, 'the post came back');
    assert.equal(back.showMore, false);
    assert.equal(back.text, post.fullText);
    await clean(page, errors);
  } finally {
    await page.close();
  }
});

test('"Show replies" reveals the hidden rest of the thread right below', async () => {
  const scenario = makeThread({ n: 40, seed: 3, showReplies: [10] });
  const ids = threadIds(scenario);
  const { page, errors } = await open(simUrl(scenario, { origin, sim: { delay: [400, 500] } }));
  try {
    let cell;
    for (let i = 0; i < 30 && !cell; i++) {
      await settle(page);
      cell = (await rows(page)).find((r) => r.label === 'Show replies');
      if (!cell) await scrollBy(page, 500);
    }
    assert.ok(cell, 'the "Show replies" cell');
    let list = await rows(page);
    const before = [...list].sort((a, b) => a.y - b.y || a.h - b.h);
    const at = before.indexOf(before.find((r) => r.label === 'Show replies'));
    assert.equal(before[at - 1].id, ids[10], 'it follows the 11th post');
    assert.ok(!list.some((r) => ids.slice(11).includes(r.id)));
    assert.ok(await clickIn(page, { text: 'Show replies' }, 'button'));
    // Next frame: a spinner where the cell was; the posts arrive after the delay.
    await page.waitForTimeout(100);
    list = await rows(page);
    assert.ok(!list.some((r) => r.label === 'Show replies'));
    const spin = list.find((r) => r.kind === 'spinner');
    assert.ok(spin && Math.abs(spin.y - cell.y) < 1, 'a spinner in its place');
    await settle(page);
    const visual = [...(await rows(page))].sort((a, b) => a.y - b.y || a.h - b.h);
    const i10 = visual.findIndex((r) => r.id === ids[10]);
    assert.equal(visual[i10 + 1].id, ids[11], 'the 12th post follows the 11th');
    await clean(page, errors);
  } finally {
    await page.close();
  }
});

test('opened at post 150: focal post at the top, ancestors load above while scrolling up, all 300 reachable', async () => {
  const scenario = makeThread({ n: 300, seed: 5 });
  const ids = threadIds(scenario);
  const index = new Map(ids.map((id, i) => [id, i]));
  const { page, errors } = await open(simUrl(scenario, { at: 150, origin }));
  try {
    const first = await rows(page);
    const focal = first.find((r) => r.id === ids[150]);
    assert.ok(focal, 'the focal post is rendered');
    const top = await page.evaluate((id) => {
      const a = [...document.querySelectorAll('[data-testid="primaryColumn"] article')].find((x) => x.querySelector(`a[href$="/status/${id}"] time`));
      return { top: a.getBoundingClientRect().top, tabindex: a.getAttribute('tabindex') };
    }, ids[150]);
    assert.ok(Math.abs(top.top - HEADER) < 2, `focal post at ${top.top}px, under the header`);
    assert.equal(top.tabindex, '-1');
    let s = await scrollInfo(page);
    assert.ok(s.y > 500, 'there is room above');
    assert.ok(s.state.pendingAncestors > 100, 'most ancestors are not loaded yet');
    // Up to the top.
    const seen = new Set();
    for (let step = 0; step < 1000; step++) {
      await settle(page);
      const visual = checkRows(await rows(page), index, `up step ${step}`);
      for (const r of visual) if (r.id) seen.add(r.id);
      s = await scrollInfo(page);
      if (s.y <= 0 && s.state.pendingAncestors === 0 && !s.state.loading) break;
      await scrollBy(page, -Math.round(s.h * 0.7));
    }
    for (const id of ids.slice(0, 151)) assert.ok(seen.has(id), `ancestor ${index.get(id)} seen`);
    // Then down through everything.
    const r = await scrollThrough(page, scenario, 'from 150');
    assert.deepEqual(r.seenOrder, ids);
    await clean(page, errors);
  } finally {
    await page.close();
  }
});

const harnessFile = new URL('../e2e/harness.mjs', import.meta.url);
test('mountSim serves a page on the e2e harness as https://x.com with a clean console', { skip: !existsSync(harnessFile) && 'no tests/e2e/harness.mjs' }, async () => {
  const { startServer } = await import(harnessFile.href);
  const { mountSim } = await import('./routes.mjs');
  const https = await startServer();
  const b = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--host-resolver-rules=MAP x.com 127.0.0.1:${https.port}, MAP pbs.twimg.com 127.0.0.1:${https.port}, MAP * ~NOTFOUND`,
      '--ignore-certificate-errors',
    ],
  });
  try {
    const scenario = makeThread({ n: 30, seed: 9 });
    const { url, ids, focalId } = mountSim(https, scenario, { at: 12, sim: { delay: [50, 150] } });
    assert.equal(focalId, ids[12]);
    const page = await (await b.newContext({ ignoreHTTPSErrors: true })).newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto(url);
    await page.waitForFunction(() => window.__sim?.ready || window.__sim?.error, null, { timeout: 15_000 });
    assert.equal(await page.evaluate(() => window.__sim.error), null);
    assert.equal(await page.evaluate(() => window.__sim.scenario.focalIndex), 12);
    assert.deepEqual(await page.evaluate(() => window.__sim.options.delay), [50, 150]);
    assert.ok((await rows(page)).some((r) => r.id === focalId));
    await clean(page, errors);
  } finally {
    await b.close();
    await https.close();
  }
});
