import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import * as OpenCC from 'opencc-js/cn2t';
import { demoAbstractPage, readPage } from '../../scripts/offline-pages.js';
import { expect, SCREENSHOTS, test } from './fixtures';

test.use({
  pages: {
    'https://arxiv.org/abs/2409.18869': demoAbstractPage('2409.18869'),
    'https://arxiv.org/abs/2004.10162': readPage('abs2020'),
  },
});

const dir = mkdtempSync(join(tmpdir(), 'arxiv-digest-options-'));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const EMPIR = `## EMPIR: Ensembles of Mixed Precision Deep Networks
[EMPIR：混合精度深度网络集成](https://arxiv.org/abs/2004.10162)

本文提出 EMPIR，将平均对抗准确率提高了 42.6%。
`;

async function openOptions(context: BrowserContext, extId: string, hash = ''): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1000, height: 900 });
  await page.goto(`chrome-extension://${extId}/options.html${hash}`);
  await expect(page.locator('#digests .source').first()).toBeVisible();
  return page;
}

const CJK = /[\u3400-\u9fff]/;

test('the options page: its sections, a localized title, the real panel as a live preview', { tag: '@i18n' }, async ({ context, ext, t, uiLang }) => {
  const options = await openOptions(context, ext.id);
  await expect(options).toHaveTitle(t('optTitle'));
  if (uiLang === 'en') expect(await options.title()).not.toMatch(CJK);
  await expect(options.getByRole('navigation', { name: t('optNav') }).getByRole('link')).toHaveText([t('optSecDisplay'), t('optSecDigests'), t('optSecSubscriptions'), t('optSecKeyboard'), t('optSecAbout')]);
  for (const id of ['display', 'digests', 'subscriptions', 'keyboard', 'about']) await expect(options.locator(`#${id} h2`).first()).toBeVisible();

  // The preview is the real panel: a paper of the bundled digest with key numbers, following the settings.
  const preview = options.getByTestId('preview');
  await expect(preview.locator('.panel .title-zh')).toHaveText('TPI-LLM: 在低资源边缘设备上高效服务 70B 规模的大语言模型');
  await expect(preview.locator('.chips .chip-value').first()).toHaveText('70B');
  await options.locator('#display > .row').getByRole('radio', { name: t('modeBilingual') }).click();
  // 双语 adds the Chinese beside the page's own English (here there is no page: only the layout changes).
  await expect(preview.locator('.body.bilingual')).toBeVisible();
  await options.locator('#display > .row').getByRole('switch', { name: t('keyNumbers') }).click();
  await expect(preview.locator('.chips')).toHaveCount(0);
  await options.locator('#display > .row').getByRole('switch', { name: t('optCollapsed') }).click();
  await expect(preview.locator('.collapsed-title')).toBeVisible();
  // …and what is set here applies to arXiv's pages.
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2409.18869');
  await expect(page.locator('arxiv-digest-panel .collapsed-title')).toBeVisible();
  await options.bringToFront();
  await options.locator('#display > .row').getByRole('switch', { name: t('optCollapsed') }).click();
  await options.locator('#display > .row').getByRole('switch', { name: t('keyNumbers') }).click();

  // 简体 / 繁體: the preview turns to Traditional (OpenCC's Taiwan phrases), and so does the page's panel.
  const tw = OpenCC.Converter({ from: 'cn', to: 'twp' });
  const zhTitle = 'TPI-LLM: 在低资源边缘设备上高效服务 70B 规模的大语言模型';
  await options.getByLabel(t('zhScript')).selectOption('tw');
  await expect(preview.locator('.panel .title-zh')).toHaveText(tw(zhTitle));
  await expect(preview.locator('.panel .title-zh')).toHaveAttribute('lang', 'zh-TW');
  await expect(preview.locator('.chips .chip-value').first()).toHaveText('70B');
  // (双语, chosen above: the Chinese title stands under the page's own.)
  await expect(page.locator('arxiv-digest-title')).toHaveText(tw('Emu3: 下一个 Token 预测的全部'));
  await options.screenshot({ path: join(SCREENSHOTS, `options-traditional-${uiLang}.png`), fullPage: true });
  await options.getByLabel(t('zhScript')).selectOption('hans');
  await expect(preview.locator('.panel .title-zh')).toHaveText(zhTitle);

  // Keyboard: the command and its key, and the way to change it.
  await expect(options.locator('#keyboard .commands')).toContainText(t('commandToggle'));
  // Each key as the browser reports it (a fresh test profile may leave the suggested key unassigned).
  const commands = await options.evaluate(() => chrome.commands.getAll());
  const toggle = commands.find((c: { name?: string }) => c.name === 'toggle-overlay') as { shortcut?: string };
  await expect(options.locator('#keyboard .row', { hasText: t('commandToggle') }).locator('dd')).toHaveText(toggle.shortcut || t('optShortcutNone'));
  await expect(options.locator('#keyboard')).toContainText('chrome://extensions/shortcuts');
  // About: the version, each permission held with its reason, and privacy.
  await expect(options.locator('#about')).toContainText(t('optVersion', '0.1.0'));
  await expect(options.locator('#about .perms')).toContainText('storage');
  await expect(options.locator('#about .perms')).toContainText(t('perm_storage'));
  await expect(options.locator('#about .perms')).toContainText(t('perm_arxiv'));
  await expect(options.locator('#about .privacy')).toHaveText(t('optPrivacy'));
  if (uiLang === 'en') {
    // No Chinese in the English UI, except digest data (names, titles) and the preview of the page's panel.
    const text = await options.locator('#keyboard, #about, .opt-nav, #display .row').allInnerTexts();
    expect(text.join('\n')).not.toMatch(CJK);
  }
  for (const scheme of ['light', 'dark'] as const) {
    await options.emulateMedia({ colorScheme: scheme });
    await options.screenshot({ path: join(SCREENSHOTS, `options-${scheme}-${uiLang}.png`), fullPage: true });
  }
});

test('an import says what happened: imported N, merged M duplicates, skipped K sections each with its line; never "skipped 0"', { tag: '@i18n' }, async ({ context, ext, t, uiLang }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2004.10162');
  await page.waitForLoadState('load');
  await expect(page.locator('arxiv-digest-panel')).toHaveCount(0);
  const options = await openOptions(context, ext.id, '#digests');
  const status = options.getByTestId('import-status');
  await options.locator('input[type=file]').setInputFiles(file('empir.md', EMPIR));
  await expect(status.locator('p')).toHaveText([t('optImported', 1), t('optEncoding', 'UTF-8')]);
  await expect(options.locator('.source .s-name').first()).toHaveText('empir.md');
  await expect(page.locator('arxiv-digest-panel .title-zh')).toHaveText('EMPIR：混合精度深度网络集成');

  const mixed = `${EMPIR}\n## 没有链接的一节\n\n这一节没有论文链接，只有中文摘要。\n\n## Another\n[空链接]()\n\n中文内容在这里写着。\n`;
  await options.locator('input[type=file]').setInputFiles(file('mixed.md', mixed));
  await expect(status.locator('p')).toHaveText([t('optImported', 1), t('optEncoding', 'UTF-8'), t('optSkipped', 2)]);
  await expect(status.locator('.warnings li')).toHaveCount(2);
  await expect(status.locator('.warnings li').first()).toContainText(t('warningLine', 6, ''));
  await expect(status.getByTestId('import-skipped').locator('li')).toHaveCount(2);
  await options.locator('#digests').screenshot({ path: join(SCREENSHOTS, `options-import-${uiLang}.png`) });

  // A paper twice in one file (a daily digest that repeats yesterday's): one entry, the merge counted, nothing skipped.
  const twice = `${EMPIR}\n${EMPIR.replace('本文提出 EMPIR', '本文提出 EMPIR 方法')}\n${EMPIR}`;
  await options.locator('input[type=file]').setInputFiles(file('twice.md', twice));
  await expect(status.locator('p')).toHaveText([t('optImported', 1), t('optMerged', 2), t('optEncoding', 'UTF-8')]);
  await expect(status.locator('.warnings')).toHaveCount(0);
  await expect(status).not.toContainText(t('optSkipped', 0));
  await options.locator('#digests').screenshot({ path: join(SCREENSHOTS, `options-import-merged-${uiLang}.png`) });

  // A digest as Windows Notepad saves Chinese text: read, and the encoding said.
  await options.locator('input[type=file]').setInputFiles(join(import.meta.dirname, '../fixtures/digests/default_gb18030.md'));
  await expect(status.locator('p')).toHaveText([t('optImported', 14), t('optEncoding', 'GB18030')]);

  // Refused files: a localized sentence each, the cache as it was.
  const sources = await ext.send('listSources');
  const alert = options.getByRole('alert');
  await options.locator('input[type=file]').setInputFiles(file('nothing.md', '# 购物清单\n\n- 牛奶和鸡蛋，还有面包\n'));
  await expect(alert).toHaveText(t('importFailed', t('err_no_entries').replace('{name}', 'nothing.md')));
  await options.locator('input[type=file]').setInputFiles(file('paper.pdf', '%PDF-1.4'));
  await expect(alert).toHaveText(t('wrongType', 'paper.pdf'));
  await options.locator('input[type=file]').setInputFiles(file('image.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13])));
  await expect(alert).toHaveText(t('importFailed', t('err_binary').replace('{name}', 'image.md')));
  await options.locator('input[type=file]').setInputFiles(file('empty.md', ''));
  await expect(alert).toHaveText(t('importFailed', t('err_empty').replace('{name}', 'empty.md')));
  await options.getByLabel(t('importUrl')).fill('http://example.com/digest.md');
  await options.getByRole('button', { name: t('importUrlButton'), exact: true }).click();
  await expect(alert).toHaveText(t('notHttps'));
  expect(await ext.send('listSources')).toEqual(sources);
});

test('digests: rename, delete with confirmation, the empty cache, export disabled; a deleted bundled digest stays deleted across worker starts until restored', { tag: '@i18n' }, async ({ context, ext, t, uiLang }) => {
  await ext.importDigest(EMPIR, 'empir.md');
  const options = await openOptions(context, ext.id, '#digests');
  const status = options.getByTestId('import-status');
  await options.getByRole('button', { name: `${t('optRename')} empir.md` }).click();
  await options.getByLabel(t('optRenameLabel', 'empir.md')).fill('EMPIR 一篇');
  await options.getByRole('button', { name: t('optSave') }).click();
  await expect(status).toHaveText(t('optRenamed', 'EMPIR 一篇'));
  await expect(options.locator('.source .s-name')).toHaveText(['EMPIR 一篇', /默认摘要/]);

  // Export: the JSON digest of everything.
  const download = options.waitForEvent('download');
  await options.getByRole('button', { name: t('exportAll') }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toMatch(/^arxiv-digest-export-\d{4}-\d\d-\d\d\.json$/);
  await expect(status).toHaveText(t('exported', 15));

  for (const name of ['EMPIR 一篇', 'arXiv 中文摘要 · 默认摘要 (2024-09/10)']) {
    await options.getByRole('button', { name: `${t('delete')} ${name}` }).click();
    await options.getByRole('button', { name: t('confirmDelete') }).click();
  }
  await expect(options.getByTestId('empty-cache')).toHaveText(t('optEmpty'));
  await expect(options.getByRole('button', { name: t('exportAll') })).toBeDisabled();
  await options.locator('#digests').screenshot({ path: join(SCREENSHOTS, `options-empty-${uiLang}.png`) });
  // Deleting the bundled digest sticks: a new worker (Chrome stops it when it likes) does not bring it back.
  await ext.stopWorker();
  expect(await ext.send('listSources')).toEqual([]);
  await options.reload();
  await expect(options.getByTestId('empty-cache')).toHaveText(t('optEmpty'));
  await options.getByRole('button', { name: t('optRestore') }).click();
  await expect(status).toHaveText(t('optRestored', 14));
  await expect(options.locator('.source .s-name')).toHaveText([/默认摘要/]);
  await expect(options.getByRole('button', { name: t('exportAll') })).toBeEnabled();
  await expect(options.getByRole('button', { name: t('optRestore') })).toHaveCount(0);
  expect(await ext.send('lookup', { id: '2409.18869' })).not.toBeNull();
  // Restored, it stays, once, across a worker start.
  await ext.stopWorker();
  expect(await ext.send('counts')).toEqual({ entries: 14, papers: 14, sources: 1 });
});
