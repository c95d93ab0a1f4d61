// Writes the Firefox manifest from the one source manifest.json (the Chrome one):
//   node tools/firefox-manifest.mjs manifest.json dist/firefox/manifest.json
// Firefox MV3 has no extension service worker: the same background.js runs as a module in the
// background page (`background.scripts` + `type: module`), where the Wasm core works as well.
// Everything else the extension uses (action, scripting, storage.sync, runtime ports,
// permissions.request, windows.create) exists in Firefox under the same names.
import { readFileSync, writeFileSync } from 'node:fs';

/** The add-on id: storage.sync and updates key on it, so it never changes. */
export const GECKO_ID = 'unspool@unspool.app';
/**
 * 140 (the ESR before 153) is the first Firefox that knows `data_collection_permissions`;
 * MV3 background modules, `optional_host_permissions` and `wasm-unsafe-eval` are older.
 */
export const STRICT_MIN_VERSION = '140.0';
/** Firefox for Android learned `data_collection_permissions` in 142. */
export const ANDROID_MIN_VERSION = '142.0';

/** The Firefox manifest for the Chrome manifest `chrome` (an object; not modified). */
export function firefoxManifest(chrome) {
  const manifest = structuredClone(chrome);
  const { service_worker: script, type } = manifest.background ?? {};
  if (typeof script !== 'string') throw new Error('manifest.json has no background.service_worker');
  manifest.background = { scripts: [script], ...(type ? { type } : {}) };
  delete manifest.minimum_chrome_version; // Chrome's; Firefox has strict_min_version below
  // Firefox cannot make the right-click menu's permission optional (`menus`/`contextMenus` are
  // install-time only, and web-ext lint refuses them under optional_permissions). Unspool asks
  // for nothing beyond activeTab, scripting and storage up front, so the Firefox build leaves
  // the menu item out: the reader's settings do not offer it (platform.js MENUS_PERMISSION).
  if (Array.isArray(manifest.optional_permissions)) {
    manifest.optional_permissions = manifest.optional_permissions.filter(
      (p) => p !== 'contextMenus' && p !== 'menus',
    );
    if (manifest.optional_permissions.length === 0) delete manifest.optional_permissions;
  }
  manifest.browser_specific_settings = {
    gecko: {
      id: GECKO_ID,
      strict_min_version: STRICT_MIN_VERSION,
      // Nothing leaves the user's machine: no telemetry, no server.
      data_collection_permissions: { required: ['none'] },
    },
    gecko_android: { strict_min_version: ANDROID_MIN_VERSION },
  };
  return manifest;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [source, target] = process.argv.slice(2);
  if (!source || !target) {
    console.error('usage: node tools/firefox-manifest.mjs SOURCE_MANIFEST TARGET_MANIFEST');
    process.exit(2);
  }
  const manifest = firefoxManifest(JSON.parse(readFileSync(source, 'utf8')));
  writeFileSync(target, `${JSON.stringify(manifest, null, 2)}\n`);
}
