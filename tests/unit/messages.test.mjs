// The message guards shared by the worker and the content script, and the locale file.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { test } from 'node:test';
import '../../extension/messages.js';

const messages = globalThis.UnspoolMessages;
const extension = new URL('../../extension/', import.meta.url);

test('only well-formed content messages pass the guard', () => {
  assert.ok(messages.isContentMessage(messages.snapshotMessage('https://x.com/a', '<html>')));
  for (const bad of [
    null,
    'unspool:snapshot',
    {},
    { type: 'unspool:snapshot', url: 'https://x.com/a' },
    { type: 'unspool:snapshot', url: 1, html: '' },
    { type: 'unspool:other', url: '', html: '' },
  ]) {
    assert.equal(messages.isContentMessage(bad), false, JSON.stringify(bad));
  }
});

test('a failure carries what a page that is not a thread is, and only that', () => {
  const about = { page: 'profile', site: 'Bluesky', example: 'bsky.app/profile/…/post/…' };
  assert.deepEqual(messages.failure('not-a-thread', 'This is a profile', { ...about, extra: 1 }).error, {
    code: 'not-a-thread', message: 'This is a profile', about,
  });
  assert.equal(messages.failure('not-a-thread', 'x', { page: 'home' }).error.about, undefined, 'all three or none');
  assert.equal(messages.failure('internal', 'boom').error.about, undefined);
});

test('answers are checked before the overlay trusts them', () => {
  const thread = { posts: [] };
  const ok = { ok: true, progress: { thread }, title: '', markdown: '', fileStem: 'x' };
  assert.ok(messages.isThreadAnswer(ok));
  assert.ok(messages.isThreadAnswer(messages.failure('internal', 'boom')));
  assert.equal(messages.isThreadAnswer(undefined), false);
  assert.equal(messages.isThreadAnswer({ ...ok, progress: {} }), false);
  assert.equal(messages.isThreadAnswer({ ...ok, markdown: undefined }), false);
  assert.equal(messages.isThreadAnswer({ ok: false, error: { code: 1 } }), false);

  const needs = { scrollUp: false, scrollDown: true, showReplies: false, expand: [] };
  const status = {
    ok: true,
    status: { postCount: 3, lastPostId: '9', needs, done: false, hooks: {} },
    collectionId: 'worker/1',
  };
  assert.ok(messages.isStatusAnswer(status));
  assert.ok(messages.isStatusAnswer(messages.failure('not-a-thread', 'home')));
  assert.equal(messages.isStatusAnswer(ok), false, 'a thread answer is not a status');
  assert.equal(messages.isStatusAnswer({ ok: true, status: { ...status.status, postCount: '3' } }), false);
  assert.equal(messages.isStatusAnswer({ ...status, status: { ...status.status, hooks: null } }), false);
  assert.equal(messages.isStatusAnswer({ ...status, collectionId: undefined }), false,
    'a status names its collection');
  const { ok: _ok, ...carried } = ok;
  assert.ok(messages.isStatusAnswer({ ...status, thread: carried }), 'a done status may carry the thread');
  assert.equal(messages.isStatusAnswer({ ...status, thread: { ...carried, markdown: 3 } }), false);
  assert.equal(messages.isStatusAnswer({ ...status, thread: null }), false);
});

test('hooks requests and their answers are checked', () => {
  assert.ok(messages.isContentMessage(messages.hooksMessage('https://x.com/a/status/1')));
  assert.equal(messages.isContentMessage({ type: 'unspool:hooks' }), false);
  assert.equal(messages.isContentMessage({ type: 'unspool:hooks', url: 7 }), false);
  assert.ok(messages.isHooksAnswer({ ok: true, hooks: { scope: '[data-testid="primaryColumn"]' } }));
  assert.ok(messages.isHooksAnswer({ ok: true, hooks: null }), 'a site on any host has none');
  assert.ok(messages.isHooksAnswer(messages.failure('internal', 'no engine')));
  assert.equal(messages.isHooksAnswer({ ok: true }), false);
  assert.equal(messages.isHooksAnswer({ ok: true, hooks: 'main' }), false);
  assert.equal(messages.isHooksAnswer(undefined), false);
});

test('thread requests pass the guard', () => {
  assert.ok(messages.isContentMessage(messages.threadMessage('https://x.com/a/status/1')));
  assert.equal(messages.isContentMessage({ type: 'unspool:thread' }), false);
  assert.ok(messages.isContentMessage(messages.threadMessage('https://x.com/a/status/1', 'w/1')));
  assert.ok(messages.isContentMessage(messages.snapshotMessage('https://x.com/a', '', 'w/1')));
  assert.equal(
    messages.isContentMessage({ ...messages.snapshotMessage('https://x.com/a', ''), collectionId: 7 }),
    false,
  );
});

test('every string the extension asks for is in the English locale', async () => {
  const locale = JSON.parse(
    await readFile(new URL('_locales/en/messages.json', extension), 'utf8'),
  );
  const used = new Set();
  for (const dir of ['content/', '']) {
    for (const name of await readdir(new URL(dir, extension))) {
      if (!name.endsWith('.js')) continue;
      const source = await readFile(new URL(dir + name, extension), 'utf8');
      for (const [, key] of source.matchAll(/\bt\('([A-Za-z]+)'/g)) used.add(key);
      for (const [, key] of source.matchAll(/(?:title|detail|hint): '([A-Za-z]+)'/g)) used.add(key);
    }
  }
  const manifest = await readFile(new URL('../manifest.json', extension), 'utf8');
  for (const [, key] of manifest.matchAll(/__MSG_(\w+)__/g)) used.add(key);
  assert.ok(used.size > 20, `found only ${used.size} keys: is the scan still right?`);
  const missing = [...used].filter((key) => !locale[key]);
  assert.deepEqual(missing, []);
});

test('PDF export: request, progress, answer and permission-answer guards', () => {
  const request = messages.pdfMessage({ posts: [] }, 'Ada – Thread', { paper: 'a4' });
  assert.ok(messages.isPdfRequest(request));
  assert.ok(!messages.isContentMessage(request), 'the PDF goes over its port, not sendMessage');
  for (const bad of [null, {}, { type: 'unspool:pdf' }, { ...request, thread: null },
    { ...request, thread: { posts: {} } }, { ...request, fileStem: 1 },
    { ...request, options: null }]) {
    assert.ok(!messages.isPdfRequest(bad), JSON.stringify(bad));
  }
  assert.ok(messages.isPdfProgress(messages.pdfProgress('images', 3, 40)));
  assert.ok(!messages.isPdfProgress({ type: 'unspool:pdf-progress', stage: 'images', done: '3', total: 40 }));
  const ok = {
    type: 'unspool:pdf-result', ok: true, pdf: 'JVBERi0=', fileName: 'a.pdf',
    photos: { permission: 'granted', requested: 1, fetched: 1 },
  };
  assert.ok(messages.isPdfAnswer(ok));
  assert.ok(messages.isPdfAnswer({ type: 'unspool:pdf-result', ...messages.failure('expired', 'gone') }));
  assert.ok(!messages.isPdfAnswer({ ...ok, pdf: [37, 80] }));
  assert.ok(!messages.isPdfAnswer({ ...ok, type: undefined }));
  assert.ok(messages.isPermissionAnswer({ type: 'unspool:permission-answer', id: '1', granted: false }));
  assert.ok(!messages.isPermissionAnswer({ type: 'unspool:permission-answer', id: 1, granted: 'yes' }));
});

test('the right-click menu setting: request, answer and the window\'s news', () => {
  for (const enable of [null, true, false]) {
    assert.ok(messages.isContentMessage(messages.contextMenuMessage(enable)), String(enable));
  }
  assert.equal(messages.isContentMessage({ type: 'unspool:context-menu', enable: 'yes' }), false);
  const menu = { available: true, enabled: false, asking: true };
  assert.ok(messages.isContextMenuAnswer({ ok: true, menu }));
  assert.ok(messages.isContextMenuAnswer(messages.failure('internal', 'no')));
  assert.equal(messages.isContextMenuAnswer({ ok: true, menu: { ...menu, asking: 1 } }), false);
  assert.equal(messages.isContextMenuAnswer({ ok: true }), false);
  assert.ok(messages.isContextMenuChanged({ type: 'unspool:context-menu-changed', enabled: true }));
  assert.equal(messages.isContextMenuChanged({ type: 'unspool:context-menu-changed' }), false);
});
