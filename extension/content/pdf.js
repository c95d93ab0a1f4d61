// "Download PDF" in the reader: asks the worker for the PDF over a port (progress comes back on
// it while photos are fetched), turns the base64 answer into a Blob and saves it like the
// Markdown. Classic script injected before content.js; re-running it on a later click keeps
// the first run's object, so a "Text-only PDF" answer is remembered for the page's lifetime
// (the tab) and the permission window is not shown again.
globalThis.UnspoolPdf ??= (() => {
  'use strict';

  /** Regions where Letter is the usual paper size; A4 everywhere else. */
  const LETTER_REGIONS = new Set([
    'US', 'CA', 'MX', 'PR', 'PH', 'CL', 'CO', 'VE', 'GT', 'CR', 'PA', 'DO', 'SV', 'NI', 'BZ',
  ]);
  /** How often the content script pings while waiting, so the worker is not stopped. */
  const PING_MS = 10_000;
  /** Ports opened again when the first closed before the worker said anything. */
  const RECONNECTS = 1;
  const RECONNECT_DELAY_MS = 300;

  /** True once the user chose "Text-only PDF" (or closed the window) in this tab. */
  let photosRefused = false;

  /** `letter` or `a4`, from a BCP 47 locale (its region, or the likely one). */
  function defaultPaper(locale) {
    let region = '';
    try {
      region = new Intl.Locale(locale).maximize().region ?? '';
    } catch {
      region = '';
    }
    return LETTER_REGIONS.has(region) ? 'letter' : 'a4';
  }

  /**
   * Runs one export: `{ext, messages, thread, fileStem, options, onProgress(progress)}` → the
   * worker's answer (`messages.isPdfAnswer`), never a rejection. A port that closes before the
   * worker said anything (Chrome was stopping it just then) is opened once more; one that
   * closes later is a `no-answer` failure the reader shows with a retry.
   */
  async function requestPdf({ ext, messages, thread, fileStem, options, onProgress }) {
    const request = messages.pdfMessage(thread, fileStem, options, photosRefused);
    for (let attempt = 0; ; attempt += 1) {
      const { answer, heard } = await exportOnce(ext, messages, request, onProgress);
      if (answer.ok || heard || attempt >= RECONNECTS) return answer;
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_DELAY_MS));
    }
  }

  /** One port, one request: `{answer, heard}`, `heard` once the worker sent anything. */
  function exportOnce(ext, messages, request, onProgress) {
    return new Promise((resolve) => {
      let port;
      try {
        port = ext.runtime.connect({ name: messages.pdfPort });
      } catch (e) {
        resolve({ answer: messages.failure('no-answer', e?.message ?? String(e)), heard: false });
        return;
      }
      let finished = false;
      let heard = false;
      const ping = setInterval(() => {
        try {
          port.postMessage({ type: messages.pdfPing });
        } catch {
          // disconnected: onDisconnect answers
        }
      }, PING_MS);
      const finish = (answer) => {
        if (finished) return;
        finished = true;
        clearInterval(ping);
        try {
          port.disconnect();
        } catch {
          // already gone
        }
        resolve({ answer, heard });
      };
      port.onMessage.addListener((message) => {
        heard = true;
        if (messages.isPdfProgress(message)) onProgress?.(message);
        else if (messages.isPdfAnswer(message)) finish(message);
      });
      port.onDisconnect.addListener(() =>
        finish(messages.failure('no-answer', 'The worker stopped while writing the PDF.')),
      );
      try {
        port.postMessage(request);
      } catch (e) {
        finish(messages.failure('no-answer', e?.message ?? String(e)));
      }
    });
  }

  /** Notes the user's answer about photos for the rest of this tab's life. */
  function remember(answer) {
    if (answer.ok && answer.photos.permission === 'denied') photosRefused = true;
  }

  /** The PDF bytes of a successful answer, as a Blob. */
  function toBlob(base64) {
    let bytes;
    if (typeof Uint8Array.fromBase64 === 'function') {
      bytes = Uint8Array.fromBase64(base64);
    } else {
      const binary = atob(base64);
      bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    }
    return new Blob([bytes], { type: 'application/pdf' });
  }

  return Object.freeze({ defaultPaper, requestPdf, remember, toBlob });
})();
