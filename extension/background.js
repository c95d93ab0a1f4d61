// The service worker: the toolbar button injects the reader into the tab, and the content
// script's snapshots are read here by the Wasm core (which a strict page CSP would not let the
// content script compile — see DESIGN.md).
import * as core from './core/unspool.js';
import { Collections } from './collections.js';
import { exportLabels, ext, isOwnContentScript, retrying } from './platform.js';
import { installPdfExport } from './pdf-export.js';
import { installContextMenu } from './context-menu.js';
import './messages.js';

const messages = globalThis.UnspoolMessages;

/** Injected together on every click; they share the isolated world's globals, in this order. */
const CONTENT_SCRIPTS = [
  'messages.js',
  'content/overlay-style.js',
  'content/render.js',
  'content/settings.js',
  'content/collect.js',
  'content/pdf.js',
  'content/content.js',
];

const collections = new Collections(core, { labels: exportLabels });
installPdfExport();
// "Unroll this thread" in the right-click menu (optional): the same as the toolbar button.
const contextMenu = installContextMenu((tab) => {
  void collections.prepare();
  void injectReader(tab);
});

ext.action.onClicked.addListener((tab) => {
  void collections.prepare();
  void injectReader(tab);
});

ext.tabs.onRemoved.addListener((tabId) => collections.forget(tabId));

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (!isOwnContentScript(sender) || !messages.isContentMessage(message)) return false;
  void answer(message, sender.tab.id).then(sendResponse);
  return true; // the answer comes asynchronously
});

/**
 * The toolbar button's work. The content script toggles the overlay itself, so each click simply
 * injects it again. Exported for the Firefox smoke test, which cannot press the button.
 */
export async function injectReader(tab) {
  if (typeof tab.id !== 'number' || tab.id < 0) return;
  try {
    // Tried again twice: a click that starts the worker can race its own activeTab grant
    // (platform.js). Pages no extension may read (below) fail all three times, ~0.5 s.
    await retrying(
      () => ext.scripting.executeScript({ target: { tabId: tab.id }, files: CONTENT_SCRIPTS }),
      [150, 350],
    );
  } catch (e) {
    // chrome:// pages, the web store, PDF viewers, error pages: no page to read, nothing to show.
    console.info(`Unspool cannot run on this page: ${e?.message ?? e}`);
  }
}

/** Every message gets an answer, never a rejection. */
async function answer(message, tabId) {
  try {
    switch (message.type) {
      case messages.hooks: {
        const hooks = await collections.hooksFor(message.url);
        collections.warmUpSoon(); // after this answer, before the first snapshot arrives
        return { ok: true, hooks };
      }
      case messages.snapshot: {
        const result = await collections.addSnapshot(
          tabId, message.url, message.html, message.collectionId ?? null);
        return { ok: true, ...result };
      }
      case messages.thread: {
        const result = await collections.thread(tabId, message.url, message.collectionId ?? null);
        return { ok: true, ...result };
      }
      case messages.contextMenu:
        return { ok: true, menu: await contextMenu.setting(message.enable, tabId) };
      default:
        return messages.failure('bad-message', `Unknown message ${message.type}`);
    }
  } catch (e) {
    return messages.failure(e?.code ?? 'internal', e?.message ?? String(e), e?.about);
  }
}
