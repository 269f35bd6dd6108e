// Finds a Firefox and starts it with the built Firefox extension, driven by puppeteer-core over
// WebDriver BiDi. Shared by the Firefox end-to-end tests and the benchmark.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer from 'puppeteer-core';

export const FIREFOX_EXTENSION_DIR = resolve(import.meta.dirname, '../.output/firefox-mv2');
export const GECKO_ID = 'arxiv-digest@arxiv-digest.dev';
/**
 * Firefox gives each installed add-on a random moz-extension:// host. The pref that maps ids to
 * hosts, set before the install, fixes ours, so that tests know the popup's address.
 */
export const EXTENSION_UUID = '5a0d1e2f-3b4c-4d5e-8f60-7a8b9c0d1e2f';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

/** FIREFOX_PATH, then Debian's firefox-esr, then a plain firefox. */
export function findFirefox() {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox'];
  for (const c of candidates) if (c && existsSync(c)) return c;
  throw new Error('No Firefox found: install one (apt-get install firefox-esr) or set FIREFOX_PATH.');
}

/** A fresh profile with the extension installed as a temporary add-on. */
export async function launchFirefoxWithExtension({ headless = true, extensionDir = FIREFOX_EXTENSION_DIR } = {}) {
  if (!existsSync(resolve(extensionDir, 'manifest.json'))) throw new Error(`No built extension in ${extensionDir}: run npm run build:firefox first.`);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless,
    defaultViewport: { width: 1280, height: 900 },
    // WebDriver BiDi refuses to navigate to moz-extension:// pages unless allowed.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      // Nothing of Firefox's own reaches the network.
      'browser.shell.checkDefaultBrowser': false,
      'app.update.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
    },
  });
  await browser.installExtension(extensionDir);
  return { browser, origin: EXTENSION_ORIGIN };
}

/**
 * Serves `pages` (URL → HTML) to `page` at their real addresses; every other outside request is
 * aborted, so that a test never waits on the network.
 */
export async function serveOfflineIn(page, pages) {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    const url = request.url();
    if (!/^https?:/.test(url)) return void request.continue();
    const html = pages[url] ?? pages[url.replace(/#.*$/, '')];
    if (html !== undefined) return void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    return void request.abort('internetdisconnected');
  });
}

/**
 * Sets a page's viewport. puppeteer's setViewport also overrides the screen orientation, a
 * WebDriver BiDi command Firefox 140 ESR does not know; there, the viewport alone is set over
 * the page's browsing context.
 */
export async function setViewportIn(page, width, height) {
  try {
    await page.setViewport({ width, height });
  } catch (e) {
    if (!/setScreenOrientationOverride/.test(String(e?.message))) throw e;
    await page.mainFrame().browsingContext.setViewport({ viewport: { width, height }, devicePixelRatio: 1 });
  }
}

/**
 * Opens one of the extension's pages. Puppeteer does not see a moz-extension:// navigation
 * finish (the page loads in the extension's process), so this waits for the document instead.
 */
export async function openExtensionPage(page, path) {
  void page.goto(`${EXTENSION_ORIGIN}/${path}`, { timeout: 15_000 }).catch(() => {});
  // Polled from here, not with page.waitForFunction: Firefox 140 ESR moves the page to the
  // extension's process without puppeteer seeing it, and a wait task stays in the old realm.
  const until = Date.now() + 15_000;
  for (;;) {
    const ready = await page.evaluate((origin) => location.origin === origin && document.readyState === 'complete', EXTENSION_ORIGIN).catch(() => false);
    if (ready) return page;
    if (Date.now() > until) throw new Error(`${path} did not open in Firefox within 15 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
