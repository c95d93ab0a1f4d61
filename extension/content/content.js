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
  const settingsLib = globalThis.UnspoolSettings;

  const ANSWER_TIMEOUT_MS = 20_000;
  /**
   * How long the hooks for the first snapshot may take (the worker loads its engine first when
   * it was asleep); after that the first snapshot is the whole page, which works as well.
   */
  const HOOKS_TIMEOUT_MS = 3_000;
  /**
   * Pauses before sending again when the worker could not be reached: Chrome may be stopping
   * or starting it ("Could not establish connection. Receiving end does not exist.").
   */
  const RESEND_DELAYS_MS = [100, 250, 500, 1_000, 2_000];
  /** Times a collection starts over after the worker lost it, before giving up. */
  const MAX_RESTARTS = 3;
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
    // The core's own message says much the same as this, in English only.
    unreadable: { title: 'errorUnreadableTitle', detail: 'errorUnreadableDetail', ownDetail: true },
    internal: { title: 'errorInternalTitle' },
    timeout: { title: 'errorTimeoutTitle', detail: 'errorTimeoutDetail', ownDetail: true },
    'no-answer': { title: 'errorNoAnswerTitle', detail: 'errorNoAnswerDetail', ownDetail: true },
    expired: { title: 'errorExpiredTitle', detail: 'errorExpiredDetail', ownDetail: true },
  };

  const t = (key, substitutions) => ext.i18n.getMessage(key, substitutions) || key;
  const locale = ext.i18n.getUILanguage();

  /** The open overlay, or null. */
  let reader = null;
  /** True while the saved settings are read, before the overlay is built. */
  let opening = false;
  /** Stops what a closed reader still does to the page (keeping the post in place). */
  let afterClose = null;

  function toggle() {
    if (reader) close();
    else open();
  }

  /** Reads the saved settings first, so the overlay's first paint already wears them. */
  function open() {
    if (opening) return;
    opening = true;
    afterClose?.abort(); // the new reader's collection moves the page from here
    afterClose = null;
    void settingsLib.load(ext).then((settings) => {
      opening = false;
      if (!reader) build(settings);
    });
  }

  function build(settings) {
    const host = document.createElement('div');
    host.id = 'unspool-root';
    const shadow = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = globalThis.UnspoolOverlayStyle;
    const dialog = render.readerFrame({ t });
    settingsLib.apply(dialog, settings);
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
      /** Puts the post the user was reading back in place once the page scrolls again. */
      realign: null,
      noticeTimer: 0,
      onKey: (event) => onKey(state, event),
      settings,
      settingsPanel: null,
    };
    attachSettings(state);
    reader = state;
    document.documentElement.append(host);
    raiseToTopLayer(host);
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
    afterClose = new AbortController();
    state.realign?.(afterClose.signal).catch(() => {});
    const previous = state.returnFocus;
    if (previous?.isConnected && typeof previous.focus === 'function') {
      previous.focus({ preventScroll: true });
    }
  }

  async function collect(state) {
    const asked = startHooks();
    await nextFrame(); // let the overlay paint before the page is serialized
    // Where the thread lives on this site's pages, when the host names the site: the first
    // snapshot is then only that part of the page (most of a click's time is the page's size).
    const firstHooks = await asked;
    if (reader !== state) return;
    const controller = new AbortController();
    state.cancel = () => controller.abort();
    let hooks = firstHooks;
    /** The worker's collection this run adds to; null until the first answer names it. */
    let collectionId = null;
    /** The thread as the last snapshot's answer carried it (when the core said done). */
    let finalThread = null;
    const snapshot = async () => {
      const html = collector.serialize(hooks);
      finalThread = null;
      const answer = await ask(
        messages.snapshotMessage(location.href, html, collectionId),
        messages.isStatusAnswer,
      );
      if (!answer.ok) throw new AnswerError(answer.error);
      hooks = answer.status.hooks;
      collectionId = answer.collectionId;
      finalThread = answer.thread ?? null;
      return answer.status;
    };
    let run;
    let answer;
    for (let restarts = 0; ; restarts += 1) {
      try {
        run = await collector.collectThread({
          snapshot: () => firstPostsLoaded(state, snapshot),
          onProgress: (status) => {
            if (reader === state) showProgress(state, status);
          },
          signal: controller.signal,
        });
        if (reader !== state) return; // closed while collecting
        state.realign = run.realign;
        answer = run.outcome === 'complete' && finalThread
          ? { ok: true, ...finalThread }
          : await ask(messages.threadMessage(location.href, collectionId), messages.isThreadAnswer);
      } catch (e) {
        answer = { ok: false, error: errorOf(e) };
      }
      if (reader !== state) return;
      const lost = !answer.ok && answer.error.code === 'expired';
      if (!lost || restarts >= MAX_RESTARTS || controller.signal.aborted) break;
      // Chrome stopped the worker (or its engine restarted) and what it had collected went
      // with it. Once the page is back where the user had it, read the thread again from
      // there, into a new collection — never carry on with only the rest of the thread.
      console.info('Unspool: the collection was lost; reading the thread again.');
      await run?.restored;
      if (reader !== state) return;
      collectionId = null;
      hooks = firstHooks;
      state.loaded = false; // the page may still be rendering where it was put back
    }
    if (!answer.ok) showError(state, answer.error);
    else if (answer.progress.thread.posts.length > 0) showThread(state, answer, run);
    else showError(state, { code: 'unreadable', message: '' });
  }

  /** The site's hooks for this page from its URL alone, or null (then the whole page is sent). */
  async function startHooks() {
    try {
      const answer = await ask(
        messages.hooksMessage(location.href),
        messages.isHooksAnswer,
        HOOKS_TIMEOUT_MS,
      );
      return answer.ok ? answer.hooks : null;
    } catch {
      return null; // the first snapshot reports what is wrong with the worker
    }
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

  /**
   * Sends a message to the worker and checks the answer's shape. While Chrome restarts the
   * worker a message can find no receiver, or lose it before the answer: sent again a few
   * times (a snapshot is safe to repeat; the worker's collection ids catch a lost collection).
   */
  async function ask(message, isWellFormed, timeoutMs = ANSWER_TIMEOUT_MS) {
    const until = performance.now() + timeoutMs;
    for (let attempt = 0; ; attempt += 1) {
      let answer;
      try {
        answer = await withTimeout(
          ext.runtime.sendMessage(message),
          Math.max(1, until - performance.now()),
        );
      } catch (e) {
        if (e instanceof TimeoutError || !workerUnreachable(e) || attempt >= RESEND_DELAYS_MS.length) {
          throw e;
        }
        await new Promise((resolve) => setTimeout(resolve, RESEND_DELAYS_MS[attempt]));
        continue;
      }
      if (!isWellFormed(answer)) {
        return messages.failure('no-answer', 'The worker sent no usable answer.');
      }
      return answer;
    }
  }

  /** The errors of a worker that is stopping or starting, not of one that answered. */
  function workerUnreachable(e) {
    return /could not establish connection|receiving end does not exist|message (port|channel) closed/i
      .test(e?.message ?? '');
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
    if (complete && answer.progress.loggedOut) {
      // The site showed only part of the thread: say why, and what shows the rest.
      const site = answer.progress.thread.siteName || answer.progress.thread.site;
      render.showMessage(state.message, t('loggedOutNotice', [site]));
    }
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

  /** What a page that is not a thread is, in the reader's language, by the core's `page`. */
  const NOT_A_THREAD = {
    home: 'notAThreadHome',
    search: 'notAThreadSearch',
    notifications: 'notAThreadNotifications',
    messages: 'notAThreadMessages',
    profile: 'notAThreadProfile',
    feed: 'notAThreadFeed',
    list: 'notAThreadList',
    timeline: 'notAThreadTimeline',
    other: 'notAThreadOther',
  };

  function showError(state, error) {
    const text = ERROR_TEXT[error.code] ?? ERROR_TEXT['no-answer'];
    const about = error.code === 'not-a-thread' ? error.about : undefined;
    const page = about && Object.hasOwn(NOT_A_THREAD, about.page) ? NOT_A_THREAD[about.page] : null;
    const detail = page
      ? `${t(page, [about.site])} ${t('openPostAt', [about.example])}`
      : text.ownDetail
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
        void downloadPdf(state, button);
        break;
      case 'retry-pdf':
        void downloadPdf(state, state.dialog.querySelector('[data-action="download-pdf"]'));
        break;
      case 'cancel':
        state.cancel?.();
        break;
      case 'settings':
        toggleSettings(state);
        break;
    }
  }

  /** Builds the settings panel beside its toolbar button (hidden until the button opens it). */
  function attachSettings(state) {
    const ui = settingsLib.panel({
      t,
      h: render.h,
      settings: state.settings,
      onChange: (settings) => changeSettings(state, settings),
    });
    state.settingsPanel = ui;
    state.dialog.querySelector('[data-action="settings"]').after(ui.panel);
  }

  function toggleSettings(state, show) {
    const button = state.dialog.querySelector('[data-action="settings"]');
    const panel = state.settingsPanel.panel;
    const open = show ?? panel.hidden;
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) void attachMenuSwitch(state);
    if (open) panel.querySelector('input:checked, input')?.focus({ preventScroll: true });
  }

  /** Adds the right-click menu switch to the settings panel once the worker says it is offered. */
  async function attachMenuSwitch(state) {
    if (state.menuSwitch !== undefined) return;
    state.menuSwitch = null;
    const answer = await askMenu(null);
    if (reader !== state || !answer.ok || !answer.menu.available) return;
    const ui = settingsLib.menuSwitch({ t, h: render.h, onToggle: (on) => void toggleMenu(state, on) });
    ui.input.checked = answer.menu.enabled;
    state.menuSwitch = ui;
    state.settingsPanel.panel.querySelector('.keys-help').before(ui.element);
  }

  /** Turns the menu item on (the worker may open its permission window) or off. */
  async function toggleMenu(state, on) {
    const { input } = state.menuSwitch;
    input.disabled = true;
    const answer = await askMenu(on);
    if (reader !== state) return;
    input.disabled = false;
    if (!answer.ok) {
      input.checked = !on;
      notice(state, t('contextMenuFailed'));
      return;
    }
    input.checked = answer.menu.enabled;
    if (answer.menu.asking) notice(state, t('contextMenuAsking'));
    else notice(state, t(answer.menu.enabled ? 'contextMenuOn' : 'contextMenuOff'));
  }

  async function askMenu(enable) {
    try {
      return await ask(messages.contextMenuMessage(enable), messages.isContextMenuAnswer);
    } catch (e) {
      return { ok: false, error: errorOf(e) };
    }
  }

  /** The permission window's answer about the menu item, sent to this tab. */
  function onExtensionMessage(message, sender) {
    if (sender?.id !== ext.runtime.id || !messages.isContextMenuChanged(message)) return;
    const state = reader;
    if (!state?.menuSwitch) return;
    state.menuSwitch.input.checked = message.enabled;
    if (message.enabled) notice(state, t('contextMenuOn'));
  }

  /** Applies and saves new settings, keeping the panel's controls in step. */
  function changeSettings(state, settings) {
    state.settings = settingsLib.normalize(settings);
    settingsLib.apply(state.dialog, state.settings);
    state.settingsPanel.update(state.settings);
    settingsLib.save(ext, state.settings);
  }

  /**
   * The reader's own keys: `j`/`k` next/previous post, `+`/`-` text size, `t` theme.
   * Returns true when the key was one of them.
   */
  function readerKey(state, event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return false;
    const target = event.composedPath()[0];
    if (target instanceof HTMLInputElement && target.type === 'text') return false;
    const s = state.settings;
    switch (event.key) {
      case 'j':
      case 'k':
        if (state.dialog.dataset.state !== 'ready') return false;
        movePost(state, event.key === 'j' ? 1 : -1);
        return true;
      case '+':
      case '=':
        changeSettings(state, { ...s, size: Math.min(settingsLib.SIZE_MAX, s.size + 1) });
        return true;
      case '-':
      case '_':
        changeSettings(state, { ...s, size: Math.max(settingsLib.SIZE_MIN, s.size - 1) });
        return true;
      case 't':
        changeSettings(state, { ...s, theme: settingsLib.nextTheme(s.theme) });
        if (state.dialog.dataset.state === 'ready') {
          notice(state, t('themeNotice', [themeName(state.settings.theme)]));
        }
        return true;
      default:
        return false;
    }
  }

  function themeName(theme) {
    return { auto: t('themeAuto'), light: t('themeLight'), sepia: t('themeSepia'), dark: t('themeDark') }[theme];
  }

  /** Focuses the next (`step` 1) or previous (-1) post and scrolls it under the toolbar. */
  function movePost(state, step) {
    const posts = [...state.dialog.querySelectorAll('[data-post-id]')];
    if (posts.length === 0) return;
    const active = state.host.shadowRoot.activeElement;
    let index = posts.findIndex((post) => post === active || post.contains(active));
    const toolbar = state.dialog.querySelector('.toolbar').getBoundingClientRect().bottom;
    if (index === -1) {
      // Nothing focused yet: start from what is on screen.
      const tops = posts.map((post) => post.getBoundingClientRect().top - toolbar);
      index = step > 0
        ? tops.findIndex((top) => top > 24)
        : tops.findLastIndex((top) => top < -24);
      if (index === -1) index = step > 0 ? posts.length - 1 : 0;
    } else {
      index = Math.min(posts.length - 1, Math.max(0, index + step));
    }
    const post = posts[index];
    post.focus({ preventScroll: true });
    const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
    const top = state.dialog.scrollTop + post.getBoundingClientRect().top - toolbar - 16;
    state.dialog.scrollTo({ top, behavior: reduce ? 'auto' : 'smooth' });
  }

  /** While open, keys belong to the reader: Esc closes, Tab stays inside, X's shortcuts rest. */
  function onKey(state, event) {
    event.stopImmediatePropagation();
    if (event.type !== 'keydown') return;
    if (event.key === 'Escape') {
      event.preventDefault();
      if (state.settingsPanel.panel.hidden) {
        close();
      } else {
        // Esc first closes the settings panel, back on its button.
        toggleSettings(state, false);
        state.dialog.querySelector('[data-action="settings"]').focus({ preventScroll: true });
      }
    } else if (event.key === 'Tab') {
      keepFocusInside(state, event);
    } else if (readerKey(state, event)) {
      event.preventDefault();
    } else if (!event.composedPath().includes(state.host)) {
      // Focus slipped out to the page (a click on nothing): bring it back so keys scroll us.
      state.dialog.focus({ preventScroll: true });
    }
  }

  function keepFocusInside(state, event) {
    const focusable = [...state.dialog.querySelectorAll('a[href], button, input')].filter((el) =>
      el.checkVisibility() && (el.type !== 'radio' || el.checked),
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

  // --- PDF export (content/pdf.js talks to the worker) ------------------------------------

  /** Asks the worker for the PDF, shows its progress, and saves it as `<fileStem>.pdf`. */
  async function downloadPdf(state, button) {
    const pdfLib = globalThis.UnspoolPdf;
    if (!state.result || button.disabled || !pdfLib) return;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    const progress = (text) => {
      clearTimeout(state.noticeTimer);
      state.message.textContent = text;
    };
    progress(t('pdfPreparing'));
    const options = {
      paper: state.settings?.paper && state.settings.paper !== 'auto'
        ? state.settings.paper
        : pdfLib.defaultPaper(navigator.language || locale),
      postNumbers: state.settings?.numbers ?? true,
      fullPhotos: state.settings?.photos === 'full',
    };
    try {
      // The thread travels with the request: the worker's collection may be long gone.
      const answer = await pdfLib.requestPdf({
        ext,
        messages,
        thread: state.result.progress.thread,
        fileStem: state.result.fileStem,
        options,
        onProgress: (p) => {
          if (reader !== state) return;
          if (p.stage === 'permission') progress(t('pdfAskingPhotos'));
          else if (p.stage === 'images') progress(t('pdfImages', [String(p.done), String(p.total)]));
          else progress(t('pdfPreparing'));
        },
      });
      if (reader !== state) return;
      if (!answer.ok) {
        showPdfFailure(state, answer.error);
        return;
      }
      pdfLib.remember(answer);
      saveBlob(state, pdfLib.toBlob(answer.pdf), answer.fileName);
      const { permission, requested, fetched } = answer.photos;
      if (permission === 'denied') notice(state, t('pdfSavedNoPhotos', [answer.fileName]));
      else if (permission === 'granted' && fetched < requested) {
        notice(state, t('pdfSavedSomePhotos', [answer.fileName, String(requested - fetched)]));
      } else notice(state, t('downloadedNotice', [answer.fileName]));
    } catch (e) {
      if (reader === state) showPdfFailure(state, { code: 'internal', message: e?.message ?? '' });
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }

  /** Why the PDF failed, with a button to try again (the toolbar's stays too). */
  function showPdfFailure(state, error) {
    const detail = error.code === 'no-answer' ? t('pdfWorkerStopped') : error.message;
    render.showMessage(state.message, t('pdfFailed'), detail);
    const retry = render.h('button', { type: 'button', class: 'message-action', 'data-action': 'retry-pdf' },
      t('tryAgain'));
    state.message.append(retry);
  }

  /** Saves a Blob under `name` through a download link in the overlay. */
  function saveBlob(state, blob, name) {
    const url = URL.createObjectURL(blob);
    const anchor = render.h('a', { href: url, download: name, hidden: '' });
    state.dialog.append(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  function downloadMarkdown(state) {
    const name = `${state.result.fileStem}.md`;
    saveBlob(state, new Blob([state.result.markdown], { type: 'text/markdown;charset=utf-8' }), name);
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

  /**
   * Puts the host in the browser's top layer (a manual popover): above anything the page can
   * stack, `html::after` and z-index 2147483647 included. Our `:host` rule's `!important`
   * declarations already beat the page's CSS and inline styles on the host (inner context
   * wins for important rules); the top layer also takes the host out of the page's stacking
   * and out from under `opacity`, `filter` and `transform` on <html> (measured:
   * tests/e2e/hostile.test.mjs).
   */
  function raiseToTopLayer(host) {
    try {
      host.popover = 'manual';
      host.showPopover();
    } catch {
      // No popover support (or the page detached the host): z-index is all there is.
    }
  }

  /** Locks the page's scrolling under the overlay; returns the function that undoes it. */
  function lockScroll() {
    const root = document.documentElement;
    const style = root.style;
    // A page showing a scrollbar keeps its room: the page does not reflow (and move) under the
    // overlay, nor again when it closes.
    const gutter = window.innerWidth - root.clientWidth > 0;
    const locked = { 'overflow-x': 'hidden', 'overflow-y': 'hidden' };
    if (gutter) locked['scrollbar-gutter'] = 'stable';
    // Longhands, so the page's own inline `overflow-y: scroll` (X has one) comes back intact.
    const saved = Object.keys(locked).map((name) => ({
      name,
      value: style.getPropertyValue(name),
      priority: style.getPropertyPriority(name),
    }));
    for (const [name, value] of Object.entries(locked)) style.setProperty(name, value, 'important');
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

  ext.runtime.onMessage?.addListener(onExtensionMessage);
  globalThis.UnspoolReader = Object.freeze({ toggle });
  open();
})();
