// The Wasm core as the worker uses it: initialised once on first use, one `Collection` per tab,
// every failure turned into a `CoreError` with a stable code, and a fresh instance after a panic.
// It knows nothing of the extension APIs, so tests can drive it with a stand-in core.
//
// Each collection has an id, unique across worker lifetimes. Collections live in the worker's
// memory, which Chrome may drop at any time (it stops the worker, or the core panics): the
// content script names the collection it is adding to, and a snapshot or thread request for a
// collection that no longer exists fails with `expired` instead of quietly starting a new one
// with only what is on screen now. The content script then reads the thread again.

/** Error codes the core itself throws (as the JS `Error`'s `name`). */
const CORE_CODES = new Set(['unsupported', 'not-a-thread', 'unreadable', 'internal']);

/** A failure to report to the content script as `{code, message}`. */
export class CoreError extends Error {
  /**
   * `about`: for a page that is not a thread, what it is — `{page, site, example}` ("home",
   * "X", "x.com/…/status/…") — for the reader to say in its own language.
   */
  constructor(code, message, about = undefined) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
    if (about) this.about = about;
  }
}

/**
 * The threads being collected, one per tab.
 *
 * `core` is the wasm-bindgen module namespace (`import * as core from './core/unspool.js'`):
 * `default` (init), `Collection`, `takePanic`, and `__wbg_reset_state` when the glue was built
 * with `--experimental-reset-state-function`.
 */
export class Collections {
  #core;
  #ready = null;
  #byTab = new Map();
  /** This worker's lifetime, so ids from an earlier one never match. */
  #instance = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
  #nextId = 1;
  #warmedUp = false;
  #labels;

  /**
   * `labels()` gives the words of the collections' Markdown, titles and file names in the
   * reader's language (`exportLabels` in platform.js); English without it.
   */
  constructor(core, { labels = () => undefined } = {}) {
    this.#core = core;
    this.#labels = labels;
  }

  /**
   * Adds a snapshot of the tab's page to its collection and returns where the collection
   * stands and its id: `{status, collectionId}`. Without `collectionId` the snapshot starts a
   * collection (or joins the tab's collection of the same URL: a second click reopens it at
   * once); with one, it goes to that collection or fails with `expired` when it is gone.
   * When the core says the thread is complete, the answer carries it too (`thread`, as
   * `thread()` gives it): the loop ends there, and a second round trip would only fetch it.
   */
  async addSnapshot(tabId, url, html, collectionId = null) {
    await this.#init();
    return this.#guard(() => {
      const entry = collectionId === null
        ? this.#collectionFor(tabId, url)
        : this.#existing(tabId, url, collectionId);
      const status = entry.collection.addSnapshot(html);
      const answer = { status, collectionId: entry.id };
      if (status.done) answer.thread = threadOf(entry.collection);
      return answer;
    });
  }

  /**
   * The tab's collected thread and what the content script renders and exports from it.
   * Fails with `expired` when there is no collection for that URL (the worker was restarted),
   * or when it is not the one `collectionId` names.
   */
  async thread(tabId, url, collectionId = null) {
    await this.#init();
    return this.#guard(() => {
      const entry = this.#byTab.get(tabId);
      if (entry?.url !== url || (collectionId !== null && entry.id !== collectionId)) {
        throw expired();
      }
      return threadOf(entry.collection);
    });
  }

  /**
   * The content script's hooks for the page at `url` when its host names the site, else null:
   * with them the first snapshot is only the part of the page the site reads (on X, the
   * conversation column rather than the whole document), which is most of the click's cost.
   */
  async hooksFor(url) {
    await this.#init();
    if (typeof this.#core.hooksFor !== 'function') return null;
    return this.#guard(() => this.#core.hooksFor(url) ?? null);
  }

  /** Drops the tab's collection (the tab was closed). */
  forget(tabId) {
    const entry = this.#byTab.get(tabId);
    if (!entry) return;
    this.#byTab.delete(tabId);
    try {
      entry.collection.free();
    } catch {
      // Freeing can only fail for an object of a dropped instance; nothing is left to free.
    }
  }

  /**
   * Starts loading the core now (the toolbar button was pressed), so that compiling the Wasm
   * overlaps injecting the reader instead of delaying the first snapshot's answer.
   */
  prepare() {
    return this.#init().catch(() => {}); // the first snapshot reports a failure
  }

  /**
   * Runs the core's small sample page through a collection, once per worker lifetime, in a
   * task of its own (`setTimeout`): called when the hooks are answered, so it fills the wait
   * for the first snapshot — which would otherwise pay for compiling each Wasm function on its
   * first call (on a just-started worker, most of that snapshot's time).
   */
  warmUpSoon() {
    if (this.#warmedUp || typeof this.#core.warmUpPage !== 'function') return;
    this.#warmedUp = true;
    setTimeout(() => {
      if (this.#ready === null) return;
      void this.#ready.then(() => {
        let collection;
        try {
          const [url, html] = this.#core.warmUpPage();
          collection = this.#create(url);
          collection.addSnapshot(html);
          collection.progress();
          collection.title();
          collection.markdown();
          collection.fileStem();
        } catch (e) {
          console.warn('Unspool: warming up the core failed:', this.#toCoreError(e).message);
        } finally {
          try {
            collection?.free();
          } catch {
            // Only an object of a dropped instance fails to free; nothing is left to free.
          }
        }
      }, () => {});
    }, 0);
  }

  /** Number of tabs with a collection (for tests and diagnostics). */
  get size() {
    return this.#byTab.size;
  }

  #init() {
    this.#ready ??= Promise.resolve()
      .then(() => this.#core.default())
      .catch((e) => {
        this.#ready = null; // let the next click try again
        throw new CoreError('internal', `The reading engine failed to load: ${messageOf(e)}`);
      });
    return this.#ready;
  }

  #collectionFor(tabId, url) {
    const entry = this.#byTab.get(tabId);
    if (entry?.url === url) return entry;
    this.forget(tabId);
    const collection = this.#create(url);
    const created = { id: `${this.#instance}/${this.#nextId++}`, url, collection };
    this.#byTab.set(tabId, created);
    return created;
  }

  /** A new collection of the core's for `url`, speaking the reader's language. */
  #create(url) {
    const collection = new this.#core.Collection(url);
    try {
      collection.setLabels?.(this.#labels());
    } catch (e) {
      // Its Markdown is English then; the thread is the same.
      console.warn('Unspool: the export words were refused:', this.#toCoreError(e).message);
    }
    return collection;
  }

  #existing(tabId, url, collectionId) {
    const entry = this.#byTab.get(tabId);
    if (entry?.url !== url || entry.id !== collectionId) throw expired();
    return entry;
  }

  #guard(call) {
    try {
      return call();
    } catch (e) {
      throw this.#toCoreError(e);
    }
  }

  #toCoreError(e) {
    if (e instanceof CoreError) return e;
    if (e instanceof WebAssembly.RuntimeError) {
      // A Rust panic aborts as a trap; the hook kept the message. The instance is unusable now.
      let panic;
      try {
        panic = this.#core.takePanic();
      } catch {
        panic = undefined;
      }
      this.#restart();
      return new CoreError('internal', panic || messageOf(e));
    }
    if (e instanceof Error && CORE_CODES.has(e.name)) return new CoreError(e.name, e.message, aboutOf(e));
    return new CoreError('internal', messageOf(e));
  }

  /** Replaces a trapped Wasm instance with a fresh one; every collection goes with the old one. */
  #restart() {
    this.#byTab.clear();
    if (typeof this.#core.__wbg_reset_state === 'function') {
      try {
        this.#core.__wbg_reset_state();
      } catch (e) {
        console.error('Unspool: re-instantiating the core failed:', e);
      }
    } else {
      console.warn(
        'Unspool: the core panicked and cannot be re-instantiated (glue built without ' +
          '--experimental-reset-state-function); carrying on with the same instance.',
      );
    }
  }
}

/** What the content script renders and exports: the thread, its title, Markdown, file name. */
function threadOf(collection) {
  return {
    progress: collection.progress(),
    title: collection.title(),
    markdown: collection.markdown(),
    fileStem: collection.fileStem(),
  };
}

function expired() {
  return new CoreError('expired', 'The collection for this page is gone; collect again.');
}

/** What the core says a page that is not a thread is: `{page, site, example}`, or undefined. */
function aboutOf(e) {
  const { page, site, example } = e;
  return [page, site, example].every((v) => typeof v === 'string') ? { page, site, example } : undefined;
}

function messageOf(e) {
  return e instanceof Error ? e.message : String(e);
}
