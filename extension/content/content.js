// The reader in the page. Injected (after messages.js, overlay-style.js and render.js) on every
// toolbar click: the first run opens the overlay at once, sends a snapshot of the page to the
// service worker and shows the thread or why there is none; later runs find the first run's
// global in this isolated world and toggle the overlay instead.
(() => {
  'use strict';

  if (globalThis.UnspoolReader) {
    globalThis.UnspoolReader.toggle();
    return;
  }

  const ext = globalThis.browser ?? globalThis.chrome;
  const messages = globalThis.UnspoolMessages;
  const render = globalThis.UnspoolRender;
  const collector = globalThis.UnspoolCollect;

  const ANSWER_TIMEOUT_MS = 20_000;
  /** How long the first snapshot waits for the page to render its posts. */
  const FIRST_POSTS_WAIT_MS = 8_000;
  const NOTICE_MS = 4_000;
  const KEY_EVENTS = ['keydown', 'keypress', 'keyup'];

  /**
   * What each error code looks like to the reader: a title, the core's message as the detail
   * (or `detail` when it has none), and an optional hint. `ownDetail` codes always show our
   * localized detail instead: the reader needs no more than that.
   */
  const ERROR_TEXT = {
    unsupported: {
      title: 'errorUnsupportedTitle',
      detail: 'errorUnsupportedDetail',
      ownDetail: true,
    },
    'not-a-thread': { title: 'errorNotAThreadTitle', detail: 'errorNotAThreadDetail' },
    unreadable: { title: 'errorUnreadableTitle', hint: 'errorUnreadableDetail' },
    internal: { title: 'errorInternalTitle' },
    timeout: { title: 'errorTimeoutTitle', detail: 'errorTimeoutDetail', ownDetail: true },
    'no-answer': { title: 'errorNoAnswerTitle', detail: 'errorNoAnswerDetail', ownDetail: true },
  };

  const t = (key, substitutions) => ext.i18n.getMessage(key, substitutions) || key;
  const locale = ext.i18n.getUILanguage();

  /** The open overlay, or null. */
  let reader = null;

  function toggle() {
    if (reader) close();
    else open();
  }

  function open() {
    const host = document.createElement('div');
    host.id = 'unspool-root';
    const shadow = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = globalThis.UnspoolOverlayStyle;
    const dialog = render.readerFrame({ t });
    shadow.append(style, dialog);

    const state = {
      host,
      dialog,
      message: dialog.querySelector('[data-role="message"]'),
      progressText: dialog.querySelector('[data-role="progress"]'),
      progressBar: dialog.querySelector('progress'),
      cancel: null,
      loaded: false,
      returnFocus: document.activeElement,
      unlockScroll: lockScroll(),
      result: null,
      noticeTimer: 0,
      onKey: (event) => onKey(state, event),
    };
    reader = state;
    document.documentElement.append(host);
    dialog.addEventListener('click', (event) => onClick(state, event));
    for (const type of KEY_EVENTS) window.addEventListener(type, state.onKey, true);
    dialog.focus({ preventScroll: true });
    void collect(state);
  }

  function close() {
    const state = reader;
    if (!state) return;
    reader = null;
    state.cancel?.();
    for (const type of KEY_EVENTS) window.removeEventListener(type, state.onKey, true);
    clearTimeout(state.noticeTimer);
    state.host.remove();
    state.unlockScroll();
    const previous = state.returnFocus;
    if (previous?.isConnected && typeof previous.focus === 'function') {
      previous.focus({ preventScroll: true });
    }
  }

  async function collect(state) {
    await nextFrame(); // let the overlay paint before the page is serialized
    if (reader !== state) return;
    const controller = new AbortController();
    state.cancel = () => controller.abort();
    let hooks = null;
    const snapshot = async () => {
      const html = collector.serialize(hooks);
      const answer = await ask(
        messages.snapshotMessage(location.href, html),
        messages.isStatusAnswer,
      );
      if (!answer.ok) throw new AnswerError(answer.error);
      hooks = answer.status.hooks;
      return answer.status;
    };
    let run;
    try {
      run = await collector.collectThread({
        snapshot: () => firstPostsLoaded(state, snapshot),
        onProgress: (status) => {
          if (reader === state) showProgress(state, status);
        },
        signal: controller.signal,
      });
    } catch (e) {
      if (reader === state) showError(state, errorOf(e));
      return;
    }
    if (reader !== state) return; // closed while collecting
    let answer;
    try {
      answer = await ask(messages.threadMessage(location.href), messages.isThreadAnswer);
      if (!answer.ok && answer.error.code === 'expired') {
        // The worker was stopped mid-way and lost the collection: read the page once more.
        hooks = null;
        await snapshot();
        answer = await ask(messages.threadMessage(location.href), messages.isThreadAnswer);
      }
    } catch (e) {
      answer = { ok: false, error: errorOf(e) };
    }
    if (reader !== state) return;
    if (answer.ok && answer.progress.thread.posts.length > 0) showThread(state, answer, run);
    else if (answer.ok) showError(state, { code: 'unreadable', message: '' });
    else showError(state, answer.error);
  }

  /**
   * The first snapshot, retried while the page is still rendering its posts (a freshly
   * opened X page shows a spinner for a moment); later snapshots go straight through.
   */
  async function firstPostsLoaded(state, snapshot) {
    if (state.loaded) return snapshot();
    const until = performance.now() + FIRST_POSTS_WAIT_MS;
    for (;;) {
      try {
        const status = await snapshot();
        state.loaded = true;
        return status;
      } catch (e) {
        const retry = e instanceof AnswerError && e.error.code === 'unreadable';
        if (!retry || performance.now() > until || reader !== state) throw e;
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
    }
  }

  /** Sends a message to the worker and checks the answer's shape. */
  async function ask(message, isWellFormed) {
    const answer = await withTimeout(ext.runtime.sendMessage(message), ANSWER_TIMEOUT_MS);
    if (!isWellFormed(answer)) {
      return messages.failure('no-answer', 'The worker sent no usable answer.');
    }
    return answer;
  }

  function errorOf(e) {
    if (e instanceof AnswerError) return e.error;
    return { code: e instanceof TimeoutError ? 'timeout' : 'no-answer', message: e?.message ?? '' };
  }

  function showProgress(state, status) {
    const count = status.postCount;
    const total = status.expectedCount;
    if (total && count <= total) {
      // The author numbered the posts ("3/14"): the end is known.
      state.progressText.textContent = t('collectingOf', [String(count), String(total)]);
      state.progressBar.max = total;
      state.progressBar.value = count;
      state.progressBar.hidden = false;
    } else {
      state.progressText.textContent = count === 0
        ? t('reading')
        : t('collectingCount', [String(count)]);
      state.progressBar.hidden = true;
    }
  }

  function showThread(state, answer, run) {
    const complete = run.outcome === 'complete';
    state.result = answer;
    state.dialog.append(render.threadView({ ...answer, complete }, { t, locale }));
    state.dialog.dataset.postCount = String(answer.progress.thread.posts.length);
    setState(state, 'ready');
    if (!complete) {
      const count = String(answer.progress.thread.posts.length);
      const seconds = String(Math.round(run.elapsedMs / 1000));
      const why = {
        cancelled: t('stoppedCancelled', [count]),
        'time-limit': t('stoppedTimeLimit', [seconds, count]),
        stuck: t('stoppedStuck', [count]),
      }[run.outcome];
      render.showMessage(state.message, why);
    }
  }

  function showError(state, error) {
    const text = ERROR_TEXT[error.code] ?? ERROR_TEXT['no-answer'];
    const detail = text.ownDetail
      ? t(text.detail)
      : error.message || (text.detail && t(text.detail));
    render.showMessage(state.message, t(text.title), detail, text.hint && t(text.hint));
    setState(state, 'error');
    state.dialog.querySelector('[data-action="close"]').focus({ preventScroll: true });
  }

  function setState(state, name) {
    // Cancel belongs to collecting only.
    if (name !== 'collecting') state.dialog.querySelector('[data-action="cancel"]')?.remove();
    state.dialog.dataset.state = name;
    state.dialog.setAttribute('aria-busy', String(name === 'collecting'));
  }

  function onClick(state, event) {
    // The page must not see clicks inside the reader (X routes link clicks itself).
    event.stopPropagation();
    const button = event.target.closest?.('[data-action]');
    if (!button) return;
    switch (button.dataset.action) {
      case 'close':
        close();
        break;
      case 'download-markdown':
        downloadMarkdown(state);
        break;
      case 'copy-markdown':
        void copyMarkdown(state, button);
        break;
      case 'download-pdf':
        notice(state, t('pdfComingSoon'));
        break;
      case 'cancel':
        state.cancel?.();
        break;
    }
  }

  /** While open, keys belong to the reader: Esc closes, Tab stays inside, X's shortcuts rest. */
  function onKey(state, event) {
    event.stopImmediatePropagation();
    if (event.type !== 'keydown') return;
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Tab') {
      keepFocusInside(state, event);
    } else if (!event.composedPath().includes(state.host)) {
      // Focus slipped out to the page (a click on nothing): bring it back so keys scroll us.
      state.dialog.focus({ preventScroll: true });
    }
  }

  function keepFocusInside(state, event) {
    const focusable = [...state.dialog.querySelectorAll('a[href], button')].filter((el) =>
      el.checkVisibility(),
    );
    if (focusable.length === 0) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = state.host.shadowRoot.activeElement;
    const inside = active !== null && active !== state.dialog;
    if (event.shiftKey && (!inside || active === first)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (!inside || active === last)) {
      event.preventDefault();
      first.focus();
    }
  }

  function notice(state, text) {
    clearTimeout(state.noticeTimer);
    state.message.textContent = text;
    state.noticeTimer = setTimeout(() => {
      state.message.textContent = '';
    }, NOTICE_MS);
  }

  function downloadMarkdown(state) {
    const name = `${state.result.fileStem}.md`;
    const blob = new Blob([state.result.markdown], { type: 'text/markdown;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const anchor = render.h('a', { href: url, download: name, hidden: '' });
    state.dialog.append(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    notice(state, t('downloadedNotice', [name]));
  }

  async function copyMarkdown(state, button) {
    const text = state.result.markdown;
    let copied = false;
    try {
      await navigator.clipboard.writeText(text);
      copied = true;
    } catch {
      copied = copyThroughSelection(state, text); // the page's permissions policy may block the API
    }
    if (reader !== state) return;
    if (!copied) {
      notice(state, t('copyFailed'));
      return;
    }
    notice(state, t('copiedNotice'));
    const label = button.querySelector('span');
    if (label) {
      label.textContent = t('copied');
      setTimeout(() => {
        label.textContent = t('copyMarkdown');
      }, 2_000);
    }
  }

  function copyThroughSelection(state, text) {
    const area = render.h('textarea', { class: 'offscreen', readonly: '', 'aria-hidden': 'true' });
    area.value = text;
    state.dialog.append(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
    area.remove();
    state.dialog.focus({ preventScroll: true });
    return copied;
  }

  /** Locks the page's scrolling under the overlay; returns the function that undoes it. */
  function lockScroll() {
    const style = document.documentElement.style;
    // Longhands, so the page's own inline `overflow-y: scroll` (X has one) comes back intact.
    const saved = ['overflow-x', 'overflow-y'].map((name) => ({
      name,
      value: style.getPropertyValue(name),
      priority: style.getPropertyPriority(name),
    }));
    for (const { name } of saved) style.setProperty(name, 'hidden', 'important');
    // The scroll position itself is the collection loop's to restore (by the post on screen).
    return () => {
      for (const { name, value, priority } of saved) {
        if (value) style.setProperty(name, value, priority);
        else style.removeProperty(name);
      }
    };
  }

  class TimeoutError extends Error {}

  /** A failed answer from the worker, carried through the collection loop. */
  class AnswerError extends Error {
    constructor(error) {
      super(error.message);
      this.error = error;
    }
  }

  function withTimeout(promise, ms) {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(`No answer within ${ms} ms`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  function nextFrame() {
    return new Promise((resolve) => {
      const done = () => setTimeout(resolve, 0);
      requestAnimationFrame(done);
      setTimeout(done, 100); // hidden tabs get no animation frames
    });
  }

  globalThis.UnspoolReader = Object.freeze({ toggle });
  open();
})();
