/**
 * The Firefox build in a real Firefox (Debian's firefox-esr), driven by puppeteer-core over
 * WebDriver BiDi: what a Firefox reader does, on saved real arXiv pages served at their real
 * URLs. One browser for the file; each test opens its own tabs and leaves the settings as it
 * found them. Firefox runs in its English UI here (no language pack is installed).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, JSHandle, Page } from 'puppeteer-core';
import { launchFirefoxWithExtension, openExtensionPage, serveOfflineIn, setViewportIn } from '../../scripts/firefox.js';
import { demoAbstractPage, listingPage, readPage } from '../../scripts/offline-pages.js';
import { wordsOf } from '../e2e/ui-lang';

const root = join(import.meta.dirname, '../..');
const SCREENSHOTS = join(root, 'tests/screenshots');
const t = wordsOf('en');
const eraDigest = readFileSync(join(root, 'tests/fixtures/digests/test-eras.md'), 'utf8');

const PAGES: Record<string, string> = {
  'https://arxiv.org/abs/2409.18869': demoAbstractPage('2409.18869'),
  'https://arxiv.org/abs/2004.10162': readPage('abs2020'),
  'https://arxiv.org/abs/2106.09608v2': readPage('abs2021'),
  'https://arxiv.org/html/2407.16314v1': readPage('html'),
  'https://arxiv.org/abs/2411.00001': readPage('abs2020').replaceAll('2004.10162', '2411.00001'),
  'https://arxiv.org/pdf/2410.01215v1': '<html><body><embed type="application/pdf"></body></html>',
  'https://arxiv.org/list/cs.CL/new': listingPage(['2409.18869', '2411.00001', '2409.17692', '2410.00531', 'chao-dyn/9510015', '2410.01215'], { sections: 2 }),
  // 2,000 papers as arXiv prints them, two of them covered, far below the first screen.
  'https://arxiv.org/list/cs.LG/pastweek?show=2000': listingPage(
    Array.from({ length: 2000 }, (_, i) => (i === 700 ? '2409.17692' : i === 1500 ? '2410.00531' : `2410.${String(50_000 + i).padStart(5, '0')}`)),
    { sections: 3, full: true },
  ),
  'https://example.com/': '<html><body><p>Not arXiv</p></body></html>',
};

let browser: Browser;
/** An extension page (the popup), to talk to the background and storage as the popup does. */
let ext: Page;

async function tab(url?: string): Promise<Page> {
  const page = await browser.newPage();
  await serveOfflineIn(page, PAGES);
  if (url) await page.goto(url, { waitUntil: 'domcontentloaded' });
  return page;
}

async function send<T>(type: string, data: unknown = {}): Promise<T> {
  const reply = (await ext.evaluate((m) => (globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).browser.runtime.sendMessage(m), { type, data })) as { ok: boolean; value: T; error?: unknown };
  if (!reply?.ok) throw new Error(`${type}: ${JSON.stringify(reply?.error)}`);
  return reply.value;
}

async function setSettings(values: Record<string, unknown>): Promise<void> {
  await ext.evaluate((v) => (globalThis as unknown as { browser: { storage: { local: { set(v: unknown): Promise<void> } } } }).browser.storage.local.set(v), values);
}

/** Waits until `fn` (run in the page) returns something truthy; that value. */
async function until<T>(page: Page, fn: (...args: string[]) => T, what: string, ...args: string[]): Promise<T> {
  // Polled with evaluate, not page.waitForFunction: on an extension page Firefox 140 ESR moves
  // the document to the extension's process unseen by puppeteer, and a wait task stays behind.
  const until = Date.now() + 10_000;
  for (;;) {
    // An element found is answered as true (a node does not serialize).
    const value = await page
      .evaluateHandle(fn, ...args)
      .then((h) => (h as JSHandle<unknown>).evaluate((x: unknown) => (x instanceof Node ? true : x)))
      .catch(() => undefined);
    if (value) return value as T;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what} on ${await page.evaluate(() => location.href).catch(() => page.url())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The text of `sel` in the panel's shadow root ('' while there is none). */
const inPanel = (sel: string) => document.querySelector('arxiv-digest-panel')?.shadowRoot?.querySelector(sel)?.textContent ?? '';

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // The saved pages come without arXiv's stylesheets: the panel may sit below the fold.
  await page.evaluate(() => document.querySelector('arxiv-digest-panel')?.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(SCREENSHOTS, `firefox-${name}.png`) as `${string}.png` });
}

before(async () => {
  ({ browser } = await launchFirefoxWithExtension());
  ext = await openExtensionPage(await browser.newPage(), 'popup.html');
  await send('importDigest', { text: eraDigest, name: 'test-eras.md', origin: 'file' });
});

after(async () => {
  await browser?.close();
});

test('the panel under the abstract on the bundled digest’s paper', async () => {
  const page = await tab('https://arxiv.org/abs/2409.18869');
  assert.equal(await until(page, inPanel, 'the panel', '.title-zh'), 'Emu3: 下一个 Token 预测的全部');
  assert.equal(await page.evaluate(() => document.querySelector('blockquote.abstract')!.nextElementSibling!.tagName), 'ARXIV-DIGEST-PANEL');
  assert.match(await page.evaluate(inPanel, '.summary'), /下一个 Token 预测被视为通向人工通用智能的有力途径/);
  await shot(page, 'abstract-demo');
  await page.close();
});

for (const [name, url, titleZh] of [
  ['2020 layout', 'https://arxiv.org/abs/2004.10162', 'EMPIR：混合精度深度网络集成以提升对抗鲁棒性'],
  ['2021 layout, a digest for another version', 'https://arxiv.org/abs/2106.09608v2', '学习基于知识图谱的文本环境世界模型'],
  ['HTML full text', 'https://arxiv.org/html/2407.16314v1', 'HTML 全文页面上的测试条目'],
] as const) {
  test(`the panel on a saved page: ${name}`, async () => {
    const page = await tab(url);
    assert.equal(await until(page, inPanel, 'the panel', '.title-zh'), titleZh);
    if (url.includes('2106.09608')) assert.match(await page.evaluate(inPanel, '.version-note'), /v1.*v2/);
    await shot(page, name.replace(/\W+/g, '-').replace(/-$/, '').toLowerCase());
    await page.close();
  });
}

test('the hot copy: a paper in it shows its panel without a look-up message; taken out of it, the page asks', async () => {
  type Area = { get(k: unknown): Promise<Record<string, unknown>>; remove(k: string): Promise<void>; set(v: unknown): Promise<void> };
  type Runtime = { onMessage: { addListener(f: (m: { type?: string }, s: { tab?: unknown }) => undefined): void } };
  // The copy is rebuilt a second after the cache last changed: wait until it holds the paper.
  for (let i = 0; ; i++) {
    const v = await ext.evaluate(() => (globalThis as unknown as { browser: { storage: { local: Area } } }).browser.storage.local.get(['hotValid', 'hot:2409.18869']));
    if (v.hotValid && v['hot:2409.18869']) break;
    if (i > 100) assert.fail('the hot copy never held 2409.18869');
    await new Promise((r) => setTimeout(r, 100));
  }
  // The popup page counts the look-ups arXiv tabs send (and leaves the background to answer them).
  await ext.evaluate(() => {
    const g = globalThis as unknown as { browser: { runtime: Runtime }; tabLookups: number };
    g.tabLookups = 0;
    g.browser.runtime.onMessage.addListener((m, sender) => {
      if (sender.tab && m?.type === 'lookup') g.tabLookups++;
      return undefined;
    });
  });
  const count = () => ext.evaluate(() => (globalThis as unknown as { tabLookups: number }).tabLookups);
  let page = await tab('https://arxiv.org/abs/2409.18869');
  assert.equal(await until(page, inPanel, 'the panel', '.title-zh'), 'Emu3: 下一个 Token 预测的全部');
  assert.equal(await count(), 0);
  await page.close();
  const kept = await ext.evaluate(() => (globalThis as unknown as { browser: { storage: { local: Area } } }).browser.storage.local.get('hot:2409.18869'));
  await ext.evaluate(() => (globalThis as unknown as { browser: { storage: { local: Area } } }).browser.storage.local.remove('hot:2409.18869'));
  page = await tab('https://arxiv.org/abs/2409.18869');
  assert.equal(await until(page, inPanel, 'the panel', '.title-zh'), 'Emu3: 下一个 Token 预测的全部');
  assert.equal(await count(), 1);
  await page.close();
  await ext.evaluate((v) => (globalThis as unknown as { browser: { storage: { local: Area } } }).browser.storage.local.set(v), kept);
});

test('no panel for a paper no digest covers', async () => {
  const page = await tab('https://arxiv.org/abs/2411.00001');
  await page.waitForFunction(() => document.readyState === 'complete');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await page.evaluate(() => document.querySelectorAll('arxiv-digest-panel').length), 0);
  await page.close();
});

test('the overlay switch removes and restores the panel live, without a reload', async () => {
  const page = await tab('https://arxiv.org/abs/2004.10162');
  await until(page, () => document.querySelector('arxiv-digest-panel'), 'the panel');
  await page.evaluate(() => ((window as unknown as { __same: boolean }).__same = true));
  await setSettings({ overlayEnabled: false });
  await until(page, () => !document.querySelector('arxiv-digest-panel'), 'the panel to go');
  await setSettings({ overlayEnabled: true });
  await until(page, () => document.querySelector('arxiv-digest-panel'), 'the panel to come back');
  assert.equal(await page.evaluate(() => (window as unknown as { __same?: boolean }).__same), true, 'the page was not reloaded');
  await page.close();
});

test('listing badges on covered papers only, unfolding their summary', async () => {
  const page = await tab('https://arxiv.org/list/cs.CL/new');
  const ids = await until(page, () => {
    const els = [...document.querySelectorAll('arxiv-digest-badge')];
    return els.length >= 4 ? els.map((e) => e.getAttribute('data-arxiv-id')) : null;
  }, 'four badges');
  assert.deepEqual(ids, ['2409.18869', '2409.17692', '2410.00531', '2410.01215']);
  const opened = await page.evaluate(() => {
    const button = document.querySelector('arxiv-digest-badge')!.shadowRoot!.querySelector('button')!;
    button.click();
    // The summary unfolds in a host of its own, below the entry's title; the badge stays by the id.
    return new Promise<string>((resolve) => setTimeout(() => resolve(document.querySelector('arxiv-digest-unfold')?.shadowRoot?.textContent ?? ''), 300));
  });
  assert.match(opened, /Emu3: 下一个 Token 预测的全部/);
  await shot(page, 'listing');
  await page.close();
});

test('a long listing with nothing to show in its first screen: the rest is read when the reader jumps to its end', async () => {
  const page = await tab('https://arxiv.org/list/cs.LG/pastweek?show=2000');
  await page.waitForFunction(() => document.readyState === 'complete');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await page.evaluate(() => document.querySelectorAll('arxiv-digest-badge').length), 0, 'nothing read below the first screen at load');
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const ids = await until(page, () => {
    const els = [...document.querySelectorAll('arxiv-digest-badge')];
    return els.length >= 2 ? els.map((e) => e.getAttribute('data-arxiv-id')) : null;
  }, 'the two badges far down');
  assert.deepEqual(ids, ['2409.17692', '2410.00531']);
  await page.close();
});

test('the options page imports a digest file, and the open tab’s panel appears', async () => {
  const page = await tab('https://arxiv.org/abs/2411.00001');
  await page.waitForFunction(() => document.readyState === 'complete');
  const dir = mkdtempSync(join(tmpdir(), 'arxiv-digest-firefox-'));
  const file = join(dir, 'new-paper.md');
  writeFileSync(file, '## A new paper\n[一篇新论文的中文标题](https://arxiv.org/abs/2411.00001)\n\n这篇新论文的中文摘要，准确率提高了 12.5%。\n');
  // Importing moved from the popup to the options page, where a reader manages digests.
  const popup = await openExtensionPage(await browser.newPage(), 'options.html');
  await setViewportIn(popup, 900, 900);
  const input = await popup.waitForSelector('input[type=file]');
  await input!.uploadFile(file);
  const status = await until(popup, () => document.querySelector('[role=status]')?.textContent ?? '', 'the import status');
  const done = t('optImported', 1) as string;
  await until(popup, (want: string) => (document.querySelector('[role=status]')?.textContent ?? '').includes(want), `the status to say “${done}” (it said: ${status})`, done);
  await shot(popup, 'options-imported');
  assert.equal(await until(page, inPanel, 'the new panel', '.title-zh'), '一篇新论文的中文标题');
  await popup.close();
  await page.close();
});

test('the sidebar page follows the active tab: abstract, PDF, a non-arXiv tab', async () => {
  // A real sidebar cannot be opened headless (sidebarAction.open needs a user action in the
  // browser's chrome): sidepanel.html opens as a tab, and follows the other tabs as it would.
  const abs = await tab('https://arxiv.org/abs/2409.18869');
  const panel = await openExtensionPage(await browser.newPage(), 'sidepanel.html');
  await setViewportIn(panel, 400, 900);
  await abs.bringToFront();
  const entryId = () => document.querySelector('.side-entry')?.getAttribute('data-arxiv-id');
  assert.equal(await until(panel, entryId, 'the entry of the abstract tab'), '2409.18869');
  assert.equal(await panel.evaluate(() => document.querySelector('.side-entry .panel-frame')?.shadowRoot?.querySelector('.title-zh')?.textContent), 'Emu3: 下一个 Token 预测的全部');
  await shot(panel, 'sidebar-abstract');
  await abs.goto('https://arxiv.org/pdf/2410.01215v1', { waitUntil: 'domcontentloaded' });
  await until(panel, () => document.querySelector('.side-entry')?.getAttribute('data-arxiv-id') === '2410.01215', 'the entry of the PDF tab');
  assert.match(await panel.evaluate(() => document.querySelector('.side-paper .paper-id')?.textContent ?? ''), /arXiv:2410\.01215v1 · PDF/);
  const other = await tab('https://example.com/');
  await other.bringToFront();
  assert.equal(await until(panel, () => document.querySelector('.side-about')?.textContent, 'the explanation'), t('sideWhatFor'));
  await shot(panel, 'sidebar-other');
  await abs.bringToFront();
  await until(panel, () => document.querySelector('.side-entry')?.getAttribute('data-arxiv-id') === '2410.01215', 'the entry of the PDF tab');
  for (const p of [other, panel, abs]) await p.close();
});

test('the sidebar has a keyboard command with its key', async () => {
  const commands = (await ext.evaluate(() => (globalThis as unknown as { browser: { commands: { getAll(): Promise<unknown> } } }).browser.commands.getAll())) as Array<{ name: string; shortcut?: string }>;
  assert.equal(commands.find((c) => c.name === '_execute_sidebar_action')?.shortcut, 'Alt+Shift+Y');
});
