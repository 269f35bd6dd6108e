import type { BrowserContext, Page } from '@playwright/test';
import * as OpenCC from 'opencc-js/cn2t';
import { demoAbstractPage, readPage } from '../../scripts/offline-pages.js';
import { expect, SCREENSHOTS, test } from './fixtures';

test.use({
  pages: {
    'https://arxiv.org/abs/2409.18869': demoAbstractPage('2409.18869'),
    'https://arxiv.org/abs/2004.10162': readPage('abs2020'),
    'https://arxiv.org/pdf/2410.01215': '<html><body><embed type="application/pdf"></body></html>',
    'https://arxiv.org/list/cs.CL/new': '<html><body><dl id="articles"></dl></body></html>',
  },
});

/** The popup's height as Chrome would size it: its content, whatever the viewport. */
async function popupHeight(popup: Page): Promise<number> {
  return popup.evaluate(() => Math.ceil(document.querySelector('main')!.getBoundingClientRect().height));
}

/** Chrome cuts a popup at 600 px. */
const MAX_POPUP_HEIGHT = 600;
const heights: string[] = [];
test.afterAll(() => {
  if (heights.length) console.log(`popup heights: ${heights.join(', ')}`);
});

async function measured(popup: Page, state: string, uiLang: string): Promise<void> {
  await popup.waitForTimeout(150); // the answers settle (chips, the digests line)
  const h = await popupHeight(popup);
  heights.push(`${state} ${uiLang} ${h} px`);
  await popup.screenshot({ path: `${SCREENSHOTS}/popup-${state}-light-${uiLang}.png`, fullPage: true });
  await popup.emulateMedia({ colorScheme: 'dark' });
  await popup.screenshot({ path: `${SCREENSHOTS}/popup-${state}-dark-${uiLang}.png`, fullPage: true });
  await popup.emulateMedia({ colorScheme: 'light' });
  expect(h, `popup height, ${state}, ${uiLang}`).toBeLessThanOrEqual(MAX_POPUP_HEIGHT);
}

/** The popup as Chrome shows it (400 px wide, its content's height), with `tab` as the current tab. */
async function openPopup(context: BrowserContext, extId: string, tab?: Page): Promise<Page> {
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${extId}/popup.html`);
  if (tab) {
    await tab.bringToFront();
    await popup.reload();
  }
  await expect(popup.getByRole('switch').first()).toBeVisible();
  return popup;
}

const EMPIR = `## EMPIR: Ensembles of Mixed Precision Deep Networks
[EMPIR：混合精度深度网络集成](https://arxiv.org/abs/2004.10162)

本文提出 EMPIR，将平均对抗准确率提高了 42.6%。
`;

test('the switch turns the panel on an open abstract page off and on', { tag: '@i18n' }, async ({ context, ext, t }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2409.18869');
  await expect(page.locator('arxiv-digest-panel')).toHaveCount(1);
  const popup = await openPopup(context, ext.id);
  const master = popup.getByRole('switch', { name: t('overlaySwitch') });
  await expect(master).toHaveAttribute('aria-checked', 'true');
  await master.click();
  await expect(master).toHaveAttribute('aria-checked', 'false');
  await expect(page.locator('arxiv-digest-panel')).toHaveCount(0);
  await master.focus();
  await popup.keyboard.press('Space');
  await expect(master).toHaveAttribute('aria-checked', 'true');
  await expect(page.locator('arxiv-digest-panel')).toHaveCount(1);
});

test('every state of the current tab fits in 600 px: abstract, PDF (whole summary, copy), uncovered, listing, empty cache', { tag: '@i18n' }, async ({ context, ext, t, uiLang }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const abs = await context.newPage();
  await abs.goto('https://arxiv.org/abs/2409.18869');
  let popup = await openPopup(context, ext.id, abs);
  await expect(popup.locator('.current .paper-id')).toHaveText('arXiv:2409.18869');
  await expect(popup.locator('.current .paper-title')).toHaveText('Emu3: 下一个 Token 预测的全部');
  await expect(popup.getByTestId('digests-line')).toContainText(t('popState', 1, 14));
  await measured(popup, 'abstract', uiLang);
  await popup.close();

  const pdf = await context.newPage();
  await pdf.goto('https://arxiv.org/pdf/2410.01215');
  popup = await openPopup(context, ext.id, pdf);
  await expect(popup.locator('.current .summary')).toContainText('MGDebugger 优于现有调试系统');
  await expect(popup.locator('.current mark').first()).toHaveText('18.9%');
  await measured(popup, 'pdf', uiLang);
  await popup.getByRole('button', { name: t('panelCopy') }).click();
  await expect(popup.getByRole('button', { name: t('panelCopied') })).toBeVisible();
  const copied = await popup.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('MGDebugger 优于现有调试系统');
  expect(copied).toContain('https://arxiv.org/abs/2410.01215');
  await popup.close();

  const uncovered = await context.newPage();
  await uncovered.goto('https://arxiv.org/abs/2004.10162');
  popup = await openPopup(context, ext.id, uncovered);
  await expect(popup.getByTestId('not-covered')).toHaveText(t('notCovered'));
  await expect(popup.getByTestId('asked')).toHaveText(t('popAsked', 'arXiv 中文摘要 · 默认摘要 (2024-09/10)'));
  await expect(popup.getByTestId('subs-asked')).toHaveText(t('popSubsNone'));
  await expect(popup.locator('.offers button')).toHaveText([t('popCoverSubscribe'), t('popCoverImport'), t('popCoverSearch')]);
  await measured(popup, 'uncovered', uiLang);
  // "Import" opens the options page at its digests section.
  const options = context.waitForEvent('page');
  await popup.getByRole('button', { name: t('popCoverImport') }).click();
  expect((await options).url()).toBe(`chrome-extension://${ext.id}/options.html#digests`);

  const listing = await context.newPage();
  await listing.goto('https://arxiv.org/list/cs.CL/new');
  popup = await openPopup(context, ext.id, listing);
  await expect(popup.locator('.current .hint')).toHaveText(t('arxivListing'));
  await popup.close();

  // The empty cache: the bundled digest deleted.
  const [bundled] = await ext.send<Array<{ id: number }>>('listSources');
  await ext.send('deleteSource', { id: bundled.id });
  popup = await openPopup(context, ext.id, uncovered);
  await expect(popup.getByTestId('asked')).toHaveText(t('popAskedNone'));
  await expect(popup.getByTestId('digests-line')).toContainText(t('popStateEmpty'));
  await measured(popup, 'empty', uiLang);
});

test('search finds a seed paper by a Chinese word of its summary and opens it on arXiv', { tag: '@i18n' }, async ({ context, ext, t }) => {
  const popup = await openPopup(context, ext.id);
  await popup.getByRole('searchbox', { name: t('search') }).fill('滑动窗口内存调度器');
  const result = popup.locator('.results a');
  await expect(result).toHaveCount(1);
  await expect(result).toContainText('TPI-LLM: 在低资源边缘设备上高效服务 70B 规模的大语言模型');
  await expect(result).toHaveAttribute('href', 'https://arxiv.org/abs/2410.00531');
  await popup.getByRole('searchbox', { name: t('search') }).fill('2409.18786');
  await expect(result).toContainText('大语言模型诚实性调查');
  await popup.getByRole('searchbox', { name: t('search') }).fill('没有这个词组合');
  await expect(popup.getByText(t('noResults'))).toBeVisible();
});

test('display mode and key numbers chosen in the popup apply to the open panel', { tag: '@i18n' }, async ({ context, ext, t }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2409.18869');
  await expect(page.locator('arxiv-digest-panel')).toHaveCount(1);
  const popup = await openPopup(context, ext.id);
  await expect(popup.getByRole('radiogroup', { name: t('displayMode') }).getByRole('radio')).toHaveText([t('modeZh'), t('modeBilingual'), t('modeEn')]);
  await popup.getByRole('radio', { name: t('modeBilingual') }).click();
  // 双语: the Chinese title joins the page's own English title; the English is not printed again.
  await expect(page.locator('arxiv-digest-title')).toBeVisible();
  await popup.getByRole('switch', { name: t('keyNumbers') }).click();
  await expect(page.locator('arxiv-digest-panel .chips')).toHaveCount(0);
});

test('the popup opens with last time’s digests and switch, then shows what changed since', { tag: '@i18n' }, async ({ context, ext, t }) => {
  let popup = await openPopup(context, ext.id);
  await expect(popup.getByTestId('digests-line')).toContainText(t('popState', 1, 14));
  await popup.close();
  // Changed while the popup was closed: a new digest, the overlay off.
  await ext.importDigest(EMPIR, 'empir.md');
  await ext.setSettings({ overlayEnabled: false });
  popup = await context.newPage();
  // The worker is stopped as Chrome stops it: last time's content does not wait for it.
  await ext.stopWorker();
  await popup.goto(`chrome-extension://${ext.id}/popup.html`);
  await expect(popup.getByTestId('digests-line')).toContainText(t('popState', 2, 15));
  await expect(popup.getByRole('switch', { name: t('overlaySwitch') })).toHaveAttribute('aria-checked', 'false');
});

test('简体 / 繁體 chosen in the popup: the panel, the popup and its search turn to Traditional, and back', { tag: '@i18n' }, async ({ context, ext, t, uiLang }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2409.18869');
  const title = page.locator('arxiv-digest-panel .title-zh');
  await expect(title).toHaveText('Emu3: 下一个 Token 预测的全部');
  const popup = await openPopup(context, ext.id, page);
  const script = popup.getByRole('combobox', { name: t('zhScript') });
  // The options in the UI's own language; `auto` says what the browser's language makes of it.
  await expect(script.locator('option')).toHaveText([t('zhScriptAuto', t('zhScriptHans')), t('zhScriptHans'), t('zhScriptTw'), t('zhScriptHk')]);
  await expect(script).toHaveValue('auto');
  await script.selectOption('tw');
  const tw = OpenCC.Converter({ from: 'cn', to: 'twp' });
  expect(tw('Emu3: 下一个 Token 预测的全部')).not.toBe('Emu3: 下一个 Token 预测的全部');
  await expect(popup.locator('.current .paper-title')).toHaveText(tw('Emu3: 下一个 Token 预测的全部'));
  await expect(popup.locator('.current .paper-title')).toHaveAttribute('lang', 'zh-TW');
  await expect(title).toHaveText(tw('Emu3: 下一个 Token 预测的全部'));
  await popup.getByRole('searchbox', { name: t('search') }).fill('滑动窗口内存调度器');
  await expect(popup.locator('.results .r-title')).toHaveText(tw('TPI-LLM: 在低资源边缘设备上高效服务 70B 规模的大语言模型'));
  await measured(popup, 'traditional', uiLang);
  await script.selectOption('hk');
  await expect(title).toHaveText(OpenCC.Converter({ from: 'cn', to: 'hk' })('Emu3: 下一个 Token 预测的全部'));
  await expect(title).toHaveAttribute('lang', 'zh-HK');
  await script.selectOption('hans');
  await expect(title).toHaveText('Emu3: 下一个 Token 预测的全部');
  await expect(popup.locator('.current .paper-title')).toHaveText('Emu3: 下一个 Token 预测的全部');
  expect(await ext.page.evaluate(() => chrome.storage.local.get('zhScript'))).toEqual({ zhScript: 'hans' });
});

/**
 * The worker's database fails under it as a damaged backing store does in Chrome: every table
 * a transaction of the worker's Dexie opens throws `UnknownError` ("Internal error"), so every
 * message that reads the cache fails in the real handlers. `repairDatabase` puts it back.
 */
async function breakDatabase(ext: { sw(): Promise<import('@playwright/test').Worker> }): Promise<void> {
  await (await ext.sw()).evaluate(() => {
    const g = globalThis as unknown as { realObjectStore?: IDBTransaction['objectStore'] };
    g.realObjectStore ??= IDBTransaction.prototype.objectStore;
    IDBTransaction.prototype.objectStore = function () {
      throw new DOMException('Internal error.', 'UnknownError');
    };
  });
}
async function repairDatabase(ext: { sw(): Promise<import('@playwright/test').Worker> }): Promise<void> {
  await (await ext.sw()).evaluate(() => {
    const g = globalThis as unknown as { realObjectStore?: IDBTransaction['objectStore'] };
    if (g.realObjectStore) IDBTransaction.prototype.objectStore = g.realObjectStore;
  });
}

test('a broken database is a failure, not "not covered": the popup says the cache could not be read, search says it failed, retry works once it is back', { tag: '@i18n' }, async ({ context, ext, t, uiLang }) => {
  const tab = await context.newPage();
  await tab.goto('https://arxiv.org/abs/2409.18869');
  await expect(tab.locator('arxiv-digest-panel')).toHaveCount(1);
  await breakDatabase(ext);
  // Really broken: the worker's own answer is an error.
  await expect(ext.send('lookup', { id: '2409.18869' })).rejects.toThrow(/internal/);

  const popup = await context.newPage();
  const logged: string[] = [];
  popup.on('console', (m) => m.type() === 'warning' && m.text().includes('[arxiv-digest]') && logged.push(m.text()));
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${ext.id}/popup.html`);
  await tab.bringToFront();
  await popup.reload();
  const failed = popup.getByTestId('cache-failed');
  await expect(failed).toHaveText(new RegExp(escape(t('popCacheFailed', t('err_database')))));
  await expect(popup.getByTestId('not-covered')).toHaveCount(0);
  await expect(popup.getByTestId('digests-line').getByRole('alert')).toContainText(t('popCacheFailed', t('err_database')));
  // Logged with its code.
  await expect.poll(() => logged.some((w) => /\[arxiv-digest\] internal\/database: [\s\S]*UnknownError/.test(w))).toBe(true);
  const before = logged.length;
  await popup.getByRole('searchbox', { name: t('search') }).fill('滑动窗口内存调度器');
  await expect(popup.getByTestId('search-failed')).toHaveText(t('popSearchFailed', t('err_database')));
  await expect(popup.getByText(t('noResults'))).toHaveCount(0);
  await measured(popup, 'broken', uiLang);
  // Still broken: retry says so again, and the same failure is not logged again.
  await failed.getByRole('button', { name: t('popRetry') }).click();
  await expect(failed).toBeVisible();
  await failed.getByRole('button', { name: t('popRetry') }).click();
  await expect(failed).toBeVisible();
  expect(logged.slice(before)).toEqual([]);
  // The side panel too: the failure, not "not covered", for a paper outside the hot copy (a
  // paper in it is still shown from it: what the cache held when it last changed).
  await ext.page.evaluate(() => chrome.storage.local.remove('hot:2409.18869'));
  const side = await context.newPage();
  await side.goto(`chrome-extension://${ext.id}/sidepanel.html`);
  await tab.bringToFront();
  await expect(side.getByTestId('side-failed')).toContainText(t('popCacheFailed', t('err_database')));
  await expect(side.getByTestId('side-not-covered')).toHaveCount(0);
  await side.screenshot({ path: `${SCREENSHOTS}/sidepanel-broken-${uiLang}.png` });

  await repairDatabase(ext);
  await failed.getByRole('button', { name: t('popRetry') }).click();
  await expect(popup.locator('.current .paper-title')).toHaveText('Emu3: 下一个 Token 预测的全部');
  await popup.getByTestId('digests-line').getByRole('button', { name: t('popRetry') }).click();
  await expect(popup.getByTestId('digests-line')).toContainText(t('popState', 1, 14));
  await side.getByTestId('side-failed').getByRole('button', { name: t('popRetry') }).click();
  await expect(side.locator('.side-entry .title-zh')).toHaveText('Emu3: 下一个 Token 预测的全部');
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('the subscriptions line says when the list is not synced to the other browsers (storage.sync refusing)', { tag: '@i18n' }, async ({ context, ext, t, uiLang }) => {
  // The worker's storage.sync refuses every write, as it does with sync turned off.
  await (await ext.sw()).evaluate(() => {
    chrome.storage.sync.set = () => Promise.reject(new Error('Sync is disabled'));
  });
  // A per-paper subscription: nothing is fetched until a paper is opened.
  await ext.send('subscribe', { url: 'https://raw.githubusercontent.com/qhduan/cn-chat-arxiv/master/papers/{yy}/{mm}/{id}.json' });
  expect(Object.keys(await ext.page.evaluate(() => chrome.storage.sync.get(null)))).toEqual([]);
  const popup = await openPopup(context, ext.id);
  const line = popup.getByTestId('popup-subscriptions');
  await expect(line).toContainText(t('subPopupCount', 1));
  const notSynced = line.getByTestId('popup-subscriptions-not-synced');
  await expect(notSynced).toContainText(t('subPopupNotSynced', 1));
  await expect(notSynced).toHaveAttribute('title', t('err_sync_failed').replace('{count}', '1'));
  await measured(popup, 'not-synced', uiLang);
});
