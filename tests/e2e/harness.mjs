// End-to-end harness: a local HTTPS server that answers as x.com (and any other host a test
// maps), Chromium with the built extension loaded, the toolbar button pressed over the DevTools
// protocol, and readers for the overlay's test contract (DESIGN.md, "Test contract").
//
// Pressing the button: headless Chromium has no toolbar, so we send the browser-level CDP
// command `Extensions.triggerAction {id, targetId}`. It must go to a *browser* session
// (`context.browser().newBrowserCDPSession()`; a page session answers "Method not allowed")
// and name the tab's target of type "tab" — `Target.getTargets` lists those only with
// `filter: [{}]`; a "page" target answers "Action can only be triggered on a tab target".
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const extensionDir = process.env.UNSPOOL_EXTENSION ?? join(repoRoot, 'dist/chrome');
export const pagesDir = join(repoRoot, 'tests/pages');
/** Real page captures (read-only), kept beside the repository in shared/. */
export const fixturesDir = resolve(repoRoot, '../shared/fixtures');
export const outDir = join(repoRoot, 'tests/e2e/out');

/** Hosts the browser reaches on the local server; every other host fails at once. */
export const SERVED_HOSTS = [
  'x.com', 'twitter.com', 'mobile.x.com', 'mobile.twitter.com',
  'pbs.twimg.com', 'abs.twimg.com', 'example.org',
  // The other sites (tests/e2e/sites.test.mjs): Thread Reader App, Bluesky, the Mastodon
  // instance the fixtures come from, and an instance no list knows.
  'threadreaderapp.com', 'bsky.app', 'cdn.bsky.app',
  'hachyderm.io', 'media.hachyderm.io', 'toot.example.net',
];

/** Image hosts answered with a drawn placeholder (any path) unless a test serves the URL. */
export const IMAGE_HOSTS = ['pbs.twimg.com', 'cdn.bsky.app', 'media.hachyderm.io'];

/** Response headers in the spirit of x.com's: above all a CSP without 'wasm-unsafe-eval'. */
export const X_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': [
    "default-src 'self'",
    "connect-src 'self' blob: https://api.x.com https://*.twimg.com",
    "font-src 'self' https://*.twimg.com",
    "form-action 'self' https://x.com https://*.x.com",
    "frame-ancestors 'self'",
    "img-src 'self' blob: data: https://*.twimg.com https://*.cdn.twitter.com",
    "manifest-src 'self'",
    "media-src 'self' blob: https://*.twimg.com",
    "object-src 'none'",
    "script-src 'self' 'unsafe-inline' https://abs.twimg.com",
    "style-src 'self' 'unsafe-inline' https://*.twimg.com",
    "worker-src 'self' blob:",
  ].join('; '),
  'cross-origin-opener-policy': 'same-origin-allow-popups',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'x-xss-protection': '0',
  'strict-transport-security': 'max-age=631138519',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  'cache-control': 'no-cache, no-store, must-revalidate',
};

/** A stricter page still: no inline styles at all (the overlay must not need them). */
export const STRICT_HEADERS = {
  ...X_HEADERS,
  'content-security-policy':
    "default-src 'none'; img-src https:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
};

/**
 * bsky.app's headers: bskyweb (social-app, bskyweb/cmd/bskyweb/server.go) sets them with Echo's
 * Secure middleware — nosniff, SAMEORIGIN, HSTS one year — and a CSP that is open for
 * everything but scripts: `default-src * 'unsafe-inline' blob:; script-src 'self'
 * <static CDN> www.youtube.com` (no 'wasm-unsafe-eval').
 */
export const BLUESKY_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src * 'unsafe-inline' blob:; script-src 'self' https://web-cdn.bsky.app www.youtube.com;",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'strict-transport-security': 'max-age=31536000',
  'cache-control': 'no-cache',
};

/**
 * threadreaderapp.com's kind of headers. Its real response headers could not be looked up here;
 * it is an ad-supported server-rendered site behind Cloudflare, so this is a permissive policy
 * of that kind (scripts from itself, Google's tag manager and inline; anything https for the
 * rest) — still without 'wasm-unsafe-eval'. An assumption, not a capture.
 */
export const THREADREADER_HEADERS = {
  'content-type': 'text/html; charset=UTF-8',
  'content-security-policy': [
    "default-src 'self' https: data: blob: 'unsafe-inline'",
    "script-src 'self' 'unsafe-inline' https://www.googletagmanager.com https://www.google-analytics.com",
    "object-src 'none'",
    "frame-ancestors 'self'",
    'upgrade-insecure-requests',
  ].join('; '),
  'x-frame-options': 'SAMEORIGIN',
  'x-content-type-options': 'nosniff',
  'x-xss-protection': '1; mode=block',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'cache-control': 'no-cache, private',
  server: 'cloudflare',
};

/**
 * A Mastodon instance's headers: the directives of Mastodon's
 * config/initializers/content_security_policy.rb (production branch) for an instance at
 * `origin` whose media is served from `mediaHosts`, with the per-request style nonce.
 * Real Mastodon (4.x) also puts 'wasm-unsafe-eval' in script-src; it is left out here on
 * purpose (DESIGN.md's test contract: the page's CSP must not allow Wasm — the core runs in
 * the service worker, never in the page).
 */
export function mastodonHeaders(origin, { mediaHosts = [], nonce = 'dGVzdC1ub25jZS0xMjM0NQ==' } = {}) {
  const media = [origin, ...mediaHosts].join(' ');
  const streaming = origin.replace(/^https:\/\//, 'wss://');
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': [
      "base-uri 'none'",
      "default-src 'none'",
      "frame-ancestors 'none'",
      `font-src 'self' ${origin}`,
      `img-src 'self' data: blob: ${media}`,
      `style-src 'self' ${origin} 'nonce-${nonce}'`,
      `media-src 'self' data: ${media}`,
      `manifest-src 'self' ${origin}`,
      "form-action 'self'",
      `child-src 'self' blob: ${origin}`,
      `worker-src 'self' blob: ${origin}`,
      `connect-src 'self' data: blob: ${media} ${streaming}`,
      `script-src 'self' ${origin}`,
      "frame-src 'self' https:",
    ].join('; '),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'permissions-policy': 'interest-cohort=()',
    'cross-origin-opener-policy': 'same-origin',
    'strict-transport-security': 'max-age=63072000; includeSubDomains',
    'cache-control': 'max-age=0, public',
    vary: 'Accept, Accept-Language, Cookie',
  };
}

/** A test page case: tests/pages/<name>/{source.html, url.txt, ids.txt}. */
export async function loadCase(name) {
  const dir = join(pagesDir, name);
  const url = (await readFile(join(dir, 'url.txt'), 'utf8')).trim();
  const ids = (await readFile(join(dir, 'ids.txt'), 'utf8')).split(/\s+/).filter(Boolean);
  return { name, dir, url, ids, file: join(dir, 'source.html') };
}

const run = promisify(execFile);

/** A self-signed certificate for every served host, made in a temporary directory. */
async function makeCertificate(dir) {
  const san = SERVED_HOSTS.map((h) => `DNS:${h}`).join(',');
  await run('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    '-subj', '/CN=unspool-test', '-addext', `subjectAltName=${san}`,
  ]);
  return {
    key: await readFile(join(dir, 'key.pem')),
    cert: await readFile(join(dir, 'cert.pem')),
  };
}

/**
 * Starts the HTTPS server. `serve(url, {file | body, headers, status})` answers one URL (host
 * and path; the query is ignored); images on IMAGE_HOSTS get a drawn placeholder so the
 * overlay shows pictures offline; anything else is a 404.
 */
export async function startServer() {
  const dir = await mkdtemp(join(tmpdir(), 'unspool-e2e-'));
  const routes = new Map();
  const requests = [];
  const server = createServer(await makeCertificate(dir), async (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const path = new URL(req.url, 'https://localhost').pathname;
    requests.push(`${host}${path}`);
    try {
      const route = routes.get(`${host}${path}`);
      if (route) {
        const body = route.file ? await readFile(route.file) : route.body;
        res.writeHead(route.status ?? 200, route.headers ?? X_HEADERS);
        res.end(body);
      } else if (IMAGE_HOSTS.includes(host)) {
        res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=3600' });
        res.end(placeholderImage(path));
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
      }
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e));
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: server.address().port,
    requests,
    serve(url, route) {
      const u = new URL(url);
      routes.set(`${u.hostname}${u.pathname}`, route);
    },
    async close() {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A soft gradient "photo" (square for avatars and card thumbnails), varied by the path. */
function placeholderImage(path) {
  let hash = 0;
  for (const c of path) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  const square = /profile_images|card_img|avatar/.test(path);
  const [w, h] = square ? [400, 400] : [1200, 675];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="hsl(${hue} 55% 72%)"/><stop offset="1" stop-color="hsl(${(hue + 50) % 360} 45% 45%)"/>
</linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>
<circle cx="${w * 0.72}" cy="${h * 0.3}" r="${Math.min(w, h) * 0.12}" fill="hsl(${hue} 80% 92%)" opacity="0.8"/>
<path d="M0 ${h} L${w * 0.3} ${h * 0.55} L${w * 0.5} ${h * 0.75} L${w * 0.75} ${h * 0.45} L${w} ${h * 0.8} V${h} Z" fill="hsl(${(hue + 80) % 360} 35% 30%)" opacity="0.55"/>
</svg>`;
}

/**
 * Chromium with the extension loaded (DESIGN.md's recipe; `extension` is its unpacked
 * directory, dist/chrome by default). Returns the context, the
 * extension's id and service worker, and `close()`. Always close it: nothing reaps browsers.
 */
/**
 * Chromium's flags for the unpacked `extensions` with every served host mapped to the local
 * server on `port` (and nothing else reachable), offline-safe (the recipe in DESIGN.md).
 */
export function chromiumArgs(port, extensions) {
  const rules = SERVED_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`);
  const list = extensions.join(',');
  return [
    `--disable-extensions-except=${list}`,
    `--load-extension=${list}`,
    `--host-resolver-rules=${[...rules, 'MAP * ~NOTFOUND'].join(', ')}`,
    '--ignore-certificate-errors',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Chromium 148 serves the DevTools protocol's Extensions domain (triggerAction: the
    // toolbar button) only with this flag, over Playwright's pipe.
    '--enable-unsafe-extension-debugging',
  ];
}

/**
 * Chromium with the extension. `scrollbars` keeps the classic scrollbars that take room, as on
 * Linux and Windows desktops (headless hides them by default).
 */
export async function launchBrowser({ port, colorScheme = 'light', viewport, extension = extensionDir, args: extraArgs = [], scrollbars = false, env } = {}) {
  const context = await chromium.launchPersistentContext('', {
    ignoreDefaultArgs: scrollbars ? ['--hide-scrollbars'] : undefined,
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    ignoreHTTPSErrors: true,
    acceptDownloads: true,
    colorScheme,
    viewport: viewport ?? { width: 1280, height: 800 },
    args: [...chromiumArgs(port, [extension]), ...extraArgs],
    env: env ? { ...process.env, ...env } : undefined,
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(worker.url()).host;
    // The worker can be listed before its modules have run: a press of the button before it
    // listens would go unanswered, and openReader waits for an overlay that never comes.
    await worker.evaluate(async () => {
      for (let i = 0; i < 250 && !globalThis.chrome?.action?.onClicked?.hasListeners(); i++) {
        await new Promise((ok) => setTimeout(ok, 20));
      }
    });
    return { context, worker, extensionId, close: () => context.close() };
  } catch (e) {
    await context.close();
    throw e;
  }
}

/** A new tab showing `url`, with the page's CSP violations and errors recorded. */
export async function openPage(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /chrome-extension:/.test(m.location()?.url ?? '')) {
      errors.push(`console: ${m.text()}`);
    }
  });
  await page.addInitScript(() => {
    // What the page itself could observe of us. Runs in the page's main world.
    window.__unspoolTest = { violations: [] };
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__unspoolTest.violations.push({
        directive: e.violatedDirective,
        blocked: e.blockedURI,
        source: e.sourceFile,
        at: performance.now(),
      });
    });
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors };
}

/** The page's CSP violations so far. */
export function violations(page) {
  return page.evaluate(() => window.__unspoolTest?.violations ?? []);
}

/** Presses the extension's toolbar button for the tab showing `page`. */
export async function clickAction({ context, extensionId }, page) {
  const cdp = await context.browser().newBrowserCDPSession();
  try {
    const deadline = Date.now() + 5_000;
    for (;;) {
      try {
        const targetId = await tabTargetId(cdp, page);
        await cdp.send('Extensions.triggerAction', { id: extensionId, targetId });
        return;
      } catch (e) {
        // Right after a navigation the tab can still refuse ("Cannot access contents of the
        // page") or not be listed yet.
        if (Date.now() > deadline) throw e;
        await new Promise((ok) => setTimeout(ok, 200));
      }
    }
  } finally {
    await cdp.detach().catch(() => {});
  }
}

async function tabTargetId(cdp, page) {
  const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{}] });
  const tabs = targetInfos.filter((t) => t.type === 'tab' && t.url === page.url());
  const tab = tabs.length === 1 ? tabs[0] : tabs.find((t) => t.embedderData?.tabActive);
  if (!tab) throw new Error(`no tab target for ${page.url()}`);
  return tab.targetId;
}

/**
 * Presses the button until the overlay exists. Right after a navigation the worker's injection
 * can be refused ("Cannot access contents of the page"); it logs that, and we press again.
 */
export async function openReader(browser, page) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    let onConsole;
    const refused = new Promise((resolve) => {
      onConsole = (m) => {
        if (/cannot run on this page/i.test(m.text())) resolve(false);
      };
      browser.worker.on('console', onConsole);
    });
    try {
      await clickAction(browser, page);
      const opened = page
        .waitForFunction(() => document.getElementById('unspool-root')?.shadowRoot, null, {
          timeout: Math.max(deadline - Date.now(), 1),
        })
        .then(() => true, () => false);
      if (await Promise.race([opened, refused])) return;
    } finally {
      browser.worker.off('console', onConsole);
    }
    if (Date.now() > deadline) throw new Error('the overlay never opened');
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/**
 * Stops the extension's service worker, as Chrome does to an idle or misbehaving one, and
 * waits until it has really stopped (the `ServiceWorker` domain reports its version
 * `stopped`). `page` is any open tab: the domain of its CDP session sees every worker, the
 * extension's too. Resolves to `{restarted}`, a promise that settles when the worker runs
 * again (the next message or port wakes it) and the watching session is closed.
 *
 * Playwright's `Worker` object for the stopped worker reports `close` only much later (Chrome
 * keeps the DevTools target of the version), so the test watches the version's status instead.
 */
export async function stopServiceWorker(browser, page) {
  const scriptURL = browser.worker.url();
  const cdp = await browser.context.newCDPSession(page);
  const history = new Map(); // versionId → the running statuses seen, in order
  const changed = [];
  const until = async (check) => {
    while (!check()) await new Promise((resolve) => changed.push(resolve));
  };
  try {
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const v of versions) {
        if (v.scriptURL !== scriptURL) continue;
        const seen = history.get(v.versionId) ?? [];
        if (seen.at(-1) !== v.runningStatus) seen.push(v.runningStatus);
        history.set(v.versionId, seen);
      }
      for (const wake of changed.splice(0)) wake();
    });
    await cdp.send('ServiceWorker.enable');
    await until(() => [...history.values()].some((seen) => seen.at(-1) === 'running'));
    const [versionId] = [...history].find(([, seen]) => seen.at(-1) === 'running');
    const from = history.get(versionId).length;
    const after = () => history.get(versionId).slice(from);
    await cdp.send('ServiceWorker.stopWorker', { versionId });
    await until(() => after().includes('stopped'));
    const restarted = until(() => after().slice(after().indexOf('stopped')).includes('running'))
      .finally(() => cdp.detach().catch(() => {}));
    return { restarted };
  } catch (e) {
    await cdp.detach().catch(() => {});
    throw e;
  }
}

/** The overlay as the test contract describes it, read from the page. */
export function readOverlay(page) {
  return page.evaluate(() => {
    const root = document.getElementById('unspool-root')?.shadowRoot;
    const reader = root?.querySelector('[data-state]');
    if (!reader) return null;
    return {
      state: reader.dataset.state,
      postCount: reader.dataset.postCount,
      ids: [...root.querySelectorAll('[data-post-id]')].map((e) => e.dataset.postId),
      message: root.querySelector('[data-role="message"]')?.textContent ?? '',
      actions: [...root.querySelectorAll('[data-action]')].map((e) => e.dataset.action),
      role: reader.getAttribute('role'),
      modal: reader.getAttribute('aria-modal'),
      label: reader.getAttribute('aria-label'),
      shadowMode: root.mode,
    };
  });
}

/** Waits until the overlay leaves "collecting"; returns what readOverlay sees. */
export async function waitForResult(page, timeout = 25_000) {
  await page.waitForFunction(
    () => {
      const state = document
        .getElementById('unspool-root')
        ?.shadowRoot?.querySelector('[data-state]')?.dataset.state;
      return state === 'ready' || state === 'error';
    },
    null,
    { timeout },
  );
  return readOverlay(page);
}

/** A locator inside the overlay (Playwright's CSS pierces open shadow roots). */
export function inOverlay(page, selector) {
  return page.locator(`#unspool-root ${selector}`);
}

/**
 * The content scripts alone, in a plain page's main world, with a stand-in `chrome` whose
 * worker answers `answer` (an object, or 'never' | 'nothing' | 'reject'). For rendering tests
 * that need no extension: hostile thread data, timeouts, broken answers.
 */
export async function injectReaderWithAnswer(page, answer) {
  const locale = JSON.parse(
    await readFile(join(repoRoot, 'extension/_locales/en/messages.json'), 'utf8'),
  );
  await page.evaluate(
    ({ locale, answer }) => {
      const getMessage = (key, substitutions = []) => {
        const subs = [].concat(substitutions);
        return (locale[key]?.message ?? '').replace(/\$(\w+)\$/g, (_, name) => {
          const at = locale[key].placeholders?.[name.toLowerCase()]?.content ?? '';
          return subs[Number(at.slice(1)) - 1] ?? '';
        });
      };
      const sendMessage = async (message) => {
        window.__sentAll = [...(window.__sentAll ?? []), message.type];
        if (message.type !== 'unspool:hooks') window.__sent = message;
        if (answer === 'never') return new Promise(() => {});
        if (message.type === 'unspool:hooks' && answer?.ok === true) {
          return { ok: true, hooks: null }; // a plain page: no site knows its host
        }
        if (answer === 'nothing') return undefined;
        if (answer === 'reject') throw new Error('Could not establish connection.');
        const posts = answer?.ok === true ? answer.progress?.thread?.posts : undefined;
        if (message.type === 'unspool:snapshot' && Array.isArray(posts)) {
          // The loop's lean status for a thread that is complete at once.
          const needs = { scrollUp: false, scrollDown: false, showReplies: false, expand: [] };
          return {
            ok: true,
            status: { postCount: posts.length, lastPostId: posts.at(-1)?.id ?? null, needs, done: true, hooks: {} },
            collectionId: 'stand-in',
          };
        }
        return structuredClone(answer);
      };
      globalThis.chrome = { runtime: { sendMessage }, i18n: { getMessage, getUILanguage: () => 'en' } };
    },
    { locale, answer },
  );
  for (const file of ['messages.js', 'content/overlay-style.js', 'content/render.js', 'content/settings.js', 'content/collect.js', 'content/content.js']) {
    await page.addScriptTag({ content: await readFile(join(repoRoot, 'extension', file), 'utf8') });
  }
}

/** A plain headless Chromium (no extension) for rendering tests. */
export function launchPlainBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
}

/**
 * Exports the PDF of the reader open on `page` and saves it as `name` in the output folder;
 * resolves to its path. When the permission window asks for the photos (a thread with photos),
 * the answer is a text-only PDF.
 */
export async function exportPdf({ context }, page, name) {
  const answer = async (popup) => {
    if (!popup.url().includes('/permission.html')) return;
    await popup.waitForLoadState();
    await popup.locator('#text-only').click({ noWaitAfter: true }).catch((e) => {
      if (!popup.isClosed() && !/closed/i.test(e.message)) throw e;
    });
  };
  context.on('page', answer);
  try {
    const download = page.waitForEvent('download', { timeout: 30_000 });
    await inOverlay(page, '[data-action="download-pdf"]').click();
    const path = join(outDir, name);
    await mkdir(outDir, { recursive: true });
    await (await download).saveAs(path);
    return path;
  } finally {
    context.off('page', answer);
  }
}
