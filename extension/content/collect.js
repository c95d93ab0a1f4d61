// The collection loop's mechanics in the page: the Rust core decides what the thread still
// needs (scroll up, scroll down, expand truncated posts, show more replies); this file does it
// — scrolls, clicks, waits for the page to settle — and sends a new snapshot, until the core
// says done, the user cancels, the time limit passes, or the page cannot show more.
//
// Everything it knows about a site's DOM comes from the core as `hooks` (CSS selectors), so
// nothing here is specific to X.
globalThis.UnspoolCollect = (() => {
  'use strict';

  /** How long a collection may run before it stops with what it has. */
  const TIME_LIMIT_MS = 90_000;
  /** The page has settled when it made no change for this long… */
  const QUIET_MS = 180;
  /**
   * …or for this long once every post whose "Show more" was clicked has changed: the page
   * then only lays out around the longer text, with nothing left to load.
   */
  const EXPANDED_QUIET_MS = 60;
  /** …or after this long in any case. */
  const SETTLE_MAX_MS = 2_500;
  /** How long to wait for a visible loading indicator to go. */
  const LOADING_MAX_MS = 6_000;
  /** Tries at one end of the page with nothing new before concluding it is the end. */
  const STALLS_AT_END = 3;
  /** Clicks on "Show more" per post, and on "Show replies" in all, before giving up. */
  const EXPAND_TRIES = 2;
  const MORE_REPLIES_TRIES = 40;
  /** Screens scrolled each way looking for the post the user was reading. */
  const FIND_STEPS = 30;
  /** Corrections while a page keeps moving the post back into place (its own scroll anchoring). */
  const ALIGN_TRIES = 4;

  /**
   * Runs the loop. `snapshot()` serializes the page (what `hooks.scope` names), asks the core
   * and resolves to its status `{postCount, needs, done, lastPostId, hooks}` (or throws).
   * `onProgress(status)` is told after every snapshot; `signal` cancels.
   * Resolves to `{status, outcome, elapsedMs, restored, realign}`; outcome is `complete`,
   * `cancelled`, `time-limit` or `stuck` (the page would not show more). It resolves while the
   * page is still being put back where the user had it: `restored` resolves once it is, and
   * `realign(stop)` (for the reader's close) finishes that and keeps the post in place.
   */
  async function collectThread({ snapshot, onProgress, signal, timeLimitMs = TIME_LIMIT_MS }) {
    const started = performance.now();
    const deadline = started + timeLimitMs;
    const home = { x: window.scrollX, y: window.scrollY };
    const expandTries = new Map();
    let moreRepliesTries = 0;
    let reachedTop = false;
    let reachedBottom = false;
    let sweepStarted = false;

    let status = await snapshot();
    onProgress(status);
    // Where the user was, by the post on screen: a saved scrollY alone points elsewhere once
    // posts have loaded above it.
    const anchor = screenAnchor(status);

    // The page goes back where the user had it behind the reader, while the reader already
    // shows the thread: waiting for a scrolled virtual list to draw and settle again takes a
    // quarter of a second or more, and nothing the reader shows depends on it.
    const finish = async (outcome) => {
      const { hooks } = status;
      const restoring = new AbortController();
      const restored = restore(hooks, home, anchor, restoring.signal).catch(() => {});
      return {
        status,
        outcome,
        elapsedMs: Math.round(performance.now() - started),
        // Resolves once the page is back (a new collection must start from there).
        restored,
        // For the reader's close: the page's layout changes when its scrolling comes back.
        // Whatever is left of putting the page back stops when the user takes it over, or
        // when `stop` aborts (the reader opened again).
        realign: (stop = null) => untilTheUserActs(async (userActed) => {
          userActed.addEventListener('abort', () => restoring.abort(), { once: true });
          await restored;
          if (anchor) await align(hooks, anchor, userActed);
        }, stop),
      };
    };
    // A failed snapshot ends the loop too, with the page back where the user had it (the
    // reader may start over from there when the worker lost the collection).
    const next = async () => {
      try {
        return await snapshot();
      } catch (e) {
        await restore(status.hooks, home, anchor);
        throw e;
      }
    };
    // The page is read to its top first: what is above may still load as you get there, which
    // no snapshot can tell. Already at the top with nothing more above, there is nothing to do.
    let upDone = !status.needs.scrollUp && window.scrollY <= 0;
    const complete = () => {
      const { needs } = status;
      return (
        upDone &&
        (status.done ||
          (!needs.showReplies &&
            pendingExpands(status, expandTries).length === 0 &&
            (!needs.scrollUp || reachedTop) &&
            (!needs.scrollDown || reachedBottom)))
      );
    };

    // Upwards first (a page opened mid-thread shows the focal post at the top), then back to
    // where the user was and downwards; a last sweep finds truncated posts scrolled away.
    let phase = upDone ? 'down' : 'up';
    let stalls = 0;
    while (!complete()) {
      if (signal.aborted) return await finish('cancelled');
      if (performance.now() > deadline) return await finish('time-limit');
      const { needs, hooks } = status;
      const before = { count: status.postCount, y: window.scrollY };

      const expanded = expandVisible(hooks, pendingExpands(status, expandTries), expandTries);
      let acted = expanded.size > 0;
      if (!acted && phase === 'up') {
        if (!reachedTop) {
          // At the top the page may still be loading what lies above: the stall count below
          // decides when it is really the top.
          acted = scrollBy(hooks, -1) || window.scrollY <= 0;
        } else {
          upDone = true;
          phase = 'down';
          stalls = 0;
          window.scrollTo(home.x, home.y);
          acted = true;
        }
      }
      if (!acted && phase === 'down') {
        if (needs.showReplies && moreRepliesTries < MORE_REPLIES_TRIES
            && clickMoreReplies(hooks, status.lastPostId)) {
          moreRepliesTries += 1;
          acted = true;
        } else if (needs.scrollDown && !reachedBottom) {
          acted = scrollBy(hooks, 1);
          if (!acted) reachedBottom = !loadingVisible(hooks) && stalls >= STALLS_AT_END;
        } else if (pendingExpands(status, expandTries).length > 0 && !sweepStarted) {
          // Truncated posts remain but none is on screen: sweep the page from the top.
          sweepStarted = true;
          phase = 'sweep';
          window.scrollTo(home.x, 0);
          acted = true;
        } else {
          return await finish('stuck');
        }
      }
      if (!acted && phase === 'sweep') {
        acted = scrollBy(hooks, 1);
        if (!acted) return await finish(complete() ? 'complete' : 'stuck');
      }

      await settle(hooks, expanded);
      status = await next();
      onProgress(status);
      track(hooks, anchor);

      const moved = window.scrollY !== before.y;
      if (status.postCount === before.count && !moved) {
        stalls += 1;
        if (phase === 'up' && stalls >= STALLS_AT_END && window.scrollY <= 0) reachedTop = true;
        if (phase === 'down' && stalls >= STALLS_AT_END && atBottom()) reachedBottom = true;
        if (stalls >= STALLS_AT_END * 3) return await finish(complete() ? 'complete' : 'stuck');
      } else {
        stalls = 0;
      }
    }
    return await finish('complete');
  }

  /** Notes where the anchor post sits in the document whenever it is rendered. */
  function track(hooks, anchor) {
    const element = anchor && postElement(hooks, anchor.id);
    if (element) anchor.pageY = window.scrollY + element.getBoundingClientRect().top;
  }

  /** The focal post and its distance from the viewport's top, when it is on screen. */
  function screenAnchor(status) {
    const top = postElement(status.hooks, status.focalId)?.getBoundingClientRect().top;
    return top !== undefined && top > -window.innerHeight && top < window.innerHeight
      ? { id: status.focalId, top, pageY: window.scrollY + top }
      : null;
  }

  /**
   * Puts the page back where the user had it: the anchor post at the same height, using where
   * it was last seen (posts loaded above it since moved it down), then its element once the
   * page has rendered it. At once when the post is still where it was (the page never moved,
   * or the loop ended where it started and the page settled there). `signal` stops it.
   */
  async function restore(hooks, home, anchor, signal = null) {
    if (!anchor) {
      window.scrollTo(home.x, home.y);
      return;
    }
    const y = Math.max(0, anchor.pageY - anchor.top);
    if (window.scrollX === home.x && Math.abs(window.scrollY - y) < 1) {
      const top = postElement(hooks, anchor.id)?.getBoundingClientRect().top;
      if (top !== undefined && Math.abs(top - anchor.top) < 1) return;
    }
    window.scrollTo(home.x, y);
    await nextFrames();
    if (signal?.aborted) return;
    const element = postElement(hooks, anchor.id) ?? (await findPost(hooks, anchor.id, signal));
    if (element) await align(hooks, anchor, signal);
  }

  /**
   * Scrolls the rendered anchor post to its height on screen, again after each frame while the
   * page moves it (a virtual list measures the rows it just drew and corrects its own scroll
   * position around some other row).
   */
  async function align(hooks, anchor, signal = null) {
    for (let tries = 0; tries < ALIGN_TRIES; tries += 1) {
      if (signal?.aborted) return;
      const element = postElement(hooks, anchor.id);
      if (!element) return;
      const off = element.getBoundingClientRect().top - anchor.top;
      if (Math.abs(off) < 1) {
        if (tries > 0) return;
      } else {
        window.scrollBy(0, off);
      }
      await nextFrames(60);
    }
  }

  /**
   * Runs `task(signal)` once the reader has closed, `signal` aborting when the user scrolls,
   * clicks or types — the page is theirs again, and a correction must never pull it back from
   * under their wheel — or when `also` aborts.
   */
  async function untilTheUserActs(task, also = null) {
    const controller = new AbortController();
    const stop = () => controller.abort();
    const inputs = ['wheel', 'touchstart', 'keydown', 'mousedown'];
    for (const type of inputs) window.addEventListener(type, stop, { capture: true, passive: true });
    also?.addEventListener('abort', stop, { once: true });
    if (also?.aborted) stop();
    try {
      await task(controller.signal);
    } finally {
      for (const type of inputs) window.removeEventListener(type, stop, { capture: true });
      also?.removeEventListener('abort', stop);
    }
  }

  /**
   * Looks for a post that is not rendered where it was last seen (posts loaded above it after
   * it left the screen, when the loop stopped half-way up): downwards first, where it moved,
   * then upwards. Null when the page does not show it.
   */
  async function findPost(hooks, id, signal = null) {
    const start = window.scrollY;
    for (const direction of [1, -1]) {
      window.scrollTo(window.scrollX, start);
      for (let step = 0; step < FIND_STEPS; step += 1) {
        if (signal?.aborted) return null;
        const before = window.scrollY;
        window.scrollTo(window.scrollX, Math.max(0, before + direction * Math.round(window.innerHeight * 0.75)));
        if (window.scrollY === before) break;
        await nextFrames();
        const element = postElement(hooks, id);
        if (element) return element;
      }
    }
    return null;
  }

  /** Two animation frames, then `afterMs` (hidden tabs get no frames: 300 ms at most). */
  function nextFrames(afterMs = 120) {
    return new Promise((resolve) => {
      const done = () => setTimeout(resolve, afterMs);
      requestAnimationFrame(() => requestAnimationFrame(done));
      setTimeout(done, 300); // hidden tabs get no animation frames
    });
  }

  /** Truncated posts the core wants expanded that have not used up their tries. */
  function pendingExpands(status, tries) {
    return status.needs.expand.filter((id) => (tries.get(id) ?? 0) < EXPAND_TRIES);
  }

  /** The element of the post with `id`, if it is on the page now. */
  function postElement(hooks, id) {
    if (!hooks.permalink || !hooks.post) return null;
    const link = document.querySelector(hooks.permalink.replaceAll('{id}', cssString(id)));
    return link?.closest(hooks.post) ?? null;
  }

  function cssString(value) {
    return String(value).replace(/["\\]/g, '\\$&');
  }

  /**
   * Clicks "Show more" on every wanted post that is on the page. Returns a watch on the posts
   * it clicked, set up before the clicks (a page may change them during the click itself):
   * `size` of them, `changed()` — each has changed or left the page since — and `stop()`.
   */
  function expandVisible(hooks, ids, tries) {
    const posts = [];
    const changed = new Set();
    const note = (records) => {
      for (const record of records) {
        const post = posts.find((p) => p.contains(record.target));
        if (post) changed.add(post);
      }
    };
    const observer = new MutationObserver(note);
    for (const id of hooks.expand ? ids : []) {
      const post = postElement(hooks, id);
      const control = post?.querySelector(hooks.expand);
      if (!control) continue;
      tries.set(id, (tries.get(id) ?? 0) + 1);
      observer.observe(post, { childList: true, subtree: true, characterData: true, attributes: true });
      posts.push(post);
      control.click();
    }
    if (posts.length === 0) observer.disconnect();
    return {
      size: posts.length,
      changed() {
        note(observer.takeRecords());
        return posts.every((post) => changed.has(post) || !post.isConnected);
      },
      stop: () => observer.disconnect(),
    };
  }

  /** Clicks the "Show replies" control in the first row after the thread's last post. */
  function clickMoreReplies(hooks, lastPostId) {
    if (!hooks.moreReplies || !hooks.row || !lastPostId) return false;
    const lastRow = postElement(hooks, lastPostId)?.closest(hooks.row);
    if (!lastRow) return false;
    const rows = visualOrder([...lastRow.parentElement.querySelectorAll(hooks.row)]);
    for (const row of rows.slice(rows.indexOf(lastRow) + 1)) {
      if (row.querySelector(hooks.post)) return false; // someone's post: no control in between
      const control = row.querySelector(hooks.moreReplies);
      if (control) {
        control.click();
        return true;
      }
    }
    return false;
  }

  /** Rows sorted by where they show (virtualized lists recycle rows anywhere in the DOM). */
  function visualOrder(rows) {
    return rows
      .map((row, index) => ({ row, index, top: row.getBoundingClientRect().top }))
      .sort((a, b) => a.top - b.top || a.index - b.index)
      .map(({ row }) => row);
  }

  /**
   * Scrolls up (-1) or down (1) by what the page has rendered beyond the screen, keeping the
   * farthest rendered row on screen so consecutive snapshots overlap; at least most of a
   * screen. False when the page could not move.
   */
  function scrollBy(hooks, direction) {
    const before = window.scrollY;
    const height = window.innerHeight;
    let step = Math.round(height * 0.75);
    const scope = (hooks.scope && document.querySelector(hooks.scope)) || document;
    const rows = hooks.row ? [...scope.querySelectorAll(hooks.row)] : [];
    if (rows.length > 0) {
      const boxes = rows.map((row) => row.getBoundingClientRect()).filter((b) => b.height > 0);
      const beyond = direction > 0
        ? Math.max(...boxes.map((b) => b.bottom)) - height * 0.35
        : height * 0.65 - Math.min(...boxes.map((b) => b.top));
      if (Number.isFinite(beyond)) step = Math.min(Math.max(step, Math.round(beyond)), height * 3);
    }
    window.scrollTo(window.scrollX, Math.max(0, before + direction * step));
    return window.scrollY !== before;
  }

  function atBottom() {
    const root = document.scrollingElement ?? document.documentElement;
    return window.scrollY + window.innerHeight >= root.scrollHeight - 2;
  }

  /** True while a loading indicator of the list is visible (not the composer's hidden one). */
  function loadingVisible(hooks) {
    if (!hooks.loading) return false;
    const scope = (hooks.scope && document.querySelector(hooks.scope)) || document;
    return [...scope.querySelectorAll(hooks.loading)].some((el) =>
      el.checkVisibility({ opacityProperty: true, visibilityProperty: true }));
  }

  /**
   * Waits until the page stops changing (mutation-driven), and for visible loaders to go. The
   * page has settled only once it has also rendered two frames since the scroll or click: on a
   * starved machine a quiet spell can pass before the page's own frame callbacks have even run.
   * After "Show more" clicks alone (`expanded`, from [`expandVisible`]) a shorter quiet spell
   * will do once every clicked post has changed.
   */
  async function settle(hooks, expanded = null) {
    const target = (hooks.scope && document.querySelector(hooks.scope)) || document.body;
    const quietMs = () => (expanded?.size > 0 && expanded.changed() ? EXPANDED_QUIET_MS : QUIET_MS);
    await new Promise((resolve) => {
      let quiet = 0;
      let isQuiet = false;
      let rendered = false;
      const done = () => {
        observer.disconnect();
        expanded?.stop();
        clearTimeout(quiet);
        clearTimeout(cap);
        resolve();
      };
      const onQuiet = () => {
        isQuiet = true;
        if (rendered) done();
      };
      const observer = new MutationObserver(() => {
        isQuiet = false;
        clearTimeout(quiet);
        quiet = setTimeout(onQuiet, quietMs());
      });
      observer.observe(target, { childList: true, subtree: true, characterData: true });
      quiet = setTimeout(onQuiet, quietMs());
      const cap = setTimeout(done, SETTLE_MAX_MS);
      void nextFrames(0).then(() => {
        rendered = true;
        if (isQuiet) done();
      });
    });
    if (!loadingVisible(hooks)) return;
    // Until the loader goes: checked as the page changes, and every 100 ms (a loader can hide
    // by a style change alone).
    const until = performance.now() + LOADING_MAX_MS;
    await new Promise((resolve) => {
      const check = () => {
        if (loadingVisible(hooks) && performance.now() < until) return;
        observer.disconnect();
        clearInterval(timer);
        resolve();
      };
      const observer = new MutationObserver(check);
      observer.observe(target, { childList: true, subtree: true });
      const timer = setInterval(check, 100);
    });
  }

  /**
   * What to send the core: the part of the page `hooks.scope` names followed by the elements
   * outside it that `hooks.context` names (on X the login links, which say the visitor is not
   * logged in), else the whole page — without the attributes the site's extractor never reads
   * (`hooks.dropAttributes`: on X generated class names and icon path data, more than half the
   * bytes that cross to the worker).
   */
  function serialize(hooks) {
    const scope = hooks?.scope && document.querySelector(hooks.scope);
    let html = (scope ?? document.documentElement).outerHTML;
    if (scope && hooks.context) {
      for (const element of document.querySelectorAll(hooks.context)) {
        if (!scope.contains(element)) html += element.outerHTML;
      }
    }
    const names = hooks?.dropAttributes;
    return Array.isArray(names) && names.length > 0 ? withoutAttributes(html, names) : html;
  }

  const attributePatterns = new Map();

  /**
   * Serialized HTML without the attributes `names` in start tags: from each tag the first of
   * them goes (an element rarely has two; one left over is only bytes). The pattern walks a
   * tag's attributes one by one from its name — the serializer writes every value in double
   * quotes and escapes `"`, `<` and `>` inside it — so it never starts inside a value: an
   * `alt` that ends in ` class=` stays whole, and text that reads `class="x"` is not a tag.
   */
  function withoutAttributes(html, names) {
    const key = names.join(' ');
    let pattern = attributePatterns.get(key);
    if (!pattern) {
      const dropped = names.map((n) => n.replace(/[^a-zA-Z0-9_-]/g, '\\$&')).join('|');
      pattern = new RegExp(
        `(<[a-zA-Z][^\\s/>]*(?:\\s+(?!(?:${dropped})=")[^\\s"'>/=]+(?:="[^"]*")?)*)\\s+(?:${dropped})="[^"]*"`,
        'g',
      );
      attributePatterns.set(key, pattern);
    }
    return html.replace(pattern, '$1');
  }

  return Object.freeze({ collectThread, serialize, withoutAttributes });
})();
