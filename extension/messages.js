// The messages between the content script and the service worker: one tagged union, named by
// direction, with a guard for each side. Loaded in both worlds — imported by the worker (a
// module) and injected before the content script (a classic script) — so it has no
// import/export and publishes a single global; re-running it on a second click is harmless.
//
// content → background
//   unspool:snapshot {url, html}
//     → {ok: true, progress: {thread, needs, done}, title, markdown, fileStem}
//       The Markdown travels with every answer because an idle MV3 worker is stopped after
//       ~30 s and its collections with it: "Download" minutes later must not need the worker.
//     → {ok: false, error: {code, message}}
//       code: unsupported | not-a-thread | unreadable | internal (from the core), or
//       bad-message (from the worker); the content script adds timeout and no-answer.
globalThis.UnspoolMessages = Object.freeze({
  snapshot: 'unspool:snapshot',

  /** Builds a content → background snapshot message. */
  snapshotMessage(url, html) {
    return { type: 'unspool:snapshot', url, html };
  },

  /** True for a well-formed content → background message. */
  isContentMessage(message) {
    if (message === null || typeof message !== 'object') return false;
    switch (message.type) {
      case 'unspool:snapshot':
        return typeof message.url === 'string' && typeof message.html === 'string';
      default:
        return false;
    }
  },

  /** A failed answer. */
  failure(code, message) {
    return { ok: false, error: { code: String(code), message: String(message) } };
  },

  /** True for a well-formed answer to a snapshot (either outcome). */
  isSnapshotAnswer(answer) {
    if (answer === null || typeof answer !== 'object') return false;
    if (answer.ok === true) {
      const thread = answer.progress?.thread;
      return (
        thread !== null &&
        typeof thread === 'object' &&
        Array.isArray(thread.posts) &&
        typeof answer.title === 'string' &&
        typeof answer.markdown === 'string' &&
        typeof answer.fileStem === 'string'
      );
    }
    return (
      answer.ok === false &&
      typeof answer.error?.code === 'string' &&
      typeof answer.error?.message === 'string'
    );
  },
});
