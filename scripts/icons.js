// Renders public/icon/icon.svg to the PNGs the manifest names (16, 32, 48, 128 px) with the
// same Chromium the tests use: `node scripts/icons.js` after changing the drawing.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { findChromium } from './chromium.js';

const DIR = resolve(import.meta.dirname, '../public/icon');
const svg = readFileSync(resolve(DIR, 'icon.svg'), 'utf8');

const browser = await chromium.launch({ executablePath: findChromium(), headless: true });
try {
  for (const size of [16, 32, 48, 128]) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const sized = svg.replace(/width="\d+" height="\d+"/, `width="${size}" height="${size}"`);
    await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`);
    await page.screenshot({ path: resolve(DIR, `${size}.png`), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await page.close();
    console.log(`public/icon/${size}.png`);
  }
} finally {
  await browser.close();
}
