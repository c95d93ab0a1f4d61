// Builds the overlay's DOM: the reader frame (toolbar, status, message) and a thread as a
// readable article. Page data only ever reaches the DOM as `textContent` or as attributes of
// elements made here; only http(s) URLs become links or images.
// (Classic script, re-run on every click: it only reassigns one global.)
globalThis.UnspoolRender = (() => {
  const SVG_NS = 'http://www.w3.org/2000/svg';
  /** `h('a', {class: 'x', href}, child, 'text')`: an element with attributes and children. */
  function h(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined && c !== ''));
    return node;
  }

  /** A small SVG icon from path data (our own constants, never page data). */
  function icon(paths, attrs = {}) {
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', attrs.viewBox ?? '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    if (attrs.class) svg.setAttribute('class', attrs.class);
    for (const spec of paths) {
      const path = document.createElementNS(SVG_NS, spec.tag ?? 'path');
      for (const [name, value] of Object.entries(spec)) {
        if (name !== 'tag') path.setAttribute(name, value);
      }
      svg.append(path);
    }
    return svg;
  }

  const stroke = { fill: 'none', stroke: 'currentColor', 'stroke-width': '2',
                   'stroke-linecap': 'round', 'stroke-linejoin': 'round' };
  const ICONS = {
    close: [{ d: 'M6 6l12 12M18 6L6 18', ...stroke, 'stroke-width': '2.4' }],
    download: [{ d: 'M12 4v11m0 0l-4.5-4.5M12 15l4.5-4.5M5 19h14', ...stroke }],
    copy: [
      { tag: 'rect', x: '8', y: '8', width: '12', height: '12', rx: '2.5', ...stroke },
      { d: 'M16 8V6.5A2.5 2.5 0 0 0 13.5 4h-7A2.5 2.5 0 0 0 4 6.5v7A2.5 2.5 0 0 0 6.5 16H8', ...stroke },
    ],
    pdf: [
      { d: 'M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z', ...stroke },
      { d: 'M14 3v5h5M9 13h6M9 17h4', ...stroke },
    ],
    settings: [
      { d: 'M4 7h10M18 7h2M4 17h2M10 17h10', ...stroke },
      { tag: 'circle', cx: '16', cy: '7', r: '2.2', ...stroke },
      { tag: 'circle', cx: '8', cy: '17', r: '2.2', ...stroke },
    ],
    play: [{ d: 'M7 4.5v15a1 1 0 0 0 1.5.86l12.5-7.5a1 1 0 0 0 0-1.72L8.5 3.64A1 1 0 0 0 7 4.5z' }],
    verified: [{
      d: 'M22.25 12c0-1.43-.88-2.67-2.19-3.34.46-1.39.2-2.9-.81-3.91s-2.52-1.27-3.91-.81' +
        'c-.66-1.31-1.91-2.19-3.34-2.19s-2.67.88-3.33 2.19c-1.4-.46-2.91-.2-3.92.81s-1.26 2.52-.8 3.91' +
        'C2.63 9.33 1.75 10.57 1.75 12s.88 2.67 2.19 3.34c-.46 1.39-.2 2.9.81 3.91s2.52 1.26 3.91.81' +
        'c.67 1.31 1.91 2.19 3.34 2.19s2.68-.88 3.34-2.19c1.39.46 2.9.2 3.91-.81s1.27-2.52.81-3.91' +
        'C21.37 14.67 22.25 13.43 22.25 12zm-11.68 4.2L6.8 12.46l1.41-1.42 2.26 2.26 4.8-5.23' +
        ' 1.47 1.36-6.2 6.77z',
    }],
    // The extension's mark (icons/icon.svg, simplified).
    mark: [
      { tag: 'rect', width: '128', height: '128', rx: '28', fill: '#D9612F' },
      { tag: 'rect', x: '16', y: '16', width: '48', height: '16', rx: '6', fill: '#FFF8F0' },
      { tag: 'rect', x: '16', y: '96', width: '48', height: '16', rx: '6', fill: '#FFF8F0' },
      { tag: 'rect', x: '24', y: '32', width: '32', height: '64', fill: '#FFF8F0' },
      { d: 'M56 52C66 52 66 32 80 32', fill: 'none', stroke: '#FFF8F0', 'stroke-width': '10',
        'stroke-linecap': 'round' },
      { tag: 'rect', x: '72', y: '24', width: '40', height: '16', rx: '8', fill: '#FFF8F0' },
      { tag: 'rect', x: '72', y: '56', width: '40', height: '16', rx: '8', fill: '#FFF8F0' },
      { tag: 'rect', x: '72', y: '88', width: '24', height: '16', rx: '8', fill: '#FFF8F0' },
    ],
  };

  /** The URL if it is absolute http(s), else null: nothing else may become a link or image. */
  function httpUrl(value) {
    if (typeof value !== 'string' || value === '') return null;
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch {
      return null;
    }
  }

  /** A link that opens in a new tab, or plain text when the URL is not http(s). */
  function link(url, attrs, ...children) {
    const href = httpUrl(url);
    if (!href) return h('span', { class: attrs.class }, ...children);
    return h('a', { ...attrs, href, target: '_blank', rel: 'noopener noreferrer' }, ...children);
  }

  function image(url, attrs) {
    const src = httpUrl(url);
    if (!src) return null;
    // `src` last: the fetch is set up when it is set, and must already know it is lazy (most
    // photos are below the fold) and sends no referrer.
    return h('img', { ...attrs, loading: 'lazy', decoding: 'async', referrerpolicy: 'no-referrer', src });
  }

  /**
   * `tag` when it is a well-formed language tag ("en", "pt-BR"), else null: page data goes
   * into `lang` attributes only when a screen reader can use it.
   */
  function languageTag(tag) {
    return typeof tag === 'string' && /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(tag) ? tag : null;
  }

  /**
   * Rich text segments as paragraphs: a blank line starts a paragraph, a single break is <br>.
   * `lang` is the language the site says the text is in, for screen readers.
   */
  function richText(segments, lang = null) {
    const box = h('div', { class: 'post-text' });
    if (languageTag(lang)) box.lang = lang;
    let paragraph = null;
    let breaks = 0;
    const flushBreaks = () => {
      if (paragraph && breaks === 1) paragraph.append(h('br'));
      if (breaks >= 2) paragraph = null;
      breaks = 0;
    };
    for (const segment of Array.isArray(segments) ? segments : []) {
      if (segment?.kind === 'lineBreak') {
        breaks += 1;
        continue;
      }
      const node = segmentNode(segment);
      if (!node) continue;
      flushBreaks();
      if (!paragraph) {
        paragraph = h('p', { dir: 'auto' });
        box.append(paragraph);
      }
      paragraph.append(node);
    }
    return box;
  }

  function segmentNode(segment) {
    const text = typeof segment?.text === 'string' ? segment.text : '';
    if (!text) return null;
    switch (segment.kind) {
      case 'link':
        return link(segment.url, {}, text);
      case 'mention':
        return link(segment.url, { class: 'mention' }, text);
      case 'hashtag':
        return link(segment.url, { class: 'hashtag' }, text);
      default: // text, emoji, and kinds added later: their text is always safe to show
        return document.createTextNode(text);
    }
  }

  function mediaList(media, { postUrl, siteName, t }, className = 'media') {
    const items = (Array.isArray(media) ? media : []).map((item) => {
      const alt = typeof item?.alt === 'string' ? item.alt : '';
      const kindLabel = { video: 'video', gif: 'gifBadge' }[item?.kind] ?? 'photo';
      const img = image(item?.url, { alt: alt || t(kindLabel) });
      if (!img) return null;
      if (item.kind === 'video' || item.kind === 'gif') {
        const label = t(item.kind === 'gif' ? 'playGif' : 'playVideo', [siteName]);
        const badge = item.kind === 'gif' ? h('span', { class: 'gif-badge' }, t('gifBadge')) : null;
        const overlay = h('span', { class: 'play' }, h('span', {}, icon(ICONS.play)));
        const body = [img, overlay, badge];
        const target = httpUrl(item.link) ?? httpUrl(postUrl);
        return h('figure', {}, target
          ? link(target, { class: 'video', 'aria-label': label, title: label }, ...body)
          : h('div', { class: 'video' }, ...body));
      }
      if (alt) img.title = alt;
      return h('figure', {}, img);
    }).filter(Boolean);
    return items.length ? h('div', { class: className }, ...items) : null;
  }

  function verifiedBadge(t) {
    const badge = icon(ICONS.verified, { class: 'verified' });
    badge.setAttribute('aria-hidden', 'false');
    badge.setAttribute('role', 'img');
    badge.setAttribute('aria-label', t('verified'));
    return badge;
  }

  function quoteCard(quote, context) {
    const { t, dates } = context;
    const author = quote.author ?? {};
    const name = author.name || (author.handle ? `@${author.handle}` : '');
    const head = h('div', { class: 'quote-head' },
      image(author.avatarUrl, { alt: '' }),
      link(quote.url ?? author.url, {}, h('strong', {}, name)),
      author.verified ? verifiedBadge(t) : null,
      author.handle && author.name ? h('span', {}, `@${author.handle}`) : null,
      quote.time ? h('time', { datetime: quote.time }, dates.day(quote.time)) : null);
    return h('blockquote', { class: 'quote', 'aria-label': t('quotedPost') },
      head,
      richText(quote.text),
      mediaList(quote.media, { ...context, postUrl: quote.url }, 'quote-media'));
  }

  function linkCard(card) {
    const href = httpUrl(card.url);
    if (!href) return null;
    let domain = card.domain;
    if (!domain) domain = new URL(href).hostname.replace(/^www\./, '');
    return link(href, { class: 'card' },
      image(card.image, { alt: '' }),
      h('span', { class: 'card-body' },
        h('span', { class: 'card-domain' }, domain),
        card.title ? h('span', { class: 'card-title' }, card.title) : null));
  }

  /** "62.3%", "62,3 %" → 62.3 (0–100), else null. */
  function share(percent) {
    if (typeof percent !== 'string') return null;
    const value = Number.parseFloat(percent.replace(/[%\s]/g, '').replace(',', '.'));
    return Number.isFinite(value) && value >= 0 && value <= 100 ? value : null;
  }

  /** A poll: its choices, each over a bar at its share when the page showed results. */
  function pollView(poll, t) {
    const options = Array.isArray(poll?.options) ? poll.options : [];
    if (!options.length) return null;
    const shares = options.map((option) => share(option?.percent));
    const results = shares.some((value) => value !== null);
    const top = Math.max(0, ...shares.map((value) => value ?? 0));
    const items = options.map((option, i) => {
      const leading = results && top > 0 && shares[i] === top;
      const item = h('li', { class: leading ? 'poll-option leading' : 'poll-option' },
        h('span', { class: 'poll-label', dir: 'auto' },
          typeof option?.label === 'string' ? option.label : ''),
        typeof option?.percent === 'string' ? h('span', { class: 'poll-percent' }, option.percent) : null);
      if (shares[i] !== null) {
        const bar = h('span', { class: 'poll-bar', 'aria-hidden': 'true' });
        bar.style.width = `${shares[i]}%`;
        item.prepend(bar);
      }
      return item;
    });
    const summary = typeof poll.summary === 'string' && poll.summary ? poll.summary : null;
    return h('figure', { class: 'poll', role: 'group', 'aria-label': t('poll') },
      h('ul', { class: results ? 'poll-options results' : 'poll-options' }, ...items),
      summary ? h('figcaption', { class: 'poll-summary' }, summary) : null);
  }

  /** Context readers added to a post (X's community notes), in a labelled box. */
  function noteView(note, t) {
    if (!Array.isArray(note) || !note.length) return null;
    return h('aside', { class: 'note', 'aria-label': t('communityNote') },
      h('p', { class: 'note-label' }, t('communityNote')),
      richText(note));
  }

  /** Date formatting in the browser's language, tolerant of missing or odd timestamps. */
  function dateFormats(locale) {
    const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    const dayTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
    const parse = (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? null : date;
    };
    return {
      day(iso) {
        const date = parse(iso);
        return date ? day.format(date) : '';
      },
      /** Just the time when on the same day as `sameDayAs`, else date and time. */
      moment(iso, sameDayAs) {
        const date = parse(iso);
        if (!date) return '';
        const other = parse(sameDayAs);
        return other && other.toDateString() === date.toDateString()
          ? time.format(date) : dayTime.format(date);
      },
    };
  }

  /** The thread as an article; `result` is the worker's answer `{progress, title}`. */
  function threadView(result, { t, locale }) {
    const thread = result.progress.thread;
    const posts = thread.posts;
    const author = thread.author ?? {};
    const siteName = thread.siteName || thread.site || '';
    const dates = dateFormats(locale);
    const context = { t, dates, siteName };
    const firstTime = posts.find((p) => p.time)?.time;

    const count = posts.length === 1 ? t('postCountOne') : t('postCountMany', [String(posts.length)]);
    const meta = h('div', { class: 'byline-meta' },
      author.handle ? h('span', {}, `@${author.handle}`) : null,
      firstTime ? h('time', { datetime: firstTime }, dates.day(firstTime)) : null,
      h('span', {}, count),
      httpUrl(thread.sourceUrl) ? link(thread.sourceUrl, { class: 'view-original' },
        t('viewOriginal', [siteName])) : null);
    const byline = h('div', { class: 'byline' },
      image(author.avatarUrl, { class: 'avatar', alt: '' }),
      h('div', { class: 'byline-text' },
        h('div', { class: 'byline-name' },
          link(author.url, {}, author.name || (author.handle ? `@${author.handle}` : '')),
          author.verified ? verifiedBadge(t) : null),
        meta));

    const list = h('ol', { class: 'posts' }, ...posts.map((post, index) => {
      const number = index + 1;
      const when = post.time ? dates.moment(post.time, firstTime) : '';
      // A post the page no longer shows: its place in the thread and the site's notice.
      const gone = typeof post.unavailable === 'string' && post.unavailable !== '';
      return h('li', {
        class: gone ? 'post unavailable' : 'post', 'data-post-id': post.id, tabindex: '-1',
      },
      h('div', { class: 'post-aside' },
        h('span', { class: 'post-number' }, `${number}/${posts.length}`),
        gone ? null : link(post.url, { class: 'permalink' },
          post.time ? h('time', { datetime: post.time }, when) : t('permalink')),
        post.edited ? h('span', { class: 'edited' }, t('edited')) : null),
      gone ? h('div', { class: 'post-body' },
        h('p', { class: 'unavailable-notice', dir: 'auto' }, post.unavailable)) :
      h('div', { class: 'post-body' },
        post.contentWarning
          ? h('p', { class: 'content-warning', dir: 'auto' },
            h('strong', {}, t('contentWarning')), ' ', post.contentWarning)
          : null,
        richText(post.text, post.lang),
        post.truncated
          ? h('p', { class: 'truncated' }, link(post.url, {}, t('truncatedPost', [siteName])))
          : null,
        mediaList(post.media, { ...context, postUrl: post.url }),
        pollView(post.poll, t),
        post.quote ? quoteCard(post.quote, context) : null,
        post.card ? linkCard(post.card) : null,
        noteView(post.note, t)));
    }));

    const end = h('footer', { class: 'end' },
      h('span', { class: 'end-mark', 'aria-hidden': 'true' }, '• • •'),
      (result.complete ?? result.progress.done) ? null : h('p', {}, t('partialThread', [siteName])),
      h('p', {}, t('unrolledBy')));

    return h('article', { class: 'thread' },
      h('p', { class: 'kicker' }, t('threadKicker', [siteName])),
      // The title is the first post's first words (when it has any).
      h('h1', { class: 'title', dir: 'auto', lang: posts[0]?.text?.length ? languageTag(posts[0].lang) : null },
        result.title),
      byline,
      list,
      end);
  }

  /**
   * The empty reader frame: toolbar, status (progress or error), message, thread slot — in
   * the language of the extension's messages (their `uiLanguage`), whatever the page's is.
   */
  function readerFrame({ t }) {
    const button = (action, iconName, text, label) =>
      h('button', { type: 'button', 'data-action': action, title: label, 'aria-label': label },
        icon(ICONS[iconName]), text ? h('span', {}, text) : null);
    const dialog = h('div', {
      class: 'reader',
      role: 'dialog',
      'aria-modal': 'true',
      'aria-label': t('readerLabel'),
      'aria-busy': 'true',
      'data-state': 'collecting',
      tabindex: '-1',
    },
    h('div', { class: 'toolbar' },
      h('div', { class: 'brand' }, icon(ICONS.mark, { viewBox: '0 0 128 128' }), t('extName')),
      h('div', { class: 'actions' },
        button('copy-markdown', 'copy', t('copyMarkdown'), t('copyMarkdownLabel')),
        button('download-markdown', 'download', t('downloadMarkdown'), t('downloadMarkdownLabel')),
        button('download-pdf', 'pdf', t('downloadPdf'), t('downloadPdfLabel'))),
      settingsButton(button, t),
      button('close', 'close', null, t('close'))),
    h('div', { class: 'status' },
      h('div', { class: 'progress', role: 'status' },
        h('div', { class: 'spinner', 'aria-hidden': 'true' }),
        h('span', { 'data-role': 'progress' }, t('reading')),
        h('progress', { hidden: '', 'aria-label': t('collectingLabel') }),
        h('button', { type: 'button', class: 'cancel', 'data-action': 'cancel' }, t('cancel')))),
    h('div', { 'data-role': 'message', role: 'alert' }));
    const lang = languageTag(t('uiLanguage'));
    if (lang) dialog.lang = lang;
    return dialog;
  }

  /** The toolbar button that opens the settings panel (settings.js builds the panel). */
  function settingsButton(button, t) {
    const settings = button('settings', 'settings', null, t('settingsLabel'));
    settings.setAttribute('aria-expanded', 'false');
    settings.setAttribute('aria-controls', 'unspool-settings');
    return settings;
  }

  /** Fills the message element with a title line and optional detail lines. */
  function showMessage(element, title, ...details) {
    element.replaceChildren(
      h('strong', { class: 'message-title' }, title),
      ...details.filter(Boolean).map((text) => h('span', { class: 'message-detail' }, text)));
  }

  return Object.freeze({ readerFrame, threadView, showMessage, h });
})();
