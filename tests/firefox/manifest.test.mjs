// The Firefox manifest (tools/firefox-manifest.mjs) is the source manifest with only the
// background, the Chrome-only minimum version and the gecko settings changed.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { firefoxManifest, GECKO_ID } from '../../tools/firefox-manifest.mjs';
import { repoRoot } from '../e2e/harness.mjs';

const source = JSON.parse(await readFile(join(repoRoot, 'manifest.json'), 'utf8'));

test('the background runs as a module in the background page, not as a service worker', () => {
  const manifest = firefoxManifest(source);
  assert.deepEqual(manifest.background, { scripts: [source.background.service_worker], type: 'module' });
});

test('gecko id, minimum versions, and no data collection', () => {
  const { browser_specific_settings: settings } = firefoxManifest(source);
  assert.equal(settings.gecko.id, GECKO_ID);
  assert.ok(Number.parseFloat(settings.gecko.strict_min_version) >= 140);
  assert.ok(Number.parseFloat(settings.gecko_android.strict_min_version) >= 142);
  assert.deepEqual(settings.gecko.data_collection_permissions, { required: ['none'] });
});

test('everything else is the source manifest, which is left as it was', () => {
  const before = structuredClone(source);
  const manifest = firefoxManifest(source);
  assert.deepEqual(source, before);
  const changed = new Set([
    'background',
    'browser_specific_settings',
    'minimum_chrome_version',
    'optional_permissions',
  ]);
  for (const key of Object.keys(source)) {
    if (!changed.has(key)) assert.deepEqual(manifest[key], source[key], key);
  }
  assert.equal(manifest.minimum_chrome_version, undefined);
  // Firefox cannot make the right-click menu optional: the Firefox build leaves it out.
  assert.ok(source.optional_permissions.includes('contextMenus'));
  assert.deepEqual(
    manifest.optional_permissions ?? [],
    source.optional_permissions.filter((p) => p !== 'contextMenus'),
  );
  assert.ok(!(manifest.permissions ?? []).includes('contextMenus'));
  assert.ok(!(manifest.permissions ?? []).includes('menus'));
  assert.deepEqual(Object.keys(manifest).filter((k) => !(k in source)), ['browser_specific_settings']);
});

test('a manifest without a service worker is refused, not half-converted', () => {
  assert.throws(() => firefoxManifest({ ...source, background: { scripts: ['background.js'] } }));
});

test('dist/firefox holds what the build wrote', async () => {
  const built = JSON.parse(await readFile(join(repoRoot, 'dist/firefox/manifest.json'), 'utf8'));
  assert.deepEqual(built, firefoxManifest(source));
});
