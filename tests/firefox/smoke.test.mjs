// Smoke test of the Firefox build (dist/firefox) in headless Firefox ESR: the seed thread page,
// served as x.com with x.com's strict CSP, opens in the overlay with every post of the thread,
// the Markdown download lands on disk, and so does the PDF with the thread's photos after the
// user allows their host in the permission window.
//
// How: puppeteer-core drives Debian's firefox-esr over WebDriver BiDi and installs the
// extension as a temporary add-on (BiDi `webExtension.install`). BiDi cannot press a toolbar
// button, so the installed copy — made here in a temporary directory — runs
// tests/firefox/press-button.js as its background module: it loads background.js unchanged
// and calls the click handler when the tab has loaded. Firefox reaches "x.com" and
// "pbs.twimg.com" through a local CONNECT proxy that tunnels to the e2e harness's HTTPS server
// (self-signed certificate: `acceptInsecureCerts`); every other host is refused.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import puppeteer from 'puppeteer-core';
import {
  SERVED_HOSTS,
  X_HEADERS,
  loadCase,
  readOverlay,
  repoRoot,
  startServer,
} from '../e2e/harness.mjs';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const firefoxBuild = process.env.UNSPOOL_FIREFOX_EXTENSION ?? join(repoRoot, 'dist/firefox');
/** Set to see Firefox's own output (the background page's console included). */
const DEBUG = Boolean(process.env.UNSPOOL_FIREFOX_DEBUG);

let server;
let proxy;
let browser;
let tmp;
let downloads;
const seed = await loadCase('x-seed-thread');

/** An HTTP proxy that tunnels HTTPS for the served hosts to the local server, and only that. */
async function startProxy(serverPort) {
  const proxy = createServer((req, res) => {
    res.writeHead(403, { 'content-type': 'text/plain' });
    res.end('only HTTPS to the served hosts');
  });
  proxy.on('connect', (req, client, head) => {
    const [host, port] = req.url.split(':');
    if (!SERVED_HOSTS.includes(host) || port !== '443') {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(serverPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise((ok) => proxy.listen(0, '127.0.0.1', ok));
  return proxy;
}

/**
 * dist/firefox as the test installs it: press-button.js as the background module, and the
 * test page's host as a host permission (in place of the click's activeTab grant).
 */
async function testCopy(dir) {
  const manifest = JSON.parse(await readFile(join(firefoxBuild, 'manifest.json'), 'utf8'));
  // press-button.js imports background.js: it must be what the shipped manifest runs.
  assert.deepEqual(manifest.background.scripts, ['background.js']);
  assert.equal(manifest.background.type, 'module');
  await cp(firefoxBuild, dir, { recursive: true });
  await cp(join(repoRoot, 'tests/firefox/press-button.js'), join(dir, 'press-button.js'));
  manifest.background.scripts = ['press-button.js'];
  manifest.host_permissions = ['https://x.com/*'];
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'unspool-firefox-'));
  downloads = join(tmp, 'downloads');
  server = await startServer();
  server.serve(seed.url, { file: seed.file, headers: X_HEADERS });
  // Real JPEG bytes for the avatars (the harness's placeholders are SVG, which no PDF shows).
  const html = await readFile(seed.file, 'utf8');
  for (const url of new Set(html.match(/https:\/\/pbs\.twimg\.com\/profile_images\/[^"'&?\s)]+/g))) {
    server.serve(url, {
      file: join(repoRoot, 'tests/pdf/images/avatar.jpg'),
      headers: { 'content-type': 'image/jpeg' },
    });
  }
  proxy = await startProxy(server.port);
  const proxyPort = proxy.address().port;
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    acceptInsecureCerts: true,
    dumpio: DEBUG,
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxyPort,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxyPort,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.alwaysOpenPanel': false,
      // permissions.request grants without Firefox's own doorhanger, which BiDi cannot click;
      // the request still needs the user's click in our permission window.
      'extensions.webextOptionalPermissionPrompts': false,
      ...(DEBUG ? { 'devtools.console.stdout.content': true, 'devtools.console.stdout.chrome': true } : {}),
    },
  });
  await browser.installExtension(await testCopy(join(tmp, 'extension')));
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (proxy ? proxy.close(ok) : ok()));
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Waits for a finished download whose name ends with `extension`; returns its path. */
async function downloaded(extension, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const names = await readdir(downloads).catch(() => []);
    // Firefox first creates NAME empty, writes into NAME.part, and renames that over NAME when
    // the download is complete.
    const done = names.find((n) => n.endsWith(extension));
    const size = done ? (await stat(join(downloads, done)).catch(() => ({ size: 0 }))).size : 0;
    if (size > 0 && !names.some((n) => n.endsWith('.part'))) return join(downloads, done);
    if (Date.now() > deadline) throw new Error(`no ${extension} download; saw ${names.join(', ')}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** The extension's permission window (puppeteer reports its URL as about:blank: ask it). */
async function permissionWindow(timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const page of await browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (/^moz-extension:\/\/[^/]+\/permission\.html\?/.test(href)) return page;
    }
    if (Date.now() > deadline) throw new Error('the permission window never opened');
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

function clickAction(page, action) {
  return page.evaluate((action) => {
    const root = document.getElementById('unspool-root').shadowRoot;
    root.querySelector(`[data-action="${action}"]`).click();
  }, action);
}

test('the seed thread opens in the overlay in Firefox with every post; Markdown and PDF with photos download', async () => {
  assert.match(await browser.version(), /^firefox\//i);
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(() => {
    // What the page itself could see of us (its main world): no CSP violations.
    window.__unspoolViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__unspoolViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(seed.url, { waitUntil: 'load' });
  // Polled with evaluate: puppeteer's waitForFunction builds its poller with `new Function`
  // in the page, which Firefox 140 refuses under X's CSP ("call to Function() blocked").
  for (const deadline = Date.now() + 30_000; ; ) {
    const state = await page.evaluate(() => document
      .getElementById('unspool-root')
      ?.shadowRoot?.querySelector('[data-state]')?.dataset.state);
    if (state === 'ready' || state === 'error') break;
    if (Date.now() > deadline) throw new Error(`the overlay is still ${state ?? 'missing'} after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const overlay = await readOverlay(page);
  assert.equal(overlay.state, 'ready', overlay.message);
  assert.equal(overlay.shadowMode, 'open');
  assert.equal(overlay.postCount, String(seed.ids.length));
  assert.deepEqual(overlay.ids, seed.ids);
  assert.deepEqual(await page.evaluate(() => window.__unspoolViolations), []);

  await clickAction(page, 'download-markdown');
  const markdown = await readFile(await downloaded('.md'), 'utf8');
  assert.match(markdown, /Transitioning from Software Engineering to Machine Learning/);

  // The PDF: the background page's second Wasm module, fonts from the package, the permission
  // window (windows.create) and the user's trusted click on "Allow photos" in it, photos from
  // the granted host, the bytes back over a runtime port.
  await clickAction(page, 'download-pdf');
  const asking = await permissionWindow();
  assert.match(await asking.evaluate(() => document.getElementById('why').textContent), /pbs\.twimg\.com/);
  await asking.click('#allow');
  const path = await downloaded('.pdf', 45_000);
  const pdf = await readFile(path);
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(pdf.subarray(-32).toString('latin1'), /%%EOF\s*$/);
  // The avatar (200×200 pixels in a 34-point circle) is fitted to the page by the background
  // page's codecs (createImageBitmap and OffscreenCanvas in Firefox too): a 71×71 JPEG, drawn
  // at 150 ppi. Only a PDF with photos has it.
  const { stdout } = await promisify(execFile)('pdfimages', ['-list', path]);
  const images = stdout.split('\n').slice(2).filter((l) => l.trim()).map((l) => l.trim().split(/\s+/));
  assert.deepEqual(images.map((row) => [row[2], row[3], row[4], row[8], row[12]]), [['image', '71', '71', 'jpeg', '150']],
    stdout);
});
