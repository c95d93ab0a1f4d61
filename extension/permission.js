// The small window the worker opens when a PDF would have photos from another host and the
// extension may not read that host yet. A permission request needs a user gesture in an
// extension page: the "Allow photos" click is it. The answer goes back to the worker, which
// closes this window and carries on with photos or text-only.
import { ext } from './platform.js';

const params = new URLSearchParams(location.search);
const id = params.get('id') ?? '';
const origins = params.getAll('origin').filter((o) => /^https?:\/\/[^/]+\/\*$/.test(o));
const hosts = origins.map((o) => new URL(o.slice(0, -1)).host);

const t = (key, subs) => ext.i18n.getMessage(key, subs) || '';

for (const el of document.querySelectorAll('[data-i18n]')) {
  el.textContent = t(el.dataset.i18n) || el.textContent;
}
document.title = t('extName') || 'Unspool';
const list = hosts.join(', ');
document.getElementById('why').textContent =
  t('pdfPhotosWhy', [list]) ||
  `To put the photos in your PDF, Unspool needs to load them from ${list}.`;

let answered = false;
async function answer(granted) {
  if (answered) return;
  answered = true;
  for (const button of document.querySelectorAll('button')) button.disabled = true;
  await ext.runtime.sendMessage({ type: 'unspool:permission-answer', id, granted });
  window.close();
}

document.getElementById('allow').addEventListener('click', async () => {
  let granted = false;
  try {
    granted = origins.length > 0 && (await ext.permissions.request({ origins }));
  } catch (e) {
    console.warn('Unspool: the permission request failed:', e);
  }
  await answer(granted);
});
document.getElementById('text-only').addEventListener('click', () => answer(false));
document.getElementById('allow').focus();
