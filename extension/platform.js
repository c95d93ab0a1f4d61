// The one place that knows which extension API object this browser has. Chrome has `chrome`;
// Firefox also offers the promise-based `browser`, which we prefer where it exists.
//
// Nothing else needs a branch: in Firefox 140+ the extension uses the same APIs under the same
// names (the optional right-click menu aside: MENUS_PERMISSION) — action.onClicked, scripting.executeScript with files, storage.sync, runtime messages
// and ports, windows.create for the permission window and permissions.request from its click
// (tests/firefox checks them). Firefox for Android has no `windows`: the export then makes a
// text-only PDF. The manifest's differences are made at build time (tools/firefox-manifest.mjs).
// The worker's other reads of the extension itself live here too: the right-click menu's
// permission and the words the core's exports are written in (exportLabels).
export const ext = globalThis.browser ?? globalThis.chrome;

/**
 * The right-click menu's permission as this build's manifest lists it (`contextMenus`, or
 * Firefox's name `menus`). Null when the build does not list it: Firefox cannot make it
 * optional, so its build leaves it out and the reader's settings do not offer the menu item.
 */
export const MENUS_PERMISSION = (() => {
  const manifest = ext?.runtime?.getManifest?.() ?? {};
  const listed = [...(manifest.optional_permissions ?? []), ...(manifest.permissions ?? [])];
  return listed.find((p) => p === 'contextMenus' || p === 'menus') ?? null;
})();

/** Only our own content scripts, running in a tab, may ask the worker; pages cannot reach it. */
export function isOwnContentScript(sender) {
  return sender?.id === ext.runtime.id && typeof sender.tab?.id === 'number';
}

/**
 * `action()`, tried again after each of `delays` (ms) while it throws; the last error is thrown.
 *
 * Injecting the reader needs this: right after a toolbar click that starts the service worker,
 * Chromium sometimes refuses `scripting.executeScript` with "Cannot access contents of the
 * page" although the click granted `activeTab` — 4 of 45 cold clicks on a loaded machine
 * (Chromium 156, headless), every one injected on the retry 300 ms later. Without the retry
 * the click did nothing at all.
 */
export async function retrying(action, delays, wait = (ms) => new Promise((done) => setTimeout(done, ms))) {
  for (const delay of delays) {
    try {
      return await action();
    } catch {
      await wait(delay);
    }
  }
  return action();
}

/**
 * Unspool's own words in what it exports (the PDF's title block, captions and dates, the
 * Markdown's links and captions) in the reader's language, from the extension's messages:
 * the core's `Labels`, which uses English for any left out or empty.
 */
export function exportLabels(t = (key, substitutions) => ext.i18n.getMessage(key, substitutions)) {
  const say = (key, substitutions) => t(key, substitutions) || '';
  return {
    threadOn: say('pdfKicker', ['{site}']),
    thread: say('pdfKickerNoSite'),
    onePost: say('postCountOne'),
    posts: say('postCountMany', ['{count}']),
    contentWarning: say('contentWarning'),
    edited: say('pdfEdited'),
    photo: say('photo'),
    photoMissing: say('pdfPhotoMissing'),
    video: say('video'),
    gif: say('gifBadge'),
    communityNote: say('communityNote'),
    noText: say('pdfNoText'),
    months: say('pdfMonths').split(',').map((m) => m.trim()),
    longDate: say('pdfLongDate'),
    threadBy: say('threadBy', ['{handle}']),
    quotedPost: say('quotedPost'),
    viewOriginal: say('viewOriginal', ['{site}']),
    permalink: say('permalink'),
  };
}
