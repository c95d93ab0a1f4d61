// "Unroll this thread" in the right-click menu. The `contextMenus` permission is optional: the
// shipped build asks nothing at install and has no menu item; the reader's settings switch
// opens the real permission window, and its "Add the menu item" click calls
// `chrome.permissions.request`. Unlike the photo hosts (pdf.test.mjs), `contextMenus` carries no
// install warning, so Chromium grants it on that click without a prompt — headless too — and
// the whole way on and off again runs for real. A copy of the build that requires the
// permission covers the item being made at install and surviving a worker restart.
// The item is probed through the menu API itself (`update` of an item that does not exist
// fails), with no hook in the product. Headless Chromium shows no context menu, so choosing the
// item cannot be done here; its listener calls the toolbar button's own injection.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  extensionDir,
  inOverlay,
  launchBrowser,
  loadCase,
  openPage,
  openReader,
  startServer,
  stopServiceWorker,
  waitForResult,
} from './harness.mjs';

const MENU_ID = 'unspool-unroll';

let server;
let seed;

before(async () => {
  server = await startServer();
  seed = await loadCase('x-seed-thread');
  server.serve(seed.url, { file: seed.file });
});

after(async () => {
  await server?.close();
});

/**
 * What the extension's own menu API says about the item: `exists`, its error, or `no-api`.
 * Asked from an extension page (the same API as the worker's, and it works whichever worker
 * runs now).
 */
async function probeItem(browser) {
  const page = await browser.context.newPage();
  try {
    await page.goto(`chrome-extension://${browser.extensionId}/permission.html`);
    return await page.evaluate(async (id) => {
      if (!globalThis.chrome.contextMenus) return 'no-api';
      try {
        await chrome.contextMenus.update(id, {});
        return 'exists';
      } catch (e) {
        return e.message;
      }
    }, MENU_ID);
  } finally {
    await page.close();
  }
}

/** Waits (event-free, so by asking again) until the worker's item probe says `want`. */
async function itemBecomes(browser, want) {
  const deadline = Date.now() + 10_000;
  let got;
  while ((got = await probeItem(browser)) !== want && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return got;
}

/** Opens the reader on the seed thread and its settings panel; returns the page. */
async function readerWithSettings(browser) {
  const { page } = await openPage(browser.context, seed.url);
  await openReader(browser, page);
  const overlay = await waitForResult(page);
  assert.equal(overlay.state, 'ready', overlay.message);
  await inOverlay(page, '[data-action="settings"]').click();
  await inOverlay(page, '[data-control="context-menu"]').waitFor();
  return page;
}

describe('the shipped build (contextMenus optional)', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser({ port: server.port });
  });
  after(async () => {
    await browser?.close();
  });

  test('asks nothing at install and has no menu item', async () => {
    const manifest = JSON.parse(await readFile(join(extensionDir, 'manifest.json'), 'utf8'));
    assert.ok(!manifest.permissions.includes('contextMenus'), 'not required');
    assert.deepEqual(manifest.optional_permissions, ['contextMenus']);
    const held = await browser.worker.evaluate(() =>
      chrome.permissions.contains({ permissions: ['contextMenus'] }));
    assert.equal(held, false);
    assert.equal(await probeItem(browser), 'no-api');
  });

  test('the settings switch opens the permission window, which says what it is for', async () => {
    const page = await readerWithSettings(browser);
    try {
      const control = inOverlay(page, '[data-control="context-menu"]');
      assert.equal(await control.isChecked(), false);
      assert.match(
        await inOverlay(page, 'label.setting:has([data-control="context-menu"])').textContent(),
        /“Unroll this thread” in the right-click menu/,
      );
      const opened = browser.context.waitForEvent('page', {
        predicate: (p) => p.url().includes('/permission.html'),
      });
      await control.check({ force: true }).catch(() => {}); // it unchecks itself while asking
      const popup = await opened;
      await popup.waitForLoadState();
      assert.match(popup.url(), /kind=context-menu/);
      assert.equal(await popup.locator('h1').textContent(), 'Unroll threads from the right-click menu');
      assert.match(await popup.locator('#why').textContent(), /adds “Unroll this thread” to the menu/);
      assert.equal(await popup.locator('#allow').textContent(), 'Add the menu item');
      assert.equal(await popup.locator('#text-only').textContent(), 'Not now');
      assert.equal(await popup.locator('.small').isVisible(), false, 'no word about photos');
      assert.match(
        await inOverlay(page, '[data-role="message"]').textContent(),
        /Allow it in the Unspool window that just opened/,
      );
      assert.equal(await control.isChecked(), false, 'off until the user allows it');

      // "Not now": the window closes, the switch stays off, no item.
      const declined = popup.waitForEvent('close');
      await popup.locator('#text-only').click().catch(() => {}); // closes under the click
      await declined;
      assert.equal(await control.isChecked(), false);
      assert.equal(await probeItem(browser), 'no-api');

      const again = browser.context.waitForEvent('page', {
        predicate: (p) => p.url().includes('/permission.html'),
      });
      await control.check({ force: true }).catch(() => {});
      const second = await again;
      await second.waitForLoadState();

      // "Add the menu item": Chromium grants a permission without a warning at once (no prompt
      // to show, even headless). The window closes, the worker creates the item, the tab hears.
      const closed = second.waitForEvent('close');
      await second.locator('#allow').click().catch(() => {}); // the window closes under the click
      await closed;
      await page.waitForFunction(() => document.getElementById('unspool-root').shadowRoot
        .querySelector('[data-control="context-menu"]').checked);
      assert.match(
        await inOverlay(page, '[data-role="message"]').textContent(),
        /is in the right-click menu now/,
      );
      assert.equal(await itemBecomes(browser, 'exists'), 'exists');

      // Off again from the same switch: the item goes, and the permission is given back.
      await control.uncheck();
      await inOverlay(page, '[data-role="message"]').filter({ hasText: 'no longer' }).waitFor();
      assert.equal(await control.isChecked(), false);
      assert.equal(await itemBecomes(browser, 'no-api'), 'no-api');
      const held = await browser.worker.evaluate(() =>
        chrome.permissions.contains({ permissions: ['contextMenus'] }));
      assert.equal(held, false);
    } finally {
      await page.close();
    }
  });
});

describe('the permission granted (a build that requires contextMenus)', () => {
  let browser;
  let dir;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'unspool-menu-'));
    await cp(extensionDir, dir, { recursive: true });
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    manifest.permissions = [...manifest.permissions, 'contextMenus'];
    await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    browser = await launchBrowser({ port: server.port, extension: dir });
  });
  after(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('the item is created at install and is still there after the worker restarts', async () => {
    assert.equal(await itemBecomes(browser, 'exists'), 'exists');
    const { page } = await openPage(browser.context, seed.url);
    try {
      const { restarted } = await stopServiceWorker(browser, page);
      await openReader(browser, page); // wakes the worker again
      await restarted;
      assert.equal(await waitForResult(page).then((o) => o.state), 'ready');
      assert.equal(await probeItem(browser), 'exists');
    } finally {
      await page.close();
    }
  });

  test('the settings switch shows the item on', async () => {
    const page = await readerWithSettings(browser);
    try {
      assert.equal(await inOverlay(page, '[data-control="context-menu"]').isChecked(), true);
    } finally {
      await page.close();
    }
  });
});
