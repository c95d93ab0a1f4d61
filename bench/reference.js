// The JavaScript reference for the extraction benchmark: the same job as the Rust core's X
// extractor — the author's self-thread from a status page, with the same fields and output
// shape — done the way an extension would without Wasm: the browser's native DOMParser and
// querySelectorAll. Lives in bench/ only; the extension never uses it.
/* exported referenceExtract */
function referenceExtract(html, pageUrl) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const focalId = new URL(pageUrl).pathname.split('/')[3];
  const column = doc.querySelector('[data-testid="primaryColumn"]') ?? doc;
  const cells = [...column.querySelectorAll('[data-testid="cellInnerDiv"]')];
  const rows = cells.map((cell) => {
    const article = cell.querySelector('article[data-testid="tweet"]');
    if (!article) return { heading: !!cell.querySelector('h2,[role="heading"]') };
    return { post: parsePost(article) };
  });
  const anchor = rows.findIndex((r) => r.post?.id === focalId);
  if (anchor < 0) throw new Error('no focal post');
  const handle = rows[anchor].post.author.handle.toLowerCase();
  const mine = (r) => r.post && r.post.author.handle.toLowerCase() === handle;
  let first = anchor;
  while (first > 0 && mine(rows[first - 1])) first -= 1;
  let last = anchor;
  for (let i = anchor + 1; i < rows.length; i += 1) {
    if (mine(rows[i])) last = i;
    else if (rows[i].post || rows[i].heading) break;
  }
  return { posts: rows.slice(first, last + 1).filter(mine).map((r) => r.post) };
}

function parsePost(article) {
  const quote = [...article.querySelectorAll('div[role="link"]')]
    .find((d) => d.querySelector('[data-testid="User-Name"]'));
  const outside = (el) => !quote || !quote.contains(el);
  const timeLink = [...article.querySelectorAll('a[href*="/status/"]')]
    .find((a) => outside(a) && a.querySelector('time') && /^\/[^/]+\/status\/\d+$/.test(a.getAttribute('href')));
  if (!timeLink) return null;
  const [, user, , id] = timeLink.getAttribute('href').split('/');
  const nameBlock = [...article.querySelectorAll('[data-testid="User-Name"]')].find(outside);
  const handleText = [...(nameBlock?.querySelectorAll('span') ?? [])]
    .map((s) => s.textContent.trim()).find((t) => t.startsWith('@'));
  const handle = handleText ? handleText.slice(1) : user;
  const avatar = [...article.querySelectorAll('[data-testid="Tweet-User-Avatar"] img')].find(outside);
  const textEl = [...article.querySelectorAll('[data-testid="tweetText"]')].find(outside);
  const media = [...article.querySelectorAll('[data-testid="tweetPhoto"] img')].filter(outside)
    .map((img) => ({ kind: 'photo', url: img.src.replace(/name=\w+/, 'name=large'), alt: img.alt }));
  return {
    id,
    url: `https://x.com/${handle}/status/${id}`,
    author: {
      name: nameBlock?.querySelector('a')?.textContent.trim() ?? handle,
      handle,
      url: `https://x.com/${handle}`,
      avatarUrl: avatar?.src,
      verified: !!nameBlock?.querySelector('[data-testid="icon-verified"]'),
    },
    time: timeLink.querySelector('time').getAttribute('datetime'),
    text: textEl ? segments(textEl) : [],
    media,
    truncated: !!article.querySelector('[data-testid="tweet-text-show-more-link"]'),
  };
}

function segments(root) {
  const out = [];
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        child.data.split('\n').forEach((part, i) => {
          if (i > 0) out.push({ kind: 'lineBreak' });
          if (part) out.push({ kind: 'text', text: part });
        });
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        const tag = child.tagName;
        if (tag === 'IMG') out.push({ kind: 'emoji', text: child.alt });
        else if (tag === 'A') {
          const href = child.getAttribute('href') ?? '';
          const text = child.textContent.trim();
          if (href.startsWith('/hashtag/')) out.push({ kind: 'hashtag', text, url: `https://x.com${href}` });
          else if (text.startsWith('@')) out.push({ kind: 'mention', text, url: `https://x.com${href}` });
          else out.push({ kind: 'link', text, url: text.replace(/…$/, '') });
        } else walk(child);
      }
    }
  };
  walk(root);
  return out;
}
