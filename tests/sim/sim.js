// The X simulator's page script (served as /sim/sim.js, an ES module under `script-src 'self'`).
// It turns the empty conversation shell of a status page into a list that behaves like X's:
//   - a virtual list: absolutely positioned [data-testid=cellInnerDiv] rows with
//     transform: translateY(…) inside the "Timeline: Conversation" container; only the rows
//     near the viewport exist (at most `maxCells`); the window scrolls, not an inner scroller;
//   - rows are recycled: a row leaving the window is reused for one entering it, its element
//     tree patched in place (the same cell, article and text nodes get new content), so DOM
//     order and visual order drift apart;
//   - heights are estimated, then measured; when a measured row above the viewport changes
//     size, or rows are inserted above, the scroll position is corrected so that what the
//     user looks at does not move (scroll anchoring, as X does it);
//   - rows below load in batches after a random delay, with a spinner row while loading;
//     opened mid-thread, the focal post is scrolled to the top and the ancestors load in
//     batches above as you scroll up;
//   - "Show more" expands a post in place (state kept across recycling); a "Show replies" /
//     "Show more replies" cell is replaced, after a delay, by what it hides.
// The markup of every row comes from tests/xdom/render.mjs (served as /sim/render.mjs).
// window.__sim is for test assertions only.

import { renderAd, renderEmptyCell, renderHeading, renderPost, renderShowReplies, renderSpinner, rng } from './render.mjs';
import { conversation, estimateHeight } from './model.mjs';

const DEFAULTS = {
  seed: 1,
  delay: [100, 700], // ms before a batch below / above / behind "Show replies" appears
  initialDelay: [150, 500], // ms before the conversation first renders
  batch: [3, 8], // entries per batch below
  ancestorBatch: [6, 14], // ancestors per batch above
  maxCells: 15, // rows in the DOM at most
  overscan: 1.25, // rendered margin above and below the viewport, in viewport heights
  loadAhead: 1, // start loading when the loaded end is this many viewport heights away
  header: 53, // height of the sticky "Post" bar the focal post is scrolled under
};

const list = document.querySelector('[data-testid="primaryColumn"] [aria-label="Timeline: Conversation"] > div');
const stats = { created: 0, recycled: 0, removed: 0, rendered: 0, loads: 0, anchorCorrections: 0 };
const sim = { ready: false, error: null, stats };
window.__sim = sim;

let options;
let scenario;
let focalIndex;
let random;
let items = []; // loaded entries in visual order: {…entry, h, measured, version}
let ancestors = []; // not yet loaded, reading order; loaded from the end
let queue = []; // not yet loaded below, reading order
let loadingTop = false;
let loadingBottom = false;
let revealing = 0;
let spinnerSerial = 0;
let anchor = null; // {key, y}: the row whose position is kept when things above it change
const expanded = new Set(); // post ids whose "Show more" was clicked
const cellOf = new Map(); // entry key → cell element
const spare = []; // detached cells kept for reuse
let offsets = []; // y of items[i]
let total = 0;
let focalKey = null;

const between = ([lo, hi]) => lo + random() * (hi - lo);
const intBetween = ([lo, hi]) => lo + Math.floor(random() * (hi - lo + 1));
const indexOf = (key) => items.findIndex((e) => e.key === key);

function loaded(entry) {
  return { ...entry, h: estimateHeight(entry, entry.kind === 'post' && expanded.has(entry.post.id)), measured: false, version: 0 };
}
function spinner() {
  return loaded({ key: `spin:${spinnerSerial++}`, kind: 'spinner' });
}

// ---------------------------------------------------------------------------------------------
// rendering a row

function cellHtml(e) {
  const ctx = { now: scenario.now, me: scenario.me ?? undefined };
  switch (e.kind) {
    case 'post': {
      let post = e.post;
      if (post.truncated && (e.focal || expanded.has(post.id))) post = { ...post, text: post.fullText, truncated: false };
      const opts = { ...ctx, focal: !!e.focal, lineAbove: !!e.lineAbove, lineBelow: !!e.lineBelow, separator: !!e.separator };
      return e.ad ? renderAd(post, opts) : renderPost(post, opts);
    }
    case 'heading':
      return renderHeading(e.text, { subtitle: e.subtitle });
    case 'showReplies':
      return renderShowReplies({ label: e.label, element: e.element });
    case 'spinner':
      return renderSpinner();
    case 'empty':
      return renderEmptyCell({ variant: e.variant });
    default:
      throw new Error(`unknown entry kind ${e.kind}`);
  }
}

/** Patches `from` to look like `to`, keeping every element whose tag matches (React-like reuse). */
function morph(from, to) {
  for (const a of [...from.attributes]) if (!to.hasAttribute(a.name)) from.removeAttribute(a.name);
  for (const a of to.attributes) if (from.getAttribute(a.name) !== a.value) from.setAttribute(a.name, a.value);
  const olds = [...from.childNodes];
  const news = [...to.childNodes];
  for (let i = 0; i < news.length; i++) {
    const o = olds[i];
    const n = news[i];
    if (o && o.nodeType === n.nodeType && o.nodeName === n.nodeName) {
      if (o.nodeType === Node.ELEMENT_NODE) morph(o, n);
      else if (o.nodeValue !== n.nodeValue) o.nodeValue = n.nodeValue;
    } else if (o) {
      from.replaceChild(n, o);
    } else {
      from.appendChild(n);
    }
  }
  for (let i = news.length; i < olds.length; i++) olds[i].remove();
}

const template = document.createElement('template');
function paint(cell, e) {
  template.innerHTML = cellHtml(e);
  const fresh = template.content.firstElementChild;
  const y = cell.style.transform;
  morph(cell, fresh);
  if (y) cell.style.transform = y; // keep the current position until layout sets the new one
  cell.__simKey = e.key;
  cell.__simVersion = e.version;
  stats.rendered++;
}

// ---------------------------------------------------------------------------------------------
// layout

function layout() {
  offsets = new Array(items.length);
  let y = 0;
  for (let i = 0; i < items.length; i++) {
    offsets[i] = y;
    y += items[i].h;
  }
  total = y;
}

function viewport() {
  const listTop = list.getBoundingClientRect().top + window.scrollY;
  const top = window.scrollY - listTop;
  return { listTop, top, bottom: top + window.innerHeight };
}

/** The first row (not a spinner) whose bottom is below the viewport's top. */
function pickAnchor(view) {
  for (let i = 0; i < items.length; i++) {
    if (items[i].kind === 'spinner') continue;
    if (offsets[i] + items[i].h > view.top) return { key: items[i].key, y: offsets[i] };
  }
  return null;
}

/** Scrolls by however much the anchor row moved since it was picked. */
function keepAnchor() {
  if (!anchor) return;
  const i = indexOf(anchor.key);
  if (i < 0) return;
  const d = offsets[i] - anchor.y;
  if (Math.abs(d) > 0.5) {
    window.scrollBy(0, d);
    stats.anchorCorrections++;
  }
  anchor.y = offsets[i];
}

/** Rows to render: those within the overscan window, at most maxCells, nearest first. */
function wanted(view) {
  const margin = window.innerHeight * options.overscan;
  let lo = -1;
  let hi = -1;
  for (let i = 0; i < items.length; i++) {
    if (offsets[i] + items[i].h >= view.top - margin && offsets[i] <= view.bottom + margin) {
      if (lo < 0) lo = i;
      hi = i;
    }
  }
  if (lo < 0) return [];
  while (hi - lo + 1 > options.maxCells) {
    const above = view.top - (offsets[lo] + items[lo].h);
    const below = offsets[hi] - view.bottom;
    if (above > below) lo++;
    else hi--;
  }
  return items.slice(lo, hi + 1);
}

function assignCells(rows) {
  const keep = new Set(rows.map((e) => e.key));
  const free = [];
  for (const [key, cell] of cellOf) {
    if (!keep.has(key)) {
      cellOf.delete(key);
      free.push(cell);
    }
  }
  for (const e of rows) {
    let cell = cellOf.get(e.key);
    if (!cell) {
      cell = free.shift() ?? spare.pop();
      if (cell) stats.recycled++;
      else {
        cell = document.createElement('div');
        stats.created++;
      }
      if (!cell.isConnected) list.appendChild(cell);
      cellOf.set(e.key, cell);
      paint(cell, e);
      resizes.observe(cell);
    } else if (cell.__simVersion !== e.version) {
      paint(cell, e);
    }
  }
  for (const cell of free) {
    resizes.unobserve(cell);
    cell.remove();
    spare.push(cell);
    stats.removed++;
  }
}

function position() {
  for (let i = 0; i < items.length; i++) {
    const cell = cellOf.get(items[i].key);
    if (!cell) continue;
    const t = `translateY(${Math.round(offsets[i] * 1000) / 1000}px)`;
    if (cell.style.transform !== t) cell.style.transform = t;
  }
  // Room below the focal post so it can sit at the top of the viewport, as on X.
  const fi = focalKey ? indexOf(focalKey) : -1;
  const room = fi >= 0 ? offsets[fi] + window.innerHeight - options.header : 0;
  list.style.minHeight = `${Math.round(Math.max(total, room))}px`;
}

/** Measures rendered rows; returns whether any height changed. */
function measure() {
  let changed = false;
  for (const e of items) {
    const cell = cellOf.get(e.key);
    if (!cell) continue;
    const h = cell.getBoundingClientRect().height;
    if (Math.abs(h - e.h) > 0.25 || !e.measured) {
      if (Math.abs(h - e.h) > 0.25) changed = true;
      e.h = h;
      e.measured = true;
    }
  }
  return changed;
}

/**
 * Whether a rendered row's height differs from the one laid out, and if so schedules an update.
 * A resize is reported at the next rendering step, which a busy machine can hold back for longer
 * than a test waits: "idle" asks the layout itself.
 */
function stale() {
  for (const e of items) {
    const cell = cellOf.get(e.key);
    if (cell && Math.abs(cell.getBoundingClientRect().height - e.h) > 0.25) {
      schedule();
      return true;
    }
  }
  return false;
}

let scheduled = false;
function schedule() {
  if (scheduled) return;
  scheduled = true;
  const run = () => {
    if (!scheduled) return;
    scheduled = false;
    update();
  };
  requestAnimationFrame(run);
  setTimeout(run, 40);
}

function update() {
  if (!scenario) return;
  // The list's height is set before any scroll correction: scrollBy is clamped to the
  // document as it is.
  layout();
  position();
  keepAnchor();
  for (let pass = 0; pass < 6; pass++) {
    const view = viewport();
    anchor = pickAnchor(view) ?? anchor;
    assignCells(wanted(view));
    position();
    if (!measure()) break;
    layout();
    position();
    keepAnchor();
  }
  position();
  anchor = pickAnchor(viewport()) ?? anchor;
  maybeLoad();
}

// ---------------------------------------------------------------------------------------------
// loading

function maybeLoad() {
  const view = viewport();
  const ahead = window.innerHeight * options.loadAhead;
  if (!loadingBottom && queue.length && view.bottom + ahead >= total) {
    loadingBottom = true;
    const spin = spinner();
    items.push(spin);
    setTimeout(() => {
      items.splice(indexOf(spin.key), 1, ...queue.splice(0, intBetween(options.batch)).map(loaded));
      loadingBottom = false;
      stats.loads++;
      schedule();
    }, between(options.delay));
    schedule();
  }
  if (!loadingTop && ancestors.length && view.top - ahead <= 0) {
    loadingTop = true;
    const spin = spinner();
    items.unshift(spin);
    setTimeout(() => {
      const batch = ancestors.splice(Math.max(0, ancestors.length - intBetween(options.ancestorBatch)));
      items.splice(indexOf(spin.key), 1, ...batch.map(loaded));
      loadingTop = false;
      stats.loads++;
      schedule();
    }, between(options.delay));
    schedule();
  }
}

function reveal(entry) {
  const spin = spinner();
  items.splice(indexOf(entry.key), 1, spin);
  revealing++;
  setTimeout(() => {
    items.splice(indexOf(spin.key), 1, ...entry.reveals.map(loaded));
    revealing--;
    stats.loads++;
    schedule();
  }, between(options.delay));
  schedule();
}

function onClick(ev) {
  const cell = ev.target.closest?.('[data-testid="cellInnerDiv"]');
  const i = cell ? indexOf(cell.__simKey) : -1;
  if (i < 0) return;
  const e = items[i];
  if (e.kind === 'post' && ev.target.closest('[data-testid="tweet-text-show-more-link"]')) {
    ev.preventDefault();
    expanded.add(e.post.id);
    e.version++;
    schedule();
  } else if (e.kind === 'showReplies' && ev.target.closest('button, [role="button"]')) {
    ev.preventDefault();
    reveal(e);
  }
}

const resizes = new ResizeObserver(() => schedule());

// ---------------------------------------------------------------------------------------------
// start

function state() {
  const threadIds = new Set(scenario.thread.map((p) => p.id));
  return {
    items: items.map((e) => e.key),
    threadIdsLoaded: items.filter((e) => e.kind === 'post' && threadIds.has(e.post.id)).map((e) => e.post.id),
    pendingAncestors: ancestors.length,
    pendingBelow: queue.length,
    loading: loadingTop || loadingBottom || revealing > 0,
    cells: cellOf.size,
    total,
    expanded: [...expanded],
  };
}

async function start() {
  const res = await fetch(`/sim/data${location.pathname}${location.search}`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`simulator data: HTTP ${res.status}`);
  const data = await res.json();
  scenario = data.scenario;
  focalIndex = data.focalIndex;
  options = { ...DEFAULTS, ...scenario.sim, ...data.sim };
  random = rng(`sim:${options.seed}`);
  const conv = conversation(scenario, focalIndex);
  ancestors = conv.ancestors;
  queue = conv.stream;
  focalKey = conv.stream[0].key;
  Object.assign(sim, {
    scenario: { name: scenario.name, ids: scenario.thread.map((p) => p.id), focalIndex, focalId: scenario.thread[focalIndex].id },
    options,
    state,
    idle: () => !scheduled && !loadingTop && !loadingBottom && revealing === 0 && !stale(),
  });

  history.scrollRestoration = 'manual';
  await new Promise((ok) => setTimeout(ok, between(options.initialDelay)));
  list.replaceChildren(); // the server-rendered loading row
  // First paint: the nearest ancestors, the focal post, the first rows below it.
  const firstAbove = ancestors.splice(Math.max(0, ancestors.length - intBetween(options.ancestorBatch)));
  items = [...firstAbove, ...queue.splice(0, 1 + intBetween(options.batch))].map(loaded);
  list.addEventListener('click', onClick);
  window.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule);
  // Lay out with the focal post in view, then scroll it under the header.
  layout();
  const fi = indexOf(focalKey);
  for (let pass = 0; pass < 3; pass++) {
    const view = viewport();
    window.scrollTo(0, view.listTop + offsets[fi] - options.header);
    update();
  }
  window.scrollTo(0, viewport().listTop + offsets[indexOf(focalKey)] - options.header);
  anchor = { key: focalKey, y: offsets[indexOf(focalKey)] };
  update();
  sim.ready = true;
}

start().catch((e) => {
  sim.error = String(e?.stack ?? e);
  console.error('X simulator:', e);
});
