// The messages between the content script and the service worker: one tagged union, named by
// direction, with a guard for each side. Loaded in both worlds — imported by the worker (a
// module) and injected before the content script (a classic script) — so it has no
// import/export and publishes a single global; re-running it on a second click is harmless.
//
// content → background
//   unspool:hooks {url}
//     → {ok: true, hooks: {scope, row, post, …} | null}
//       Before the first snapshot: where the site's thread lives on the page, when the host
//       alone names the site (null for a site on any host), so the first snapshot can be only
//       that part of the page.
//   unspool:snapshot {url, html, collectionId}
//     → {ok: true, status: {postCount, lastPostId, needs, done, hooks}, collectionId,
//        thread?}
//       Sent once per step of the collection loop: lean, without the thread — except when
//       `done`: then `thread` is what unspool:thread would answer (without `ok`), and the
//       loop, ending there, needs no second round trip. The first snapshot has
//       `collectionId: null` and learns the id from the answer; later ones name
//       it, and fail with `expired` when the worker has lost that collection (Chrome stopped
//       the worker mid-way): the content script then reads the thread again from the start.
//   unspool:thread {url, collectionId}
//     → {ok: true, progress: {thread, needs, done}, title, markdown, fileStem}
//       Once, when collecting ends (unless the last snapshot's answer carried it). The
//       Markdown travels with it because an idle MV3 worker is stopped after ~30 s and its
//       collections with it: "Download" minutes later must not need the worker.
//   unspool:pdf {thread, fileStem, options: {paper?, postNumbers?, images?, language?,
//               fullPhotos?}, skipAsking?}
//     fullPhotos: true embeds JPEG photos as fetched instead of scaled to what the page uses.
//     Over a port named `unspool:pdf` (a permission window may keep the user a while; the
//     content script pings `unspool:pdf-ping` every few seconds to keep the worker awake).
//     The thread is the one the content script holds, for the same reason as the Markdown.
//     The worker posts `unspool:pdf-progress {stage: permission | images | rendering, done,
//     total}` messages, then one `unspool:pdf-result`:
//     → {ok: true, pdf (base64), fileName, photos: {permission: none | off | granted | denied,
//        requested, fetched}, bytes, ms}
//     code: the PDF writer's: unreadable | empty-thread | missing-font | internal; the content
//     script adds no-answer when the port closes first (the worker was stopped).
//
//   unspool:context-menu {enable: null | true | false}
//     → {ok: true, menu: {available, enabled, asking}}
//       The reader's settings control for "Unroll this thread" in the right-click menu: null
//       asks, true turns it on (`asking` when the permission window opened), false turns it off.
//
// permission window → background
//   unspool:permission-answer {id, granted} — the user's answer in permission.html.
//
// permission window → content (tabs.sendMessage to the tab that asked)
//   unspool:context-menu-changed {enabled} — the user's answer about the right-click menu.
//
//   Either may answer {ok: false, error: {code, message}}
//       code: unsupported | not-a-thread | unreadable | internal (from the core), or
//       bad-message | expired (the worker restarted and lost the collection); the content
//       script adds timeout and no-answer.
globalThis.UnspoolMessages = Object.freeze({
  hooks: 'unspool:hooks',
  snapshot: 'unspool:snapshot',
  thread: 'unspool:thread',
  contextMenu: 'unspool:context-menu',
  contextMenuChanged: 'unspool:context-menu-changed',

  /** Builds a content → background request about the right-click menu item. */
  contextMenuMessage(enable = null) {
    return { type: 'unspool:context-menu', enable };
  },

  /** True for a well-formed answer about the right-click menu item (either outcome). */
  isContextMenuAnswer(answer) {
    if (answer === null || typeof answer !== 'object') return false;
    if (answer.ok === true) {
      const menu = answer.menu;
      return (
        typeof menu?.available === 'boolean' &&
        typeof menu.enabled === 'boolean' &&
        typeof menu.asking === 'boolean'
      );
    }
    return isFailure(answer);
  },

  /** True for the permission window's news about the right-click menu item. */
  isContextMenuChanged(message) {
    return message?.type === 'unspool:context-menu-changed' && typeof message.enabled === 'boolean';
  },

  /** Builds a content → background request for the page's hooks (before the first snapshot). */
  hooksMessage(url) {
    return { type: 'unspool:hooks', url };
  },

  /** True for a well-formed answer to a hooks request (either outcome). */
  isHooksAnswer(answer) {
    if (answer === null || typeof answer !== 'object') return false;
    if (answer.ok === true) return answer.hooks === null || typeof answer.hooks === 'object';
    return isFailure(answer);
  },

  /** Builds a content → background snapshot message (`collectionId` null for the first). */
  snapshotMessage(url, html, collectionId = null) {
    return { type: 'unspool:snapshot', url, html, collectionId };
  },

  /** Builds a content → background request for the collected thread. */
  threadMessage(url, collectionId = null) {
    return { type: 'unspool:thread', url, collectionId };
  },

  /** True for a well-formed content → background message. */
  isContentMessage(message) {
    if (message === null || typeof message !== 'object') return false;
    const id = message.collectionId;
    if (id !== undefined && id !== null && typeof id !== 'string') return false;
    switch (message.type) {
      case 'unspool:snapshot':
        return typeof message.url === 'string' && typeof message.html === 'string';
      case 'unspool:thread':
      case 'unspool:hooks':
        return typeof message.url === 'string';
      case 'unspool:context-menu':
        return message.enable === null || typeof message.enable === 'boolean';
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
  pdfMessage(thread, fileStem, options, skipAsking = false) {
    return { type: 'unspool:pdf', thread, fileStem, options, skipAsking };
  },

  /** True for a well-formed PDF request (the writer checks the thread itself). */
  isPdfRequest(message) {
    return (
      message !== null &&
      typeof message === 'object' &&
      message.type === 'unspool:pdf' &&
      message.thread !== null &&
      typeof message.thread === 'object' &&
      Array.isArray(message.thread.posts) &&
      typeof message.fileStem === 'string' &&
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

  /**
   * A failed answer; `about` (strings `{page, site, example}`) says what a page that is not a
   * thread is, for the reader's own words.
   */
  failure(code, message, about = undefined) {
    const error = { code: String(code), message: String(message) };
    if (about && ['page', 'site', 'example'].every((k) => typeof about[k] === 'string')) {
      error.about = { page: about.page, site: about.site, example: about.example };
    }
    return { ok: false, error };
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
        typeof status.hooks === 'object' &&
        typeof answer.collectionId === 'string' &&
        (answer.thread === undefined || isThread(answer.thread))
      );
    }
    return isFailure(answer);
  },

  /** True for a well-formed answer to a thread request (either outcome). */
  isThreadAnswer(answer) {
    if (answer === null || typeof answer !== 'object') return false;
    if (answer.ok === true) return isThread(answer);
    return isFailure(answer);
  },
});

/** True for `{progress: {thread}, title, markdown, fileStem}` with a thread of posts. */
function isThread(value) {
  const thread = value?.progress?.thread;
  return (
    thread !== null &&
    typeof thread === 'object' &&
    Array.isArray(thread.posts) &&
    typeof value.title === 'string' &&
    typeof value.markdown === 'string' &&
    typeof value.fileStem === 'string'
  );
}

function isFailure(answer) {
  return (
    answer.ok === false &&
    typeof answer.error?.code === 'string' &&
    typeof answer.error?.message === 'string'
  );
}
