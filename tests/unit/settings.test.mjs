// The reader's settings: whatever storage holds becomes a complete, valid settings object.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../extension/content/settings.js';

const settings = globalThis.UnspoolSettings;

test('missing or odd stored values fall back to the defaults', () => {
  for (const stored of [undefined, null, 'dark', 42, [], {}]) {
    assert.deepEqual(settings.normalize(stored), { ...settings.DEFAULTS }, JSON.stringify(stored));
  }
  assert.deepEqual(
    settings.normalize({ theme: 'neon', font: 'comic', size: 2.5, width: 'huge', numbers: 'no', images: 0, photos: 'huge' }),
    { ...settings.DEFAULTS },
  );
});

test('valid values are kept; sizes are clamped to the steps', () => {
  const chosen = { theme: 'sepia', font: 'sans', size: 5, width: 'wide', numbers: false, images: false, paper: 'letter', photos: 'full' };
  assert.deepEqual(settings.normalize(chosen), chosen);
  assert.equal(settings.normalize({ size: 99 }).size, settings.SIZE_MAX);
  assert.equal(settings.normalize({ size: -3 }).size, settings.SIZE_MIN);
  assert.equal(settings.normalize({ paper: 'tabloid' }).paper, 'auto');
  assert.equal(settings.normalize({ photos: true }).photos, 'fitted');
  assert.ok(settings.SIZE_MAX - settings.SIZE_MIN + 1 >= 5, 'at least five text sizes');
});

test('t cycles through every theme and back', () => {
  let theme = 'auto';
  const seen = [];
  for (let i = 0; i < 4; i += 1) seen.push((theme = settings.nextTheme(theme)));
  assert.deepEqual(seen, ['light', 'sepia', 'dark', 'auto']);
});

test('load: no storage, a failing one, or a stored object', async () => {
  assert.deepEqual(await settings.load(undefined), { ...settings.DEFAULTS });
  const failing = { storage: { sync: { get: () => Promise.reject(new Error('gone')) } } };
  assert.deepEqual(await settings.load(failing), { ...settings.DEFAULTS });
  const stored = { storage: { sync: { get: async () => ({ readerSettings: { theme: 'dark' } }) } } };
  assert.equal((await settings.load(stored)).theme, 'dark');
});
