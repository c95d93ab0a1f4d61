// PDF export in the service worker: the content script opens a port named `unspool:pdf` and
// posts one `unspool:pdf {thread, fileStem, options}` request with the thread it shows (the
// worker's own collection may be long gone: Chrome stops idle workers); the worker loads the
// PDF module (a second Wasm module, once, on first export), fetches the fonts from the
// extension package and — when the user allows it — the thread's images from their hosts,
// renders, and posts the PDF back as base64. Progress messages go over the same port.
//
// Images live on other hosts (pbs.twimg.com, cdn.bsky.app, a Mastodon instance's media host).
// The worker reads them only with a host permission for exactly those origins, asked for once
// in a small extension window (a permission request needs a user gesture in an extension page);
// without it the PDF is text-only, with the writer's labelled placeholders. Each JPEG photo is
// scaled down to what the page can use as it arrives (photo-fit.js), unless the reader's
// settings ask for full resolution.
// Static: service workers may not use import(). The glue is small; the Wasm itself is
// compiled only on the first export.
import * as pdfModule from './core/unspool_pdf.js';
import { exportLabels, ext, isOwnContentScript } from './platform.js';
import { fitPhoto } from './photo-fit.js';
import './messages.js';

const messages = globalThis.UnspoolMessages;

/** The permission window's page; it answers with an `unspool:permission-answer` message. */
const PERMISSION_PAGE = 'permission.html';
/** Images fetched at once. */
const IMAGE_CONCURRENCY = 6;
const IMAGE_TIMEOUT_MS = 20_000;
/** Larger images are left out (a placeholder) rather than bloating the PDF. */
const IMAGE_MAX_BYTES = 15 * 1024 * 1024;
const PDF_CODES = new Set(['unreadable', 'empty-thread', 'missing-font', 'internal']);

/** Longest file name stem taken from a request (the core makes them much shorter). */
const FILE_STEM_MAX = 200;

/**
 * Wires the export into the worker: registers the port listener and the permission window's
 * answer listener.
 */
export function installPdfExport() {
  const exporter = new PdfExporter();
  ext.runtime.onConnect.addListener((port) => {
    if (port.name !== messages.pdfPort || !isOwnContentScript(port.sender)) return;
    exporter.serve(port);
  });
  ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (!messages.isPermissionAnswer(message) || !isPermissionPage(sender)) return false;
    exporter.permissionAnswered(message.id, message.granted);
    sendResponse({ ok: true });
    return false;
  });
  ext.windows?.onRemoved.addListener((windowId) => exporter.windowClosed(windowId));
  return exporter;
}

function isPermissionPage(sender) {
  return sender?.id === ext.runtime.id &&
    typeof sender.url === 'string' &&
    sender.url.startsWith(ext.runtime.getURL(PERMISSION_PAGE));
}

class PdfExporter {
  #module = null;
  #fonts = new Map();
  /** Open permission windows: request id → {windowId, resolve}. */
  #asking = new Map();
  #nextId = 1;

  serve(port) {
    const tabId = port.sender.tab.id;
    let closed = false;
    port.onDisconnect.addListener(() => {
      closed = true;
    });
    const post = (message) => {
      if (!closed) port.postMessage(message);
    };
    port.onMessage.addListener((message) => {
      if (!messages.isPdfRequest(message)) return; // pings keep the worker awake; nothing else
      void this.#export(tabId, message, post, () => closed).then(post);
    });
  }

  /** Every request gets an answer, never a rejection. */
  async #export(tabId, request, post, isClosed) {
    const started = performance.now();
    try {
      const { thread } = request;
      const fileStem = safeFileStem(request.fileStem);
      const pdf = await this.#load();
      const options = { ...pdfOptions(request.options), labels: exportLabels() };
      const photos = await this.#photos(tabId, pdf, thread, options, request, post, isClosed);
      post(messages.pdfProgress('rendering', 0, 0));
      const fonts = await this.#fontsFor(pdf, thread, options);
      // Refused: text-only (a caption with the link per photo); granted: failed fetches become
      // labelled placeholders.
      const renderOptions = { ...options, images: photos.permission === 'granted' || photos.permission === 'none' };
      const bytes = this.#guard(pdf, () =>
        pdf.renderPdf(thread, renderOptions, photos.images, fonts),
      );
      return {
        ok: true,
        type: messages.pdfResult,
        pdf: toBase64(bytes),
        fileName: `${fileStem}.pdf`,
        photos: {
          permission: photos.permission,
          requested: photos.urls,
          fetched: photos.images.size,
        },
        bytes: bytes.length,
        ms: Math.round(performance.now() - started),
      };
    } catch (e) {
      return { ...messages.failure(e?.code ?? 'internal', e?.message ?? String(e)), type: messages.pdfResult };
    }
  }

  /** The PDF module, instantiated once. */
  #load() {
    this.#module ??= (async () => {
      const pdf = pdfModule;
      await pdf.default({ module_or_path: ext.runtime.getURL('core/unspool_pdf_bg.wasm') });
      return pdf;
    })().catch((e) => {
      this.#module = null;
      throw new ExportError('internal', `The PDF writer failed to load: ${e?.message ?? e}`);
    });
    return this.#module;
  }

  /** The font files for `thread`, and for the PDF's own words (`options.labels`). */
  async #fontsFor(pdf, thread, options) {
    const names = this.#guard(pdf, () => pdf.pdfFontFiles(thread, options));
    const fonts = new Map();
    for (const name of names) {
      if (!this.#fonts.has(name)) {
        const response = await fetch(ext.runtime.getURL(`fonts/${name}`));
        if (!response.ok) throw new ExportError('missing-font', `Font ${name} is missing`);
        this.#fonts.set(name, new Uint8Array(await response.arrayBuffer()));
      }
      fonts.set(name, this.#fonts.get(name));
    }
    return fonts;
  }

  /**
   * The thread's images, when the user lets us read their hosts: `{images, urls, permission}`
   * with `permission` = `none` (the thread has no images) | `granted` | `denied`.
   */
  async #photos(tabId, pdf, thread, options, request, post, isClosed) {
    const images = new Map();
    if (options.images === false) return { images, urls: 0, permission: 'off' };
    const requests = this.#guard(pdf, () => pdf.pdfImageRequests(thread, { ...options, images: true }));
    const urls = requests.map((r) => r.url);
    if (urls.length === 0) return { images, urls: 0, permission: 'none' };
    const origins = [...new Set(urls.map((u) => `${new URL(u).origin}/*`))];
    let granted = await ext.permissions.contains({ origins });
    if (!granted && !request.skipAsking) {
      post(messages.pdfProgress('permission', 0, urls.length));
      granted = await this.#ask(tabId, origins);
    }
    if (!granted || isClosed()) return { images, urls: urls.length, permission: 'denied' };
    let done = 0;
    post(messages.pdfProgress('images', 0, urls.length));
    await eachLimited(requests, IMAGE_CONCURRENCY, async ({ url, boxes }) => {
      let bytes = await fetchImage(url);
      if (bytes && request.options?.fullPhotos !== true) {
        bytes = await fitPhoto(bytes, (width, height) => pdf.pdfFittedSize(boxes, width, height));
      }
      if (bytes) images.set(url, bytes);
      done += 1;
      post(messages.pdfProgress('images', done, urls.length));
    });
    return { images, urls: urls.length, permission: 'granted' };
  }

  /** Opens the permission window and waits for its answer (closing it counts as "no"). */
  async #ask(tabId, origins) {
    const id = String(this.#nextId++);
    const params = new URLSearchParams({ id, tab: String(tabId) });
    for (const origin of origins) params.append('origin', origin);
    const answer = new Promise((resolve) => this.#asking.set(id, { windowId: null, resolve }));
    try {
      const win = await ext.windows.create({
        type: 'popup',
        url: ext.runtime.getURL(`${PERMISSION_PAGE}?${params}`),
        width: 440,
        height: 320,
        focused: true,
      });
      const entry = this.#asking.get(id);
      if (entry) entry.windowId = win.id;
    } catch (e) {
      console.warn('Unspool: could not open the permission window:', e);
      this.#asking.delete(id);
      return false;
    }
    return answer;
  }

  permissionAnswered(id, granted) {
    const entry = this.#asking.get(id);
    if (!entry) return;
    this.#asking.delete(id);
    entry.resolve(granted === true);
    if (entry.windowId !== null) ext.windows.remove(entry.windowId).catch(() => {});
  }

  windowClosed(windowId) {
    for (const [id, entry] of this.#asking) {
      if (entry.windowId === windowId) {
        this.#asking.delete(id);
        entry.resolve(false);
      }
    }
  }

  #guard(pdf, call) {
    try {
      return call();
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) {
        let panic;
        try {
          panic = pdf.takePanic();
        } catch {
          panic = undefined;
        }
        try {
          pdf.__wbg_reset_state?.();
        } catch (reset) {
          console.error('Unspool: re-instantiating the PDF writer failed:', reset);
        }
        throw new ExportError('internal', panic || e.message);
      }
      if (e instanceof Error && PDF_CODES.has(e.name)) throw new ExportError(e.name, e.message);
      throw new ExportError('internal', e?.message ?? String(e));
    }
  }
}

class ExportError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** The core made the stem safe already; this only keeps a confused request harmless. */
function safeFileStem(stem) {
  const clean = stem.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, ' ').trim().slice(0, FILE_STEM_MAX);
  return clean || 'thread';
}

/** Only the options the writer knows, with their types checked. */
function pdfOptions(options = {}) {
  const out = {};
  if (options.paper === 'a4' || options.paper === 'letter') out.paper = options.paper;
  if (typeof options.postNumbers === 'boolean') out.postNumbers = options.postNumbers;
  if (typeof options.images === 'boolean') out.images = options.images;
  if (typeof options.language === 'string' && options.language) out.language = options.language;
  return out;
}

/** One image's bytes, or null when it cannot be had (the writer draws a placeholder). */
async function fetchImage(url) {
  try {
    const response = await fetch(url, {
      credentials: 'omit',
      signal: AbortSignal.timeout(IMAGE_TIMEOUT_MS),
    });
    if (!response.ok) return null;
    const buffer = await response.arrayBuffer();
    if (buffer.byteLength === 0 || buffer.byteLength > IMAGE_MAX_BYTES) return null;
    return new Uint8Array(buffer);
  } catch {
    return null; // offline, refused, timed out
  }
}

async function eachLimited(items, limit, work) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function toBase64(bytes) {
  if (typeof bytes.toBase64 === 'function') return bytes.toBase64();
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
