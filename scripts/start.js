// `npm start`: builds the extension and opens Chromium with it on an arXiv abstract page.
// When arXiv cannot be reached, saved real arXiv pages bundled with the project stand in,
// marked in the page as an offline copy.
//   npm start                          a browser window (needs a display)
//   npm start -- --screenshot FILE     headless: saves a picture of the page with the panel
//   npm start -- --offline             always use the saved pages
//   npm start -- --paper 2409.18869    open another paper (the default, 2410.00531, has key numbers)
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { launchWithExtension } from './chromium.js';
import { demoAbstractPage, hfPaper, readPage } from './offline-pages.js';

const args = process.argv.slice(2);
const paperAt = args.indexOf('--paper');
const START_URL = `https://arxiv.org/abs/${paperAt >= 0 ? args[paperAt + 1] : '2410.00531'}`;
const shotAt = args.indexOf('--screenshot');
let screenshot = shotAt >= 0 ? args[shotAt + 1] : null;
if (shotAt >= 0 && !screenshot) {
  console.error('npm start -- --screenshot FILE: name the PNG file to write');
  process.exit(2);
}
const forceOffline = args.includes('--offline');

async function arxivReachable() {
  try {
    const res = await fetch(START_URL, { method: 'HEAD', signal: AbortSignal.timeout(4000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Serves saved pages for arXiv abstract pages; everything else outside is cut off. */
async function serveSavedPages(context) {
  await context.route(/^https?:\/\//, (route) => {
    const url = new URL(route.request().url());
    const id = /^\/abs\/(\d{4}\.\d{4,5})/.exec(url.pathname)?.[1];
    if (/(^|\.)arxiv\.org$/.test(url.hostname) && id) {
      const body = hfPaper(id) ? demoAbstractPage(id) : readPage('abs2021');
      return route.fulfill({ body, contentType: 'text/html; charset=utf-8' });
    }
    return route.abort('internetdisconnected');
  });
}

console.log('Building the extension…');
const build = spawnSync('npx', ['wxt', 'build'], { cwd: resolve(import.meta.dirname, '..'), stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const online = !forceOffline && (await arxivReachable());
const hasDisplay = process.platform !== 'linux' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY;
if (!screenshot && !hasDisplay) {
  screenshot = resolve('.output/start-screenshot.png');
  console.log(`No display here, so Chromium runs headless and saves a picture instead: ${screenshot}`);
}

const { context } = await launchWithExtension({ headless: !!screenshot });
if (!online) {
  console.log('arXiv cannot be reached: showing saved arXiv pages (marked as offline copies).');
  await serveSavedPages(context);
}
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(START_URL);

if (screenshot) {
  const panel = page.locator('arxiv-digest-panel');
  try {
    await panel.waitFor({ timeout: 15_000 });
    await page.evaluate(() => window.scrollTo(0, document.querySelector('.dateline').getBoundingClientRect().top + window.scrollY - 90));
  } catch {
    console.error('The panel did not appear within 15 s; the picture shows the page as it is.');
  }
  mkdirSync(dirname(resolve(screenshot)), { recursive: true });
  await page.screenshot({ path: screenshot });
  console.log(`Saved ${screenshot}`);
  await context.close();
} else {
  console.log(`Chromium is open on ${START_URL} with the extension. Close the window to stop.`);
  await new Promise((r) => context.on('close', r));
}
