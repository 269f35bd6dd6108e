import * as OpenCC from 'opencc-js/cn2t';
import { demoAbstractPage } from '../../scripts/offline-pages.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, screenshot, SCREENSHOTS, test } from './fixtures';
import { HAN, labelsOf } from './labels';

test.use({ pages: { 'https://arxiv.org/abs/2410.00531': demoAbstractPage('2410.00531'), 'https://arxiv.org/abs/2409.18869': demoAbstractPage('2409.18869') } });

const panel = (page: import('@playwright/test').Page) => page.locator('arxiv-digest-panel');
const URL = 'https://arxiv.org/abs/2410.00531';

test('关闭 → turn off everywhere shows a notice whose 撤销 brings the panel back', { tag: '@i18n' }, async ({ context, ext, t, uiLang }) => {
  const page = await context.newPage();
  await page.goto(URL);
  const p = panel(page);
  await p.getByRole('button', { name: t('panelClose') }).click();
  await expect(p.getByRole('menuitem', { name: t('panelHideHere') })).toBeFocused();
  await p.getByRole('menuitem', { name: t('panelOffEverywhere') }).click();
  await expect(p).toHaveCount(0);
  expect(await ext.page.evaluate(() => chrome.storage.local.get('overlayEnabled'))).toEqual({ overlayEnabled: false });
  const notice = page.locator('arxiv-digest-notice');
  await expect(notice.getByRole('status')).toHaveText(new RegExp(t('panelOffNotice').slice(0, 12).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await screenshot(page, `notice-off-${uiLang}`);
  await notice.getByRole('button', { name: t('panelUndo') }).click();
  await expect(p).toHaveCount(1);
  await expect(notice).toHaveCount(0);
  expect(await ext.page.evaluate(() => chrome.storage.local.get('overlayEnabled'))).toEqual({ overlayEnabled: true });
});

test('hide on this page, from the keyboard, leaves other pages alone and can be undone', { tag: '@i18n' }, async ({ context, ext, t }) => {
  const page = await context.newPage();
  await page.goto(URL);
  const other = await context.newPage();
  await other.goto('https://arxiv.org/abs/2409.18869');
  const p = panel(page);
  await p.getByRole('button', { name: t('panelClose') }).focus();
  await page.keyboard.press('Enter');
  await expect(p.getByRole('menuitem', { name: t('panelHideHere') })).toBeFocused();
  await page.keyboard.press('Enter'); // the first item: hide on this page
  await expect(p).toHaveCount(0);
  await expect(panel(other)).toHaveCount(1);
  expect(await ext.page.evaluate(() => chrome.storage.local.get('overlayEnabled'))).toEqual({});
  // The focus went to 撤销, so Enter undoes.
  await expect(page.locator('arxiv-digest-notice').getByRole('button', { name: t('panelUndo') })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(p).toHaveCount(1);
});

test('the mode switch is one Tab stop and arrow keys move the choice', { tag: '@i18n' }, async ({ context, t }) => {
  const page = await context.newPage();
  await page.goto(URL);
  const p = panel(page);
  const zh = p.getByRole('radio', { name: t('panelModeZh') });
  await expect(p.getByRole('radiogroup', { name: t('panelModes') })).toBeVisible();
  expect(await p.getByRole('radio').evaluateAll((els) => els.map((e) => (e as HTMLElement).tabIndex))).toEqual([0, -1, -1]);
  await zh.focus();
  await page.keyboard.press('ArrowRight');
  const both = p.getByRole('radio', { name: t('panelModeBilingual') });
  await expect(both).toBeFocused();
  await expect(both).toHaveAttribute('aria-checked', 'true');
  await expect(page.locator('arxiv-digest-title')).toHaveCount(1);
  // The focus ring is drawn and not clipped by the group.
  expect(await both.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
  expect(await both.evaluate((el) => getComputedStyle(el.parentElement!).overflow)).toBe('visible');
  await page.keyboard.press('ArrowLeft');
  await expect(zh).toBeFocused();
  await expect(zh).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('ArrowLeft'); // wraps to the last
  await expect(p.getByRole('radio', { name: t('panelModeEn') })).toHaveCount(0); // English leaves only the handle
  await expect(p.getByRole('button', { name: t('panelShowZh') })).toBeVisible();
  // Tab from the page into the panel reaches one radio only.
  await p.getByRole('button', { name: t('panelShowZh') }).click();
  await p.locator('.brand').click();
  await page.keyboard.press('Tab');
  await expect(zh).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(p.getByRole('button', { name: t('panelCopy') })).toBeFocused();
  // Chips that show a sentence are buttons; the chip list is labelled in the UI language.
  await expect(p.getByRole('list', { name: t('panelKeyNumbers') })).toBeVisible();
});

test('at 400 px the page does not widen, and an open chip tooltip stays inside the window', async ({ context }) => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 400, height: 800 });
  await page.goto(URL);
  const p = panel(page);
  await expect(p.locator('.chip').first()).toBeVisible();
  const width = () => page.evaluate(() => document.documentElement.scrollWidth);
  // The saved page's own header (an offline approximation of arXiv's CSS) is 412 px wide at
  // 400: what is measured is that our panel and its tooltips add nothing to the page's width.
  const own = await page.evaluate(() => {
    const host = document.querySelector<HTMLElement>('arxiv-digest-panel')!;
    host.style.display = 'none';
    const w = document.documentElement.scrollWidth;
    host.style.display = '';
    return w;
  });
  const limit = Math.max(400, own);
  expect(await width()).toBeLessThanOrEqual(limit);
  expect(await p.locator('.panel').evaluate((el) => el.getBoundingClientRect().right)).toBeLessThanOrEqual(400);
  for (const chip of await p.locator('button.chip').all()) {
    await chip.focus();
    const tip = p.locator('.chip-source:visible');
    await expect(tip).toHaveCount(1);
    // Visible only once placed: at no moment is it shown where it does not fit.
    const box = await tip.evaluate((el) => el.getBoundingClientRect().toJSON());
    expect(box.left).toBeGreaterThanOrEqual(0);
    expect(box.right).toBeLessThanOrEqual(400);
    expect(await width()).toBeLessThanOrEqual(limit);
  }
  await screenshot(page, 'panel-400px-tooltip');
  await page.keyboard.press('Escape');
  await expect(p.locator('.chip-source:visible')).toHaveCount(0);
});

test('at 200 % zoom a chip tooltip stays inside the viewport and Esc closes it', async ({ context }) => {
  const page = await context.newPage();
  await page.goto(URL);
  // 200 % zoom of a 1280 px window: a 640 CSS px layout drawn at twice the pixels.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: 640, height: 450, deviceScaleFactor: 2, mobile: false });
  const p = panel(page);
  const chips = p.locator('button.chip');
  const last = chips.last();
  await last.scrollIntoViewIfNeeded();
  await last.hover();
  const tip = p.locator('.chip-source:visible');
  await expect(tip).toHaveCount(1);
  await expect
    .poll(async () => {
      const b = await tip.evaluate((el) => el.getBoundingClientRect().toJSON());
      return b.left >= 0 && b.right <= 640 && b.top >= 0 && b.bottom <= 450;
    })
    .toBe(true);
  // Through DevTools: Playwright's own screenshot resets the emulated metrics.
  const shot = await cdp.send('Page.captureScreenshot', { format: 'png' });
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(join(SCREENSHOTS, 'panel-zoom200-tooltip.png'), Buffer.from(shot.data, 'base64'));
  await page.keyboard.press('Escape');
  await expect(tip).toHaveCount(0);
});

test('繁體: the panel shows the digest in Traditional Chinese (OpenCC, Taiwan), numbers still marked', async ({ context, ext }) => {
  await ext.setSettings({ zhScript: 'tw' });
  const page = await context.newPage();
  await page.goto(URL);
  const p = panel(page);
  const entry = (await ext.send<{ entry: { titleZh: string; summaryZh: string } }>('lookup', { id: '2410.00531' })).entry;
  const tw = OpenCC.Converter({ from: 'cn', to: 'twp' });
  await expect(p.locator('.title-zh')).toHaveText(tw(entry.titleZh));
  await expect(p.locator('.title-zh')).toHaveAttribute('lang', 'zh-TW');
  expect(tw(entry.summaryZh)).not.toBe(entry.summaryZh);
  await expect(p.locator('.summary')).toContainText(tw(entry.summaryZh.split(/[。，]/)[0]));
  await expect(p.locator('mark')).toHaveText(['70B', '80%', '90%', '90%', '3.1 GB', '70B']);
  await screenshot(page, 'panel-traditional');
  // Back to 简体 without a reload.
  await ext.setSettings({ zhScript: 'hans' });
  await expect(p.locator('.title-zh')).toHaveText(entry.titleZh);
});

test('a background that fails is said as a failure, logged once with its code, never as "not covered"', { tag: '@i18n' }, async ({ context, ext, t }) => {
  const sw = await ext.sw();
  // A paper outside the hot copy (background/hot-copy.ts): its page asks the background.
  await expect.poll(() => ext.page.evaluate(() => chrome.storage.local.get('hotValid').then((v: Record<string, unknown>) => !!v.hotValid))).toBe(true);
  await ext.page.evaluate(() => chrome.storage.local.remove('hot:2410.00531'));
  // A failing handler ahead of the real one: it answers every look-up from a tab with an error.
  await sw.evaluate(() => {
    chrome.runtime.onMessage.addListener((m: { type: string }, sender: { tab?: unknown }, reply: (r: unknown) => void) => {
      if (!sender.tab || m.type !== 'lookup') return;
      reply({ ok: false, error: { code: 'internal', message: 'the database is closed' } });
    });
  });
  const page = await context.newPage();
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && m.text().includes('[arxiv-digest]') && warnings.push(m.text()));
  await page.goto(URL);
  const failure = panel(page).getByRole('alert');
  await expect(failure).toHaveText(new RegExp(`${t('panelLookupFailed', 'internal').slice(-12).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  await expect(failure).toContainText('internal');
  await failure.getByRole('button', { name: t('panelRetry') }).click();
  await expect(failure).toBeVisible();
  expect(warnings.length).toBe(1);
  expect(warnings[0]).toContain('(internal)');
  await screenshot(panel(page), `panel-failure-${t('panelRetry') === '重试' ? 'zh' : 'en'}`);
});

test('every label and control of the panel follows the UI language; the product name is the name', { tag: '@i18n' }, async ({ context, t, uiLang }) => {
  const page = await context.newPage();
  await page.goto(URL);
  const p = panel(page);
  await expect(p.getByRole('region', { name: t('panelLabel') })).toBeVisible();
  // The close menu open too, so that its items are counted.
  await p.getByRole('button', { name: t('panelClose') }).click();
  await expect(p.getByRole('menuitem', { name: t('panelHideHere') })).toBeVisible();
  const labels = await labelsOf(page, 'arxiv-digest-panel');
  expect(labels.length).toBeGreaterThan(8);
  expect(labels).toContain(t('panelLabel'));
  // Only where it is the product's name may "arXiv 中文摘要" stand in the English UI.
  const words = labels.map((s) => s.replace(t('panelBrand'), ''));
  if (uiLang === 'en') {
    expect(t('panelLabel')).not.toMatch(HAN);
    expect(words.filter((s) => HAN.test(s))).toEqual([]);
  } else {
    expect(words.filter((s) => !HAN.test(s) && /[A-Za-z]{3}/.test(s))).toEqual([]);
  }
  // The brand is the product's name in both: arXiv 中文摘要.
  await expect(p.locator('.brand-name')).toHaveText(t('panelBrand'));
});
