// The conversation a scenario shows when opened at one of its thread posts, as X arranges it:
// ancestors above the focal post, the focal post, the continuation in chunks behind "Show
// replies" cells, then the scenario's `after` cells. Pure data, no DOM: the browser side
// (sim.js) and the Node tests both use it. Served to the page as /sim/model.mjs.

/**
 * Entries for a scenario opened at thread[focalIndex].
 * Returns { ancestors, stream }: ancestors in reading order (the simulator loads them from the
 * nearest upwards), and the stream from the focal post down. An entry is
 *   {key, kind: 'post', post, focal?, lineAbove?, lineBelow?, separator?, ad?}
 *   {key, kind: 'heading', text, subtitle?}
 *   {key, kind: 'showReplies', label, element, reveals: [entry]}   (hidden until clicked)
 *   {key, kind: 'empty', variant?}
 */
export function conversation(scenario, focalIndex) {
  const posts = scenario.thread;
  const n = posts.length;
  if (!(focalIndex >= 0 && focalIndex < n)) throw new Error(`focal index ${focalIndex} out of range`);
  const ancestors = posts.slice(0, focalIndex).map((post, i) => ({ key: `p:${post.id}`, kind: 'post', post, lineAbove: i > 0, lineBelow: true }));
  const focal = { key: `p:${posts[focalIndex].id}`, kind: 'post', post: posts[focalIndex], focal: true, lineAbove: focalIndex > 0 };
  const continuation = posts.slice(focalIndex + 1).map((post, k) => {
    const i = focalIndex + 1 + k;
    return { key: `p:${post.id}`, kind: 'post', post, lineAbove: i > focalIndex + 1, lineBelow: i < n - 1, separator: i === n - 1 };
  });

  // Chunks: the first `showReplies[0]` continuation posts are shown, then a "Show replies" cell
  // that reveals the next chunk (and the next cell), and so on; the last chunk is the rest.
  let serial = 0;
  const chunked = (rest, sizes) => {
    if (!sizes.length || rest.length <= sizes[0]) return rest;
    const [size, ...more] = sizes;
    const cell = { key: `sr:${serial++}`, kind: 'showReplies', label: 'Show replies', element: 'button', reveals: chunked(rest.slice(size), more.length ? more : []) };
    return [...rest.slice(0, size), cell];
  };
  const sizes = scenario.showReplies ?? [];
  const below = chunked(continuation, sizes);

  const after = (specs) =>
    specs.map((spec) => {
      const key = spec.kind === 'post' ? `p:${spec.post.id}` : `${spec.kind}:${serial++}`;
      const entry = { ...spec, key };
      if (spec.kind === 'showReplies') entry.reveals = after(spec.reveals ?? []);
      return entry;
    });

  return { ancestors, stream: [focal, ...below, ...after(scenario.after ?? [])] };
}

/** Index of the thread post with this id, or -1. */
export const threadIndex = (scenario, id) => scenario.thread.findIndex((p) => p.id === id);

/** All entries, hidden ones included, in reading order (tests: what a full scroll reveals). */
export function flatten(entries) {
  return entries.flatMap((e) => (e.kind === 'showReplies' ? [e, ...flatten(e.reveals)] : [e]));
}

/**
 * A rough height for an entry before it is rendered, in px. X's virtualizer also starts from
 * estimates and corrects them when a row is measured; these are deliberately approximate.
 */
export function estimateHeight(entry, expanded = false) {
  switch (entry.kind) {
    case 'post': {
      const p = entry.post;
      const text = (expanded || entry.focal) && p.fullText ? p.fullText : p.text;
      const lines = text.split('\n').reduce((sum, l) => sum + Math.max(1, Math.ceil(l.length / 64)), 0);
      let h = (entry.focal ? 210 : 92) + lines * (entry.focal ? 24 : 20);
      if (p.photos?.length || p.video) h += 300;
      if (p.card) h += 330;
      if (p.quote) h += 110 + (p.quote.photos?.length ? 250 : 0);
      if (p.truncated && !expanded && !entry.focal) h += 20;
      if (entry.focal) h += 80;
      return h;
    }
    case 'heading':
      return 64;
    case 'showReplies':
      return 53;
    case 'spinner':
      return 80;
    case 'empty':
      return entry.variant === 'end' ? 200 : 1;
    default:
      return 100;
  }
}
