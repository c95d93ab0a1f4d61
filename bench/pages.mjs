// Generated X thread pages for the benchmarks: the whole thread of `n` posts in the DOM at
// once (as after scrolling it all into a non-virtualized list), in X's DOM shape (tests/xdom),
// followed by other people's replies. Deterministic.
import { pageTitle, renderPage } from '../tests/xdom/render.mjs';
import { makeThread } from '../tests/sim/threads.mjs';

/**
 * `{url, html, ids}` for a thread of `n` posts. With `expanded`, long posts show their whole
 * text (no "Show more": a static page could not expand them, and the loop would try).
 */
export function threadPage(n, { expanded = false } = {}) {
  const scenario = makeThread({ n, seed: 7, showReplies: [] });
  const posts = expanded
    ? scenario.thread.map((p) => (p.truncated ? { ...p, text: p.fullText, truncated: false } : p))
    : scenario.thread;
  const cells = posts.map((post, i) => ({
    kind: 'post',
    post,
    focal: i === 0,
    lineAbove: i > 1,
    lineBelow: i < posts.length - 1,
  }));
  for (const cell of scenario.after) {
    if (cell.kind === 'post' || cell.kind === 'heading' || cell.kind === 'empty') cells.push(cell);
  }
  const url = `https://x.com/${posts[0].author.handle}/status/${posts[0].id}`;
  const html = renderPage({ url, title: pageTitle(posts[0]), cells });
  return { url, html, ids: posts.map((p) => p.id) };
}

/**
 * What a collection receives while scrolling down a thread of `n` posts in X's virtualized
 * list: pages showing `size` consecutive posts each, advancing by `step` (so consecutive
 * snapshots overlap), the focal post only in the first, other people's replies after the last.
 * Long posts are shown expanded, as the collection loop leaves them once it has clicked their
 * "Show more". `{url, pages, ids}`.
 */
export function threadWindows(n, { size = 15, step = 10, expanded = true } = {}) {
  const scenario = makeThread({ n, seed: 7, showReplies: [] });
  const posts = expanded
    ? scenario.thread.map((p) => (p.truncated ? { ...p, text: p.fullText, truncated: false } : p))
    : scenario.thread;
  const url = `https://x.com/${posts[0].author.handle}/status/${posts[0].id}`;
  const title = pageTitle(posts[0]);
  const pages = [];
  for (let start = 0; ; start += step) {
    const end = Math.min(n, start + size);
    const cells = posts.slice(start, end).map((post, k) => {
      const i = start + k;
      return { kind: 'post', post, focal: i === 0, lineAbove: i > 1, lineBelow: i < n - 1 };
    });
    if (end === n) {
      for (const cell of scenario.after) {
        if (cell.kind === 'post' || cell.kind === 'heading' || cell.kind === 'empty') cells.push(cell);
      }
    }
    pages.push(renderPage({ url, title, cells }));
    if (end === n) break;
  }
  return { url, pages, ids: posts.map((p) => p.id) };
}
