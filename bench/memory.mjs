// Row 6, memory: the real PDF export of a 1,000-post thread, driven through the UI — the page
// served as x.com, the toolbar button pressed, "Download PDF" clicked — in a copy of the build
// that holds the photo host's permission (as after "Allow photos"), every photo a real JPEG
// served locally. While it runs, the service worker is sampled over CDP: the JS heap
// (`Runtime.getHeapUsage`: the V8 heap and the ArrayBuffers' backing stores) and every live
// `WebAssembly.Memory`'s size (`Runtime.queryObjects`).
// The worker's heap is garbage-collected once before the export starts. A sample cannot be
// taken during a synchronous Wasm call; the Wasm memories never shrink, so
// their last size is their peak, and the JS heap holds the call's inputs before and after it.
// Prints JSON for bench.sh.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { X_HEADERS, repoRoot, startServer } from '../tests/e2e/harness.mjs';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyExtension, launchWithExtensions, tabTargetId, workerTargets } from './lib.mjs';
import { threadPage } from './pages.mjs';

const POSTS = 1000;
const photoDir = join(repoRoot, 'target/bench/photos');
if (!existsSync(join(photoDir, 'avatar.jpg'))) {
  execFileSync('python3', [join(repoRoot, 'bench/photos.py'), photoDir]);
}
const photos = readdirSync(photoDir).filter((f) => /^\d+\.jpg$/.test(f));

const thread = threadPage(POSTS, { expanded: true });
const server = await startServer();
server.serve(thread.url, { body: thread.html, headers: X_HEADERS });
const imageUrls = [...new Set(thread.html.match(/https:\/\/pbs\.twimg\.com\/[^"'?&\s)]+/g) ?? [])];
imageUrls.forEach((url, i) => {
  const file = /profile_images/.test(url) ? 'avatar.jpg' : photos[i % photos.length];
  server.serve(url, { file: join(photoDir, file), headers: { 'content-type': 'image/jpeg' } });
});
const build = await copyExtension(join(repoRoot, 'dist/chrome'), (manifest) => ({
  ...manifest,
  host_permissions: ['https://pbs.twimg.com/*'],
}));
const browser = await launchWithExtensions({ port: server.port, extensions: [build.dir] });

try {
  const id = browser.ids.Unspool;
  const cdp = await browser.context.browser().newBrowserCDPSession();
  const page = await browser.context.newPage();
  await page.goto(thread.url, { waitUntil: 'load' });
  await cdp.send('Extensions.triggerAction', { id, targetId: await tabTargetId(cdp, page) });
  await page.waitForFunction(() => {
    const state = document.getElementById('unspool-root')?.shadowRoot?.querySelector('[data-state]')?.dataset.state;
    return state === 'ready' || state === 'error';
  }, null, { timeout: 120_000 });
  const count = await page.evaluate(() =>
    document.getElementById('unspool-root').shadowRoot.querySelector('[data-state]').dataset.postCount);
  if (count !== String(POSTS)) throw new Error(`the reader shows ${count} posts, not ${POSTS}`);

  // The worker, over a non-flat CDP session (the browser session relays its messages);
  // attached again should Chrome start a new worker meanwhile.
  let nextId = 0;
  const pending = new Map();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message);
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
  let session = null;
  const attach = async () => {
    const [target] = await workerTargets(cdp, id);
    if (!target) return null;
    if (session?.targetId === target.targetId) return session;
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    session = { targetId: target.targetId, sessionId };
    return session;
  };
  const send = (method, params = {}) => new Promise((resolve, reject) => {
    const callId = ++nextId;
    pending.set(callId, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result)));
    cdp.send('Target.sendMessageToTarget', { sessionId: session.sessionId, message: JSON.stringify({ id: callId, method, params }) }).catch(reject);
  });
  const wasmBytes = async () => {
    const proto = (await send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' })).result.objectId;
    const { objects } = await send('Runtime.queryObjects', { prototypeObjectId: proto });
    const { result } = await send('Runtime.callFunctionOn', {
      objectId: objects.objectId,
      functionDeclaration: 'function () { return this.map((m) => m.buffer.byteLength); }',
      returnByValue: true,
    });
    await send('Runtime.releaseObject', { objectId: objects.objectId });
    await send('Runtime.releaseObject', { objectId: proto });
    return result.value;
  };

  const samples = [];
  let sampling = true;
  const workers = new Set();
  const sample = async () => {
    try {
      if (!(await attach())) return;
      const heap = await send('Runtime.getHeapUsage');
      const wasm = await wasmBytes();
      workers.add(session.targetId);
      samples.push({
        heap: heap.usedSize,
        heapTotal: heap.totalSize,
        backing: heap.backingStorageSize ?? 0,
        embedder: heap.embedderHeapUsedSize ?? 0,
        wasm: wasm.reduce((a, b) => a + b, 0),
        memories: wasm.length,
      });
    } catch {
      session = null; // the worker went away mid-sample: the next one attaches to its successor
    }
  };
  // What the collection left behind as garbage (the 16 MB snapshot string) is not the
  // export's: collected first, so the peak does not depend on when V8 last ran its GC.
  await attach();
  await send('HeapProfiler.collectGarbage');
  await sample();
  const before = samples[0];
  const sampler = (async () => {
    while (sampling) {
      await sample();
      await new Promise((ok) => setTimeout(ok, 25));
    }
  })();
  /** Clicks "Download PDF"; resolves to the download, or null with the reader's message. */
  const exportPdf = async () => {
    let saved = null;
    const download = page.waitForEvent('download', { timeout: 180_000 }).catch(() => null);
    void download.then((file) => {
      saved = file;
    });
    await page.locator('#unspool-root [data-action="download-pdf"]').click();
    // The button is disabled while the export runs; enabled again with no download, it failed.
    const failed = page.waitForFunction(() => !document.getElementById('unspool-root').shadowRoot
      .querySelector('[data-action="download-pdf"]').disabled, null, { timeout: 180_000, polling: 100 })
      .then(() => new Promise((ok) => setTimeout(ok, 2_000)));
    const file = await Promise.race([download, failed.then(() => saved)]);
    const said = await page.locator('#unspool-root [data-role="message"]').textContent();
    return { file, said };
  };
  const started = performance.now();
  let { file, said } = await exportPdf();
  // The worker was seen to stop mid-export now and then (the reader says so and offers to try
  // again): try again once, as a user would, and report it.
  const failures = [];
  if (!file) {
    failures.push(said);
    ({ file, said } = await exportPdf());
  }
  if (!file) throw new Error(`no PDF was saved: ${said}`);
  const ms = performance.now() - started;
  sampling = false;
  await sampler;
  await sample();
  const path = await file.path();
  const { statSync } = await import('node:fs');
  const bytes = statSync(path).size;
  // The JS side is the V8 heap plus the ArrayBuffers it holds (the photos' bytes live there).
  const js = (s) => s.heap + s.backing;
  const peak = Math.max(...samples.map((s) => js(s) + s.wasm));
  process.stdout.write(`${JSON.stringify({
    posts: POSTS,
    photos: imageUrls.length,
    ms,
    bytes,
    message: said,
    failures,
    samples: samples.length,
    workers: workers.size,
    before,
    peakHeap: Math.max(...samples.map(js)),
    peakHeapTotal: Math.max(...samples.map((s) => s.heapTotal)),
    peakBacking: Math.max(...samples.map((s) => s.backing)),
    peakEmbedder: Math.max(...samples.map((s) => s.embedder)),
    peakWasm: Math.max(...samples.map((s) => s.wasm)),
    memories: Math.max(...samples.map((s) => s.memories)),
    peak,
  })}\n`);
} finally {
  await browser.close();
  await server.close();
  await build.remove();
}
