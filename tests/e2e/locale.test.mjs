// The reader in German: with Chromium's UI language set to de, every string the overlay shows
// comes from _locales/de (nothing is hard-coded in English), and so do the PDF's and the
// Markdown's own words. (Japanese, whose words in the PDF need the CJK font: locale-ja.test.mjs.)
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import {
  exportPdf,
  inOverlay,
  launchBrowser,
  loadCase,
  openPage,
  openReader,
  outDir,
  repoRoot,
  startServer,
  waitForResult,
} from './harness.mjs';

const run = promisify(execFile);

let server;
let browser;
let seed;
let home;

before(async () => {
  server = await startServer();
  seed = await loadCase('x-seed-thread');
  server.serve(seed.url, { file: seed.file });
  home = await loadCase('x-brocc-home');
  server.serve(home.url, { file: home.file });
  // Kiritimati, UTC+14: the seed thread's first post (14:32 UTC) is the next day there.
  browser = await launchBrowser({ port: server.port, args: ['--lang=de'], env: { TZ: 'Pacific/Kiritimati' } });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('with the browser in German, the reader speaks German', async () => {
  const de = JSON.parse(await readFile(join(repoRoot, 'extension/_locales/de/messages.json'), 'utf8'));
  const { page } = await openPage(browser.context, seed.url);
  try {
    await openReader(browser, page);
    const overlay = await waitForResult(page);
    assert.equal(overlay.state, 'ready', overlay.message);
    assert.equal(overlay.label, de.readerLabel.message);
    assert.equal(await inOverlay(page, '.reader').getAttribute('lang'), 'de');
    assert.equal(await inOverlay(page, '[data-action="copy-markdown"]').textContent(), de.copyMarkdown.message);
    assert.equal(await inOverlay(page, '[data-action="settings"]').getAttribute('aria-label'), de.settingsLabel.message);
    assert.equal(await inOverlay(page, '.kicker').textContent(), 'Thread auf X');
    assert.equal(await inOverlay(page, '.end p').last().textContent(), de.unrolledBy.message);
    await inOverlay(page, '[data-action="settings"]').click();
    const legends = await inOverlay(page, '.settings legend').allTextContents();
    assert.deepEqual(legends, [de.settingTheme.message, de.settingFont.message, de.settingWidth.message, de.settingPaper.message,
      de.settingPhotos.message]);
    await page.keyboard.press('Escape');
    await page.keyboard.press('t');
    assert.match(await inOverlay(page, '[data-role="message"]').textContent(), /^Farbschema: Hell$/);
  } finally {
    await page.close();
  }
});

test('with the browser in German, the PDF speaks German', async () => {
  const { page } = await openPage(browser.context, seed.url);
  try {
    await openReader(browser, page);
    assert.equal((await waitForResult(page)).state, 'ready');
    const path = await exportPdf(browser, page, 'pdf-seed-german.pdf');
    const text = (await run('pdftotext', ['-enc', 'UTF-8', path, '-'])).stdout;
    // The kicker is letter-spaced: pdftotext gives its letters apart.
    const squeezed = text.replace(/\s+/g, '');
    assert.match(squeezed, /EINTHREADAUFX/);
    assert.match(text, /14 Beiträge/);
    assert.match(text, /\b\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4}\b/);
    assert.doesNotMatch(squeezed, /ATHREADON|14posts|December/);
  } finally {
    await page.close();
  }
});

test('with the browser in German, the Markdown speaks German', async () => {
  const { page } = await openPage(browser.context, seed.url);
  try {
    await openReader(browser, page);
    assert.equal((await waitForResult(page)).state, 'ready');
    const download = page.waitForEvent('download', { timeout: 30_000 });
    await inOverlay(page, '[data-action="download-markdown"]').click();
    const path = join(outDir, 'markdown-seed-german.md');
    await mkdir(outDir, { recursive: true });
    await (await download).saveAs(path);
    const markdown = await readFile(path, 'utf8');
    const header = markdown.split('\n').find((line) => line.startsWith('**Santiago**'));
    assert.match(header, / · 2020-12-04 · 14 Beiträge · \[Auf X ansehen\]\(https:\/\/x\.com\/svpino\/status\/1334505698712617481\)$/);
    // Times in the reader's zone, saying which.
    assert.match(markdown, /<sub>\[2020-12-04 04:32 UTC\+14\]\(https:\/\/x\.com\/svpino\/status\/1334505698712617481\)<\/sub>/);
    assert.doesNotMatch(markdown, /\b14 posts\b|View on X/);
  } finally {
    await page.close();
  }
});

test('with the browser in German, a page that is not a thread is explained in German', async () => {
  const de = JSON.parse(await readFile(join(repoRoot, 'extension/_locales/de/messages.json'), 'utf8'));
  const { page } = await openPage(browser.context, home.url);
  try {
    await openReader(browser, page);
    const overlay = await waitForResult(page);
    assert.equal(overlay.state, 'error');
    const message = await inOverlay(page, '[data-role="message"]').textContent();
    assert.ok(message.startsWith(de.errorNotAThreadTitle.message), message);
    assert.match(message, /Das ist Ihre Startseite auf X, kein Thread\. Öffnen Sie einen Beitrag auf seiner eigenen Seite \(x\.com\/…\/status\/…\)/);
    assert.doesNotMatch(message, /This is|Open a post/);
  } finally {
    await page.close();
  }
});
