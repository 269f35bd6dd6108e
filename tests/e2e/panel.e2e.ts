import { readFileSync } from 'node:fs';
import { demoAbstractPage, readPage } from '../../scripts/offline-pages.js';
import { expect, screenshot, test } from './fixtures';

const eraDigest = readFileSync(new URL('../fixtures/digests/test-eras.md', import.meta.url), 'utf8');

const PAGES = {
  'https://arxiv.org/abs/2409.18869': demoAbstractPage('2409.18869'),
  'https://arxiv.org/abs/2410.00531': demoAbstractPage('2410.00531'),
  'https://arxiv.org/abs/2004.10162': readPage('abs2020'),
  'https://export.arxiv.org/abs/2004.10162v1': readPage('abs2020'),
  'https://arxiv.org/abs/2106.09608v2': readPage('abs2021'),
  'https://www.arxiv.org/abs/2106.09608/': readPage('abs2021'),
  'https://arxiv.org/abs?id=2106.09608': readPage('abs2021'),
  'https://arxiv.org/html/2407.16314v1': readPage('html'),
  // A real page for a paper that no digest covers.
  'https://arxiv.org/abs/2004.10162v9': readPage('abs2020'),
};
test.use({ pages: PAGES });

const panel = (page: import('@playwright/test').Page) => page.locator('arxiv-digest-panel');

test('a fresh install shows the bundled digest’s summary on the first arXiv page', async ({ context, ext }) => {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && /arxiv-digest|chrome-extension:/.test(m.text() + m.location().url) && errors.push(m.text()));
  await page.goto('https://arxiv.org/abs/2409.18869');
  await expect(panel(page)).toHaveCount(1);
  await expect(panel(page)).toHaveAttribute('data-arxiv-id', '2409.18869');
  // Right after the English abstract, in the left column.
  expect(await page.evaluate(() => document.querySelector('blockquote.abstract')!.nextElementSibling!.tagName)).toBe('ARXIV-DIGEST-PANEL');
  await expect(panel(page).locator('.title-zh')).toHaveText('Emu3: 下一个 Token 预测的全部');
  await expect(panel(page).locator('.summary')).toContainText('尽管下一个 Token 预测被视为通向人工通用智能的有力途径');
  await expect(panel(page).locator('.title-zh')).toHaveAttribute('lang', 'zh-CN');
  await expect(panel(page).locator('.brand-name')).toHaveText('arXiv 中文摘要');
  await expect(panel(page).locator('.source-name')).toContainText('默认摘要');
  await screenshot(page, 'abstract-demo-light');
  expect(errors).toEqual([]);
  void ext;
});

test('key numbers are marked in place and their chips reveal the source sentence on hover and focus', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2410.00531');
  const p = panel(page);
  await expect(p.locator('mark')).toHaveText(['70B', '80%', '90%', '90%', '3.1 GB', '70B']);
  const chip = p.locator('.chip', { hasText: '3.1 GB' });
  await expect(chip).toContainText('内存');
  const tip = p.locator('.chip-source').nth(4);
  await expect(tip).toBeHidden();
  await chip.hover();
  await expect(tip).toBeVisible();
  await expect(tip).toContainText('仅需 3.1 GB 内存即可运行 70B 规模模型');
  await screenshot(page, 'abstract-chip-hover');
  await page.mouse.move(0, 0);
  await expect(tip).toBeHidden();
  await chip.focus();
  await expect(tip).toBeVisible();
});

for (const [name, url, id, title, theme] of [
  ['2020 layout', 'https://arxiv.org/abs/2004.10162', '2004.10162', 'EMPIR：混合精度深度网络集成以提升对抗鲁棒性', 'abstract-2020'],
  ['2020 layout on export.arxiv.org', 'https://export.arxiv.org/abs/2004.10162v1', '2004.10162', 'EMPIR：混合精度深度网络集成以提升对抗鲁棒性', ''],
  ['2021 layout', 'https://arxiv.org/abs/2106.09608v2', '2106.09608', '学习基于知识图谱的文本环境世界模型', 'abstract-2021'],
  ['2021 layout on www. with a trailing slash', 'https://www.arxiv.org/abs/2106.09608/', '2106.09608', '学习基于知识图谱的文本环境世界模型', ''],
  ['2021 layout by the legacy /abs?id=', 'https://arxiv.org/abs?id=2106.09608', '2106.09608', '学习基于知识图谱的文本环境世界模型', ''],
  ['HTML full text', 'https://arxiv.org/html/2407.16314v1', '2407.16314', 'HTML 全文页面上的测试条目', 'html'],
] as const) {
  test(`the panel on a saved page: ${name}`, { tag: theme ? '@i18n' : [] }, async ({ context, ext, uiLang }) => {
    expect(await ext.importDigest(eraDigest, 'test-eras.md')).toMatchObject({ imported: 3, skipped: 0 });
    const page = await context.newPage();
    await page.goto(url);
    await expect(panel(page)).toHaveCount(1);
    await expect(panel(page)).toHaveAttribute('data-arxiv-id', id);
    await expect(panel(page).locator('.title-zh')).toHaveText(title);
    await expect(panel(page).locator('.chip').first()).toBeVisible();
    const anchor = id === '2407.16314' ? 'div.ltx_abstract' : 'blockquote.abstract';
    expect(await page.evaluate((sel) => document.querySelector(sel)!.nextElementSibling!.tagName, anchor)).toBe('ARXIV-DIGEST-PANEL');
    if (theme) {
      // Each era in 中文 and in 双语, light and dark, in this run's UI language.
      for (const mode of ['zh', 'bilingual'] as const) {
        await ext.setSettings({ displayMode: mode });
        await expect(page.locator('arxiv-digest-title')).toHaveCount(mode === 'bilingual' ? 1 : 0);
        await page.evaluate(() => document.querySelector('h1')?.scrollIntoView());
        await page.emulateMedia({ colorScheme: 'light' });
        await screenshot(page, `${theme}-${mode}-light-${uiLang}`);
        // Dark: the HTML view by its own switch, abstract pages as Dark Reader darkens them.
        await page.emulateMedia({ colorScheme: 'dark' });
        await page.evaluate((html) => {
          if (html) document.documentElement.setAttribute('data-theme', 'dark');
          else {
            const style = document.createElement('style');
            style.id = 'test-dark';
            style.textContent = 'html, body { background-color: #181a1b !important; color: #e8e6e3 !important; } a { color: #3391ff !important; }';
            document.head.append(style);
          }
        }, id === '2407.16314');
        await expect(panel(page)).toHaveAttribute('data-theme', 'dark');
        await screenshot(page, `${theme}-${mode}-dark-${uiLang}`);
        await page.evaluate((html) => {
          document.getElementById('test-dark')?.remove();
          if (html) document.documentElement.setAttribute('data-theme', 'light');
        }, id === '2407.16314');
        await expect(panel(page)).toHaveAttribute('data-theme', 'light');
      }
    }
  });
}

test('an entry written for another version says so', async ({ context, ext }) => {
  await ext.importDigest(eraDigest, 'test-eras.md');
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2106.09608v2');
  await expect(panel(page).locator('.version-note')).toHaveText('此摘要针对 v1 撰写，当前页面为 v2，内容可能有出入。');
  // First in the body, above the summary, at the summary's own size.
  expect(await panel(page).locator('.body').evaluate((b) => b.firstElementChild!.className)).toBe('version-note');
  const size = (sel: string) => panel(page).locator(sel).first().evaluate((el) => getComputedStyle(el).fontSize);
  expect(await size('.version-note')).toBe(await size('.summary p'));
});

test('no panel and no error for a paper that no digest covers', async ({ context }) => {
  const page = await context.newPage();
  // arXiv's own inline scripts fail without their (blocked) libraries; ours must say nothing.
  const errors: string[] = [];
  page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && /arxiv-digest|chrome-extension:/.test(m.text() + m.location().url) && errors.push(m.text()));
  await page.goto('https://arxiv.org/abs/2004.10162v9');
  await page.waitForLoadState('load');
  await page.waitForTimeout(500);
  await expect(panel(page)).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the HTML page’s own dark theme is followed', async ({ context, ext }) => {
  await ext.importDigest(eraDigest, 'test-eras.md');
  const page = await context.newPage();
  await page.goto('https://arxiv.org/html/2407.16314v1');
  const bg = () => panel(page).locator('.panel').evaluate((el) => getComputedStyle(el).backgroundColor);
  await expect.poll(bg).toBe('rgb(251, 250, 247)');
  await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
  await expect(panel(page)).toHaveAttribute('data-theme', 'dark');
  await expect.poll(bg).toBe('rgb(31, 33, 36)');
});

test('a light page under a dark OS keeps a light panel; a page made dark (as by Dark Reader) gets a dark one', async ({ context }) => {
  const page = await context.newPage();
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('https://arxiv.org/abs/2409.18869');
  const bg = () => panel(page).locator('.panel').evaluate((el) => getComputedStyle(el).backgroundColor);
  await expect.poll(bg).toBe('rgb(251, 250, 247)');
  await expect(panel(page)).toHaveAttribute('data-theme', 'light');
  await screenshot(page, 'abstract-demo-light-under-dark-os');
  // Dark Reader's dynamic mode: a stylesheet that darkens the page's own background.
  await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'html, body { background-color: #181a1b !important; color: #e8e6e3 !important; }';
    document.head.append(style);
  });
  await expect.poll(bg).toBe('rgb(31, 33, 36)');
  await screenshot(panel(page), 'abstract-demo-dark-panel');
});

test('one panel however often the script runs', async ({ context, ext }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2409.18869');
  await expect(panel(page)).toHaveCount(1);
  const sw = await ext.sw();
  for (let i = 0; i < 3; i++) {
    await sw.evaluate(async () => {
      const [tab] = await chrome.tabs.query({ url: 'https://arxiv.org/abs/2409.18869' });
      await chrome.scripting.executeScript({ target: { tabId: tab.id! }, files: ['content-scripts/arxiv.js'] });
    });
  }
  await page.waitForTimeout(500);
  await expect(panel(page)).toHaveCount(1);
  await expect(panel(page).locator('.title-zh')).toHaveText('Emu3: 下一个 Token 预测的全部');
});

test('the panel comes back when the page removes it', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2409.18869');
  await expect(panel(page)).toHaveCount(1);
  await page.evaluate(() => document.querySelector('arxiv-digest-panel')!.remove());
  await expect(panel(page)).toHaveCount(1);
  // The page re-renders its abstract block.
  await page.evaluate(() => {
    const old = document.querySelector('blockquote.abstract')!;
    const fresh = old.cloneNode(true);
    old.parentElement!.replaceChild(fresh, old);
    document.querySelector('arxiv-digest-panel')?.remove();
  });
  await expect(panel(page)).toHaveCount(1);
  expect(await page.evaluate(() => document.querySelector('blockquote.abstract')!.nextElementSibling!.tagName)).toBe('ARXIV-DIGEST-PANEL');
});

test('turning the overlay off and on removes and restores the panel without a reload', async ({ context, ext }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2409.18869');
  await expect(panel(page)).toHaveCount(1);
  await ext.setSettings({ overlayEnabled: false });
  await expect(panel(page)).toHaveCount(0);
  await ext.setSettings({ overlayEnabled: true });
  await expect(panel(page)).toHaveCount(1);
});

test('importing a digest that covers the open paper shows its panel', async ({ context, ext }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2004.10162');
  await page.waitForLoadState('load');
  await expect(panel(page)).toHaveCount(0);
  await ext.importDigest(eraDigest, 'test-eras.md');
  await expect(panel(page)).toHaveCount(1);
  await expect(panel(page).locator('.title-zh')).toHaveText('EMPIR：混合精度深度网络集成以提升对抗鲁棒性');
});

test('display modes, collapse and copy work from the keyboard and are remembered', { tag: '@i18n' }, async ({ context, t }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: 'https://arxiv.org' });
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2409.18869');
  const p = panel(page);
  const title = page.locator('arxiv-digest-title');
  await p.getByRole('radio', { name: t('panelModeBilingual') }).click();
  // 双语: the Chinese title under the page's own English title, the summary after its abstract,
  // and the English abstract not printed a second time.
  await expect(title).toHaveText('Emu3: 下一个 Token 预测的全部');
  expect(await page.evaluate(() => document.querySelector('h1.title')!.nextElementSibling!.tagName)).toBe('ARXIV-DIGEST-TITLE');
  await expect(p.locator('.title-zh')).toHaveCount(0);
  await expect(p.locator('.summary')).toContainText('尽管下一个 Token 预测');
  expect(await page.evaluate(() => document.body.innerText.split('While next-token prediction is considered a promising path').length - 1)).toBe(1);
  await expect(p).not.toContainText('While next-token prediction');
  await screenshot(page, `abstract-bilingual-${t('panelModeBilingual') === '双语' ? 'zh' : 'en'}`);
  await page.reload();
  await expect(title).toBeVisible();
  await p.getByRole('radio', { name: t('panelModeEn') }).click();
  await expect(p.locator('.summary')).toHaveCount(0);
  await expect(title).toHaveCount(0);
  await expect(p.getByRole('button', { name: t('panelShowZh') })).toBeVisible();
  await p.getByRole('button', { name: t('panelShowZh') }).click();
  await expect(p.locator('.summary')).toBeVisible();
  await expect(p.locator('.title-zh')).toHaveText('Emu3: 下一个 Token 预测的全部');
  await p.getByRole('button', { name: t('panelCollapse') }).focus();
  await page.keyboard.press('Enter');
  await expect(p.locator('.summary')).toHaveCount(0);
  await expect(p.getByRole('button', { name: t('panelExpand') })).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(p.locator('.summary')).toBeVisible();
  await p.getByRole('button', { name: t('panelCopy') }).click();
  await expect(p.getByRole('button', { name: t('panelCopied') })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.startsWith('Emu3: 下一个 Token 预测的全部\n\n尽管下一个 Token 预测')).toBe(true);
  expect(copied.endsWith('https://arxiv.org/abs/2409.18869')).toBe(true);
});

test('an entry whose summary holds HTML shows it as text and runs nothing', async ({ context, ext }) => {
  const evil = {
    format: 'arxiv-digest',
    version: 1,
    exportedAt: '2026-01-01T00:00:00Z',
    entries: [{ arxivId: '2004.10162', version: null, titleEn: 'x', titleZh: '<b>标题</b><script>window.__pwned=1</script>', summaryZh: '摘要 <img src=x onerror=alert(1)> 提高了 50%。' }],
  };
  await ext.importDigest(JSON.stringify(evil), 'evil.json');
  const page = await context.newPage();
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto('https://arxiv.org/abs/2004.10162');
  await expect(panel(page).locator('.summary')).toContainText('摘要 <img src=x onerror=alert(1)> 提高了 50%。');
  await expect(panel(page).locator('.title-zh')).toHaveText('<b>标题</b><script>window.__pwned=1</script>');
  expect(await panel(page).locator('img, script, b').count()).toBe(0);
  await page.waitForTimeout(300);
  expect(dialogs).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});
