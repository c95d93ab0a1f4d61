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
