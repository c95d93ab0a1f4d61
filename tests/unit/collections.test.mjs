// The worker's use of the Wasm core, driven by a stand-in core: one collection per tab and URL,
// stable error codes, and a fresh instance after a panic.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Collections, CoreError } from '../../extension/collections.js';
import { exportLabels } from '../../extension/platform.js';

/** A stand-in for the wasm-bindgen module: records what the worker does with it. */
function fakeCore({ failInit = false } = {}) {
  const log = [];
  let panic;
  class Collection {
    constructor(url) {
      if (!url.startsWith('https://x.com/')) {
        throw Object.assign(new Error("Unspool can't unroll this page"), { name: 'unsupported' });
      }
      this.url = url;
      this.snapshots = 0;
      log.push(`new ${url}`);
    }
    addSnapshot(html) {
      if (html === 'panic') {
        panic = 'panicked at src/sites/x.rs:1:1: boom';
        throw new WebAssembly.RuntimeError('unreachable');
      }
      if (html === 'home') {
        throw Object.assign(new Error('This is the home timeline'), {
          name: 'not-a-thread', page: 'home', site: 'X', example: 'x.com/…/status/…',
        });
      }
      if (html === 'weird') throw new TypeError('odd');
      this.snapshots += 1;
      return { postCount: 1, needs: {}, done: true, hooks: {}, snapshots: this.snapshots };
    }
    progress() { return { thread: { posts: [{ id: '1' }] }, needs: {}, done: true }; }
    title() { return 'Title'; }
    setLabels(labels) { this.labels = labels; }
    markdown() { return this.labels ? `# ${this.labels.threadBy}` : '# Title'; }
    fileStem() { return 'Author – Title (2020-12-03)'; }
    free() { log.push(`free ${this.url}`); }
  }
  return {
    log,
    module: {
      default: async () => {
        log.push('init');
        if (failInit) throw new Error('404');
      },
      Collection,
      takePanic: () => { const p = panic; panic = undefined; return p; },
      __wbg_reset_state: () => log.push('reset'),
    },
  };
}

test('initialises the core once and keeps one collection per tab and URL', async () => {
  const core = fakeCore();
  const collections = new Collections(core.module);
  const a = await collections.addSnapshot(1, 'https://x.com/a/status/1', '<html>');
  const b = await collections.addSnapshot(1, 'https://x.com/a/status/1', '<html>');
  assert.equal(a.status.snapshots, 1);
  assert.equal(b.status.snapshots, 2, 'the same URL in the same tab reuses the collection');
  assert.deepEqual(b.thread.progress.thread.posts, [{ id: '1' }], 'a done status brings the thread');
  assert.equal(b.thread.markdown, '# Title');
  const result = await collections.thread(1, 'https://x.com/a/status/1');
  assert.deepEqual(result.progress.thread.posts, [{ id: '1' }]);
  assert.deepEqual(
    { title: result.title, markdown: result.markdown, fileStem: result.fileStem },
    { title: 'Title', markdown: '# Title', fileStem: 'Author – Title (2020-12-03)' },
  );
  await collections.addSnapshot(2, 'https://x.com/a/status/1', '<html>');
  await collections.addSnapshot(1, 'https://x.com/b/status/2', '<html>');
  assert.deepEqual(core.log, [
    'init',
    'new https://x.com/a/status/1',
    'new https://x.com/a/status/1',
    'free https://x.com/a/status/1',
    'new https://x.com/b/status/2',
  ]);
  collections.forget(1);
  collections.forget(1);
  assert.equal(collections.size, 1);
  assert.equal(core.log.at(-1), 'free https://x.com/b/status/2');
});

test("the core's errors keep their code and message", async () => {
  const collections = new Collections(fakeCore().module);
  await assert.rejects(collections.addSnapshot(1, 'https://example.org/', ''), (e) => {
    assert.ok(e instanceof CoreError);
    assert.equal(e.code, 'unsupported');
    return true;
  });
  await assert.rejects(collections.addSnapshot(1, 'https://x.com/home', 'home'), {
    code: 'not-a-thread',
    message: 'This is the home timeline',
    // What the page is, for the reader's own words.
    about: { page: 'home', site: 'X', example: 'x.com/…/status/…' },
  });
  await assert.rejects(collections.addSnapshot(1, 'https://x.com/home', 'weird'), {
    code: 'internal',
    message: 'odd',
  });
});

test('a panic is reported with its message and the next call gets a fresh instance', async () => {
  const core = fakeCore();
  const collections = new Collections(core.module);
  await collections.addSnapshot(1, 'https://x.com/a/status/1', '<html>');
  await collections.addSnapshot(2, 'https://x.com/b/status/2', '<html>');
  await assert.rejects(collections.addSnapshot(1, 'https://x.com/a/status/1', 'panic'), {
    code: 'internal',
    message: 'panicked at src/sites/x.rs:1:1: boom',
  });
  assert.equal(core.log.at(-1), 'reset');
  assert.equal(collections.size, 0, 'collections of the dead instance are dropped, not freed');
  const again = await collections.addSnapshot(1, 'https://x.com/a/status/1', '<html>');
  assert.equal(again.status.snapshots, 1);
  assert.equal(core.log.filter((l) => l.startsWith('free')).length, 0);
});

test('a core that fails to load is retried on the next call', async () => {
  const core = fakeCore({ failInit: true });
  const collections = new Collections(core.module);
  await assert.rejects(collections.addSnapshot(1, 'https://x.com/a/status/1', ''), {
    code: 'internal',
    message: /failed to load: 404/,
  });
  await assert.rejects(collections.addSnapshot(1, 'https://x.com/a/status/1', ''));
  assert.deepEqual(core.log, ['init', 'init']);
});

test('asking for the thread of a page with no collection says it expired', async () => {
  const collections = new Collections(fakeCore().module);
  await assert.rejects(collections.thread(1, 'https://x.com/a/status/1'), { code: 'expired' });
  await collections.addSnapshot(1, 'https://x.com/a/status/1', '<html>');
  await assert.rejects(collections.thread(1, 'https://x.com/b/status/2'), { code: 'expired' });
});

test('a snapshot or thread request for a lost collection says it expired', async () => {
  const url = 'https://x.com/a/status/1';
  const first = new Collections(fakeCore().module);
  const { collectionId } = await first.addSnapshot(1, url, '<html>');
  assert.equal(typeof collectionId, 'string');
  const more = await first.addSnapshot(1, url, '<html>', collectionId);
  assert.equal(more.collectionId, collectionId);
  assert.equal(more.status.snapshots, 2);
  assert.ok((await first.thread(1, url, collectionId)).progress);

  // A restarted worker: new Collections, no collection, and ids that never match old ones.
  const restarted = new Collections(fakeCore().module);
  await assert.rejects(restarted.addSnapshot(1, url, '<html>', collectionId), { code: 'expired' });
  await assert.rejects(restarted.thread(1, url, collectionId), { code: 'expired' });
  assert.equal(restarted.size, 0, 'a snapshot of a lost collection does not start one');
  const fresh = await restarted.addSnapshot(1, url, '<html>');
  assert.notEqual(fresh.collectionId, collectionId);
  assert.equal(fresh.status.snapshots, 1);
  await assert.rejects(restarted.thread(1, url, collectionId), { code: 'expired' });

  // A panic drops the collections of the dead instance: their ids expire too.
  await assert.rejects(restarted.addSnapshot(1, url, 'panic', fresh.collectionId), { code: 'internal' });
  await assert.rejects(restarted.addSnapshot(1, url, '<html>', fresh.collectionId), { code: 'expired' });
});

test('hooksFor() asks the core for the hooks of a URL, and copes with a core without it', async () => {
  const core = fakeCore();
  const scope = '[data-testid="primaryColumn"]';
  core.module.hooksFor = (url) => (url.startsWith('https://x.com/') ? { scope } : null);
  const collections = new Collections(core.module);
  assert.deepEqual(await collections.hooksFor('https://x.com/a/status/1'), { scope });
  assert.equal(await collections.hooksFor('https://mastodon.social/@a/1'), null);
  assert.deepEqual(core.log, ['init'], 'no collection is started by asking');

  const older = fakeCore();
  assert.equal(await new Collections(older.module).hooksFor('https://x.com/a/status/1'), null);
});

test('prepare() loads the core ahead of the first snapshot, once, and never rejects', async () => {
  const core = fakeCore();
  const collections = new Collections(core.module);
  const prepared = collections.prepare();
  const status = collections.addSnapshot(1, 'https://x.com/a/status/1', '<html>');
  await prepared;
  assert.equal((await status).status.snapshots, 1);
  assert.deepEqual(core.log, ['init', 'new https://x.com/a/status/1'], 'one init for both');

  const failing = fakeCore({ failInit: true });
  const broken = new Collections(failing.module);
  assert.equal(await broken.prepare(), undefined, 'a core that fails to load: no rejection');
  await assert.rejects(broken.addSnapshot(1, 'https://x.com/a/status/1', ''), { code: 'internal' });
  assert.deepEqual(failing.log, ['init', 'init'], 'the snapshot tries to load it again');
});

test('warming up runs the sample once, in a task of its own, and keeps no collection', async () => {
  const core = fakeCore();
  const page = 'https://x.com/sample/status/1';
  core.module.warmUpPage = () => [page, '<html>'];
  const collections = new Collections(core.module);
  await collections.hooksFor(page);
  collections.warmUpSoon();
  collections.warmUpSoon();
  assert.deepEqual(core.log, ['init'], 'nothing runs before the answer is sent');
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(core.log, ['init', `new ${page}`, `free ${page}`]);
  assert.equal(collections.size, 0);
});

test('a warm-up that panics leaves a fresh instance behind', async () => {
  const core = fakeCore();
  core.module.warmUpPage = () => ['https://x.com/sample/status/1', 'panic'];
  const collections = new Collections(core.module);
  const warned = [];
  const warn = console.warn;
  console.warn = (...args) => warned.push(args.join(' '));
  try {
    await collections.hooksFor('https://x.com/a/status/1');
    collections.warmUpSoon();
    await new Promise((resolve) => setTimeout(resolve, 10));
  } finally {
    console.warn = warn;
  }
  assert.ok(core.log.includes('reset'), 'the trapped instance is replaced');
  assert.match(warned.join('\n'), /boom/);
});

test("each collection gets the export words of the reader's language", async () => {
  const core = fakeCore();
  const collections = new Collections(core.module, { labels: () => ({ threadBy: 'Thread von @{handle}' }) });
  const answer = await collections.addSnapshot(1, 'https://x.com/a/status/1', '<html>');
  assert.equal(answer.thread.markdown, '# Thread von @{handle}');
  // Without labels (or with a core that cannot take them) the Markdown is the core's English.
  const english = await new Collections(fakeCore().module).addSnapshot(1, 'https://x.com/a/status/1', '<html>');
  assert.equal(english.thread.markdown, '# Title');
});

test("the export words come from the extension's messages, with the core's placeholders", () => {
  const messages = {
    pdfKicker: 'Ein Thread auf $1', postCountMany: '$1 Beiträge', threadBy: 'Thread von @$1',
    viewOriginal: 'Auf $1 ansehen', quotedPost: 'Zitierter Beitrag', pdfMonths: 'Januar, Februar',
  };
  const t = (key, substitutions) => (messages[key] ?? '').replace('$1', substitutions?.[0] ?? '');
  const labels = exportLabels(t);
  assert.equal(labels.threadOn, 'Ein Thread auf {site}');
  assert.equal(labels.posts, '{count} Beiträge');
  assert.equal(labels.threadBy, 'Thread von @{handle}');
  assert.equal(labels.viewOriginal, 'Auf {site} ansehen');
  assert.equal(labels.quotedPost, 'Zitierter Beitrag');
  assert.deepEqual(labels.months, ['Januar', 'Februar']);
  assert.equal(labels.permalink, '', 'a message the locale lacks is left to the core (English)');
});
