// The messages between the content script and the service worker: one tagged union, named by
// direction, with a guard for each side. Loaded in both worlds — imported by the worker (a
// module) and injected before the content script (a classic script) — so it has no
// import/export and publishes a single global; re-running it on a second click is harmless.
//
// content → background
//   unspool:snapshot {url, html}
//     → {ok: true, status: {postCount, lastPostId, needs, done, hooks}}
//       Sent once per step of the collection loop: lean, without the thread.
//   unspool:thread {url}
//     → {ok: true, progress: {thread, needs, done}, title, markdown, fileStem}
//       Once, when collecting ends. The Markdown travels with it because an idle MV3 worker is
//       stopped after ~30 s and its collections with it: "Download" minutes later must not
//       need the worker.
//   unspool:pdf {url, options: {paper?, postNumbers?, images?, language?}, skipAsking?}
//     Over a port named `unspool:pdf` (a permission window may keep the user a while; the
//     content script pings `unspool:pdf-ping` every few seconds to keep the worker awake).
//     The worker posts `unspool:pdf-progress {stage: permission | images | rendering, done,
//     total}` messages, then one `unspool:pdf-result`:
//     → {ok: true, pdf (base64), fileName, photos: {permission: none | off | granted | denied,
//        requested, fetched}, bytes, ms}
//     code: the thread's (expired, …) or the PDF writer's: unreadable | empty-thread |
//     missing-font | internal.
//
// permission window → background
//   unspool:permission-answer {id, granted} — the user's answer in permission.html.
//
//   Either may answer {ok: false, error: {code, message}}
//       code: unsupported | not-a-thread | unreadable | internal (from the core), or
//       bad-message | expired (the worker restarted and lost the collection); the content
//       script adds timeout and no-answer.
globalThis.UnspoolMessages = Object.freeze({
  snapshot: 'unspool:snapshot',
  thread: 'unspool:thread',

  /** Builds a content → background snapshot message. */
  snapshotMessage(url, html) {
    return { type: 'unspool:snapshot', url, html };
  },

  /** Builds a content → background request for the collected thread. */
  threadMessage(url) {
    return { type: 'unspool:thread', url };
  },

  /** True for a well-formed content → background message. */
  isContentMessage(message) {
    if (message === null || typeof message !== 'object') return false;
    switch (message.type) {
      case 'unspool:snapshot':
        return typeof message.url === 'string' && typeof message.html === 'string';
      case 'unspool:thread':
        return typeof message.url === 'string';
      default:
        return false;
    }
  },

  pdfPort: 'unspool:pdf',
  pdf: 'unspool:pdf',
  pdfPing: 'unspool:pdf-ping',
  pdfProgressType: 'unspool:pdf-progress',
  pdfResult: 'unspool:pdf-result',
  permissionAnswer: 'unspool:permission-answer',

  /** Builds a content → background PDF request (posted on the `unspool:pdf` port). */
  pdfMessage(url, options, skipAsking = false) {
    return { type: 'unspool:pdf', url, options, skipAsking };
  },

  /** True for a well-formed PDF request. */
  isPdfRequest(message) {
    return (
      message !== null &&
      typeof message === 'object' &&
      message.type === 'unspool:pdf' &&
      typeof message.url === 'string' &&
      (message.options === undefined ||
        (message.options !== null && typeof message.options === 'object'))
    );
  },

  /** Builds a background → content progress message for the PDF export. */
  pdfProgress(stage, done, total) {
    return { type: 'unspool:pdf-progress', stage, done, total };
  },

  /** True for a well-formed PDF progress message. */
  isPdfProgress(message) {
    return (
      message?.type === 'unspool:pdf-progress' &&
      typeof message.stage === 'string' &&
      Number.isInteger(message.done) &&
      Number.isInteger(message.total)
    );
  },

  /** True for a well-formed PDF result (either outcome). */
  isPdfAnswer(answer) {
    if (answer === null || typeof answer !== 'object' || answer.type !== 'unspool:pdf-result') {
      return false;
    }
    if (answer.ok === true) {
      return (
        typeof answer.pdf === 'string' &&
        typeof answer.fileName === 'string' &&
        typeof answer.photos?.permission === 'string'
      );
    }
    return isFailure(answer);
  },

  /** True for the permission window's answer. */
  isPermissionAnswer(message) {
    return (
      message?.type === 'unspool:permission-answer' &&
      typeof message.id === 'string' &&
      typeof message.granted === 'boolean'
    );
  },

  /** A failed answer. */
  failure(code, message) {
    return { ok: false, error: { code: String(code), message: String(message) } };
  },

  /** True for a well-formed answer to a snapshot (either outcome). */
  isStatusAnswer(answer) {
    if (answer === null || typeof answer !== 'object') return false;
    if (answer.ok === true) {
      const status = answer.status;
      return (
        status !== null &&
        typeof status === 'object' &&
        Number.isInteger(status.postCount) &&
        typeof status.done === 'boolean' &&
        Array.isArray(status.needs?.expand) &&
        status.hooks !== null &&
        typeof status.hooks === 'object'
      );
    }
    return isFailure(answer);
  },

  /** True for a well-formed answer to a thread request (either outcome). */
  isThreadAnswer(answer) {
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
    return isFailure(answer);
  },
});

function isFailure(answer) {
  return (
    answer.ok === false &&
    typeof answer.error?.code === 'string' &&
    typeof answer.error?.message === 'string'
  );
}
