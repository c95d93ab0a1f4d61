// Generated X thread pages for the benchmarks: the whole thread of `n` posts in the DOM at
// once (as after scrolling it all into a non-virtualized list), in X's DOM shape (tests/xdom),
// followed by other people's replies. Deterministic.
import { pageTitle, renderPage } from '../tests/xdom/render.mjs';
import { makeThread } from '../tests/sim/threads.mjs';

/** `{url, html, ids}` for a thread of `n` posts. */
export function threadPage(n) {
  const scenario = makeThread({ n, seed: 7, showReplies: [] });
  const posts = scenario.thread;
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
