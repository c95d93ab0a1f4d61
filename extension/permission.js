// The small window the worker opens when a permission request needs a user gesture in an
// extension page (a content script cannot ask). Two questions:
//   - photos (default): a PDF would have photos from another host the extension may not read
//     yet. The "Allow photos" click requests exactly those origins; the answer goes back to
//     the worker, which closes this window and carries on with photos or text-only.
//   - `kind=context-menu`: the reader's settings turn on "Unroll this thread" in the right-click
//     menu. The click requests `contextMenus` (`menus` in Firefox) (the worker creates the item when it is granted);
//     the answer goes to the tab that asked, whose settings panel shows it, and the window
//     closes itself.
import { ext, MENUS_PERMISSION } from './platform.js';

const params = new URLSearchParams(location.search);
const kind = params.get('kind') === 'context-menu' ? 'context-menu' : 'photos';

const t = (key, subs) => ext.i18n.getMessage(key, subs) || '';

for (const el of document.querySelectorAll('[data-i18n]')) {
  el.textContent = t(el.dataset.i18n) || el.textContent;
}
document.title = t('extName') || 'Unspool';
document.documentElement.lang = ext.i18n.getUILanguage?.() || 'en';

let answered = false;
/** Runs once: disables the buttons, lets `send` deliver the answer, closes the window. */
async function answerWith(send) {
  if (answered) return;
  answered = true;
  for (const button of document.querySelectorAll('button')) button.disabled = true;
  try {
    await send();
  } catch (e) {
    console.warn('Unspool: the answer could not be delivered:', e);
  }
  window.close();
}

async function request(permissions) {
  try {
    return await ext.permissions.request(permissions);
  } catch (e) {
    console.warn('Unspool: the permission request failed:', e);
    return false;
  }
}

if (kind === 'photos') {
  const id = params.get('id') ?? '';
  const origins = params.getAll('origin').filter((o) => /^https?:\/\/[^/]+\/\*$/.test(o));
  const hosts = origins.map((o) => new URL(o.slice(0, -1)).host);
  const list = hosts.join(', ');
  document.getElementById('why').textContent =
    t('pdfPhotosWhy', [list]) ||
    `To put the photos in your PDF, Unspool needs to load them from ${list}.`;
  const answer = (granted) =>
    answerWith(() => ext.runtime.sendMessage({ type: 'unspool:permission-answer', id, granted }));
  document.getElementById('allow').addEventListener('click', async () => {
    const granted = origins.length > 0 && (await request({ origins }));
    await answer(granted);
  });
  document.getElementById('text-only').addEventListener('click', () => answer(false));
} else {
  const tabId = Number(params.get('tab'));
  document.querySelector('h1').textContent = t('contextMenuPermissionTitle');
  document.getElementById('why').textContent = t('contextMenuPermissionWhy');
  document.querySelector('.small').hidden = true;
  document.getElementById('allow').textContent = t('contextMenuPermissionAllow');
  document.getElementById('text-only').textContent = t('contextMenuPermissionDeny');
  const answer = (enabled) =>
    answerWith(async () => {
      if (Number.isInteger(tabId) && tabId >= 0) {
        await ext.tabs.sendMessage(tabId, { type: 'unspool:context-menu-changed', enabled });
      }
    });
  document.getElementById('allow').addEventListener('click', async () => {
    await answer(await request({ permissions: [MENUS_PERMISSION] }));
  });
  document.getElementById('text-only').addEventListener('click', () => answer(false));
}
document.getElementById('allow').focus();
