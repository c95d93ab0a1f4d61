import { readdir } from 'node:fs/promises';
import { launchBrowser, loadCase, openPage, openReader, pagesDir, startServer, waitForResult } from './harness.mjs';
const server = await startServer();
const names = (await readdir(pagesDir)).filter((n) => !process.env.ONLY || n.includes(process.env.ONLY));
const cases = [];
for (const n of names) { const c = await loadCase(n); cases.push(c); server.serve(c.url, { file: c.file }); }
const [w, h] = (process.env.VP ?? '1280x800').split('x').map(Number);
const browser = await launchBrowser({ port: server.port, viewport: { width: w, height: h }, colorScheme: process.env.SCHEME ?? 'light' });
for (const c of cases) {
  const { page } = await openPage(browser.context, c.url);
  try {
    await openReader(browser, page);
    const o = await waitForResult(page);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `/tmp/shots/${c.name}-${w}.png` });
    console.log(c.name, o.state, o.postCount ?? '', o.message ?? '');
  } catch (e) { console.log(c.name, 'ERR', e.message); }
  await page.close();
}
await browser.close(); await server.close();
