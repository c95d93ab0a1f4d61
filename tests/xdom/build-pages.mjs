// Builds the hand-made logged-in X thread pages under tests/pages/<case>/ from plain data:
//   source.html  the whole page (renderPage), url.txt  the page URL,
//   ids.txt      ground truth: the thread's post ids in reading order (empty: no thread).
// Deterministic (no clock, no unseeded randomness) and idempotent: `node tests/xdom/build-pages.mjs`.

import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mediaKey, pageTitle, renderPage, rng, snowflake, snowflakeMs } from './render.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const PAGES = join(here, '..', 'pages');
const SEED = '/work/shared/seed/threadreader-svpino-unroll.txt';

// The 14 posts of @svpino's thread, verbatim from the Thread Reader unroll (SEED). Posts 2..14
// end with their "(N / 14)" marker, which belongs to the post.
const SVPINO_POSTS = [
  "Transitioning from Software Engineering to Machine Learning.\n\n🧵👇",
  "I'll tell you my story.\n\nIt might work for you. It might not.\n\nHopefully, it gives you another perspective. Hopefully, it helps.\n\n(2 / 14)",
  "Many people see \"Software Engineering\" and \"Machine Learning Engineering\" as two completely different specialization areas.\n\nThere are many differences, for sure.\n\nBut I personally like to think about them as a single, fluid, all-encompassing position.\n\n(3 / 14)",
  "Regardless of title, the ultimate measure of success is your ability to produce good software.\n\nYour skills will always be centered around something specific, but in the end, the only thing that matters is working software.\n\n(4 / 14)",
  "I like to look at \"building software\" as a spectrum instead of many individual silos.\n\nYour responsibilities at Company A might look very different than your responsibilities at Company B (under the same title.)\n\n(5 / 14)",
  "A Web Designer at Company A may be responsible for providing designs to a Front-End Developer.\n\nAt Company B, the same Web Designer may be responsible for the designs, HTML, and CSS, while the Front-End Developer may focus on the JavaScript code.\n\n(6 / 14)",
  "Many Machine Learning professionals don't come from a Software Engineering background.\n\nThey are laser-focused on creating models. Their work starts with data and ends with a good performant model.\n\nSomeone else cares about productizing those models.\n\n(7 / 14)",
  "This has helped enforce the notion of \"silos.\"\n\n▫️ \"You are a Software Engineer. Therefore you do A, and B, and C.\"\n\n▫️ \"And you are a Machine Learning Engineer, so you focus on D and E.\"\n\n(8 / 14)",
  "Personally, I had years building software before starting with Machine Learning.\n\nAs I started down that path, I incorporated more and more of the new skills in the different projects I was involved in.\n\nSlowly. Step by step.\n\n(9 / 14)",
  "We were building a dashboard to show some metrics to executives of a company.\n\nI was able to forecast future trends based on past data.\n\nThat was one of my first \"crossover\" assignments: software development work + machine learning.\n\n(10 / 14)",
  "I didn't get promoted. I didn't switch roles.\n\nI was the same developer, but now with an extra set of skills.\n\nStep by step, I started applying what I was learning to my current job.\n\n(11 / 14)",
  "Over time, I started tackling harder problems. The shape of the work that hit my plate morphed.\n\nNothing happened overnight. This \"transition\" has been taking place for years.\n\n(But it's not a \"transition,\" really. It's more of an \"expansion.\")\n\n(12 / 14)",
  "I understand that I've been fortunate: not everyone has the chance to \"expand\" their workload.\n\nUnfortunately, many people need to switch roles (even companies) to focus on machine learning problems.\n\n(13 / 14)",
  "So there you have it.\n\nI'm usually hesitant to call myself a \"Software Engineer\" or a \"Machine Learning Engineer.\"\n\nI like to see my role from a different perspective.\n\nI build software. That's what I'm good at.\n\n(14 / 14)",
];

// ---------------------------------------------------------------------------------------------
// deterministic data helpers

/** Capture time of every page (the "now" of relative timestamps). */
const NOW = Date.UTC(2026, 2, 5, 17, 42, 9);

/** A post time: whole seconds from `iso` + `offsetSec`, plus deterministic sub-second ms. */
function at(iso, offsetSec, seed) {
  return Date.parse(iso) + offsetSec * 1000 + Math.floor(rng(`ms:${seed}`)() * 1000);
}

/** Post id for a time: snowflake with a small sequence number in the low bits. */
const idFor = (ms, seed) => snowflake(ms, Math.floor(rng(`seq:${seed}`)() * 4096));

function avatar(handle) {
  const r = rng(`avatar:${handle}`);
  const digits = String(1300000000000000000n + BigInt(Math.floor(r() * 5e17)));
  const key = Array.from({ length: 8 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'[Math.floor(r() * 64)]).join('');
  return `https://pbs.twimg.com/profile_images/${digits}/${key}_x96.jpg`;
}
const user = (name, handle, verified = false) => ({ name, handle, verified, avatar: avatar(handle) });

function stats(seed, scale = 1) {
  const r = rng(`stats:${seed}`);
  const n = (max) => Math.floor(r() * max * scale);
  const likes = n(900) + 3;
  return { replies: n(40), reposts: n(120), likes, bookmarks: n(200), views: likes * 40 + n(20000) };
}

function post(author, ms, text, extra = {}) {
  const id = idFor(ms, `${author.handle}:${ms}`);
  if (snowflakeMs(id) !== ms) throw new Error('snowflake/time mismatch');
  return { id, author, ms, text, lang: 'en', stats: stats(id, extra.statScale ?? 1), ...extra };
}

const photo = (seed, alt, ratio) => ({ media: mediaKey(seed), alt, ratio });

/** Cell specs for a self-thread opened at posts[focal]: ancestors, focal, continuation. */
function threadCells(posts, focal, { lastContinues = false } = {}) {
  return posts.map((p, i) => {
    if (i < focal) return { kind: 'post', post: p, lineAbove: i > 0, lineBelow: true };
    if (i === focal) return { kind: 'post', post: p, focal: true, lineAbove: focal > 0 };
    const last = i === posts.length - 1;
    return { kind: 'post', post: p, lineAbove: i > focal + 1, lineBelow: !last || lastContinues, separator: last && !lastContinues };
  });
}

// ---------------------------------------------------------------------------------------------
// people

const SANTIAGO = user('Santiago', 'svpino', true);
const ME = {
  id: '1613702951175659520',
  name: 'Mara Lindqvist',
  handle: 'maralindq',
  avatar: avatar('maralindq'),
};

const DM = {
  conversations: [
    { name: 'Jonas Berg', handle: 'jonasberg_io', verified: false, ms: Date.UTC(2026, 2, 5, 15, 12, 41, 233), text: 'did you see the new unroll thing? sending you the link in a sec', avatar: avatar('jonasberg_io') },
    { name: 'Priya Raman', handle: 'priyaraman', verified: false, ms: Date.UTC(2026, 2, 4, 9, 3, 18, 710), text: 'Sounds good, let’s sync Thursday 👍', avatar: avatar('priyaraman') },
  ],
};

const SIDEBAR = {
  trends: [
    { context: 'Trending in Technology', name: '#MachineLearning', posts: '18.4K posts' },
    { context: 'Programming · Trending', name: 'Rust 2026', posts: '9,312 posts' },
    { context: 'Trending', name: 'WebAssembly', posts: '2,104 posts' },
  ],
  whoToFollow: [user('Ana Lucía Ortega', 'analu_ml', true)],
};

// ---------------------------------------------------------------------------------------------
// @svpino's thread (Dec 3, 2020), posts a minute or two apart

const THREAD_START = '2020-12-03T14:32:07Z';
const SVPINO_THREAD = (() => {
  let offset = 0;
  const r = rng('svpino-gaps');
  return SVPINO_POSTS.map((text, i) => {
    if (i > 0) offset += 60 + Math.floor(r() * 61); // 60..120 s
    return post(SANTIAGO, at(THREAD_START, offset, `svpino-${i}`), text, { statScale: i === 0 ? 8 : 1 });
  });
})();
const THREAD_END_MS = SVPINO_THREAD.at(-1).ms;
const later = (minutes, seed) => at(new Date(Math.floor(THREAD_END_MS / 1000) * 1000).toISOString(), minutes * 60, seed);

function verifySeed() {
  if (!existsSync(SEED)) return 'seed file not present: embedded copy used';
  const s = readFileSync(SEED, 'utf8');
  const body = s.split('3 Dec, 14 tweets, 2 min read\n')[1].split('\n\n• • •')[0];
  const joined = SVPINO_POSTS.join('\n');
  if (body !== joined) throw new Error('embedded svpino posts differ from the seed file');
  return 'embedded svpino posts match the seed file';
}

// Other people's replies and the post-thread sections.
const REPLIERS = {
  ml: user('Marcus Lee', 'mlee_builds'),
  aisha: user('Aisha Khan', 'aishakhan_dev', true),
  pedro: user('Pedro Alves', 'pedroalves'),
  nina: user('Nina Petrova', 'ninapetrova_ai'),
  sam: user('Sam Okafor', 'samokafor'),
};

const AD = post(
  user('Northwind Cloud', 'northwindcloud', true),
  Date.UTC(2026, 1, 27, 16, 0, 0, 517),
  'Train, deploy and monitor ML models without managing a single server. Start free today.',
  {
    card: { url: 'https://northwind.example/ml?utm_source=x', domain: 'northwind.example', title: 'Northwind ML — from notebook to production in minutes', imageId: '2027012345678901234', imageKey: 'Qm4xZr8T' },
    stats: { replies: 3, reposts: 12, likes: 96, bookmarks: 4, views: 182033 },
  },
);

// ---------------------------------------------------------------------------------------------
// cases

const CASES = [];

// 1. The 14-post thread opened at its first post.
{
  const t = SVPINO_THREAD;
  const replyA = post(REPLIERS.ml, later(47, 'rA'), 'This matches my experience. I started with a forecasting side project at work and it snowballed from there.');
  const replyB = post(REPLIERS.aisha, later(95, 'rB'), 'Thanks @svpino, bookmarking this whole thread. "Expansion, not transition" is the best framing I have read on this.');
  const replyC = post(REPLIERS.pedro, later(212, 'rC'), 'Would love a follow-up on which ML skills gave you the biggest return first 🙏');
  const otherSvpino = post(SANTIAGO, Date.UTC(2020, 11, 1, 13, 4, 51, 377), 'Django versus Flask versus FastAPI.\n\n🐍 🧵👇', { stats: stats('dff', 6) });
  const otherPost = post(REPLIERS.nina, Date.UTC(2026, 2, 4, 18, 20, 33, 91), 'Hot take: most ML projects fail at the data pipeline, not the model.');
  CASES.push({
    name: 'x-seed-thread',
    focal: t[0],
    cells: [
      ...threadCells(t, 0),
      { kind: 'post', post: replyA, separator: true },
      { kind: 'post', post: AD, ad: true },
      { kind: 'post', post: replyB, separator: true },
      { kind: 'post', post: replyC, separator: true },
      { kind: 'heading', text: 'Discover more' },
      { kind: 'post', post: otherSvpino, separator: true },
      { kind: 'post', post: otherPost, separator: true },
      { kind: 'empty', variant: 'end' },
    ],
    ids: t.map((p) => p.id),
  });
}

// 2. The same thread opened at its 5th post: ancestors above, continuation below, then replies
//    (one answered by svpino himself further down: not part of the thread).
{
  const t = SVPINO_THREAD;
  const r1 = post(REPLIERS.sam, later(31, 'm1'), 'Saving this. The "spectrum instead of silos" point is so underrated.');
  const r2 = post(REPLIERS.nina, later(58, 'm2'), 'Did you ever feel you had to pick one title on your CV though?');
  const svReply = post(SANTIAGO, later(74, 'm3'), '@ninapetrova_ai I did, a few times. These days I just describe what I build.');
  const r3 = post(REPLIERS.pedro, later(140, 'm4'), 'Great thread. Following for part 2.');
  CASES.push({
    name: 'x-thread-mid',
    focal: t[4],
    cells: [
      ...threadCells(t, 4),
      { kind: 'post', post: r1, separator: true },
      { kind: 'empty' },
      { kind: 'post', post: r2, lineBelow: true },
      { kind: 'post', post: svReply, lineAbove: true, separator: true },
      { kind: 'post', post: r3, separator: true },
      { kind: 'spinner' },
    ],
    ids: t.map((p) => p.id),
  });
}

// 3. A 3-post thread whose 2nd post quotes ANOTHER author's post with a photo; the 3rd has 2 photos
//    with alt texts. Opened at the 2nd (quoting) post.
{
  const hana = user('Hana Sato', 'hanasato_dev');
  const orbit = user('Orbit Labs', 'orbitlabs', true);
  const start = '2026-03-02T16:05:40Z';
  const quoted = post(orbit, Date.UTC(2026, 1, 28, 19, 12, 3, 640), 'Our new on-device model runs at 120 fps on a five year old phone. Benchmarks below.', {
    photos: [photo('orbit-bench', 'Bar chart: frames per second on five phones, the oldest at 120 fps', 56.25)],
  });
  const t = [
    post(hana, at(start, 0, 'h1'), 'I spent the weekend trying to reproduce a viral benchmark. A short thread on what I found 🧵'),
    post(hana, at(start, 84, 'h2'), 'This is the claim I started from. The chart is real, but the test clip is 240p.', { quote: quoted }),
    post(hana, at(start, 171, 'h3'), 'With a 1080p clip the same phone drops to 31 fps. Both runs below, same settings otherwise.', {
      photos: [
        photo('hana-240p', 'Profiler screenshot: 240p input, 121 fps average'),
        photo('hana-1080p', 'Profiler screenshot: 1080p input, 31 fps average'),
      ],
    }),
  ];
  const reply = post(REPLIERS.ml, at(start, 3600, 'h4'), 'Resolution strikes again. Nice work checking it.');
  // Opened at the quoting post: its first /status/ link is the QUOTED post's photo link.
  CASES.push({
    name: 'x-quote-photo',
    focal: t[1],
    cells: [...threadCells(t, 1), { kind: 'post', post: reply, separator: true }, { kind: 'empty', variant: 'end' }],
    ids: t.map((p) => p.id),
  });
}

// 4. Rich text: emoji (localized alt, ZWJ sequence), t.co links (shortened and not), mentions,
//    hashtags, a cashtag, blank lines, a video, a link card, RTL + CJK text, a truncated post.
{
  const lena = user('Lena Fischer', 'lenafischer_dev', true);
  const start = '2026-03-03T01:03:12Z';
  const p1 =
    'Shipping notes from this week 🚀\n\nWe moved the parser to Rust + Wasm 👨‍💻 and it is 4x faster. Write-up: https://blog.example.dev/2026/03/rust-wasm-parser-rewrite-what-we-learned\n\nDocs: https://ex.dev/p\n\nThanks @rustwasm and @mdn for the help! #RustLang #WebAssembly\n\n\nAnd no, this has nothing to do with $TSLA 😂';
  const p4full =
    'Some notes on what did NOT work, because those are always the more useful ones. First, we tried to keep the old regex tokenizer and only port the tree builder; the boundary between the two cost more than the whole rewrite saved. Second, we assumed UTF-16 offsets everywhere and then spent two days on surrogate pairs. Third, we shipped a debug build to the beta channel. Please learn from us.';
  const cut = p4full.lastIndexOf(' ', 275);
  const t = [
    post(lena, at(start, 0, 'l1'), p1, { emojiAlt: { '😂': 'Gesicht mit Freudentränen' } }),
    post(lena, at(start, 95, 'l2'), 'Here is the before/after in 40 seconds 🔥', {
      video: { poster: `https://pbs.twimg.com/ext_tw_video_thumb/${snowflake(Date.parse(start) + 60000, 17)}/pu/img/q2ZkLr7W0aXbVn3M.jpg`, ratio: 56.25 },
    }),
    post(lena, at(start, 188, 'l3'), 'Localization check before release: مرحبا بالعالم — שלום עולם — こんにちは世界 — 你好，世界\n\nFull changelog 👇', {
      lang: 'ar',
      card: { url: 'https://github.com/example/unspool-parser/releases/tag/v2.0.0', domain: 'github.com', title: 'Release v2.0.0 · example/unspool-parser', imageId: '2028811223344556677', imageKey: 'Gh7Xk2Pq' },
    }),
    post(lena, at(start, 301, 'l4'), p4full.slice(0, cut), { truncated: true, fullText: p4full }),
  ];
  const reply = post(REPLIERS.aisha, at(start, 2900, 'l5'), 'The UTF-16 offsets bit hurts. Been there 😅');
  const reply2 = post(REPLIERS.sam, at(start, 5400, 'l6'), 'Congrats on the release! 🎉');
  CASES.push({
    name: 'x-rich-text',
    focal: t[0],
    cells: [
      ...threadCells(t, 0),
      { kind: 'post', post: reply, separator: true },
      { kind: 'post', post: reply2, separator: true },
      { kind: 'showReplies', label: 'Show more replies', element: 'div' },
      { kind: 'empty', variant: 'end' },
    ],
    ids: t.map((p) => p.id),
  });
}

// 5. An 8-post thread of which only posts 1-5 are in the DOM, the rest behind "Show replies".
{
  const tom = user('Tomasz Nowak', 'tomasz_builds');
  const start = '2026-02-20T08:15:00Z';
  const texts = [
    'I rebuilt our CI from scratch last month. 8 lessons, one per post 👇',
    '1. Cache the dependency download, not the build output. The output changes every commit anyway.',
    '2. Split the test suite by runtime, not by folder. Our slowest shard went from 19 to 7 minutes.',
    '3. Fail fast: lint and type-check run first and in parallel, before anything expensive.',
    '4. Pin your runner images. "latest" broke us twice in one week.',
    '5. Make flaky tests loud: quarantine them in a separate job that cannot block merges.',
    '6. Keep secrets out of forks by default; opt in per workflow.',
    '7. Measure queue time, not just run time. Half our "slow CI" was waiting for runners.',
  ];
  const t = texts.map((x, i) => post(tom, at(start, i * 75, `t${i}`), x));
  const visible = t.slice(0, 5);
  const reply = post(REPLIERS.pedro, at(start, 7200, 't9'), 'Number 4 is so real.');
  CASES.push({
    name: 'x-show-replies',
    focal: t[0],
    cells: [
      ...threadCells(visible, 0, { lastContinues: true }),
      { kind: 'showReplies', label: 'Show replies' },
      { kind: 'post', post: reply, separator: true },
      { kind: 'empty', variant: 'end' },
    ],
    ids: visible.map((p) => p.id),
  });
}

// 6. Content kinds: an edited focal post, a poll with final results, a post with a community
//    note, a deleted post in the middle (a tombstone row, no article), an edited reply-post, an
//    open poll. After the thread: a deleted reply by someone else (a tombstone that is NOT the
//    thread's), then replies. The deleted middle post is a placeholder named after the post
//    before it: "<id>~1".
{
  const ines = user('Inês Carvalho', 'ines_codes', true);
  const start = '2026-03-04T14:10:00Z';
  const t = [
    post(ines, at(start, 0, 'k1'), 'I asked 2,000 developers which language they would pick for a new command-line tool. Results, a correction, and one surprise 🧵', {
      editedMs: at(start, 0, 'k1') + 6 * 60000,
    }),
    post(ines, at(start, 70, 'k2'), 'The poll, one week, no other choices allowed:', {
      poll: {
        closed: true,
        options: [
          { label: 'Rust', votes: 968 },
          { label: 'Go', votes: 636 },
          { label: 'Python 🐍', votes: 286 },
          { label: 'Zig', votes: 123 },
        ],
      },
    }),
    post(ines, at(start, 150, 'k3'), 'Rust winning is no surprise: it has been the most used language on GitHub for two years now.', {
      note: {
        text: 'Rust is not the most used language on GitHub. In GitHub’s 2024 Octoverse report Python overtook JavaScript as the most used language; Rust is not in the top five. https://github.blog/news-insights/octoverse/octoverse-2024/',
      },
    }),
    post(ines, at(start, 240, 'k4'), 'I deleted this one.'),
    post(ines, at(start, 330, 'k5'), 'Correction: it is the most *admired* language in the Stack Overflow survey, not the most used. Thanks to everyone who pointed it out.', {
      editedMs: at(start, 330, 'k5') + 3 * 60000,
    }),
    post(ines, at(start, 420, 'k6'), 'The surprise: Go wins among people who ship CLIs at work. Rust wins among people who ship them for fun.'),
    post(ines, at(start, 500, 'k7'), 'Next week: what do you use to parse arguments?', {
      poll: {
        closed: false,
        left: '1 day left',
        options: [
          { label: 'clap / cobra / click', votes: 231 },
          { label: 'Hand-written', votes: 117 },
          { label: 'Whatever the template had', votes: 64 },
        ],
      },
    }),
  ];
  const DELETED = 3; // the 4th post: a tombstone in the page, a placeholder in the thread
  const reply = post(REPLIERS.pedro, at(start, 5400, 'k8'), 'The fun-vs-work split matches what I see at meetups.');
  const cells = threadCells(t, 0).map((c, i) =>
    i === DELETED ? { kind: 'tombstone', text: 'This post was deleted by the post author.', lineAbove: true, lineBelow: true } : c,
  );
  CASES.push({
    name: 'x-content-kinds',
    focal: t[0],
    cells: [
      ...cells,
      { kind: 'tombstone', text: 'This post is unavailable.', separator: true },
      { kind: 'post', post: reply, separator: true },
      { kind: 'empty', variant: 'end' },
    ],
    ids: t.map((p, i) => (i === DELETED ? `${t[i - 1].id}~1` : p.id)),
  });
}

// ---------------------------------------------------------------------------------------------
// write

console.log(verifySeed());
for (const c of CASES) {
  const url = `https://x.com/${c.focal.author.handle}/status/${c.focal.id}`;
  const html = renderPage({ url, title: pageTitle(c.focal), cells: c.cells, dmDrawer: DM, sidebar: SIDEBAR, me: ME, now: NOW });
  const dir = join(PAGES, c.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'source.html'), html);
  writeFileSync(join(dir, 'url.txt'), `${url}\n`);
  writeFileSync(join(dir, 'ids.txt'), c.ids.length ? `${c.ids.join('\n')}\n` : '');
  const articles = (html.match(/data-testid="tweet"/g) ?? []).length;
  console.log(
    `wrote ${relative(process.cwd(), dir)}/{source.html,url.txt,ids.txt}: ${(html.length / 1024).toFixed(0)} KB, ${articles} articles, ${c.ids.length} thread ids, focal ${c.focal.id}`,
  );
}
