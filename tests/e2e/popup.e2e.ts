import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { demoAbstractPage, readPage } from '../../scripts/offline-pages.js';
import { expect, screenshot, test } from './fixtures';

test.use({
  pages: {
    'https://arxiv.org/abs/2409.18869': demoAbstractPage('2409.18869'),
    'https://arxiv.org/abs/2004.10162': readPage('abs2020'),
    'https://arxiv.org/pdf/2410.01215': '<html><body><embed type="application/pdf"></body></html>',
    'https://arxiv.org/list/cs.CL/new': '<html><body><dl id="articles"></dl></body></html>',
  },
});

const dir = mkdtempSync(join(tmpdir(), 'arxiv-digest-popup-'));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The popup as Chrome shows it, with `tab` as the current tab. */
async function openPopup(context: BrowserContext, extId: string, tab?: Page): Promise<Page> {
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 420, height: 820 });
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

test('the current tab: a covered paper, one no digest covers, a PDF and other pages', { tag: '@i18n' }, async ({ context, ext, t, uiLang }) => {
  const abs = await context.newPage();
  await abs.goto('https://arxiv.org/abs/2409.18869');
  let popup = await openPopup(context, ext.id, abs);
  await expect(popup.locator('.current .paper-id')).toHaveText('arXiv:2409.18869');
  await expect(popup.locator('.current .paper-title')).toHaveText('Emu3: 下一个 Token 预测的全部');
  await screenshot(popup, `popup-abstract-light-${uiLang}`);
  await popup.emulateMedia({ colorScheme: 'dark' });
  await screenshot(popup, `popup-abstract-dark-${uiLang}`);
  await popup.close();

  const uncovered = await context.newPage();
  await uncovered.goto('https://arxiv.org/abs/2004.10162');
  popup = await openPopup(context, ext.id, uncovered);
  await expect(popup.getByTestId('not-covered')).toHaveText(t('notCovered'));
  await popup.close();

  const pdf = await context.newPage();
  await pdf.goto('https://arxiv.org/pdf/2410.01215');
  popup = await openPopup(context, ext.id, pdf);
  await expect(popup.locator('.current .summary')).toContainText('MGDebugger 优于现有调试系统');
  await expect(popup.locator('.current mark').first()).toHaveText('18.9%');
  await screenshot(popup, `popup-pdf-${uiLang}`);
  await popup.close();

  const listing = await context.newPage();
  await listing.goto('https://arxiv.org/list/cs.CL/new');
  popup = await openPopup(context, ext.id, listing);
  await expect(popup.locator('.current .hint')).toHaveText(t('arxivListing'));
});

test('a digest imported through the file input makes a new paper’s panel appear in an open tab', { tag: '@i18n' }, async ({ context, ext, t }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2004.10162');
  await page.waitForLoadState('load');
  await expect(page.locator('arxiv-digest-panel')).toHaveCount(0);
  const popup = await openPopup(context, ext.id);
  await popup.locator('input[type=file]').setInputFiles(file('empir.md', EMPIR));
  await expect(popup.getByRole('status')).toHaveText(t('importDone', 1, 0));
  await expect(popup.locator('.source .s-name').first()).toHaveText('empir.md');
  await expect(page.locator('arxiv-digest-panel')).toHaveCount(1);
  await expect(page.locator('arxiv-digest-panel .title-zh')).toHaveText('EMPIR：混合精度深度网络集成');
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

test('a malformed file shows its warnings by line and changes nothing else', { tag: '@i18n' }, async ({ context, ext, t, uiLang }) => {
  const popup = await openPopup(context, ext.id);
  const before = await ext.send<unknown[]>('listSources');
  // Sections that cannot become entries, and one that can.
  const mixed = `${EMPIR}\n## 没有链接的一节\n\n这一节没有论文链接，只有中文摘要。\n\n## Another\n[空链接]()\n\n中文内容在这里写着。\n`;
  await popup.locator('input[type=file]').setInputFiles(file('mixed.md', mixed));
  await expect(popup.getByRole('status')).toContainText(t('importDone', 1, 2));
  await expect(popup.locator('.warnings li')).toHaveText([new RegExp(`^${t('warningLine', 6, 'section "没有链接的一节" has no arXiv link')}`), new RegExp(`^${t('warningLine', 10, '')}`)]);
  await screenshot(popup, `popup-import-warnings-${uiLang}`);
  // A file with no entry at all: refused, cache as it was (the mixed file's one entry stays).
  const sources = await ext.send<unknown[]>('listSources');
  await popup.locator('input[type=file]').setInputFiles(file('nothing.md', '# 购物清单\n\n- 牛奶和鸡蛋，还有面包\n'));
  await expect(popup.getByRole('alert')).toContainText('holds no digest entry');
  expect(await ext.send('listSources')).toEqual(sources);
  // Wrong type, binary, empty: a clear message, nothing sent.
  await popup.locator('input[type=file]').setInputFiles(file('paper.pdf', '%PDF-1.4'));
  await expect(popup.getByRole('alert')).toHaveText(t('wrongType', 'paper.pdf'));
  await popup.locator('input[type=file]').setInputFiles(file('image.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13])));
  await expect(popup.getByRole('alert')).toContainText('binary');
  await popup.locator('input[type=file]').setInputFiles(file('latin1.md', Buffer.from([0x23, 0x20, 0xe9, 0x74, 0xe9, 0x0a])));
  await expect(popup.getByRole('alert')).toContainText('not UTF-8');
  expect(await ext.send('listSources')).toEqual(sources);
  expect((sources as unknown[]).length).toBe(before.length + 1);
});

test('a URL that is not https is refused in the popup', { tag: '@i18n' }, async ({ context, ext, t }) => {
  const popup = await openPopup(context, ext.id);
  await popup.getByLabel(t('importUrl')).fill('http://example.com/digest.md');
  await popup.getByRole('button', { name: t('importUrlButton'), exact: true }).click();
  await expect(popup.getByRole('alert')).toHaveText(t('notHttps'));
});

test('deleting a digest asks for confirmation and removes only its papers', { tag: '@i18n' }, async ({ context, ext, t }) => {
  await ext.importDigest(EMPIR, 'empir.md');
  const popup = await openPopup(context, ext.id);
  await popup.getByRole('button', { name: `${t('delete')} empir.md` }).click();
  await expect(popup.locator('.source').first()).toContainText('empir.md');
  await popup.getByRole('button', { name: t('cancel') }).click();
  await popup.getByRole('button', { name: `${t('delete')} empir.md` }).click();
  await popup.getByRole('button', { name: t('confirmDelete') }).click();
  await expect(popup.getByRole('status')).toHaveText(t('deleted', 'empir.md', 1));
  await expect(popup.locator('.source')).toHaveCount(1);
  expect(await ext.send('lookup', { id: '2004.10162' })).toBeNull();
  expect(await ext.send('lookup', { id: '2409.18869' })).not.toBeNull();
});

test('export everything downloads the JSON digest', { tag: '@i18n' }, async ({ context, ext, t }) => {
  const popup = await openPopup(context, ext.id);
  const download = popup.waitForEvent('download');
  await popup.getByRole('button', { name: t('exportAll') }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^arxiv-digest-export-\d{4}-\d\d-\d\d\.json$/);
  const text = await new Response((await file.createReadStream()) as unknown as ReadableStream).text();
  expect(JSON.parse(text)).toMatchObject({ format: 'arxiv-digest', entries: expect.arrayContaining([expect.objectContaining({ arxivId: '2409.18869' })]) });
  await expect(popup.getByRole('status')).toHaveText(t('exported', 14));
});

test('display mode and key numbers chosen in the popup apply to the open panel', { tag: '@i18n' }, async ({ context, ext, t, uiLang }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2409.18869');
  await expect(page.locator('arxiv-digest-panel')).toHaveCount(1);
  const popup = await openPopup(context, ext.id);
  await popup.getByRole('radio', { name: '双语' }).click();
  await expect(page.locator('arxiv-digest-panel .en .title-en')).toBeVisible();
  await popup.getByRole('switch', { name: t('keyNumbers') }).click();
  await expect(page.locator('arxiv-digest-panel .chips')).toHaveCount(0);
  await screenshot(popup, `popup-settings-${uiLang}`);
});

test('the options page is built from the same parts, without the current tab', { tag: '@i18n' }, async ({ context, ext, t, uiLang }) => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${ext.id}/options.html`);
  await expect(options.getByRole('switch', { name: t('overlaySwitch') })).toBeVisible();
  await expect(options.locator('.current')).toHaveCount(0);
  await expect(options.locator('.source .s-name')).toHaveText([/默认摘要/]);
  await options.getByRole('searchbox', { name: t('search') }).fill('哈达玛矩阵');
  await expect(options.locator('.results a')).toHaveAttribute('href', 'https://arxiv.org/abs/2410.01680');
  await screenshot(options, `options-${uiLang}`);
});

test('the popup opens with last time’s digests and switch, then shows what changed since', { tag: '@i18n' }, async ({ context, ext, t }) => {
  let popup = await openPopup(context, ext.id);
  await expect(popup.locator('.source')).toHaveCount(1);
  await popup.close();
  // Changed while the popup was closed: a new digest, the overlay off.
  await ext.importDigest(EMPIR, 'empir.md');
  await ext.setSettings({ overlayEnabled: false });
  popup = await context.newPage();
  // The worker is stopped as Chrome stops it: last time's content does not wait for it.
  await ext.stopWorker();
  await popup.goto(`chrome-extension://${ext.id}/popup.html`);
  await expect(popup.locator('.source .s-name')).toHaveText(['empir.md', /默认摘要/]);
  await expect(popup.getByRole('switch', { name: t('overlaySwitch') })).toHaveAttribute('aria-checked', 'false');
});
