// Row 2, click to overlay: from CDP `Extensions.triggerAction` to the overlay's
// `data-state=ready`, for a 30-post thread already in the page (served as x.com over HTTPS),
// with Unspool and with the no-op extension (bench/noop-extension: inject a content script,
// message the worker, answer, draw an empty dialog — the floor any extension pays) loaded in
// the same browser, run by run in rotating order. A second baseline, the no-op extension that
// also serializes the page and sends it to its worker, is the floor of any extension that reads
// the page in its worker (what the rest of Unspool's time is spent on). Cold: every service worker is stopped first
// (`ServiceWorker.stopAllWorkers`), so the click starts the worker and Unspool instantiates its
// Wasm; warm: the worker ran the previous click. Prints JSON for bench.sh.
import { join } from 'node:path';
import { X_HEADERS, repoRoot, startServer } from '../tests/e2e/harness.mjs';
import { copyExtension, launchWithExtensions, tabTargetId, workerTargets } from './lib.mjs';
import { threadPage } from './pages.mjs';

const REPS = Number(process.env.BENCH_REPS ?? 15);
const WARMUP = 2;
const POSTS = 30;
const RUN_TIMEOUT_MS = 15_000;

const thread = threadPage(POSTS, { expanded: true });
const server = await startServer();
server.serve(thread.url, { body: thread.html, headers: X_HEADERS });
// BENCH_EXTENSION: another unpacked build to measure (an A/B of a change), dist/chrome by default.
const unspool = await copyExtension(process.env.BENCH_EXTENSION ?? join(repoRoot, 'dist/chrome'));
const noop = await copyExtension(join(repoRoot, 'bench/noop-extension'));
const browser = await launchWithExtensions({ port: server.port, extensions: [unspool.dir, noop.dir] });
const ids = { unspool: browser.ids.Unspool, noop: browser.ids['Unspool benchmark no-op'] };
const VARIANTS = {
  unspool: { id: ids.unspool, url: thread.url },
  noop: { id: ids.noop, url: thread.url },
  noopPage: { id: ids.noop, url: `${thread.url}?send-page` },
};

try {
  if (!ids.unspool || !ids.noop) throw new Error(`extensions not found: ${JSON.stringify(browser.ids)}`);
  const cdp = await browser.context.browser().newBrowserCDPSession();
  const page = await browser.context.newPage();
  const pageCdp = await browser.context.newCDPSession(page);
  let onReady = () => {};
  await page.exposeBinding('__benchReady', (_source, state, count) => onReady(state, count));

  /** One click on `which`'s button; resolves to milliseconds, or null when it must be redone. */
  async function click(which, cold) {
    await page.goto(VARIANTS[which].url, { waitUntil: 'load' });
    if (cold) {
      await pageCdp.send('ServiceWorker.enable');
      await pageCdp.send('ServiceWorker.stopAllWorkers');
      await pageCdp.send('ServiceWorker.disable');
      while ((await workerTargets(cdp, ids.unspool)).length + (await workerTargets(cdp, ids.noop)).length > 0) {
        await new Promise((ok) => setTimeout(ok, 20));
      }
    }
    // Watches, from the page's main world, for the overlay's open shadow root to say ready.
    await page.evaluate(() => {
      const watch = (host) => {
        const report = () => {
          const state = host.shadowRoot?.querySelector('[data-state]')?.dataset.state;
          if (state === 'ready' || state === 'error') {
            observer.disconnect();
            window.__benchReady(state, host.shadowRoot.querySelector('[data-state]').dataset.postCount ?? '');
          }
        };
        const observer = new MutationObserver(report);
        observer.observe(host.shadowRoot, { subtree: true, attributes: true, attributeFilter: ['data-state'], childList: true });
        report();
      };
      new MutationObserver((records, self) => {
        const host = document.getElementById('unspool-root');
        if (host) {
          self.disconnect();
          watch(host);
        }
      }).observe(document.documentElement, { childList: true });
    });
    const targetId = await tabTargetId(cdp, page);
    let timer;
    const ready = new Promise((resolve) => {
      onReady = (state, count) => resolve({ state, count, at: performance.now() });
      timer = setTimeout(() => resolve(null), RUN_TIMEOUT_MS);
    });
    const start = performance.now();
    try {
      await cdp.send('Extensions.triggerAction', { id: VARIANTS[which].id, targetId });
    } catch {
      clearTimeout(timer);
      return null; // the tab refused right after its navigation: redo the run
    }
    const result = await ready;
    clearTimeout(timer);
    if (!result) return null;
    if (result.state !== 'ready') throw new Error(`${which}: the overlay said ${result.state}`);
    if (which === 'unspool' && result.count !== String(POSTS)) {
      throw new Error(`Unspool found ${result.count} posts, not ${POSTS}`);
    }
    return result.at - start;
  }

  const names = Object.keys(VARIANTS);
  const times = {};
  for (const mode of ['warm', 'cold']) {
    times[mode] = Object.fromEntries(names.map((name) => [name, []]));
    for (let i = 0; i < WARMUP + REPS; i += 1) {
      const order = [...names.slice(i % names.length), ...names.slice(0, i % names.length)];
      for (const which of order) {
        let ms = null;
        for (let tries = 0; ms === null && tries < 5; tries += 1) ms = await click(which, mode === 'cold');
        if (ms === null) throw new Error(`${which}: the overlay never became ready`);
        if (i >= WARMUP) times[mode][which].push(ms);
      }
    }
  }
  process.stdout.write(`${JSON.stringify({ posts: POSTS, bytes: thread.html.length, times })}\n`);
} finally {
  await browser.close();
  await server.close();
  await unspool.remove();
  await noop.remove();
}
