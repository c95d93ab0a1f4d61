// Regenerates tests/xdom/chrome.mjs: verbatim page chrome cut out of the real X captures in
// /work/shared/fixtures/x (read-only, never edited), with the capturing account's identity
// and the per-page values replaced by {{PLACEHOLDERS}}. Run once when the captures change:
//
//   node tests/xdom/extract-chrome.mjs [/path/to/fixtures/x]
//
// Dependency-free (Node 20). build-pages.mjs only needs the generated chrome.mjs.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dir = process.argv[2] ?? '/work/shared/fixtures/x';
const HOME = readFileSync(join(dir, 'brocc-home.html'), 'utf8');
const POST = readFileSync(join(dir, 'metascraper-post.html'), 'utf8');

/** Index of the start of the element whose opening tag contains `needle` (searching from `from`). */
function openAt(src, needle, from = 0) {
  const i = src.indexOf(needle, from);
  if (i < 0) throw new Error(`not found: ${needle}`);
  return needle.startsWith('<') ? i : src.lastIndexOf('<', i);
}

/** [start, end) of the balanced element starting at `start`. */
function element(src, start) {
  const tag = /^<([a-zA-Z0-9]+)/.exec(src.slice(start, start + 40))[1];
  const re = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'g');
  re.lastIndex = start;
  let depth = 0;
  for (let m; (m = re.exec(src)); ) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return [start, re.lastIndex];
  }
  throw new Error(`unbalanced <${tag}> at ${start}`);
}

function replaceAll(s, pairs) {
  for (const [from, to] of pairs) {
    if (!s.includes(from)) throw new Error(`replacement source missing: ${from.slice(0, 80)}`);
    s = s.split(from).join(to);
  }
  return s;
}

// The capture used a 17px font setting and the system font; the article templates use the
// default 15px TwitterChirp classes (as in the metascraper captures). Map the few text classes.
const fontMap = (s) =>
  s
    .replaceAll('r-1qd0xha', 'r-37j5jr')
    .replaceAll('r-1inkyih r-hbpseb', 'r-a023e6 r-rjixqe')
    .replaceAll('r-1b43r93 r-14yzgew', 'r-n6v787 r-1cwl3u0')
    .replaceAll('r-12sks89', 'r-bt1l66');

const ME = [
  ['https://pbs.twimg.com/profile_images/1868883429644726272/JNPNowQ0_x96.jpg', '{{ME_AVATAR}}'],
  ['ben g🥦', '{{ME_NAME}}'],
  ['0thernet', '{{ME_HANDLE}}'],
];

// ---- head -------------------------------------------------------------------------------
const bodyStart = HOME.indexOf('<body');
let head = HOME.slice(0, bodyStart);
head = replaceAll(head, [
  ['font-size: 17px;', 'font-size: 15px;'],
  ['<title>(1) Home / X</title>', '<title>{{TITLE_TEXT}}</title>'],
  ['<meta content="(1) Home / X" property="og:title"', '<meta content="{{TITLE}}" property="og:title"'],
  ['<link href="https://x.com/home" rel="canonical"', '<link href="{{URL}}" rel="canonical"'],
  ['<link href="https://x.com/home" hreflang="x-default"', '<link href="{{URL}}" hreflang="x-default"'],
]);
// Size: keep 3 of the ~30 script preloads and the first rules of the 10 KB react-native stylesheet
// (cut at a rule boundary), so that a 20-post page stays under 400 KB.
{
  const preloads = [...head.matchAll(/<link nonce="" rel="preload" as="script"[^>]*>/g)];
  head = head.slice(0, preloads[3].index) + head.slice(preloads.at(-1).index + preloads.at(-1)[0].length);
  const rn = head.indexOf('<style id="react-native-stylesheet">');
  const rnEnd = head.indexOf('</style>', rn);
  const cut = head.lastIndexOf('}', rn + 1400) + 1;
  head = head.slice(0, cut) + head.slice(rnEnd);
  // the generic Draft.js stylesheet (3 KB); the themed draftjs-styles_0 block stays
  const dj = head.indexOf('<style id="draftjs-styles">');
  head = head.slice(0, dj) + head.slice(head.indexOf('</style>', dj) + 8);
}

// ---- body up to the DM drawer's conversation list (layers, Grok drawer, DM drawer header) ----
const dmDrawer = openAt(HOME, 'data-testid="DMDrawer"');
const firstDmCell = openAt(HOME, 'data-testid="cellInnerDiv"', dmDrawer);
let bodyOpen = HOME.slice(bodyStart, firstDmCell);
bodyOpen = replaceAll(bodyOpen, [['min-height: 1935.91px;', 'min-height: {{DM_LIST_HEIGHT}}px;']]);

// First DM row: the "Message requests" pivot (no personal data, kept verbatim).
const [reqS, reqE] = element(HOME, firstDmCell);
const dmRequests = HOME.slice(reqS, reqE).replace('translateY(0px)', 'translateY({{Y}}px)');

// A DM conversation row, turned into a template.
const [convS, convE] = element(HOME, openAt(HOME, 'data-testid="cellInnerDiv"', reqE));
let dmConversation = HOME.slice(convS, convE);
{
  const verStart = dmConversation.indexOf('<div dir="ltr"', dmConversation.indexOf('Feifan Zhou'));
  const [vs, ve] = element(dmConversation, verStart);
  if (!dmConversation.slice(vs, ve).includes('icon-verified')) throw new Error('DM verified badge not found');
  dmConversation = dmConversation.slice(0, vs) + '{{VERIFIED}}' + dmConversation.slice(ve);
}
dmConversation = replaceAll(dmConversation, [
  ['translateY(79.0909px)', 'translateY({{Y}}px)'],
  ['https://pbs.twimg.com/profile_images/1907131953155108864/XzmU7oLe_x96.jpg', '{{AVATAR}}'],
  ['Feifan Zhou', '{{NAME}}'],
  ['FeifanZ', '{{HANDLE}}'],
  ['aria-label="3 hours ago"', 'aria-label="{{AGO_LABEL}}"'],
  ['2025-04-08T13:17:07.580Z', '{{DATETIME}}'],
  ['>3h</time>', '>{{AGO}}</time>'],
  ['so happy to backchannel on our impression of any folks that come your way', '{{TEXT}}'],
]);

// The drawer's closing markup, the bottom bar, the app wrapper and the skip buttons, up to <header>.
const lastDmCell = HOME.lastIndexOf('data-testid="cellInnerDiv"', dmDrawer + 170087);
const headerStart = openAt(HOME, '<header role="banner"');
let dmTail = HOME.slice(HOME.lastIndexOf('<div', lastDmCell), headerStart);
dmTail = replaceAll(dmTail, [['translateY(1715.45px)', 'translateY({{DM_END_Y}}px)']]);

// ---- left navigation (header[role=banner]) ----------------------------------------------
const [hS, hE] = element(HOME, headerStart);
let header = HOME.slice(hS, hE);
header = replaceAll(header, [
  [
    '<span class="css-1jxf684 r-bcqeeo r-1ttztb7 r-qvutc0 r-poiln3">ben g</span><img alt="🥦" draggable="false" src="https://abs-0.twimg.com/emoji/v2/svg/1f966.svg" class="r-4qtqp9 r-dflpy8 r-k4bwe5 r-1kpi4qh r-pp5qcn r-h9hxbl">',
    '<span class="css-1jxf684 r-bcqeeo r-1ttztb7 r-qvutc0 r-poiln3">{{ME_NAME}}</span>',
  ],
  ...ME,
]);
// The capture is the home timeline, so "Home" is the active (bold) tab; on a status page no tab is.
header = header.replace(
  'r-1qd0xha r-evnaw r-eaezby r-b88u0q r-1fqalh9 r-k1rd3f r-1nao33i">',
  'r-1qd0xha r-evnaw r-eaezby r-16dba41 r-1fqalh9 r-k1rd3f" style="color: rgb(231, 233, 234);">',
);
header = fontMap(header);
// Size: drop the Grok and Communities tabs of the left navigation (kept: Home, Explore,
// Notifications, Messages, Profile, More, Post, account menu).
for (const label of ['aria-label="Grok" role="link"', 'aria-label="Communities" role="link"']) {
  const [s0, e0] = element(header, header.lastIndexOf('<a', header.indexOf(label)));
  header = header.slice(0, s0) + header.slice(e0);
}

// ---- main: wrappers down to primaryColumn (logged-in capture) ----------------------------
const mainStart = openAt(HOME, '<main role="main"');
const primary = openAt(HOME, 'data-testid="primaryColumn"', mainStart);
const mainOpen = HOME.slice(mainStart, HOME.indexOf('>', primary) + 1);

// ---- reply composer: the home composer (hidden progressbar, avatar, Draft.js box, button) ----
// A status page renders the same composer collapsed under the focal post: placeholder
// "Post your reply", button "Reply", and no media toolbar until it is focused.
let replyComposer;
{
  const bar = openAt(HOME, 'role="progressbar"', primary);
  const box = HOME.lastIndexOf('<div class="css-175oi2r r-kemksi r-184en5c">', bar);
  const [cS, cE] = element(HOME, box);
  let c = HOME.slice(cS, cE);
  const navS = c.indexOf('<nav aria-live="polite"');
  const [, navE] = element(c, navS);
  c = c.slice(0, navS) + c.slice(navE);
  c = replaceAll(c, [
    ['What’s happening?', 'Post your reply'],
    [
      '<span class="css-1jxf684 r-bcqeeo r-1ttztb7 r-qvutc0 r-poiln3">Post</span></span></div></button>',
      '<span class="css-1jxf684 r-bcqeeo r-1ttztb7 r-qvutc0 r-poiln3">Reply</span></span></div></button>',
    ],
    ['style="height: 44px;"', 'style="height: 40px;"'],
    ...ME,
  ]);
  replyComposer = `<div class="css-175oi2r" data-testid="inline_reply_offscreen">${fontMap(c)}</div>`;
}

// ---- the status page's "Post" top bar (from the status-page capture) ---------------------
const pcPost = openAt(POST, 'data-testid="primaryColumn"');
const homeTl = openAt(POST, '<div aria-label="Home timeline"', pcPost);
const section = POST.indexOf('<section', homeTl);
const postTopBar = POST.slice(homeTl, section);

// ---- right sidebar ------------------------------------------------------------------------
const sbStart = openAt(HOME, 'data-testid="sidebarColumn"');
const [, sbEnd] = element(HOME, sbStart);
const firstBox = openAt(HOME, 'r-le4sbl r-1udh08x', sbStart);
let sidebarOpen = fontMap(HOME.slice(sbStart, firstBox));
sidebarOpen = replaceAll(sidebarOpen, [
  ['min-height: 1517.98px;', 'min-height: {{SIDEBAR_HEIGHT}}px;'],
  ['bottom: -811.818px;', 'bottom: -{{SIDEBAR_BOTTOM}}px;'],
]);

const asideStart = openAt(HOME, '<aside aria-label="Who to follow"', sbStart);
const wtfBox = HOME.lastIndexOf('<div class="css-175oi2r r-kemksi r-1kqtdi0', asideStart);
const [, wtfBoxEnd] = element(HOME, wtfBox);
const firstLi = openAt(HOME, '<li role="listitem"', asideStart);
const [liS, liE] = element(HOME, firstLi);
const ulEnd = HOME.indexOf('</ul>', liE);
// Box + aside + heading, with the heading text as a placeholder: reused for "What's happening".
const headingBoxStart = openAt(HOME, '<div class="css-175oi2r r-1wtj0ep r-ywh0we r-284m6k r-1ny4l3l">', asideStart);
const [hbS, hbE] = element(HOME, headingBoxStart);
const headingBox = fontMap(HOME.slice(hbS, hbE)).replace('>Who to follow<', '>{{TEXT}}<');
const wtfOpen = fontMap(HOME.slice(wtfBox, hbS));
const wtfMid = fontMap(HOME.slice(hbE, firstLi));
let userCell = fontMap(HOME.slice(liS, liE));
userCell = replaceAll(userCell, [
  ['aria-describedby="id__f4eiijfa34"', 'aria-describedby="{{ID}}"'],
  ['id="id__f4eiijfa34"', 'id="{{ID}}"'],
  ['>derek guy<', '>{{NAME}}<'],
  ['dieworkwear', '{{HANDLE}}'],
]);
userCell = userCell.replace(/https:\/\/pbs\.twimg\.com\/profile_images\/[^"&]+_x96\.jpg/g, '{{AVATAR}}');
const wtfClose = fontMap(HOME.slice(ulEnd, wtfBoxEnd)).replace(/user_id=\d+/, 'user_id={{ME_ID}}');
// "Show more" row of the trends box.
const trendsShowMoreStart = HOME.lastIndexOf(
  '<div class="css-175oi2r r-1adg3ll r-1ny4l3l">',
  HOME.indexOf('href="/explore/tabs/for_you"', sbStart),
);
const [tsS, tsE] = element(HOME, trendsShowMoreStart);
const trendsShowMore = fontMap(HOME.slice(tsS, tsE));
// Footer box and the sidebar's closing tags.
const footerBox = HOME.lastIndexOf('<div class="css-175oi2r r-1kqtdi0', openAt(HOME, '<nav aria-label="Footer"', sbStart));
const sidebarClose = fontMap(HOME.slice(footerBox, sbEnd));

// ---- after the sidebar: closing tags of main / app, then the bundle <script src> tags ----
const firstScript = HOME.indexOf('<script', sbEnd);
const afterSidebar = HOME.slice(sbEnd, firstScript);
const bundleStart = HOME.indexOf("<script type=\"text/javascript\" charset=\"utf-8\" nonce=\"\">performance && performance.mark && performance.mark('scripts-blocking-start')");
const bodyEnd = HOME.lastIndexOf('</body>');
// Size: keep the first three bundle <script src> tags, i18n, main and the load-failure handler.
const bundleScripts = [...HOME.slice(bundleStart, bodyEnd).matchAll(/<script[^>]*>[\s\S]*?<\/script>/g)]
  .map((m) => m[0])
  .filter((t, i, all) => i < 4 || /i18n|main\.|ScriptLoadFailure|scripts-blocking'\)/.test(t) || i === all.length - 1)
  .join('') +
  // what follows the scripts, minus the capturing browser's extensions (Readwise, Intercom)
  HOME.slice(HOME.lastIndexOf('</script>', bodyEnd) + 9, bodyEnd)
    .replace(/<readwise-tooltip-container>[\s\S]*?<\/readwise-tooltip-container>/, '')
    .replace(/<iframe id="intercom-frame"[\s\S]*?<\/iframe>/, '')
    .replace(/<div class="intercom-lightweight-app">[\s\S]*?<\/style><\/div>/, '');

const CHROME = {
  head,
  bodyOpen,
  dmRequests,
  dmConversation,
  dmTail,
  header,
  mainOpen,
  replyComposer,
  postTopBar,
  sidebarOpen,
  wtfOpen,
  headingBox,
  wtfMid,
  userCell,
  wtfClose,
  trendsShowMore,
  sidebarClose,
  afterSidebar,
  bundleScripts,
};

for (const [k, v] of Object.entries(CHROME)) {
  if (/0thernet|ben g|Feifan|dieworkwear|intercom|readwise/i.test(v)) throw new Error(`identity left in ${k}`);
}

const out =
  `// GENERATED by tests/xdom/extract-chrome.mjs from the real captures in /work/shared/fixtures/x\n` +
  `// (brocc-home.html: logged-in x.com, dark mode; metascraper-post.html: status page top bar).\n` +
  `// Verbatim markup with {{PLACEHOLDERS}}; do not edit by hand, rerun the extractor.\n\n` +
  `export const CHROME = ${JSON.stringify(CHROME, null, 1)};\n`;
writeFileSync(join(here, 'chrome.mjs'), out);
console.log(
  `wrote ${join(here, 'chrome.mjs')} (${out.length} bytes):`,
  Object.entries(CHROME).map(([k, v]) => `${k}=${v.length}`).join(' '),
);
