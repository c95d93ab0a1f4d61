// The reader in Japanese: the PDF's own words are in Japanese even for an English thread, so
// the CJK font is fetched for them (the thread's text alone would not ask for it).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import {
  exportPdf, inOverlay, launchBrowser, loadCase, openPage, openReader, startServer, waitForResult,
} from './harness.mjs';

const run = promisify(execFile);

let server;
let browser;
let seed;

before(async () => {
  server = await startServer();
  seed = await loadCase('x-seed-thread');
  server.serve(seed.url, { file: seed.file });
  browser = await launchBrowser({ port: server.port, args: ['--lang=ja'], env: { TZ: 'Asia/Tokyo' } });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('with the browser in Japanese, the PDF of an English thread says its own words in Japanese', async () => {
  const { page } = await openPage(browser.context, seed.url);
  try {
    await openReader(browser, page);
    assert.equal((await waitForResult(page)).state, 'ready');
    assert.equal(await inOverlay(page, '.kicker').textContent(), 'X のスレッド');
    assert.equal(await inOverlay(page, '.reader').getAttribute('lang'), 'ja');
    const path = await exportPdf(browser, page, 'pdf-seed-japanese.pdf');
    const text = (await run('pdftotext', ['-enc', 'UTF-8', '-l', '1', path, '-'])).stdout;
    assert.match(text, /2020年12月3日 · 14 件の投稿/);
    // Drawn with the CJK font, fetched for these words alone (the thread is in English).
    const fonts = (await run('pdffonts', [path])).stdout;
    assert.match(fonts, /NotoSansCJK/);
  } finally {
    await page.close();
  }
});
