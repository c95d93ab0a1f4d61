// Renders extension/icons/icon.svg to the PNG sizes the manifest lists, with headless Chromium
// (transparent background). Run: node tools/render-icons.mjs
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const icons = fileURLToPath(new URL('../extension/icons/', import.meta.url));
const svg = await readFile(`${icons}icon.svg`, 'utf8');
const sizes = [16, 32, 48, 128];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const size of sizes) {
    await page.setViewportSize({ width: size, height: size });
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}img{display:block}</style>` +
        `<img src="${src}" width="${size}" height="${size}">`,
    );
    await page.locator('img').evaluate((img) => img.decode());
    await page.screenshot({ path: `${icons}icon-${size}.png`, omitBackground: true });
    console.log(`icon-${size}.png`);
  }
} finally {
  await browser.close();
}
