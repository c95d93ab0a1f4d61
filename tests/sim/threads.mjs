// Deterministic thread scenarios for the X simulator: `makeThread({n, seed})` returns plain JSON
// data (see README.md, "Scenario data") — a self-thread of n posts with long truncated posts,
// photos, quotes, a video, a link card; other people's replies after it (one answered by the
// author), an ad, a "Show more replies" cell, a "Discover more" heading with unrelated posts.
// Posts have the shape tests/xdom/render.mjs renders; ids are snowflakes of their times.
// Same input, same output: no clock, no unseeded randomness.

import { mediaKey, rng, snowflake, snowflakeMs, tco } from '../xdom/render.mjs';

const FIRST = ['Maya', 'Jonas', 'Priya', 'Tomás', 'Aiko', 'Samuel', 'Lena', 'Omar', 'Ingrid', 'Kwame', 'Noor', 'Dario', 'Elif', 'Hugo', 'Zanele', 'Wen', 'Rosa', 'Felix', 'Amara', 'Luca'];
const LAST = ['Okafor', 'Lindqvist', 'Raman', 'Ferreira', 'Tanaka', 'Adeyemi', 'Fischer', 'Haddad', 'Nilsen', 'Mensah', 'Qureshi', 'Bianchi', 'Yilmaz', 'Moreau', 'Dlamini', 'Zhang', 'Ortega', 'Wagner', 'Eze', 'Romano'];

const OPENERS = [
  'I spent the last year rebuilding our data pipeline from scratch. Here is everything I learned, one post at a time.',
  'We shipped a search engine for 40 million documents on a single machine. A long thread on how, and what went wrong.',
  'Ten years of on-call taught me more than any book. This is the thread I wish someone had written for me.',
  'Everyone asks how we cut our cloud bill by 70%. The honest answer is long, so here it is.',
];
const SENTENCES = [
  'The first version was embarrassingly simple, and that was the right call.',
  'We measured before we optimised, which saved us weeks of guessing.',
  'Most of the latency was not where the profiler first pointed.',
  'Caching helped, but only after we fixed the keys.',
  'Nobody reads the runbook at 3 a.m., so make the alerts say what to do.',
  'A boring database beats a clever one almost every time.',
  'We deleted more code than we wrote in the second month.',
  'The queue was never the bottleneck; the consumers were.',
  'Backfills are where good schemas go to die.',
  'Write the migration so it can run twice without harm.',
  'Feature flags are cheap until you forget to remove them.',
  'The hardest bug of the year was a clock that drifted by four seconds.',
  'Tests that sleep are tests that lie.',
  'We paged ourselves less once alerts had owners.',
  'Every dashboard should answer one question, not twenty.',
  'Our best decision was to make deploys small and frequent.',
  'Retries without jitter turned one outage into three.',
  'Cold starts mattered more than throughput for our users.',
  'The spreadsheet model predicted our costs within 8%.',
  'Sharding early would have been a mistake; we were right to wait.',
  'Compression bought us a year of disk for one afternoon of work.',
  'Half the incidents started with a config change.',
  'We wrote the postmortem before the fix was merged, on purpose.',
  'A single slow dependency can set the pace for the whole system.',
  'Load tests only count if they look like real traffic.',
  'We kept a decision log, and it settled many arguments.',
  'Observability is a product, and its users are tired engineers.',
  'Indexes are promises you pay for on every write.',
  'Reading the source of our database taught us more than its docs.',
  'The rollout plan mattered more than the code it rolled out.',
];
const EMOJI = ['🚀', '🔥', '📈', '✅', '👀', '😅', '💯', '🙏', '🎉'];
const TAGS = ['#buildinpublic', '#SRE', '#databases', '#DevOps', '#engineering'];
const ALTS = ['Latency chart before and after the change', 'Architecture diagram with three services and a queue', 'Screenshot of the dashboard during the incident', 'Cost breakdown by service, as a bar chart', 'Whiteboard sketch of the data flow'];
const REPLIES = [
  'This is gold. Bookmarking the whole thread.',
  'Great thread! The part about retries without jitter hit close to home 😅',
  'How did you convince your team to delete that much code?',
  'Would love a follow-up on the migration strategy.',
  'We had the exact same clock drift bug last year. Took us a week to find.',
  'Saving this for our next planning meeting 🙏',
  'Counterpoint: sharding early saved us once. But I agree it is usually premature.',
  'Thanks for writing this up so clearly.',
];
const UNRELATED = [
  'Hot take: most outages are just config changes wearing a disguise.',
  'What is the most underrated tool in your stack? Mine is a good log search.',
  'Shipped a tiny CLI today that turns saved web pages into Markdown 🎉',
  'Reminder that your backups are only as good as your last restore test.',
  'Rust compile times are better than their reputation, if you keep crates small.',
  'I keep a "things that broke" notebook. It is the most useful document I own.',
];

const pick = (r, list) => list[Math.floor(r() * list.length)];
const int = (r, lo, hi) => lo + Math.floor(r() * (hi - lo + 1));

function avatarUrl(handle) {
  const r = rng(`avatar:${handle}`);
  const digits = String(1300000000000000000n + BigInt(Math.floor(r() * 5e17)));
  const key = Array.from({ length: 8 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(r() * 62)]).join('');
  return `https://pbs.twimg.com/profile_images/${digits}/${key}_x96.jpg`;
}

function person(r, taken) {
  for (;;) {
    const first = pick(r, FIRST);
    const last = pick(r, LAST);
    const handle = `${first}${last}`.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase().slice(0, 12) + (r() < 0.5 ? '' : `_${int(r, 1, 99)}`);
    if (taken.has(handle)) continue;
    taken.add(handle);
    return { name: `${first} ${last}`, handle, verified: r() < 0.3, avatar: avatarUrl(handle) };
  }
}

/** A post at `ms` with a snowflake id; `used` keeps ids unique. */
function makePost(r, used, author, ms, text, extra = {}) {
  let id;
  do id = snowflake(ms, int(r, 0, 4095));
  while (used.has(id));
  used.add(id);
  if (snowflakeMs(id) !== ms) throw new Error('snowflake/time mismatch');
  const likes = int(r, 2, 900);
  return {
    id,
    author,
    ms,
    text,
    lang: 'en',
    stats: { replies: int(r, 0, 30), reposts: int(r, 0, 80), likes, bookmarks: int(r, 0, 60), views: likes * 40 + int(r, 0, 9000) },
    ...extra,
  };
}

function paragraph(r, sentences) {
  const out = [];
  while (out.length < sentences) {
    const s = pick(r, SENTENCES);
    if (!out.includes(s)) out.push(s);
  }
  return out.join(' ');
}

/** Cut a long text at a word boundary before ~275 characters, as X's truncation does. */
function truncate(full) {
  const cut = full.lastIndexOf(' ', 275);
  return full.slice(0, cut > 0 ? cut : 275);
}

/**
 * A scenario for the simulator. Options:
 *   n            thread length (default 300)
 *   seed         data seed (default 1); also the simulator's default randomness seed
 *   showReplies  sizes of the continuation chunks shown below the focal post before each
 *                "Show replies" cell (default [40% of n]; [] for none)
 *   longEvery, photoEvery, quoteEvery: rough frequencies (1 in k posts)
 *   replies      other people's replies after the thread (default 6)
 */
export function makeThread(options = {}) {
  const { n = 300, seed = 1, longEvery = 7, photoEvery = 9, quoteEvery = 17, replies = 6 } = options;
  const showReplies = options.showReplies ?? (n >= 12 ? [Math.floor(n * 0.4)] : []);
  const r = rng(`thread:${n}:${seed}`);
  const taken = new Set();
  const used = new Set();
  const author = person(r, taken);
  const others = Array.from({ length: 10 }, () => person(r, taken));

  // Thread times: a start in 2025, 20..240 s between posts.
  let ms = Date.UTC(2025, 0, 1) + int(r, 0, 300) * 86400000 + int(r, 0, 86399) * 1000 + int(r, 0, 999);
  const thread = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) ms += int(r, 20, 240) * 1000 + int(r, 0, 999);
    const marker = n > 1 ? `\n\n(${i + 1}/${n})` : '';
    let text;
    const extra = {};
    if (i === 0) {
      text = `${pick(r, OPENERS)}\n\n🧵👇`;
    } else if (i % longEvery === 3) {
      const full = Array.from({ length: int(r, 4, 6) }, () => paragraph(r, int(r, 2, 3))).join('\n\n') + marker;
      text = truncate(full);
      extra.truncated = true;
      extra.fullText = full;
    } else {
      const paras = Array.from({ length: int(r, 1, 3) }, () => paragraph(r, int(r, 1, 2)));
      if (r() < 0.15) paras.push(`Notes and numbers: https://notes.example.dev/${author.handle}/${seed}/${i + 1}`);
      if (r() < 0.12) paras[paras.length - 1] += ` ${pick(r, TAGS)}`;
      if (r() < 0.08) paras[0] = `@${pick(r, others).handle} ${paras[0]}`;
      if (r() < 0.2) paras[paras.length - 1] += ` ${pick(r, EMOJI)}`;
      text = paras.join('\n\n') + marker;
    }
    if (i % photoEvery === 5) {
      extra.photos = Array.from({ length: int(r, 1, 4) }, (_, k) => ({ media: mediaKey(`${seed}:${i}:${k}`), alt: pick(r, ALTS), ratio: pick(r, [56.25, 75, 100]) }));
    } else if (i % quoteEvery === 11) {
      const qa = pick(r, others);
      const qms = ms - int(r, 3600, 86400 * 30) * 1000;
      extra.quote = makePost(r, used, qa, qms, paragraph(r, 2), r() < 0.5 ? { photos: [{ media: mediaKey(`q:${seed}:${i}`), alt: pick(r, ALTS), ratio: 56.25 }] } : {});
      delete extra.quote.stats;
    } else if (i === Math.min(n - 1, 29)) {
      extra.video = { poster: `https://pbs.twimg.com/ext_tw_video_thumb/${snowflake(ms - 60000, 7)}/pu/img/${mediaKey(`v:${seed}`)}.jpg`, ratio: 56.25 };
    } else if (i === Math.min(n - 1, 47)) {
      const url = `https://blog.example.dev/${author.handle}/notes-${seed}`;
      extra.card = { url, domain: 'blog.example.dev', title: `Notes from the thread, with all the charts (${seed})`, imageId: snowflake(ms - 120000, 9), imageKey: mediaKey(`c:${seed}`).slice(0, 8), tco: tco(url) };
    }
    thread.push(makePost(r, used, author, ms, text, extra));
  }
  const end = ms;

  // After the thread: replies by others (one answered by the author: not the thread), an ad,
  // "Show more replies", then "Discover more" with unrelated posts (one by the author).
  const after = [];
  let t = end;
  for (let k = 0; k < replies; k++) {
    t += int(r, 60, 7200) * 1000 + int(r, 0, 999);
    const who = others[k % others.length];
    const reply = makePost(r, used, who, t, REPLIES[k % REPLIES.length]);
    if (k === 2) {
      t += int(r, 60, 3600) * 1000 + int(r, 0, 999);
      const answer = makePost(r, used, author, t, `@${who.handle} We ran both for a month and compared. Happy to write that up.`);
      after.push({ kind: 'post', post: reply, lineBelow: true }, { kind: 'post', post: answer, lineAbove: true, separator: true });
    } else {
      after.push({ kind: 'post', post: reply, separator: true });
    }
    if (k === 1) {
      const brand = { name: 'Northwind Cloud', handle: 'northwindcloud', verified: true, avatar: avatarUrl('northwindcloud') };
      const url = 'https://northwind.example/pipelines?utm_source=x';
      const ad = makePost(r, used, brand, Date.UTC(2025, 0, 1) + int(r, 0, 300) * 86400000 + 517, 'Pipelines that scale to zero when nobody is looking. Start free today.', {
        card: { url, domain: 'northwind.example', title: 'Northwind Pipelines — from notebook to production', imageId: '2027012345678901234', imageKey: 'Qm4xZr8T', tco: tco(url) },
      });
      after.push({ kind: 'post', post: ad, ad: true });
    }
    if (k === 3) after.push({ kind: 'empty' });
  }
  const hidden = [];
  for (let k = 0; k < 3; k++) {
    t += int(r, 600, 7200) * 1000 + int(r, 0, 999);
    hidden.push({ kind: 'post', post: makePost(r, used, others[(replies + k) % others.length], t, REPLIES[(replies + k) % REPLIES.length]), separator: true });
  }
  after.push({ kind: 'showReplies', label: 'Show more replies', element: 'div', reveals: hidden });
  after.push({ kind: 'heading', text: 'Discover more' });
  for (let k = 0; k < 5; k++) {
    const who = k === 2 ? author : others[(k + 5) % others.length];
    const when = end - int(r, -86400 * 20, 86400 * 200) * 1000 + int(r, 0, 999);
    after.push({ kind: 'post', post: makePost(r, used, who, when, UNRELATED[(k + seed) % UNRELATED.length]), separator: true });
  }
  after.push({ kind: 'empty', variant: 'end' });

  const now = t + int(r, 3600, 86400 * 3) * 1000;
  return {
    version: 1,
    name: `thread-${n}-seed-${seed}`,
    params: threadParams(options),
    now,
    author,
    thread,
    showReplies,
    after,
    sim: { seed },
  };
}

const NUMERIC = ['n', 'seed', 'longEvery', 'photoEvery', 'quoteEvery', 'replies'];

/** makeThread options as flat strings (for a URL query); `threadOptions` reads them back. */
export function threadParams(options = {}) {
  const out = { n: String(options.n ?? 300), seed: String(options.seed ?? 1) };
  for (const k of NUMERIC.slice(2)) if (options[k] != null) out[k] = String(options[k]);
  if (options.showReplies) out.showReplies = options.showReplies.length ? options.showReplies.join('.') : 'none';
  return out;
}

/** The makeThread options in a URLSearchParams (or plain object), or null if it names none. */
export function threadOptions(params) {
  const get = (k) => (typeof params.get === 'function' ? params.get(k) : params[k]) ?? null;
  if (get('n') == null && get('seed') == null) return null;
  const options = {};
  for (const k of NUMERIC) {
    const v = get(k);
    if (v == null) continue;
    if (!/^\d{1,6}$/.test(v)) throw new Error(`bad ${k}: ${v}`);
    options[k] = Number(v);
  }
  const sr = get('showReplies');
  if (sr != null) options.showReplies = sr === 'none' || sr === '' ? [] : sr.split('.').map(Number);
  if (options.showReplies?.some((x) => !Number.isInteger(x) || x < 1)) throw new Error(`bad showReplies: ${sr}`);
  return options;
}

/** The thread's post ids in reading order (ground truth for tests). */
export const threadIds = (scenario) => scenario.thread.map((p) => p.id);
