// Renders logged-in x.com markup (2025-26 web client, dark mode) from plain JS data, for test
// fixtures. Dependency-free ESM (Node 20). The markup is modelled on the real captures in
// /work/shared/fixtures/x (see README.md for which piece comes from which capture); the page
// chrome itself is verbatim capture markup held in chrome.mjs.
//
// Exports: renderPost, renderReply, renderAd, renderHeading, renderShowReplies, renderSpinner,
// renderEmptyCell, renderTombstone, renderDmRow, renderPage, plus helpers (snowflake,
// snowflakeMs, parseText, twemojiFile, tco, mediaKey, layout, pollShares).

import { CHROME } from './chrome.mjs';

// ---------------------------------------------------------------------------------------------
// ids, time, randomness

export const TWITTER_EPOCH = 1288834974657n;

/** Snowflake id for a Unix time in ms: ((ms - epoch) << 22) | low bits (< 2^22). */
export function snowflake(ms, low = 0) {
  if (low < 0 || low >= 1 << 22) throw new Error('snowflake low bits out of range');
  return (((BigInt(ms) - TWITTER_EPOCH) << 22n) | BigInt(low)).toString();
}

/** Unix time in ms encoded in a snowflake id. */
export function snowflakeMs(id) {
  return Number((BigInt(id) >> 22n) + TWITTER_EPOCH);
}

/** X renders datetime with second precision: 2020-12-03T14:05:12.000Z */
export function isoSeconds(ms) {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

function fnv1a(str) {
  let h = 0x811c9dc5;
  for (const ch of str) {
    h ^= ch.codePointAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Deterministic PRNG (mulberry32) seeded from a string. */
export function rng(seed) {
  let a = fnv1a(String(seed));
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randStr(r, n, alphabet) {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}
const B36 = 'abcdefghijklmnopqrstuvwxyz0123456789';
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64URL = B62 + '-_';

/** React-style element ids ("id__k4xj1c0v9s"), deterministic per seed. */
function idMaker(seed) {
  const r = rng(`ids:${seed}`);
  return () => `id__${randStr(r, 8 + Math.floor(r() * 5), B36)}`;
}

/** Deterministic t.co link for a URL. */
export function tco(url) {
  return `https://t.co/${randStr(rng(`tco:${url}`), 10, B62)}`;
}

/** Deterministic 15-char media key ("Gn-nd1BbYAAYOgR"-like). */
export function mediaKey(seed) {
  const r = rng(`media:${seed}`);
  return `G${randStr(r, 3, B64URL)}${randStr(r, 4, B62)}AA${randStr(r, 5, B64URL)}`;
}

// Display time zone of the (simulated) browser; X renders local time. Fixed UTC-5, no DST.
const TZ_OFFSET_MIN = -300;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function local(ms) {
  return new Date(ms + TZ_OFFSET_MIN * 60000);
}
/** Focal post's time line: "8:03 PM · Mar 3, 2026" */
export function focalTime(ms) {
  const d = local(ms);
  const h = d.getUTCHours();
  const hh = h % 12 === 0 ? 12 : h % 12;
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${hh}:${mm} ${h < 12 ? 'AM' : 'PM'} · ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}
/** Timeline-style relative time: [text, aria-label], e.g. ["5h", "5 hours ago"], ["Dec 3, 2020", ...]. */
export function relativeTime(ms, now) {
  const s = Math.max(0, Math.floor((now - ms) / 1000));
  const plural = (n, w) => `${n} ${w}${n === 1 ? '' : 's'} ago`;
  if (s < 60) return [`${s}s`, plural(s, 'second')];
  if (s < 3600) return [`${Math.floor(s / 60)}m`, plural(Math.floor(s / 60), 'minute')];
  if (s < 86400) return [`${Math.floor(s / 3600)}h`, plural(Math.floor(s / 3600), 'hour')];
  const d = local(ms);
  const text =
    d.getUTCFullYear() === local(now).getUTCFullYear()
      ? `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`
      : `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
  return [text, text];
}

// ---------------------------------------------------------------------------------------------
// escaping and shared class strings

export const escText = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const escAttr = (s) => escText(s).replace(/"/g, '&quot;');

const V = 'css-175oi2r'; // View
const T = 'css-146c3p1 r-bcqeeo r-1ttztb7 r-qvutc0 r-37j5jr'; // Text
const S = 'css-1jxf684 r-bcqeeo r-1ttztb7 r-qvutc0 r-poiln3'; // inline span
const BODY = 'r-a023e6 r-rjixqe'; // 15px / 20px
const WHITE = 'color: rgb(231, 233, 234);';
const GREY = 'color: rgb(113, 118, 123);';
const BLUE = 'color: rgb(29, 155, 240);';
const span = (text, extra = '') => `<span class="${S}${extra}">${escText(text)}</span>`;

const ICON = {
  verified:
    'M20.396 11c-.018-.646-.215-1.275-.57-1.816-.354-.54-.852-.972-1.438-1.246.223-.607.27-1.264.14-1.897-.131-.634-.437-1.218-.882-1.687-.47-.445-1.053-.75-1.687-.882-.633-.13-1.29-.083-1.897.14-.273-.587-.704-1.086-1.245-1.44S11.647 1.62 11 1.604c-.646.017-1.273.213-1.813.568s-.969.854-1.24 1.44c-.608-.223-1.267-.272-1.902-.14-.635.13-1.22.436-1.69.882-.445.47-.749 1.055-.878 1.688-.13.633-.08 1.29.144 1.896-.587.274-1.087.705-1.443 1.245-.356.54-.555 1.17-.574 1.817.02.647.218 1.276.574 1.817.356.54.856.972 1.443 1.245-.224.606-.274 1.263-.144 1.896.13.634.433 1.218.877 1.688.47.443 1.054.747 1.687.878.633.132 1.29.084 1.897-.136.274.586.705 1.084 1.246 1.439.54.354 1.17.551 1.816.569.647-.016 1.276-.213 1.817-.567s.972-.854 1.245-1.44c.604.239 1.266.296 1.903.164.636-.132 1.22-.447 1.68-.907.46-.46.776-1.044.908-1.681s.075-1.299-.165-1.903c.586-.274 1.084-.705 1.439-1.246.354-.54.551-1.17.569-1.816zM9.662 14.85l-3.429-3.428 1.293-1.302 2.072 2.072 4.4-4.794 1.347 1.246z',
  grok: 'M12.745 20.54l10.97-8.19c.539-.4 1.307-.244 1.564.38 1.349 3.288.746 7.241-1.938 9.955-2.683 2.714-6.417 3.31-9.83 1.954l-3.728 1.745c5.347 3.697 11.84 2.782 15.898-1.324 3.219-3.255 4.216-7.692 3.284-11.693l.008.009c-1.351-5.878.332-8.227 3.782-13.031L33 0l-4.54 4.59v-.014L12.743 20.544m-2.263 1.987c-3.837-3.707-3.175-9.446.1-12.755 2.42-2.449 6.388-3.448 9.852-1.979l3.72-1.737c-.67-.49-1.53-1.017-2.515-1.387-4.455-1.854-9.789-.931-13.41 2.728-3.483 3.523-4.579 8.94-2.697 13.561 1.405 3.454-.899 5.898-3.22 8.364C1.49 30.2.666 31.074 0 32l10.478-9.466',
  more: 'M3 12c0-1.1.9-2 2-2s2 .9 2 2-.9 2-2 2-2-.9-2-2zm9 2c1.1 0 2-.9 2-2s-.9-2-2-2-2 .9-2 2 .9 2 2 2zm7 0c1.1 0 2-.9 2-2s-.9-2-2-2-2 .9-2 2 .9 2 2 2z',
  reply:
    'M1.751 10c0-4.42 3.584-8 8.005-8h4.366c4.49 0 8.129 3.64 8.129 8.13 0 2.96-1.607 5.68-4.196 7.11l-8.054 4.46v-3.69h-.067c-4.49.1-8.183-3.51-8.183-8.01zm8.005-6c-3.317 0-6.005 2.69-6.005 6 0 3.37 2.77 6.08 6.138 6.01l.351-.01h1.761v2.3l5.087-2.81c1.951-1.08 3.163-3.13 3.163-5.36 0-3.39-2.744-6.13-6.129-6.13H9.756z',
  retweet:
    'M4.5 3.88l4.432 4.14-1.364 1.46L5.5 7.55V16c0 1.1.896 2 2 2H13v2H7.5c-2.209 0-4-1.79-4-4V7.55L1.432 9.48.068 8.02 4.5 3.88zM16.5 6H11V4h5.5c2.209 0 4 1.79 4 4v8.45l2.068-1.93 1.364 1.46-4.432 4.14-4.432-4.14 1.364-1.46 2.068 1.93V8c0-1.1-.896-2-2-2z',
  like: 'M16.697 5.5c-1.222-.06-2.679.51-3.89 2.16l-.805 1.09-.806-1.09C9.984 6.01 8.526 5.44 7.304 5.5c-1.243.07-2.349.78-2.91 1.91-.552 1.12-.633 2.78.479 4.82 1.074 1.97 3.257 4.27 7.129 6.61 3.87-2.34 6.052-4.64 7.126-6.61 1.111-2.04 1.03-3.7.477-4.82-.561-1.13-1.666-1.84-2.908-1.91zm4.187 7.69c-1.351 2.48-4.001 5.12-8.379 7.67l-.503.3-.504-.3c-4.379-2.55-7.029-5.19-8.382-7.67-1.36-2.5-1.41-4.86-.514-6.67.887-1.79 2.647-2.91 4.601-3.01 1.651-.09 3.368.56 4.798 2.01 1.429-1.45 3.146-2.1 4.796-2.01 1.954.1 3.714 1.22 4.601 3.01.896 1.81.846 4.17-.514 6.67z',
  views: 'M8.75 21V3h2v18h-2zM18 21V8.5h2V21h-2zM4 21l.004-10h2L6 21H4zm9.248 0v-7h2v7h-2z',
  bookmark:
    'M4 4.5C4 3.12 5.119 2 6.5 2h11C18.881 2 20 3.12 20 4.5v18.44l-8-5.71-8 5.71V4.5zM6.5 4c-.276 0-.5.22-.5.5v14.56l6-4.29 6 4.29V4.5c0-.28-.224-.5-.5-.5h-11z',
  // Pencil of "Last edited" and the people icon of community notes: drawn from memory of X's
  // icons, not from a capture.
  edit: 'M14.23 2.854c.98-.977 2.56-.977 3.54 0l3.38 3.378c.97.977.97 2.559 0 3.536L9.91 21H3v-6.914L14.23 2.854zm2.12 1.414c-.19-.195-.51-.195-.7 0L5 14.914V19h4.09L19.73 8.354c.2-.196.2-.512 0-.708l-3.38-3.378zM14.75 19l-2 2H21v-2h-6.25z',
  birdwatch:
    'M12 1.75C6.34 1.75 1.75 6.34 1.75 12S6.34 22.25 12 22.25 22.25 17.66 22.25 12 17.66 1.75 12 1.75zm-.25 10.48L10.5 17.5l-2-1.5v-3.5L7.5 9 12 7.5l4.5 1.5-1 3.5v3.5l-2 1.5-1.25-5.27z',
  share:
    'M12 2.59l5.7 5.7-1.41 1.42L13 6.41V16h-2V6.41l-3.3 3.3-1.41-1.42L12 2.59zM21 15l-.02 3.51c0 1.38-1.12 2.49-2.5 2.49H5.5C4.11 21 3 19.88 3 18.5V15h2v3.5c0 .28.22.5.5.5h12.98c.28 0 .5-.22.5-.5L19 15h2z',
};
const ICON_CLS = 'r-4qtqp9 r-yyyyoo r-dnmrzs r-bnwqim r-lrvibr r-m6rgpd';
const svg = (d, cls, viewBox = '0 0 24 24') =>
  `<svg viewBox="${viewBox}" aria-hidden="true" class="${ICON_CLS} ${cls}"><g><path d="${d}"></path></g></svg>`;
const verifiedBadge = () =>
  `<svg viewBox="0 0 22 22" aria-label="Verified account" role="img" class="r-4qtqp9 r-yyyyoo r-1xvli5t r-bnwqim r-lrvibr r-m6rgpd r-1cvl2hr r-f9ja8p r-og9te1 r-3t4u6i" data-testid="icon-verified"><g><path d="${ICON.verified}"></path></g></svg>`;

// ---------------------------------------------------------------------------------------------
// counts

function countShort(n) {
  if (!n) return '';
  if (n < 1000) return String(n);
  if (n < 10000) return `${Math.floor(n / 100) / 10}K`.replace('.0K', 'K');
  if (n < 1e6) return `${Math.floor(n / 1000)}K`;
  return `${Math.floor(n / 1e5) / 10}M`.replace('.0M', 'M');
}
function countFocal(n) {
  if (n < 10000) return n.toLocaleString('en-US');
  if (n < 1e6) return `${Math.floor(n / 100) / 10}K`.replace('.0K', 'K');
  return `${Math.floor(n / 1e5) / 10}M`.replace('.0M', 'M');
}

// ---------------------------------------------------------------------------------------------
// rich text

const EMOJI_NAMES = {
  '🧵': 'Thread',
  '👇': 'Backhand index pointing down',
  '▫️': 'White small square',
  '🤣': 'Rolling on the floor laughing',
  '😂': 'Face with tears of joy',
  '👨‍💻': 'Man technologist',
  '🚀': 'Rocket',
  '🔥': 'Fire',
  '🐍': 'Snake',
  '📈': 'Chart increasing',
  '🙏': 'Folded hands',
  '👍🏽': 'Thumbs up: medium skin tone',
  '💯': 'Hundred points',
  '🎉': 'Party popper',
  '✅': 'Check mark button',
  '❤️': 'Red heart',
  '👀': 'Eyes',
  '🇩🇪': 'Flag: Germany',
  '😅': 'Grinning face with sweat',
};

/** Twemoji file name (without .svg) for an emoji: code points, FE0F dropped unless ZWJ present. */
export function twemojiFile(emoji) {
  const cps = [...emoji].map((c) => c.codePointAt(0));
  const keep = cps.includes(0x200d) ? cps : cps.filter((c) => c !== 0xfe0f);
  return keep.map((c) => c.toString(16)).join('-');
}

const EMOJI_RE =
  /(?:\p{Regional_Indicator}{2}|(?:\p{Extended_Pictographic}|\p{Emoji_Modifier})(?:\uFE0F|\p{Emoji_Modifier})*(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})*)*)/u;
const TOKEN_RE = new RegExp(
  [
    '(https?://[^\\s]+[^\\s.,;:!?)\\]"\'])', // 1 url
    '(?<![\\w@])@([A-Za-z0-9_]{1,15})', // 2 mention
    '(?<![\\w&#])#([\\p{L}\\p{N}_]*\\p{L}[\\p{L}\\p{N}_]*)', // 3 hashtag
    '(?<![\\w$])\\$([A-Za-z]{1,6})(?![\\w])', // 4 cashtag
    `(${EMOJI_RE.source})`, // 5 emoji
  ].join('|'),
  'gu',
);

/**
 * Splits post text into segments: {t:'text', v}, {t:'url', v}, {t:'mention', v},
 * {t:'hashtag', v}, {t:'cashtag', v}, {t:'emoji', v}.
 */
export function parseText(text) {
  const out = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN_RE)) {
    if (m.index > last) out.push({ t: 'text', v: text.slice(last, m.index) });
    if (m[1]) out.push({ t: 'url', v: m[1] });
    else if (m[2]) out.push({ t: 'mention', v: m[2] });
    else if (m[3]) out.push({ t: 'hashtag', v: m[3] });
    else if (m[4]) out.push({ t: 'cashtag', v: m[4] });
    else out.push({ t: 'emoji', v: m[5] });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ t: 'text', v: text.slice(last) });
  return out;
}

const HIDDEN = `${S} r-qlhcfr r-qvk6io`;
/** The inside of a rendered link: hidden scheme (+www.), visible part, hidden rest, ellipsis. */
function linkInner(url) {
  const m = /^(https?:\/\/(?:www\.)?)(.*)$/.exec(url);
  const [prefix, rest] = [m[1], m[2]];
  const MAX = 25;
  if (rest.length <= MAX + 4) return `<span aria-hidden="true" class="${HIDDEN}">${escText(prefix)}</span>${escText(rest)}`;
  return (
    `<span aria-hidden="true" class="${HIDDEN}">${escText(prefix)}</span>${escText(rest.slice(0, MAX))}` +
    `<span aria-hidden="true" class="${HIDDEN}">${escText(rest.slice(MAX))}</span>` +
    `<span aria-hidden="true" class="${S} r-lrvibr">…</span>`
  );
}

function emojiImg(e, alt) {
  if (!alt && !EMOJI_NAMES[e]) throw new Error(`add a name for ${e} (${twemojiFile(e)}) to EMOJI_NAMES`);
  const title = alt ?? EMOJI_NAMES[e];
  return `<img alt="${escAttr(alt ?? e)}" draggable="false" src="https://abs-0.twimg.com/emoji/v2/svg/${twemojiFile(e)}.svg" title="${escAttr(title)}" class="r-4qtqp9 r-dflpy8 r-k4bwe5 r-1kpi4qh r-pp5qcn r-h9hxbl">`;
}

/**
 * Renders the children of a [data-testid="tweetText"]. Inside a quoted post (inQuote) X renders
 * links, mentions and hashtags as plain spans (no nested links inside the quote's role=link).
 */
export function renderRichText(text, { links = {}, emojiAlt = {}, inQuote = false } = {}) {
  const segs = parseText(text);
  let html = '';
  segs.forEach((s, i) => {
    const next = segs[i + 1];
    switch (s.t) {
      case 'text':
        html += span(s.v);
        break;
      case 'emoji':
        html += emojiImg(s.v, emojiAlt[s.v]);
        if (next && next.t !== 'text') html += `<span class="${S}"></span>`;
        break;
      case 'url': {
        const href = links[s.v] ?? tco(s.v);
        html += inQuote
          ? `<span dir="ltr" class="${S}">${linkInner(s.v)}</span>`
          : `<a dir="ltr" href="${escAttr(href)}" rel="noopener noreferrer nofollow" target="_blank" role="link" class="${S} r-1loqt21" style="${BLUE}">${linkInner(s.v)}</a>`;
        break;
      }
      case 'mention':
        html += inQuote
          ? `<div class="${V} r-xoduu5"><span class="r-18u37iz"><span dir="ltr" class="${S} r-1wvb978" style="${BLUE}">@${escText(s.v)}</span></span></div>`
          : `<div class="${V} r-xoduu5"><span class="r-18u37iz"><a dir="ltr" href="/${escAttr(s.v)}" role="link" class="${S} r-1wvb978 r-1loqt21" style="${BLUE}">@${escText(s.v)}</a></span></div>`;
        break;
      case 'hashtag':
      case 'cashtag': {
        const label = s.t === 'hashtag' ? `#${s.v}` : `$${s.v}`;
        const href =
          s.t === 'hashtag'
            ? `/hashtag/${encodeURIComponent(s.v)}?src=hashtag_click`
            : `/search?q=%24${encodeURIComponent(s.v)}&src=cashtag_click`;
        html += inQuote
          ? `<span class="r-18u37iz"><span dir="ltr" class="${S}" style="${BLUE}">${escText(label)}</span></span>`
          : `<span class="r-18u37iz"><a dir="ltr" href="${escAttr(href)}" role="link" class="${S} r-1loqt21" style="${BLUE}">${escText(label)}</a></span>`;
        break;
      }
    }
  });
  return html;
}

// ---------------------------------------------------------------------------------------------
// avatar and user name

const AVATAR_LAYERS = (img, alt = '') =>
  `<div class="${V} r-sdzlij r-1udh08x r-633pao r-45ll9u r-u8s1d r-1v2oles r-176fswd" style="width: calc(100% - 4px); height: calc(100% - 4px);"><div class="${V} r-1pi2tsx r-13qz1uu" style="background-color: rgba(0, 0, 0, 0);"></div></div>` +
  `<div class="${V} r-sdzlij r-1udh08x r-633pao r-45ll9u r-u8s1d r-1v2oles r-176fswd" style="width: calc(100% - 4px); height: calc(100% - 4px);"><div class="${V} r-1pi2tsx r-13qz1uu r-kemksi"></div></div>` +
  `<div class="${V} r-sdzlij r-1udh08x r-633pao r-45ll9u r-u8s1d r-1v2oles r-176fswd" style="background-color: rgb(0, 0, 0); width: calc(100% - 4px); height: calc(100% - 4px);"><div class="${V} r-1adg3ll r-1udh08x" style=""><div class="r-1adg3ll r-13qz1uu" style="padding-bottom: 100%;"></div><div class="r-1p0dtai r-1pi2tsx r-1d2f490 r-u8s1d r-ipm5af r-13qz1uu"><div class="${V} r-1mlwlqe r-1udh08x r-417010 r-aqfbo4 r-agouwx r-1p0dtai r-1d2f490 r-u8s1d r-zchlnj r-ipm5af"><div class="${V} r-1niwhzg r-vvn4in r-u6sd8q r-1p0dtai r-1pi2tsx r-1d2f490 r-u8s1d r-zchlnj r-ipm5af r-13qz1uu r-1wyyakw r-4gszlv" style="background-image: url(&quot;${escAttr(img)}&quot;);"></div><img alt="${escAttr(alt)}" draggable="true" src="${escAttr(img)}" class="css-9pa8cd"></div></div></div></div>` +
  `<div class="${V} r-sdzlij r-1udh08x r-45ll9u r-u8s1d r-1v2oles r-176fswd" style="width: calc(100% - 4px); height: calc(100% - 4px);"><div class="${V} r-172uzmj r-1pi2tsx r-13qz1uu r-o7ynqc r-6416eg r-1ny4l3l"></div></div>`;

function avatarBox(user, size, inner) {
  return (
    `<div class="${V} r-bztko3 r-1adg3ll" data-testid="UserAvatar-Container-${escAttr(user.handle)}" style="width: ${size}px; height: ${size}px;"><div class="r-1adg3ll r-13qz1uu" style="padding-bottom: 100%;"></div><div class="r-1p0dtai r-1pi2tsx r-1d2f490 r-u8s1d r-ipm5af r-13qz1uu"><div class="${V} r-1adg3ll r-1pi2tsx r-13qz1uu r-45ll9u r-u8s1d r-1v2oles r-176fswd r-bztko3"><div class="r-1adg3ll r-13qz1uu" style="padding-bottom: 100%;"></div><div class="r-1p0dtai r-1pi2tsx r-1d2f490 r-u8s1d r-ipm5af r-13qz1uu"><div class="${V} r-sdzlij r-1udh08x r-5f1w11 r-u8s1d r-8jfcpp" style="width: calc(100% + 4px); height: calc(100% + 4px);">` +
    inner +
    `</div></div></div></div></div>`
  );
}

/** [data-testid="Tweet-User-Avatar"] of an article (40px, linked to the profile). */
function tweetAvatar(user) {
  return (
    `<div class="${V}" data-testid="Tweet-User-Avatar"><div class="${V} r-18kxxzh r-1wbh5a2 r-13qz1uu"><div class="${V} r-1wbh5a2 r-dnmrzs">` +
    avatarBox(
      user,
      40,
      `<a href="/${escAttr(user.handle)}" aria-hidden="true" role="link" tabindex="-1" class="${V} r-1pi2tsx r-13qz1uu r-o7ynqc r-6416eg r-1ny4l3l r-1loqt21" style="background-color: rgba(0, 0, 0, 0);">${AVATAR_LAYERS(user.avatar)}</a>`,
    ) +
    `</div></div></div>`
  );
}

function nameBlock(user, { link = true } = {}) {
  const inner =
    `<div class="${V} r-1awozwy r-18u37iz r-1wbh5a2 r-dnmrzs"><div dir="ltr" class="${T} ${BODY} r-b88u0q r-1awozwy r-6koalj r-1udh08x r-3s2u2q" style="${WHITE}"><span class="${S.replace('r-bcqeeo', 'r-dnmrzs r-1udh08x r-1udbk01 r-3s2u2q r-bcqeeo')}">${renderName(user.name)}</span></div>` +
    (user.verified
      ? `<div dir="ltr" class="${T} ${BODY} r-16dba41 r-xoduu5 r-18u37iz r-1q142lx" style="${WHITE}"><span class="${S} r-1awozwy r-xoduu5">${verifiedBadge()}</span></div>`
      : '') +
    `</div>`;
  return link
    ? `<div class="${V} r-1awozwy r-18u37iz r-1wbh5a2 r-dnmrzs"><div class="${V} r-1wbh5a2 r-dnmrzs"><a href="/${escAttr(user.handle)}" role="link" class="${V} r-1wbh5a2 r-dnmrzs r-1ny4l3l r-1loqt21">${inner}</a></div></div>`
    : `<div class="${V} r-1awozwy r-18u37iz r-1wbh5a2 r-dnmrzs"><div class="${V} r-1wbh5a2 r-dnmrzs"><div class="${V} r-1wbh5a2 r-dnmrzs r-1ny4l3l">${inner}</div></div></div>`;
}

/** Display names can hold emoji too (rendered as twemoji imgs, like the captured nav). */
function renderName(name) {
  return parseText(name)
    .map((s) => (s.t === 'emoji' ? emojiImg(s.v) : span(s.v)))
    .join('');
}

const handleDiv = (user) =>
  `<div dir="ltr" class="${T.replace('css-146c3p1 r-bcqeeo', 'css-146c3p1 r-dnmrzs r-1udh08x r-1udbk01 r-3s2u2q r-bcqeeo')} ${BODY} r-16dba41 r-18u37iz r-1wvb978" style="${GREY}">${span(`@${user.handle}`)}</div>`;
const dotDiv = () => `<div dir="ltr" aria-hidden="true" class="${T} ${BODY} r-16dba41 r-1q142lx r-n7gxbd" style="${GREY}">${span('·')}</div>`;

/**
 * [data-testid="User-Name"]. mode: 'focal' (name over handle, no time), 'timeline' (handle · time
 * link), 'ad' (no time), 'quote' (nothing is a link; time without a status link).
 */
function userName(post, mode, id, now) {
  const u = post.author;
  if (mode === 'focal') {
    return (
      `<div class="${V} r-1wbh5a2 r-dnmrzs r-1ny4l3l" id="${id}" data-testid="User-Name">` +
      nameBlock(u) +
      `<div class="${V} r-18u37iz r-1wbh5a2"><div class="${V} r-1d09ksm r-18u37iz r-1wbh5a2"><div class="${V} r-1wbh5a2 r-dnmrzs"><a href="/${escAttr(u.handle)}" role="link" tabindex="-1" class="${V} r-1wbh5a2 r-dnmrzs r-1ny4l3l r-1loqt21">${handleDiv(u)}</a></div></div></div>` +
      `</div>`
    );
  }
  const [rel, relLabel] = relativeTime(post.ms, now);
  const handle =
    mode === 'quote'
      ? `<div class="${V} r-1wbh5a2 r-dnmrzs"><div tabindex="-1" class="${V} r-1wbh5a2 r-dnmrzs r-1ny4l3l">${handleDiv(u)}</div></div>`
      : `<div class="${V} r-1wbh5a2 r-dnmrzs"><a href="/${escAttr(u.handle)}" role="link" tabindex="-1" class="${V} r-1wbh5a2 r-dnmrzs r-1ny4l3l r-1loqt21">${handleDiv(u)}</a></div>`;
  let time = '';
  if (mode === 'timeline') {
    time =
      dotDiv() +
      `<div class="${V} r-18u37iz r-1q142lx"><a href="/${escAttr(u.handle)}/status/${post.id}" dir="ltr" aria-label="${escAttr(relLabel)}" role="link" class="${T} ${BODY} r-16dba41 r-xoduu5 r-1q142lx r-1w6e6rj r-9aw3ui r-3s2u2q r-1loqt21" style="${GREY}"><time datetime="${isoSeconds(post.ms)}">${escText(rel)}</time></a></div>`;
  } else if (mode === 'quote') {
    time =
      dotDiv() +
      `<div class="${V} r-18u37iz r-1q142lx"><div class="${V} r-1d09ksm r-18u37iz r-1wbh5a2"><div dir="ltr" aria-label="${escAttr(relLabel)}" class="${T} ${BODY} r-16dba41 r-xoduu5 r-1q142lx r-1w6e6rj r-9aw3ui r-3s2u2q" style="${GREY}"><time datetime="${isoSeconds(post.ms)}">${escText(rel)}</time></div></div></div>`;
  }
  return (
    `<div class="${V} r-1wbh5a2 r-dnmrzs r-1ny4l3l r-1awozwy r-18u37iz"${id ? ` id="${id}"` : ''} data-testid="User-Name">` +
    nameBlock(u, { link: mode !== 'quote' }) +
    `<div class="${V} r-18u37iz r-1wbh5a2 r-1ez5h0i"><div class="${V} r-1d09ksm r-18u37iz r-1wbh5a2">${handle}${time}</div></div>` +
    `</div>`
  );
}

// ---------------------------------------------------------------------------------------------
// buttons

const BTN = `${V} r-1777fci r-bt1l66 r-bztko3 r-lrvibr r-1loqt21 r-1ny4l3l`;
const BTN_TXT = `${T} ${BODY} r-16dba41 r-1awozwy r-6koalj r-1h0z5md r-o7ynqc r-clp7b1 r-3s2u2q`;
const HOVER = `<div class="${V} r-xoduu5 r-1p0dtai r-1d2f490 r-u8s1d r-zchlnj r-ipm5af r-1niwhzg r-sdzlij r-xf4iuw r-o7ynqc r-6416eg r-1ny4l3l"></div>`;
const countSpan = (n) =>
  `<div class="${V} r-xoduu5 r-1udh08x"><span data-testid="app-text-transition-container" style="transition-property: transform; transition-duration: 0.3s; transform: translate3d(0px, 0px, 0px);"><span class="css-1jxf684 r-1ttztb7 r-qvutc0 r-poiln3 r-n6v787 r-1cwl3u0 r-1k6nrdp r-n7gxbd">${
    n ? `<span class="${S}">${countShort(n)}</span>` : ''
  }</span></span></div>`;

function iconButton({ label, testid, icon, count, iconCls, showCount = true, menu = false, viewBox }) {
  const attrs = menu ? 'aria-expanded="false" aria-haspopup="menu" ' : '';
  return (
    `<button ${attrs}aria-label="${escAttr(label)}" role="button" class="${BTN}"${testid ? ` data-testid="${testid}"` : ''} type="button"><div dir="ltr" class="${BTN_TXT}" style="${GREY}"><div class="${V} r-xoduu5">${HOVER}${svg(icon, iconCls, viewBox)}</div>` +
    (showCount ? countSpan(count) : '') +
    `</div></button>`
  );
}

/**
 * "More" (caret) control at the top right of an article, with an optional "Ad" label and an
 * optional "Grok actions" button (captured in 2025 timelines; off by default to keep pages small).
 */
function topRight({ ad = false, grok = false } = {}) {
  return (
    `<div class="${V} r-1kkk96v"><div class="${V} r-1awozwy r-18u37iz r-1cmwbt1 r-1wtj0ep">` +
    (ad ? `<div dir="ltr" class="${T} ${BODY} r-16dba41 r-1q142lx" style="${GREY}">${span('Ad')}</div>` : '') +
    (grok ? `<div class="${V} r-18u37iz r-1h0z5md">${iconButton({ label: 'Grok actions', icon: ICON.grok, iconCls: 'r-1xvli5t r-1hdv0qi', showCount: false, viewBox: '0 0 33 32' })}</div>` : '') +
    `<div class="${V} r-1awozwy r-6koalj r-18u37iz"><div class="${V}"><div class="${V} r-18u37iz r-1h0z5md">${iconButton({ label: 'More', testid: 'caret', icon: ICON.more, iconCls: 'r-1xvli5t r-1hdv0qi', showCount: false, menu: true })}</div></div></div>` +
    `</div></div>`
  );
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** The action bar: role=group with reply / repost / like / (views link) / bookmark / share. */
/** X has view counts only for posts from mid-December 2022 on; older posts show none. */
const VIEWS_SINCE = Date.UTC(2022, 11, 15);
const hasViews = (post) => post.ms >= VIEWS_SINCE;

function actionBar(post, { focal, id, withAnalytics }) {
  const st = { replies: 0, reposts: 0, likes: 0, bookmarks: 0, views: 0, ...post.stats };
  if (!hasViews(post)) st.views = 0;
  const parts = [];
  if (st.replies) parts.push(plural(st.replies, 'reply', 'replies'));
  if (st.reposts) parts.push(plural(st.reposts, 'repost', 'reposts'));
  if (st.likes) parts.push(plural(st.likes, 'like', 'likes'));
  if (st.bookmarks) parts.push(plural(st.bookmarks, 'bookmark', 'bookmarks'));
  if (st.views && !focal) parts.push(plural(st.views, 'view', 'views'));
  const iconCls = focal ? 'r-50lct3 r-1srniue' : 'r-1xvli5t r-1hdv0qi';
  const cell = (inner, cls = 'r-13awgt0') => `<div class="${V} r-18u37iz r-1h0z5md ${cls}">${inner}</div>`;
  const group = focal
    ? 'r-1kbdv8c r-18u37iz r-1oszu61 r-3qxfft r-n7gxbd r-2sztyj r-1efd50x r-5kkj8d r-h3s6tt r-1wtj0ep'
    : 'r-1kbdv8c r-18u37iz r-1wtj0ep r-1ye8kvj r-1s2bzr4';
  let html = `<div class="${V}"><div class="${V}"><div aria-label="${escAttr(parts.join(', '))}" role="group" class="${V} ${group}" id="${id}">`;
  html += cell(iconButton({ label: st.replies ? `${st.replies} Replies. Reply` : 'Reply', testid: 'reply', icon: ICON.reply, count: st.replies, iconCls }));
  html += cell(iconButton({ label: `${st.reposts} reposts. Repost`, testid: 'retweet', icon: ICON.retweet, count: st.reposts, iconCls, menu: true }));
  html += cell(iconButton({ label: `${st.likes} Likes. Like`, testid: 'like', icon: ICON.like, count: st.likes, iconCls }));
  if (withAnalytics) {
    html += cell(
      `<a href="/${escAttr(post.author.handle)}/status/${post.id}/analytics" aria-label="${st.views} views. View post analytics" role="link" class="${V} r-1777fci r-bt1l66 r-bztko3 r-lrvibr r-1ny4l3l r-1loqt21"><div dir="ltr" class="${BTN_TXT}" style="${GREY}"><div class="${V} r-xoduu5">${HOVER}${svg(ICON.views, iconCls)}</div>${countSpan(st.views)}</div></a>`,
    );
  }
  html += cell(
    focal
      ? iconButton({ label: `${st.bookmarks} Bookmarks. Bookmark`, testid: 'bookmark', icon: ICON.bookmark, count: st.bookmarks, iconCls })
      : iconButton({ label: 'Bookmark', testid: 'bookmark', icon: ICON.bookmark, iconCls, showCount: false }),
    focal ? 'r-13awgt0' : 'r-1wron08',
  );
  // Share: kept on the focal post only, to keep 20-post pages under 400 KB.
  if (focal || post.share) {
    html += `<div class="${V}" style="justify-content: inherit; display: inline-grid; transform: rotate(0deg) scale(1) translate3d(0px, 0px, 0px);"><div class="${V} r-18u37iz r-1h0z5md">${iconButton({ label: 'Share post', icon: ICON.share, iconCls, showCount: false, menu: true })}</div></div>`;
  }
  html += `</div></div></div>`;
  return html;
}

// ---------------------------------------------------------------------------------------------
// media

const mediaUrl = (key, name) => `https://pbs.twimg.com/media/${key}?format=jpg&amp;name=${name}`;

function photoTile(photo, href, name, { wrapAbs }) {
  const alt = photo.alt ?? 'Image';
  const url = mediaUrl(photo.media, name);
  const tile =
    `<div aria-label="${escAttr(alt)}" class="${V} r-1mlwlqe r-1udh08x r-417010 r-aqfbo4 r-agouwx r-1p0dtai r-1d2f490 r-u8s1d r-zchlnj r-ipm5af" data-testid="tweetPhoto" style="margin: 0px;">` +
    `<div class="${V} r-1niwhzg r-vvn4in r-u6sd8q r-1p0dtai r-1pi2tsx r-1d2f490 r-u8s1d r-zchlnj r-ipm5af r-13qz1uu r-1wyyakw r-4gszlv" style="background-image: url(&quot;${url}&quot;);"></div>` +
    `<img alt="${escAttr(alt)}" draggable="true" src="${url}" class="css-9pa8cd"></div>`;
  const body = wrapAbs
    ? `<div class="${V} r-1p0dtai r-1d2f490 r-1udh08x r-u8s1d r-zchlnj r-ipm5af">${tile}</div>`
    : `<div class="${V} r-1adg3ll r-1udh08x"><div class="r-1adg3ll r-13qz1uu" style="padding-bottom: ${photo.ratio ?? 75}%;"></div><div class="r-1p0dtai r-1pi2tsx r-1d2f490 r-u8s1d r-ipm5af r-13qz1uu">${tile}</div></div>`;
  return `<div class="${V} r-16y2uox r-1pi2tsx r-13qz1uu"><a href="${escAttr(href)}" role="link" class="${V} r-1pi2tsx r-1ny4l3l r-1loqt21">${body}</a></div>`;
}

/** 1-4 photos. `base` is "/handle/status/id" of the post that OWNS the photos. */
function photos(list, base) {
  if (list.length === 1) return photoTile(list[0], `${base}/photo/1`, 'medium', { wrapAbs: false });
  const tile = (i) => photoTile(list[i], `${base}/photo/${i + 1}`, 'small', { wrapAbs: true });
  const col = (inner, first) => `<div class="${V} r-1iusvr4 r-16y2uox r-bnwqim${first ? ' r-x1x4zq' : ''}">${inner}</div>`;
  const stack = (a, b) =>
    `<div class="${V} r-16y2uox r-1pi2tsx r-13qz1uu r-18u37iz"><div class="${V} r-1iusvr4 r-16y2uox r-bnwqim r-1ckvhfq">${a}</div></div><div class="${V} r-16y2uox r-1pi2tsx r-13qz1uu r-18u37iz"><div class="${V} r-1iusvr4 r-16y2uox r-bnwqim">${b}</div></div>`;
  let cols;
  if (list.length === 2) cols = col(tile(0), true) + col(tile(1));
  else if (list.length === 3) cols = col(tile(0), true) + col(stack(tile(1), tile(2)));
  else cols = col(stack(tile(0), tile(2)), true) + col(stack(tile(1), tile(3)));
  return (
    `<div class="${V} r-1adg3ll r-1udh08x"><div class="r-1adg3ll r-13qz1uu" style="padding-bottom: 56.25%;"></div><div class="r-1p0dtai r-1pi2tsx r-1d2f490 r-u8s1d r-ipm5af r-13qz1uu">` +
    `<div class="${V} r-1pi2tsx r-13qz1uu r-18u37iz">${cols}</div></div></div>`
  );
}

/** Video player, after metascraper-post-video.html. */
function video(v, seed) {
  const r = rng(`video:${seed}`);
  const uuid = [8, 4, 4, 4, 12].map((n) => randStr(r, n, '0123456789abcdef')).join('-');
  const poster = v.poster;
  const ratio = v.ratio ?? 56.25;
  const fade = (o) =>
    `<div style="transition-duration: 250ms; transition-property: opacity, height; transition-timing-function: ease; will-change: opacity; opacity: ${o};"></div>`;
  return (
    `<div class="${V} r-1pi2tsx" data-testid="tweetPhoto"><div class="${V}" style=""><div class="${V} r-1adg3ll r-1udh08x"><div class="r-1adg3ll r-13qz1uu" style="padding-bottom: ${ratio}%;"></div><div class="r-1p0dtai r-1pi2tsx r-1d2f490 r-u8s1d r-ipm5af r-13qz1uu">` +
    `<div class="${V} r-1p0dtai r-1d2f490 r-u8s1d r-zchlnj r-ipm5af" data-testid="placementTracking"><div class="${V} r-1p0dtai r-1d2f490 r-u8s1d r-zchlnj r-ipm5af" data-testid="videoPlayer"><div class="${V} r-1adg3ll r-1udh08x r-bnwqim r-1pi2tsx r-13qz1uu"><div class="r-1adg3ll r-13qz1uu" style="padding-bottom: ${ratio}%;"></div><div class="r-1p0dtai r-1pi2tsx r-1d2f490 r-u8s1d r-ipm5af r-13qz1uu">` +
    `<div data-testid="videoComponent" style="height: 100%; position: relative; transform: translateZ(0px); width: 100%;"><div style="height: 100%; position: absolute; width: 100%;"><div style="position: relative; width: 100%; height: 100%; background-color: transparent; overflow: hidden;">` +
    `<video preload="none" tabindex="-1" playsinline="" aria-label="Embedded video" poster="${escAttr(poster)}" style="width: 100%; height: 100%; position: absolute; background-color: black; top: 0%; left: 0%; transform: rotate(0deg) scale(1.005);"><source type="video/mp4" src="blob:https://x.com/${uuid}"></video></div></div>` +
    `<div tabindex="0" class="${V} r-1p0dtai r-1d2f490 r-u8s1d r-zchlnj r-ipm5af"><div class="${V} r-1p0dtai r-1d2f490 r-u8s1d r-zchlnj r-ipm5af"><div><div class="${V} r-1p0dtai r-1d2f490 r-u8s1d r-zchlnj r-ipm5af r-1loqt21"></div>` +
    `<div tabindex="-1" class="${V} r-1p0dtai r-1d2f490 r-u8s1d r-zchlnj r-ipm5af r-1awozwy r-1777fci r-1loqt21 r-1ny4l3l"><div class="${V} r-1mlwlqe r-1udh08x r-417010 r-aqfbo4 r-n1ft60 r-gf0ln r-agouwx r-1p0dtai r-1d2f490 r-u8s1d r-zchlnj r-ipm5af"><div class="${V} r-1niwhzg r-vvn4in r-u6sd8q r-1p0dtai r-1pi2tsx r-1d2f490 r-u8s1d r-zchlnj r-ipm5af r-13qz1uu r-1wyyakw r-4gszlv" style="filter: brightness(1); background-image: url(&quot;${escAttr(poster)}&quot;);"></div><img alt="" draggable="false" src="${escAttr(poster)}" class="css-9pa8cd"></div>` +
    `<button aria-label="Play Video" role="button" class="${V} r-1loqt21 r-1ny4l3l" type="button"><svg viewBox="0 0 60 61" aria-hidden="true" class="r-uvuy5l r-cfp7ip"><g><circle cx="30" cy="30.4219" fill="#333333" opacity="0.6" r="30"></circle><path d="M22.2275 17.1971V43.6465L43.0304 30.4218L22.2275 17.1971Z" fill="white"></path></g></svg></button></div>` +
    `<div>${fade(0)}</div>${fade(0)}${fade(1)}${fade(0)}${fade(0)}</div></div></div></div>` +
    `</div></div></div></div></div></div></div></div>`
  );
}

/** Media container ("r-9aw3ui" box) holding photos or a video. */
function mediaBox(post, ids, base) {
  let inner;
  if (post.photos?.length) inner = photos(post.photos, base);
  else if (post.video) inner = video(post.video, post.id);
  else return '';
  const box =
    `<div aria-labelledby="${ids()} ${ids()}" class="${V} r-9aw3ui r-1s2bzr4" id="${ids()}"><div class="${V} r-9aw3ui"><div class="${V}"><div class="${V}"><div class="${V} r-1kqtdi0 r-1phboty r-rs99b7 r-1867qdf r-1udh08x r-o7ynqc r-6416eg r-1ny4l3l"><div class="${V}">` +
    inner +
    `</div></div></div></div></div></div>`;
  return box;
}

/** Link card, after metascraper-post-link.html (card.wrapper, layoutLarge). */
function card(c, ids) {
  const href = c.tco ?? tco(c.url);
  const img = `https://pbs.twimg.com/card_img/${c.imageId}/${c.imageKey}?format=jpg&amp;name=900x900`;
  const [wrapId, mediaId, restId] = [ids(), ids(), ids()];
  return (
    `<div aria-labelledby="${ids()} ${wrapId}" class="${V} r-9aw3ui r-1s2bzr4" id="${ids()}">` +
    `<div aria-labelledby="${mediaId} ${restId}" class="${V} r-1kqtdi0 r-1phboty r-rs99b7 r-1udh08x r-1867qdf r-o7ynqc r-6416eg r-1ny4l3l" id="${wrapId}" data-testid="card.wrapper">` +
    `<div class="${V} r-1adg3ll r-2dkq44 r-1emcu8v" id="${mediaId}" data-testid="card.layoutLarge.media"><a href="${escAttr(href)}" rel="noopener noreferrer nofollow" target="_blank" aria-label="${escAttr(`${c.domain} ${c.title}`)}" role="link" class="${V} r-1udh08x r-13qz1uu r-o7ynqc r-6416eg r-1ny4l3l r-1loqt21">` +
    `<div class="${V} r-1adg3ll r-1udh08x"><div class="r-1adg3ll r-13qz1uu" style="padding-bottom: 52.356%;"></div><div class="r-1p0dtai r-1pi2tsx r-1d2f490 r-u8s1d r-ipm5af r-13qz1uu"><div class="${V} r-1mlwlqe r-1udh08x r-417010 r-aqfbo4 r-n1ft60 r-gf0ln r-agouwx r-1p0dtai r-1d2f490 r-u8s1d r-zchlnj r-ipm5af" style="margin: 0px;"><div class="${V} r-1niwhzg r-vvn4in r-u6sd8q r-1p0dtai r-1pi2tsx r-1d2f490 r-u8s1d r-zchlnj r-ipm5af r-13qz1uu r-1wyyakw r-4gszlv" style="filter: brightness(1); background-image: url(&quot;${img}&quot;);"></div><img alt="" draggable="true" src="${img}" class="css-9pa8cd"></div></div></div>` +
    `<div class="${V} r-1ba6zt5 r-rki7wi r-u8s1d r-1f55h46"><div class="${V} r-1awozwy r-k200y r-z2wwpe r-z80fyv r-1777fci r-is05cd r-loe9s5 r-dnmrzs r-633pao"><div dir="ltr" class="css-146c3p1 r-dnmrzs r-1udh08x r-3s2u2q r-bcqeeo r-qvutc0 r-37j5jr r-fdjqy7 r-n6v787 r-1cwl3u0 r-16dba41 r-lrvibr" style="color: rgb(255, 255, 255); text-overflow: ellipsis;">${span(c.title)}</div></div></div>` +
    `</a></div><div class="${V}" id="${restId}"></div></div>` +
    `<div class="${V} r-1awozwy r-1nao33i r-18u37iz r-16y2uox r-1wtj0ep"><div class="${V} r-1wbh5a2"><a href="${escAttr(href)}" dir="ltr" rel="noopener noreferrer nofollow" target="_blank" role="link" class="css-146c3p1 r-bcqeeo r-1ttztb7 r-qvutc0 r-37j5jr r-n6v787 r-1cwl3u0 r-16dba41 r-1loqt21" style="${GREY}">From ${escText(c.domain)}</a></div></div>` +
    `</div>`
  );
}

/**
 * Quoted post: NOT an article. A visually hidden "Quote" label, then a div[role=link] with its own
 * avatar (26px, not a link), User-Name, <time> without a status link, tweetText and media. The
 * quote's photos link to the QUOTED post (/quoted/status/QID/photo/N).
 */
function quoteBlock(q, ids, now) {
  const u = q.author;
  const avatar =
    `<div class="${V} r-1gs4q39" data-testid="Tweet-User-Avatar"><div class="${V} r-1wbh5a2 r-dnmrzs">` +
    avatarBox(
      u,
      26,
      `<div aria-hidden="true" role="presentation" tabindex="-1" class="${V} r-1pi2tsx r-13qz1uu r-1ny4l3l" style="background-color: rgba(0, 0, 0, 0);">${AVATAR_LAYERS(u.avatar.replace('_x96.', '_bigger.')).replace('r-o7ynqc r-6416eg r-1ny4l3l"></div></div>', 'r-1ny4l3l"></div></div>')}</div>`,
    ).replace('r-bztko3 r-1adg3ll"', 'r-1adg3ll r-bztko3"') +
    `</div></div>`;
  const media = q.photos?.length
    ? `<div class="${V} r-9aw3ui r-1s2bzr4"><div class="${V} r-9aw3ui"><div class="${V} r-1kqtdi0 r-1phboty r-rs99b7 r-1867qdf r-1udh08x r-o7ynqc r-6416eg r-1ny4l3l r-1ssbvtb"><div class="${V}">${photos(q.photos, `/${u.handle}/status/${q.id}`)}</div></div></div></div>`
    : '';
  return (
    `<div class="${V}" id="${ids()}">` +
    `<div dir="ltr" class="${T} ${BODY} r-16dba41 r-4iw3lz r-1xk2f4g r-109y4c4 r-1udh08x r-wwvuq4 r-u8s1d r-92ng3h" style="${WHITE}">${span('Quote')}</div>` +
    `<div tabindex="0" class="${V} r-2t2l5v r-1udh08x r-1kqtdi0 r-1867qdf r-rs99b7 r-o7ynqc r-6416eg r-1ny4l3l r-1loqt21" role="link"><div class="${V}">` +
    `<div class="${V} r-eqz5dr r-850wnr r-rpnbwx"><div class="${V} r-1awozwy r-18u37iz r-1wbh5a2"><div class="${V} r-1wbh5a2 r-1udh08x"><div class="${V} r-1awozwy r-18u37iz r-dnmrzs">${avatar}<div class="${V} r-1wbh5a2 r-dnmrzs r-1ny4l3l">${userName(q, 'quote', null, now)}</div></div></div></div></div>` +
    `<div class="${V} r-6gpygo r-jusfrs"><div dir="auto" lang="${q.lang ?? 'en'}" class="${T.replace('r-37j5jr', 'r-8akbws r-krxsd3 r-dnmrzs r-1udh08x r-1udbk01 r-37j5jr')} ${BODY} r-16dba41 r-bnwqim" data-testid="tweetText" style="-webkit-line-clamp: 10; ${WHITE}">${renderRichText(q.text, { links: q.links, emojiAlt: q.emojiAlt, inQuote: true })}</div></div>` +
    media +
    `</div></div></div>`
  );
}

/**
 * The shares a poll shows, one decimal as X rounds them: [{label, percent: "62.3%"}]. `votes`
 * are the raw counts; shares that do not sum to 100 are left as they are (X does the same).
 */
export function pollShares(poll) {
  const total = poll.options.reduce((n, o) => n + o.votes, 0);
  return poll.options.map((o) => ({ label: o.label, percent: `${total ? Math.round((o.votes / total) * 1000) / 10 : 0}%` }));
}

/**
 * A poll card: [data-testid=cardPoll] inside a [data-testid=card.wrapper] (the same wrapper as a
 * link card). poll = {options: [{label, votes}], closed: bool, voted?: index, left?: '1 day left'}.
 * With results (closed or voted): ul[role=list] > li[role=listitem], each a bar drawn at its
 * share (style width), the label (with a check on the winner / own vote) and the share; while
 * open: div[role=radiogroup] > div[role=radio] with the label only. Under it the summary line,
 * "2,013 votes · Final results" or "412 votes · 1 day left". Shape after scrapers of the live
 * page (see README.md), class names plausible, not copied.
 */
function pollCard(poll, ids) {
  const total = poll.options.reduce((n, o) => n + o.votes, 0);
  const results = poll.closed || poll.voted !== undefined;
  const shares = pollShares(poll);
  const best = Math.max(...poll.options.map((o) => o.votes));
  const check = `<svg viewBox="0 0 24 24" aria-hidden="true" class="${ICON_CLS} r-1xvli5t r-1hdv0qi r-1bwzh9t"><g><path d="M9 20c-.264 0-.52-.104-.707-.293l-4.785-4.785c-.39-.39-.39-1.023 0-1.414s1.023-.39 1.414 0l3.946 3.945L18.075 4.41c.32-.45.94-.558 1.395-.24.45.318.56.942.24 1.394L9.817 19.577c-.17.24-.438.395-.732.42-.028.002-.057.003-.085.003z"></path></g></svg>`;
  let choices;
  if (results) {
    choices =
      `<ul role="list" class="${V} r-1s2bzr4">` +
      poll.options
        .map((o, i) => {
          const lead = poll.closed ? o.votes === best : poll.voted === i;
          const bar = `<div class="${V} r-1p0dtai r-1d2f490 r-u8s1d r-ipm5af r-1ydqjzz r-1ny4l3l" style="width: ${shares[i].percent}; background-color: ${lead ? 'rgb(29, 155, 240)' : 'rgb(51, 54, 57)'};"></div>`;
          return (
            `<li role="listitem" class="${V} r-1awozwy r-18u37iz r-1wtj0ep r-1ydqjzz r-bnwqim r-1ny4l3l r-1udh08x r-1yzf0co">${bar}` +
            `<div class="${V} r-1awozwy r-18u37iz r-bnwqim r-ymttw5"><div dir="ltr" class="${T} ${BODY} ${lead ? 'r-b88u0q' : 'r-16dba41'}" style="${WHITE}">${renderName(o.label)}</div>${poll.voted === i ? check : ''}</div>` +
            `<div dir="ltr" class="${T} ${BODY} ${lead ? 'r-b88u0q' : 'r-16dba41'} r-bnwqim r-ymttw5" style="${WHITE}">${span(shares[i].percent)}</div></li>`
          );
        })
        .join('') +
      `</ul>`;
  } else {
    choices =
      `<div role="radiogroup" class="${V} r-1s2bzr4">` +
      poll.options
        .map(
          (o) =>
            `<div aria-checked="false" role="radio" tabindex="0" class="${V} r-sdzlij r-1phboty r-rs99b7 r-1loqt21 r-1ydqjzz r-o7ynqc r-6416eg r-1ny4l3l" style="border-color: rgb(29, 155, 240);"><div dir="ltr" class="${T} ${BODY} r-b88u0q r-q4m81j" style="${BLUE}">${renderName(o.label)}</div></div>`,
        )
        .join('') +
      `</div>`;
  }
  const summary = `${total.toLocaleString('en-US')} votes`;
  const state = poll.closed ? 'Final results' : poll.left ?? '1 day left';
  const footer = `<div class="${V} r-18u37iz r-1s2bzr4"><div dir="ltr" class="${T} ${BODY} r-16dba41" style="${GREY}">${span(summary)}${span(' · ')}${span(state)}</div></div>`;
  return (
    `<div aria-labelledby="${ids()}" class="${V} r-9aw3ui r-1s2bzr4" id="${ids()}">` +
    `<div class="${V}" data-testid="card.wrapper"><div class="${V} r-1ets6dv r-1phboty" data-testid="cardPoll">${choices}${footer}</div></div></div>`
  );
}

/**
 * "Last edited …", a link to the post's edit history (/handle/status/ID/history). On the focal
 * post: its own row above the time row, "Last edited 8:21 PM · Mar 3, 2026"; on others: a line
 * under the text with a pencil, "Last edited 8:21 PM". Not in any capture.
 */
function editedLine(post, focal) {
  const when = focal ? focalTime(post.editedMs) : focalTime(post.editedMs).split(' · ')[0];
  const link =
    `<a href="/${escAttr(post.author.handle)}/status/${post.id}/history" dir="ltr" role="link" class="${S} r-1loqt21" style="${GREY}">` +
    `<span class="${V} r-xoduu5">${svg(ICON.edit, 'r-1q142lx r-1kihuf0')}</span>${span(`Last edited ${when}`)}</a>`;
  return focal
    ? `<div class="${V} r-1awozwy r-18u37iz r-1s2bzr4"><div dir="ltr" class="${T} ${BODY} r-16dba41" style="${GREY}">${link}</div></div>`
    : `<div class="${V} r-18u37iz r-1wbh5a2 r-1s2bzr4"><div dir="ltr" class="${T} r-n6v787 r-1cwl3u0 r-16dba41" style="${GREY}">${link}</div></div>`;
}

/**
 * A community note under a post: div[role=link][data-testid=birdwatch-pivot] holding the heading
 * ("Readers added context they thought people might want to know"), the note's text (its
 * source links are t.co links shown as their URL, like a post's), the "Context is written by
 * people who use X…" line with "Find out more", and the rating row ("Do you find this
 * helpful?" + a role=link "Rate it"). After the Factchain extension's copy of X's markup and
 * the 2021 web bundle's birdwatch pivot (README.md).
 */
function noteBlock(note, ids) {
  const icon = svg(ICON.birdwatch, 'r-1xvli5t r-1hdv0qi r-1bwzh9t');
  return (
    `<div aria-labelledby="${ids()}" role="link" tabindex="0" class="${V} r-1kqtdi0 r-1867qdf r-rs99b7 r-1loqt21 r-1s2bzr4 r-1ny4l3l r-1udh08x r-o7ynqc r-6416eg" data-testid="birdwatch-pivot">` +
    `<div class="${V} r-k4xj1c r-g2wdr4 r-6koalj r-18u37iz r-1e081e0 r-1f1sjgu"><div class="${V} r-18u37iz r-13qz1uu">${icon}<div dir="ltr" class="${T} r-1b43r93 r-1cwl3u0 r-b88u0q r-1awozwy r-6koalj r-1vvnge1 r-13qz1uu" style="${WHITE}">${span('Readers added context they thought people might want to know')}</div></div></div>` +
    `<span class="r-4qtqp9" style="min-height: 12px; min-width: 12px;"></span>` +
    `<div dir="ltr" lang="en" class="${T} ${BODY} r-16dba41 r-1e081e0" style="${WHITE}">${renderRichText(note.text, { links: note.links })}</div>` +
    `<div dir="ltr" class="${T} r-n6v787 r-1cwl3u0 r-16dba41 r-1e081e0 r-1f1sjgu" style="${GREY}">${span('Context is written by people who use X, and appears when rated helpful by others. ')}<a href="https://communitynotes.x.com/guide/en/about/introduction" dir="ltr" rel="noopener noreferrer nofollow" target="_blank" role="link" class="${S} r-1loqt21" style="${BLUE}">${span('Find out more')}</a></div>` +
    `<span class="r-4qtqp9" style="min-height: 12px; min-width: 12px;"></span>` +
    `<div class="${V} r-1awozwy r-1roi411 r-5kkj8d r-18u37iz r-16y2uox r-1wtj0ep r-1e081e0 r-1f1sjgu"><div dir="ltr" class="${T} r-1b43r93 r-1cwl3u0 r-16dba41" style="${WHITE}">${span('Do you find this helpful?')}</div>` +
    `<div role="link" tabindex="0" class="${V} r-sdzlij r-1phboty r-rs99b7 r-lrvibr r-15ysp7h r-4wgw6l r-ymttw5 r-o7ynqc r-6416eg r-1ny4l3l r-1loqt21" style="border-color: rgb(83, 100, 113); background-color: rgba(0, 0, 0, 0);"><div dir="ltr" class="${T} r-q4m81j r-a023e6 r-rjixqe r-b88u0q r-1awozwy r-6koalj r-18u37iz r-16y2uox r-1777fci" style="color: rgb(239, 243, 244);">${span('Rate it')}</div></div></div>` +
    `</div>`
  );
}

function showMoreButton() {
  return `<button class="${V} r-1loqt21 r-1ny4l3l" data-testid="tweet-text-show-more-link" role="button" type="button"><div dir="ltr" class="${T} ${BODY} r-16dba41" style="${BLUE}">${span('Show more')}</div></button>`;
}

// ---------------------------------------------------------------------------------------------
// cells

const DEFAULT_NOW = Date.UTC(2026, 2, 5, 17, 42, 9);

const cellOpen = (y) => `<div class="${V}" data-testid="cellInnerDiv" style="transform: translateY(${y}px); position: absolute; width: 100%;">`;
const SEPARATOR = `<div role="separator" class="${V} r-gu4em3 r-109y4c4 r-13qz1uu"></div>`;

/**
 * One post as a conversation cell.
 * opts: focal (the page's post: tabindex -1, time + views under the text, reply composer),
 *       y (translateY), lineAbove / lineBelow (self-thread connector lines), separator (end of a
 *       conversation module), now (capture time, for relative times), me (logged-in user, for
 *       the composer), ad (render as a promoted post).
 */
export function renderPost(post, opts = {}) {
  const { focal = false, y = 0, lineAbove = false, lineBelow = false, separator = false, now = DEFAULT_NOW, ad = false } = opts;
  const ids = idMaker(post.id);
  const aria = Array.from({ length: 20 }, ids);
  const [nameId, textId, groupId] = [aria[4], aria[10], aria[19]];
  const base = `/${post.author.handle}/status/${post.id}`;
  const lineTop = lineAbove
    ? `<div class="${V} r-18kxxzh r-1wron08 r-onrtq4 r-15zivkp"><div class="${V} r-1bnu78o r-f8sm7e r-m5arl1 r-1p0dtai r-1d2f490 r-u8s1d r-zchlnj r-ipm5af"></div></div>`
    : '';
  const top = `<div class="${V}"><div class="${V} r-18u37iz">${lineTop}<div class="${V} r-1iusvr4 r-16y2uox r-ttdzmv"></div></div></div>`;
  const textOpts = { links: post.links, emojiAlt: post.emojiAlt };
  const lang = post.lang ?? 'en';

  let article;
  if (focal) {
    const textDiv = `<div dir="auto" lang="${lang}" class="${T} r-1inkyih r-16dba41 r-bnwqim r-135wba7" id="${textId}" data-testid="tweetText" style="${WHITE}">${renderRichText(post.text, textOpts)}</div>`;
    const views = hasViews(post) ? post.stats?.views ?? 0 : 0;
    const timeRow =
      `<div class="${V} r-12kyg2d"><div class="${V} r-k4xj1c r-18u37iz r-1wtj0ep"><div class="${V} r-1wbh5a2 r-1a11zyx"><div class="${V} r-1d09ksm r-18u37iz r-1wbh5a2 r-1471scf">` +
      `<div dir="ltr" class="${T} ${BODY} r-16dba41" style="${GREY}"><a href="${base}" aria-describedby="${ids()}" aria-label="${escAttr(focalTime(post.ms))}" role="link" class="${S} r-xoduu5 r-1q142lx r-1w6e6rj r-9aw3ui r-3s2u2q r-1loqt21" style="${GREY}"><time datetime="${isoSeconds(post.ms)}">${escText(focalTime(post.ms))}</time></a></div>` +
      (views
        ? dotDiv() +
          `<div dir="ltr" class="${T} ${BODY} r-16dba41" style="${WHITE}"><span class="${S}"><div class="${V} r-xoduu5 r-1udh08x"><span data-testid="app-text-transition-container" style="transition-property: transform; transition-duration: 0.3s; transform: translate3d(0px, 0px, 0px);"><span class="${S} r-n6v787 r-1cwl3u0 r-b88u0q">${span(countFocal(views))}</span></span></div><span class="${S} r-n6v787 r-1cwl3u0" style="${GREY}">${span('Views')}</span></span></div>`
        : '') +
      `</div></div><div class="${V} r-18u37iz"></div></div></div>`;
    article =
      `<article aria-labelledby="${aria.join(' ')}" role="article" tabindex="-1" class="${V} r-18u37iz r-1udh08x r-1c4vpko r-1c7gwzm r-1ny4l3l" data-testid="tweet">` +
      `<div class="${V} r-eqz5dr r-16y2uox r-1wbh5a2"><div class="${V} r-16y2uox r-1wbh5a2 r-1ny4l3l">` +
      top +
      `<div class="${V} r-18u37iz r-136ojw6"><div class="${V} r-18kxxzh r-1wron08 r-onrtq4 r-1awozwy">${tweetAvatar(post.author)}</div>` +
      `<div class="${V} r-1iusvr4 r-16y2uox r-1777fci"><div class="${V} r-zl2h9q"><div class="${V} r-k4xj1c r-18u37iz r-1wtj0ep"><div class="${V} r-1d09ksm r-18u37iz r-1wbh5a2"><div class="${V} r-1wbh5a2 r-dnmrzs r-1ny4l3l">${userName(post, 'focal', nameId, now)}</div></div>${topRight()}</div></div></div></div>` +
      `<div class="${V}">` +
      `<div class="${V}"><div class="${V}"><div class="${V} r-1s2bzr4">${textDiv}</div></div></div>` +
      `<div class="${V}">${mediaBox(post, ids, base)}${post.card ? card(post.card, ids) : ''}${post.poll ? pollCard(post.poll, ids) : ''}</div>` +
      `<div class="${V}">${post.quote ? quoteBlock(post.quote, ids, now) : ''}</div>` +
      (post.note ? noteBlock(post.note, ids) : '') +
      (post.editedMs ? editedLine(post, true) : '') +
      timeRow +
      actionBar(post, { focal: true, id: groupId, withAnalytics: false }) +
      `</div></div></div></article>`;
  } else {
    const textDiv =
      `<div dir="auto" lang="${lang}" class="${T.replace('r-37j5jr', 'r-8akbws r-krxsd3 r-dnmrzs r-1udh08x r-1udbk01 r-37j5jr')} ${BODY} r-16dba41 r-bnwqim" id="${textId}" data-testid="tweetText" style="-webkit-line-clamp: 10; ${WHITE}">${renderRichText(post.text, textOpts)}</div>` +
      (post.truncated ? showMoreButton() : '');
    const lineBottom = lineBelow ? `<div class="${V} r-1bnu78o r-f8sm7e r-m5arl1 r-16y2uox r-14gqq1x"></div>` : '';
    article =
      `<article aria-labelledby="${aria.join(' ')}" role="article" tabindex="0" class="${V} r-1ut4w64 r-18u37iz r-1udh08x r-1c4vpko r-1c7gwzm r-o7ynqc r-6416eg r-1ny4l3l r-1loqt21" data-testid="tweet">` +
      `<div class="${V} r-eqz5dr r-16y2uox r-1wbh5a2"><div class="${V} r-16y2uox r-1wbh5a2 r-1ny4l3l">` +
      top +
      `<div class="${V} r-18u37iz"><div class="${V} r-18kxxzh r-1wron08 r-onrtq4 r-1awozwy">${tweetAvatar(post.author)}${lineBottom}</div>` +
      `<div class="${V} r-1iusvr4 r-16y2uox r-1777fci r-kzbkwu">` +
      `<div class="${V} r-zl2h9q"><div class="${V} r-k4xj1c r-18u37iz r-1wtj0ep"><div class="${V} r-1d09ksm r-18u37iz r-1wbh5a2"><div class="${V} r-1wbh5a2 r-dnmrzs r-1ny4l3l">${userName(post, ad ? 'ad' : 'timeline', nameId, now)}</div></div>${topRight({ ad })}</div></div>` +
      `<div class="${V}">${textDiv}</div>` +
      (post.editedMs ? editedLine(post, false) : '') +
      mediaBox(post, ids, base) +
      (post.card ? card(post.card, ids) : '') +
      (post.poll ? pollCard(post.poll, ids) : '') +
      (post.quote ? quoteBlock(post.quote, ids, now) : '') +
      (post.note ? noteBlock(post.note, ids) : '') +
      actionBar(post, { focal: false, id: groupId, withAnalytics: hasViews(post) }) +
      `</div></div></div></div></article>`;
  }

  const inner = ad ? `<div class="${V}" data-testid="placementTracking">${article}</div>` : article;
  const composer = focal ? renderComposer(opts.me ?? DEFAULT_ME) : '';
  return `${cellOpen(y)}<div class="${V} r-1adg3ll r-1ny4l3l"><div class="${V}">${inner}${composer}</div></div>${separator || focal ? SEPARATOR : ''}</div>`;
}

/** A reply by someone else: the same article shape (kept as its own name for readability). */
export const renderReply = (post, opts = {}) => renderPost(post, { separator: true, ...opts });

/** A promoted post: "Ad" label at the top right, no `·` / <time> status link, placementTracking wrapper. */
export const renderAd = (post, opts = {}) => renderPost(post, { separator: true, ...opts, ad: true, focal: false });

/** The collapsed reply composer under the focal post; it holds a HIDDEN [role=progressbar]. */
export function renderComposer(me) {
  return fillMe(CHROME.replyComposer, me);
}

/** Section heading cell, e.g. "Discover more" (h2[role=heading]); no article. */
export function renderHeading(text, { y = 0, subtitle = 'Sourced from across X' } = {}) {
  return (
    `${cellOpen(y)}<div class="${V} r-1adg3ll r-1ny4l3l"><div class="${V}"><div class="${V} r-1wtj0ep r-ywh0we r-284m6k r-1ny4l3l">` +
    `<h2 aria-level="2" role="heading" class="${V} r-18u37iz r-7cikom"><div class="${V} r-k200y r-18yzcnr r-1777fci"></div><div dir="ltr" class="css-146c3p1 r-8akbws r-krxsd3 r-dnmrzs r-1udh08x r-1udbk01 r-bcqeeo r-1ttztb7 r-qvutc0 r-37j5jr r-adyw6z r-135wba7 r-b88u0q r-1vr29t4" style="-webkit-line-clamp: 3; ${WHITE}">${span(text)}</div></h2>` +
    (subtitle ? `<div dir="ltr" class="${T} ${BODY} r-16dba41" style="${GREY}">${span(subtitle)}</div>` : '') +
    `</div></div></div></div>`
  );
}

/**
 * "Show replies" / "Show more replies" cell: a button and no article. element: 'button' (the
 * in-thread "Show replies" with its three dots) or 'div' (div[role=button], as at the end of a
 * conversation).
 */
export function renderShowReplies({ y = 0, label = 'Show replies', element = 'button' } = {}) {
  const dots = `<div class="${V} r-1bnu78o r-1adg3ll r-epq5cr r-m5arl1"></div>`.repeat(3);
  const body =
    `<div class="${V} r-18u37iz"><div class="${V} r-1wron08 r-onrtq4 r-1awozwy r-6koalj r-18kxxzh r-1r8g8re r-bnwqim"><div class="${V} r-1awozwy r-10ptun7 r-1wtj0ep r-1dzusad">${dots}</div></div>` +
    `<div class="${V} r-1iusvr4 r-16y2uox"><div dir="ltr" class="${T} ${BODY} r-16dba41 r-11f147o" style="${BLUE}">${span(label)}</div></div></div>`;
  const btn =
    element === 'div'
      ? `<div role="button" tabindex="0" class="${V} r-16y2uox r-1cwvpvk r-1noe1sz r-1loqt21 r-o7ynqc r-6416eg r-1ny4l3l">${body}</div>`
      : `<button role="button" class="${V} r-16y2uox r-1cwvpvk r-1noe1sz r-1loqt21 r-o7ynqc r-6416eg r-1ny4l3l" type="button">${body}</button>`;
  return `${cellOpen(y)}<div class="${V} r-1adg3ll r-1ny4l3l"><div class="${V}"><div class="${V} r-1udh08x">${btn}</div></div></div>${SEPARATOR}</div>`;
}

/** Loading spinner cell: a visible [role=progressbar] and no article. */
export function renderSpinner({ y = 0 } = {}) {
  return (
    `${cellOpen(y)}<div class="${V} r-1adg3ll r-1ny4l3l"><div class="${V} r-1awozwy r-1777fci r-1jayybb"><div aria-label="Loading" role="progressbar" aria-valuemax="100" aria-valuemin="0" class="${V} r-1awozwy r-1777fci">` +
    `<div class="${V} r-17bb2tj r-1muvv40 r-127358a r-1ldzwu0" style="height: 26px; width: 26px;"><svg height="100%" viewBox="0 0 32 32" width="100%"><circle cx="16" cy="16" fill="none" r="14" stroke-width="4" style="stroke: rgb(29, 155, 240); opacity: 0.2;"></circle><circle cx="16" cy="16" fill="none" r="14" stroke-width="4" style="stroke: rgb(29, 155, 240); stroke-dasharray: 80; stroke-dashoffset: 60;"></circle></svg></div>` +
    `</div></div></div></div>`
  );
}

/**
 * A post the page no longer shows: a cell with NO article, just X's notice in a grey rounded box
 * and a "Learn more" link to its help centre, with the thread's connector line in the avatar
 * column when it sits inside a thread (lineAbove / lineBelow). text: "This post was deleted by
 * the post author.", "This post is unavailable.", "This post is from a suspended account.",
 * "This post has been withheld in …". Not in any capture (README.md).
 */
export function renderTombstone(text, { y = 0, lineAbove = false, lineBelow = false, separator = false } = {}) {
  const line = (cls) => `<div class="${V} r-1bnu78o r-f8sm7e r-m5arl1 ${cls}"></div>`;
  const gutter =
    `<div class="${V} r-18kxxzh r-1wron08 r-onrtq4 r-1awozwy">` +
    (lineAbove ? line('r-1cvj4g8 r-18u37iz') : `<div class="${V} r-1cvj4g8"></div>`) +
    (lineBelow ? line('r-16y2uox r-14gqq1x') : '') +
    `</div>`;
  const box =
    `<div class="${V} r-1iusvr4 r-16y2uox r-1777fci r-kzbkwu"><div class="${V} r-1kqtdi0 r-1867qdf r-1phboty r-rs99b7 r-1ifxtd0 r-1udh08x r-1ut4w64 r-1ny4l3l" style="background-color: rgb(22, 24, 28);">` +
    `<div class="${V} r-1awozwy r-18u37iz r-1wtj0ep r-1ny4l3l r-1e081e0 r-1f1sjgu"><div dir="ltr" class="${T} ${BODY} r-16dba41" style="${GREY}">${span(`${text} `)}` +
    `<a href="https://help.x.com/rules-and-policies/notices-on-x" dir="ltr" rel="noopener noreferrer nofollow" target="_blank" role="link" class="${S} r-1loqt21" style="${BLUE}">${span('Learn more')}</a></div></div></div></div>`;
  return `${cellOpen(y)}<div class="${V} r-1adg3ll r-1ny4l3l"><div class="${V}"><div class="${V} r-18u37iz r-1ny4l3l r-ttdzmv">${gutter}${box}</div></div></div>${separator ? SEPARATOR : ''}</div>`;
}

/** Empty cells: 'module' (an empty row between conversation modules) or 'end' (bottom spacer). */
export function renderEmptyCell({ y = 0, variant = 'module' } = {}) {
  return variant === 'end'
    ? `${cellOpen(y)}<div class="${V} r-4d76ec"><div class="${V} r-4d76ec"></div></div></div>`
    : `${cellOpen(y)}<div class="${V} r-1adg3ll r-1ny4l3l"></div></div>`;
}

/** A conversation row of the DM drawer (also a cellInnerDiv, holds a tweetText and a <time>). */
export function renderDmRow(conv, { y = 0, now = DEFAULT_NOW } = {}) {
  const [ago, agoLabel] = relativeTime(conv.ms, now);
  const verified = conv.verified
    ? `<div dir="ltr" class="${T} ${BODY} r-16dba41 r-xoduu5 r-18u37iz r-1q142lx" style="${WHITE}"><span class="${S} r-1awozwy r-xoduu5">${verifiedBadge()}</span></div>`
    : '';
  return fill(CHROME.dmConversation, {
    Y: y,
    AVATAR: escAttr(conv.avatar),
    NAME: escText(conv.name),
    HANDLE: escAttr(conv.handle),
    AGO_LABEL: escAttr(agoLabel),
    DATETIME: new Date(conv.ms).toISOString(),
    AGO: escText(ago),
    TEXT: escText(conv.text),
    VERIFIED: verified,
  });
}

// ---------------------------------------------------------------------------------------------
// page

export const DEFAULT_ME = {
  id: '1613702951175659520',
  name: 'Mara Lindqvist',
  handle: 'maralindq',
  avatar: 'https://pbs.twimg.com/profile_images/1799213541068431360/hQ3v9LmR_x96.jpg',
};

function fill(tpl, vars) {
  return tpl.replace(/\{\{([A-Z_]+)\}\}/g, (m, k) => {
    if (!(k in vars)) throw new Error(`no value for {{${k}}}`);
    return String(vars[k]);
  });
}
function fillMe(tpl, me) {
  return tpl
    .replaceAll('{{ME_AVATAR}}', escAttr(me.avatar))
    .replaceAll('{{ME_NAME}}', escText(me.name))
    .replaceAll('{{ME_HANDLE}}', escAttr(me.handle))
    .replaceAll('{{ME_ID}}', me.id);
}

/** Estimated rendered height of a cell spec, used for translateY layout. */
function estimateHeight(spec) {
  switch (spec.kind) {
    case 'post': {
      const p = spec.post;
      const lines = p.text.split('\n').reduce((n, l) => n + Math.max(1, Math.ceil(l.length / 62)), 0);
      let h = (spec.focal ? 150 : 92) + lines * (spec.focal ? 24 : 20);
      if (p.photos?.length || p.video) h += 290;
      if (p.card) h += 330;
      if (p.quote) h += 110 + (p.quote.photos?.length ? 250 : 0) + Math.ceil(p.quote.text.length / 62) * 20;
      if (spec.focal) h += 86;
      if (p.truncated) h += 22;
      if (p.poll) h += 60 + p.poll.options.length * 40;
      if (p.note) h += 150 + Math.ceil(p.note.text.length / 62) * 20;
      if (p.editedMs) h += 24;
      return h + ((spec.post.id.length % 7) * 1.111);
    }
    case 'heading':
      return 64;
    case 'showReplies':
      return 37.333;
    case 'tombstone':
      return 72;
    case 'spinner':
      return 80;
    case 'empty':
      return spec.variant === 'end' ? 0 : 1;
    default:
      throw new Error(`unknown cell kind ${spec.kind}`);
  }
}

const round3 = (n) => Math.round(n * 1000) / 1000;

/**
 * Lays out cell specs with increasing translateY and renders them. A spec is
 * {kind:'post', post, focal?, lineAbove?, lineBelow?, separator?, ad?} |
 * {kind:'heading', text} | {kind:'showReplies', label?, element?} | {kind:'spinner'} |
 * {kind:'empty', variant?} | {kind:'tombstone', text, lineAbove?, lineBelow?, separator?}.
 */
export function layout(specs, { now = DEFAULT_NOW, me = DEFAULT_ME } = {}) {
  let y = 0;
  const html = specs.map((spec) => {
    const at = round3(y);
    y += estimateHeight(spec);
    switch (spec.kind) {
      case 'post':
        return spec.ad ? renderAd(spec.post, { ...spec, y: at, now, me }) : renderPost(spec.post, { ...spec, y: at, now, me });
      case 'heading':
        return renderHeading(spec.text, { y: at, subtitle: spec.subtitle });
      case 'showReplies':
        return renderShowReplies({ y: at, label: spec.label, element: spec.element });
      case 'spinner':
        return renderSpinner({ y: at });
      case 'empty':
        return renderEmptyCell({ y: at, variant: spec.variant });
      case 'tombstone':
        return renderTombstone(spec.text, { y: at, lineAbove: spec.lineAbove, lineBelow: spec.lineBelow, separator: spec.separator });
    }
  });
  return { html: html.join(''), height: round3(y) };
}

function trendItem(t, id) {
  return (
    `<div class="${V} r-1adg3ll r-1ny4l3l"><div class="${V}"><div aria-labelledby="${id}" tabindex="0" class="${V} r-6koalj r-284m6k r-o7ynqc r-6416eg r-1ny4l3l r-1loqt21" data-testid="trend" role="link"><div class="${V} r-qklmqi r-16cnnyw r-16y2uox r-1t2hasf r-131miar r-bnwqim">` +
    `<div class="${V} r-1wbh5a2 r-dnmrzs"><div dir="ltr" class="${T} r-n6v787 r-1cwl3u0 r-16dba41" style="${GREY}">${span(t.context)}</div></div>` +
    `<div dir="ltr" class="${T} ${BODY} r-b88u0q r-1bymd8e" style="${WHITE}" id="${id}">${span(t.name)}</div>` +
    (t.posts ? `<div dir="ltr" class="${T} r-n6v787 r-1cwl3u0 r-16dba41" style="${GREY}">${span(t.posts)}</div>` : '') +
    `</div></div></div></div>`
  );
}

function sidebar({ trends = [], whoToFollow = [] }, me, seed) {
  const ids = idMaker(`sidebar:${seed}`);
  const box = `<div class="${V} r-kemksi r-1kqtdi0 r-1867qdf r-1phboty r-rs99b7 r-le4sbl r-1udh08x">`;
  const trendsBox =
    box +
    `<section aria-labelledby="accessible-list-0" role="region" class="${V}"><h1 dir="auto" aria-level="1" role="heading" class="css-146c3p1 r-4iw3lz r-1xk2f4g r-109y4c4 r-1udh08x r-wwvuq4 r-u8s1d r-92ng3h" id="accessible-list-0">Trending now</h1><div aria-label="Timeline: Trending now" class="${V}"><div class="${V}">` +
    `<div class="${V} r-1adg3ll r-1ny4l3l"></div><div class="${V} r-1adg3ll r-1ny4l3l"><div class="${V}">${fill(CHROME.headingBox, { TEXT: 'What’s happening' })}</div></div>` +
    trends.map((t) => trendItem(t, ids())).join('') +
    CHROME.trendsShowMore +
    `</div></div></section></div>`;
  const cells = whoToFollow
    .map((u) => fill(CHROME.userCell, { ID: ids(), NAME: escText(u.name), HANDLE: escAttr(u.handle), AVATAR: escAttr(u.avatar) }))
    .join('');
  const wtf = CHROME.wtfOpen + fill(CHROME.headingBox, { TEXT: 'Who to follow' }) + CHROME.wtfMid + cells + fillMe(CHROME.wtfClose, me);
  return fill(CHROME.sidebarOpen, { SIDEBAR_HEIGHT: 1517.98, SIDEBAR_BOTTOM: 811.818 }) + trendsBox + wtf + CHROME.sidebarClose;
}

function initialState(me, now) {
  const empty = () => ({ entities: {}, errors: {}, fetchStatus: {} });
  const state = {
    optimist: [],
    entities: {
      broadcasts: empty(),
      cards: empty(),
      commerceItems: empty(),
      communities: empty(),
      conversations: empty(),
      entries: empty(),
      lists: empty(),
      moments: empty(),
      topics: empty(),
      tweets: empty(),
      users: {
        entities: {
          [me.id]: {
            following: false,
            can_dm: true,
            default_profile: true,
            default_profile_image: false,
            description: 'reading threads so you don’t have to',
            entities: { description: { urls: [] } },
            favourites_count: 1204,
            followers_count: 318,
            friends_count: 402,
            location: '',
            media_count: 12,
            name: me.name,
            profile_image_url_https: me.avatar.replace('_x96.', '_normal.'),
            screen_name: me.handle,
            statuses_count: 871,
            verified: false,
            id_str: me.id,
            profile_image_shape: 'Circle',
            is_blue_verified: false,
            created_at: '2023-01-13T02:14:51.000Z',
          },
        },
        errors: {},
        fetchStatus: { [me.id]: 'loaded' },
      },
    },
    featureSwitch: {
      defaultConfig: {
        responsive_web_grok_share_attachment_enabled: { value: true },
        responsive_web_jetfuel_frame: { value: true },
        responsive_web_edit_tweet_api_enabled: { value: true },
        longform_notetweets_consumption_enabled: { value: true },
        articles_preview_enabled: { value: true },
        view_counts_everywhere_api_enabled: { value: true },
      },
      user: { config: {}, userId: me.id },
      debug: {},
      featureSetToken: 'a6a1f1c2b0f74e1d9b0c2f0c7d3c6d1e5f4a2b19',
      isLoaded: true,
      isLoading: false,
      customOverrides: {},
    },
    settings: {
      local: { scale: 'normal', themeColor: 'blue500', highContrastEnabled: false, reducedMotionEnabled: false, autoPollNewTweets: false },
      remote: { settings: { screen_name: me.handle, language: 'en', protected: false, display_sensitive_media: false }, fetchStatus: 'loaded' },
      dataSaver: { dataSaverMode: false },
      transient: { loginPromptShown: false, lastViewedHomeTimeline: 'home' },
    },
    session: { country: 'US', isLoaded: true, isRestrictedSession: false, language: 'en', user_id: me.id, userFeatures: {} },
  };
  const meta = { env: 'prod', isCanary: false, sha: '9c3f1a27d0e84b5f6a2d1c0b7e8f9a3d4c5b6e7f', isLoggedIn: true, isTwoffice: false, hasMultiAccountCookie: false, uaParserTags: ['m2', 'rweb', 'msw'], serverDate: now };
  return (
    `<script type="text/javascript" charset="utf-8" nonce="">window.__INITIAL_STATE__=${JSON.stringify(state).replace(/</g, '\\u003c')};window.__META_DATA__=${JSON.stringify(meta)};</script>` +
    `<script id="nonce-csp" nonce=""></script>`
  );
}

/**
 * A whole logged-in x.com status page.
 * { url, title, cells: [spec...] (see layout), dmDrawer: {conversations:[...]} , sidebar:
 *   {trends, whoToFollow}, me, now }
 */
export function renderPage({ url, title, cells, dmDrawer = { conversations: [] }, sidebar: side = {}, me = DEFAULT_ME, now = DEFAULT_NOW }) {
  const { html: cellsHtml, height } = layout(cells, { now, me });
  // DM drawer list: "Message requests" pivot, the conversations, an end spacer.
  let dy = 0;
  let dm = fill(CHROME.dmRequests, { Y: 0 });
  dy += 79.0909;
  for (const c of dmDrawer.conversations ?? []) {
    dm += renderDmRow(c, { y: round3(dy), now });
    dy += 81.8182;
  }
  const head = fill(CHROME.head, { TITLE_TEXT: escText(title), TITLE: escAttr(title), URL: escAttr(url) });
  return (
    head +
    fillMe(fill(CHROME.bodyOpen, { DM_LIST_HEIGHT: round3(dy + 220) }), me) +
    dm +
    fill(CHROME.dmTail, { DM_END_Y: round3(dy) }) +
    fillMe(CHROME.header, me) +
    CHROME.mainOpen +
    CHROME.postTopBar +
    `<section aria-labelledby="accessible-list-1" role="region" class="${V}"><h1 dir="auto" aria-level="1" role="heading" class="css-146c3p1 r-4iw3lz r-1xk2f4g r-109y4c4 r-1udh08x r-wwvuq4 r-u8s1d r-92ng3h" id="accessible-list-1">Conversation</h1>` +
    `<div aria-label="Timeline: Conversation" class="${V}"><div style="position: relative; min-height: ${height}px;">` +
    cellsHtml +
    `</div></div></section></div></div>` +
    sidebar(side, me, url) +
    CHROME.afterSidebar +
    initialState(me, now) +
    CHROME.bundleScripts +
    `</body></html>`
  );
}

/**
 * `NAME on X: "TEXT" / X` as in the captures' <title>: the raw post text, links as their t.co
 * URL, then a t.co link for attached media and for a link card.
 */
export function pageTitle(post) {
  let text = parseText(post.text)
    .map((s) => (s.t === 'url' ? post.links?.[s.v] ?? tco(s.v) : s.t === 'mention' ? `@${s.v}` : s.t === 'hashtag' ? `#${s.v}` : s.t === 'cashtag' ? `$${s.v}` : s.v))
    .join('');
  if (post.photos?.length || post.video) text += ` ${tco(`media:${post.id}`)}`;
  if (post.card) text += ` ${post.card.tco ?? tco(post.card.url)}`;
  if (post.quote) text += ` ${tco(`https://x.com/${post.quote.author.handle}/status/${post.quote.id}`)}`;
  return `${post.author.name} on X: "${text.replace(/\s*\n+\s*/g, ' ').trim()}" / X`;
}
