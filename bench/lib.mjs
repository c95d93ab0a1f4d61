// Shared pieces of the browser benchmarks: statistics, Chromium with extensions loaded from
// private copies (a concurrent ./build.sh must not change files under the browser), the
// toolbar button pressed over CDP, and pages served as their real hosts (tests/e2e/harness.mjs).
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, repoRoot } from '../tests/e2e/harness.mjs';

/** `{median, min, max, n}` of a list of numbers. */
export function stats(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1), n: sorted.length };
}

/** A private copy of an unpacked extension, its manifest changed by `patch`. */
export async function copyExtension(dir, patch = (m) => m) {
  const copy = await mkdtemp(join(tmpdir(), 'unspool-bench-ext-'));
  await cp(dir, copy, { recursive: true });
  const manifest = JSON.parse(await readFile(join(copy, 'manifest.json'), 'utf8'));
  await writeFile(join(copy, 'manifest.json'), JSON.stringify(patch(manifest), null, 2));
  return { dir: copy, remove: () => rm(copy, { recursive: true, force: true }) };
}

/**
 * Headless Chromium with the unpacked `extensions` loaded, every served host mapped to the
 * local server on `port`. Returns `{context, ids, close}`; `ids` maps each extension's manifest
 * name to its id.
 */
export async function launchWithExtensions({ port, extensions, viewport = { width: 1280, height: 800 } }) {
  const context = await chromium.launchPersistentContext('', {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    ignoreHTTPSErrors: true,
    acceptDownloads: true,
    viewport,
    args: chromiumArgs(port, extensions),
  });
  try {
    const deadline = Date.now() + 15_000;
    while (context.serviceWorkers().length < extensions.length && Date.now() < deadline) {
      await context.waitForEvent('serviceworker', { timeout: 15_000 }).catch(() => {});
    }
    const ids = {};
    for (const worker of context.serviceWorkers()) {
      const name = await worker.evaluate(() => chrome.runtime.getManifest().name);
      ids[name] = new URL(worker.url()).host;
    }
    return { context, ids, close: () => context.close() };
  } catch (e) {
    await context.close();
    throw e;
  }
}

/** The CDP target id of the tab (type "tab") showing `page`. */
export async function tabTargetId(cdp, page) {
  const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{}] });
  const tabs = targetInfos.filter((t) => t.type === 'tab' && t.url === page.url());
  const tab = tabs.length === 1 ? tabs[0] : tabs.find((t) => t.embedderData?.tabActive);
  if (!tab) throw new Error(`no tab target for ${page.url()}`);
  return tab.targetId;
}

/** The service worker targets of extension `id` that are running now. */
export async function workerTargets(cdp, id) {
  const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{}] });
  return targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${id}/`));
}

/** The distinct JPEGs bench/photos.py draws (0.jpg to 39.jpg). */
const PHOTO_FILES = 40;

/**
 * The thread of examples/pdf_bench.rs in the model's JSON, its photos under `origin`: the seed
 * thread's 14 texts repeated, a hashtag on each post, one photo every `posts / photos` posts.
 */
export function pdfBenchThread(origin, posts, photos) {
  const bodies = readFileSync(join(repoRoot, 'tests/pdf/seed-thread.txt'), 'utf8').split('\n---\n');
  const author = {
    name: 'Santiago',
    handle: 'svpino',
    url: 'https://x.com/svpino',
    avatarUrl: `${origin}/photos/avatar.jpg`,
    verified: false,
  };
  const list = [];
  const every = Math.max(1, Math.floor(posts / photos));
  for (let i = 0; i < posts; i += 1) {
    const text = [];
    bodies[i % bodies.length].split('\n').forEach((line, j) => {
      if (j > 0) text.push({ kind: 'lineBreak' });
      text.push({ kind: 'text', text: line });
    });
    text.push({ kind: 'text', text: ' ' }, { kind: 'hashtag', text: '#ml', url: 'https://x.com/hashtag/ml' });
    const media = i % every === 2 && list.filter((p) => p.media.length).length < photos
      ? [{ kind: 'photo', url: `${origin}/photos/${Math.floor(i / every) % PHOTO_FILES}.jpg` }]
      : [];
    const id = String(1900000000000000000n + BigInt(i));
    const minute = 8 * 60 + i;
    list.push({
      id,
      url: `https://x.com/svpino/status/${id}`,
      author,
      time: `2026-03-03T${String(Math.floor(minute / 60) % 24).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00Z`,
      text,
      media,
      truncated: false,
    });
  }
  return {
    site: 'x', siteName: 'X', sourceUrl: list[0].url, author, focalId: list[0].id, posts: list,
  };
}
