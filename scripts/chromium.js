// Finds a Chromium and starts it with the built extension loaded. Shared by `npm start`,
// the end-to-end tests and the benchmarks.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const EXTENSION_DIR = resolve(import.meta.dirname, '../.output/chrome-mv3');

/** CHROMIUM_PATH, then the system Chromium, then a Playwright-installed one. */
export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  for (const c of candidates) if (c && existsSync(c)) return c;
  try {
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return bundled;
  } catch {
    // no Playwright browser installed
  }
  throw new Error('No Chromium found: install one (apt-get install chromium, or npx playwright install chromium) or set CHROMIUM_PATH.');
}

/**
 * A fresh profile with the extension. `headless: false` needs a display. `lang` is the UI
 * language (`zh-CN`, `en`). Returns the context, the extension's id and its service worker.
 * @param {{ headless?: boolean, args?: string[], extensionDir?: string, userDataDir?: string, lang?: string }} [options]
 */
export async function launchWithExtension({ headless = true, args = /** @type {string[]} */ ([]), extensionDir = EXTENSION_DIR, userDataDir = '', lang = 'zh-CN' } = {}) {
  if (!existsSync(resolve(extensionDir, 'manifest.json'))) throw new Error(`No built extension in ${extensionDir}: run npm run build first.`);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless,
    viewport: { width: 1280, height: 900 },
    locale: lang,
    // Chromium on Linux takes its UI language (and so the extension's _locales) from LANGUAGE
    // (with chromium-l10n installed; --lang alone does not do it).
    env: { ...process.env, LANGUAGE: lang.replace('-', '_'), LANG: `${lang.replace('-', '_')}.UTF-8` },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      `--lang=${lang}`,
      ...args,
    ],
  });
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(sw.url()).host;
  return { context, sw, extensionId };
}
