// The reader in German: with Chromium's UI language set to de, every string the overlay shows
// comes from _locales/de (nothing is hard-coded in English).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  inOverlay,
  launchBrowser,
  loadCase,
  openPage,
  openReader,
  repoRoot,
  startServer,
  waitForResult,
} from './harness.mjs';

let server;
let browser;
let seed;

before(async () => {
  server = await startServer();
  seed = await loadCase('x-seed-thread');
  server.serve(seed.url, { file: seed.file });
  browser = await launchBrowser({ port: server.port, args: ['--lang=de'] });
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
