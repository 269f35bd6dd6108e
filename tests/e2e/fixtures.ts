/**
 * The end-to-end harness: the built extension in a real Chromium with a fresh profile, arXiv
 * served from saved real pages, and a way to talk to the background as the popup does.
 */
import { test as base, expect, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchWithExtension } from '../../scripts/chromium.js';
import { serveOffline } from '../../scripts/offline-pages.js';
import { wordsOf, type UiLang } from './ui-lang';

export const SCREENSHOTS = join(import.meta.dirname, '../screenshots');

export interface Ext {
  id: string;
  sw: () => Promise<Worker>;
  /** An extension page: messages from it are answered as the popup's are. */
  page: Page;
  send<T = unknown>(type: string, data?: unknown): Promise<T>;
  /** Sets settings in browser.storage.local, as the popup does. */
  setSettings(values: Record<string, unknown>): Promise<void>;
  /** Stops the service worker, as Chrome does when it likes. */
  stopWorker(): Promise<void>;
  importDigest(text: string, name: string): Promise<{ imported: number; skipped: number; source: { id: number } }>;
}

export const test = base.extend<{
  context: BrowserContext;
  pages: Record<string, string>;
  ext: Ext;
  /** The UI language of this run (one per Playwright project). */
  uiLang: UiLang;
  /** Extra Chromium flags for this test file. */
  chromiumArgs: string[];
  /** This run's UI words: `t('importDone', 1, 0)` is what the extension shows. */
  t: ReturnType<typeof wordsOf>;
}>({
  pages: [{}, { option: true }],
  uiLang: ['zh-CN', { option: true }],
  chromiumArgs: [[], { option: true }],
  t: async ({ uiLang }, use) => use(wordsOf(uiLang)),
  context: async ({ pages, uiLang, chromiumArgs }, use) => {
    const { context } = await launchWithExtension({ lang: uiLang, args: chromiumArgs });
    await serveOffline(context, pages);
    await use(context);
    await context.close();
  },
  ext: async ({ context }, use) => {
    let sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const id = new URL(sw.url()).host;
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/popup.html`);
    const send = async <T,>(type: string, data: unknown = {}) => {
      const reply = await page.evaluate(([t, d]) => chrome.runtime.sendMessage({ type: t, data: d }), [type, data] as const);
      if (!reply?.ok) throw new Error(`${type}: ${JSON.stringify(reply?.error)}`);
      return reply.value as T;
    };
    await use({
      id,
      page,
      send,
      sw: async () => {
        sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
        return sw;
      },
      setSettings: (values) => page.evaluate((v) => chrome.storage.local.set(v), values),
      stopWorker: async () => {
        // Resolves once DevTools reports our worker stopped, so a test knows it really was.
        const cdp = await context.newCDPSession(page);
        const stopped = new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('the service worker did not stop')), 10_000);
          cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
            if (versions.some((v) => v.scriptURL.startsWith(`chrome-extension://${id}/`) && v.runningStatus === 'stopped')) {
              clearTimeout(timer);
              resolve();
            }
          });
        });
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
        await stopped;
        await cdp.detach();
      },
      importDigest: (text, name) => send('importDigest', { text, name, origin: 'file' }),
    });
  },
});

export { expect };

export async function screenshot(target: Page | ReturnType<Page['locator']>, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await target.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}
