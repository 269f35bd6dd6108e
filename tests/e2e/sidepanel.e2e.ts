/**
 * The side panel page (sidepanel.html) following the active tab. A real side panel cannot be
 * shown headless, so the page is opened as a tab of the same window: it then follows whichever
 * other tab becomes active, as the real panel follows its window's.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { demoAbstractPage, readPage } from '../../scripts/offline-pages.js';
import { expect, screenshot, test } from './fixtures';

test.use({
  pages: {
    'https://arxiv.org/abs/2409.18869': demoAbstractPage('2409.18869'),
    'https://arxiv.org/abs/2004.10162': readPage('abs2020'),
    // The side panel reads only the tab's URL: a PDF tab needs no real PDF.
    'https://arxiv.org/pdf/2410.01215v1': '<html><body><embed type="application/pdf"></body></html>',
    'https://arxiv.org/list/cs.CL/new': '<html><body><dl id="articles"></dl></body></html>',
    'https://example.com/': '<html><body><p>Not arXiv</p></body></html>',
  },
});

async function openSidePanel(context: BrowserContext, extId: string): Promise<Page> {
  const panel = await context.newPage();
  await panel.setViewportSize({ width: 400, height: 900 });
  await panel.goto(`chrome-extension://${extId}/sidepanel.html`);
  await expect(panel.locator('main.sidepanel')).toBeVisible();
  return panel;
}

test('follows the active tab: an abstract page, a PDF, an uncovered paper, a non-arXiv tab, and back', { tag: '@i18n' }, async ({ context, ext, t, uiLang }) => {
  const tab = await context.newPage();
  await tab.goto('https://arxiv.org/abs/2409.18869');
  const panel = await openSidePanel(context, ext.id);
  // Opened in front, it has no other tab to follow yet: it says what it is for.
  await expect(panel.locator('.side-about')).toHaveText(t('sideWhatFor'));

  await tab.bringToFront();
  const entry = panel.locator('.side-entry');
  await expect(entry).toHaveAttribute('data-arxiv-id', '2409.18869');
  await expect(panel.locator('.side-paper .paper-id')).toHaveText(`arXiv:2409.18869 · ${t('sideKind_abstract')}`);
  await expect(panel.locator('.side-paper .title-en')).toHaveText('Emu3: Next-Token Prediction is All You Need');
  // The very panel of arXiv's pages: Chinese title, summary, copy, modes.
  await expect(entry.locator('.title-zh')).toHaveText('Emu3: 下一个 Token 预测的全部');
  await expect(entry.locator('.summary')).toContainText('下一个 Token 预测');
  await expect(entry.getByRole('radio')).toHaveCount(3);
  await expect(entry.locator('.action.off')).toHaveCount(0); // turning the overlay off is the page's business
  await screenshot(panel, `sidepanel-abstract-light-${uiLang}`);
  await panel.emulateMedia({ colorScheme: 'dark' });
  await screenshot(panel, `sidepanel-abstract-dark-${uiLang}`);
  await panel.emulateMedia({ colorScheme: 'light' });

  // Bilingual: the setting is the page panel's own; the English title stays in the side panel's
  // header (not printed twice), the Chinese one in the entry.
  await entry.getByRole('radio').nth(1).click();
  await expect(entry.locator('.title-zh')).toBeVisible();
  await expect(panel.locator('.side-paper .title-en')).toHaveText('Emu3: Next-Token Prediction is All You Need');
  await expect(tab.locator('arxiv-digest-panel .body.bilingual')).toHaveCount(1);
  await entry.getByRole('radio').first().click();

  // Navigation in the followed tab: a PDF (with a version, which the digest does not name).
  await tab.goto('https://arxiv.org/pdf/2410.01215v1');
  await expect(entry).toHaveAttribute('data-arxiv-id', '2410.01215');
  await expect(panel.locator('.side-paper .paper-id')).toHaveText(`arXiv:2410.01215v1 · ${t('sideKind_pdf')}`);
  await expect(entry.locator('.summary')).toContainText('MGDebugger 优于现有调试系统');
  await expect(entry.locator('mark').first()).toHaveText('18.9%');
  await expect(entry.locator('.chips .chip').first()).toContainText('18.9%');
  await screenshot(panel, `sidepanel-pdf-light-${uiLang}`);

  // A paper no digest covers: said so, with the cache search.
  const uncovered = await context.newPage();
  await uncovered.goto('https://arxiv.org/abs/2004.10162');
  await expect(panel.getByTestId('side-not-covered')).toHaveText(t('sideNotCovered'));
  await expect(panel.locator('.side-paper .paper-id')).toHaveText(`arXiv:2004.10162 · ${t('sideKind_abstract')}`);
  await expect(entry).toHaveCount(0);
  await panel.getByRole('searchbox').fill('Emu3');
  await expect(panel.locator('.results a').first()).toHaveAttribute('href', 'https://arxiv.org/abs/2409.18869');
  await screenshot(panel, `sidepanel-not-covered-${uiLang}`);

  // A listing page, then a tab that is not arXiv: each says what the panel is for there.
  await uncovered.goto('https://arxiv.org/list/cs.CL/new');
  await expect(panel.locator('.side-about')).toHaveText(t('sideListing'));
  const other = await context.newPage();
  await other.goto('https://example.com/');
  await expect(panel.locator('.side-about')).toHaveText(t('sideWhatFor'));
  await expect(panel.locator('.side-paper')).toHaveCount(0);
  await panel.emulateMedia({ colorScheme: 'dark' });
  await screenshot(panel, `sidepanel-other-dark-${uiLang}`);
  await panel.emulateMedia({ colorScheme: 'light' });

  // Switching back to the first tab shows its paper again.
  await tab.bringToFront();
  await expect(entry).toHaveAttribute('data-arxiv-id', '2410.01215');
});

test('a digest imported while the panel is open shows the paper it covers at once', async ({ context, ext }) => {
  const tab = await context.newPage();
  await tab.goto('https://arxiv.org/abs/2004.10162');
  const panel = await openSidePanel(context, ext.id);
  await tab.bringToFront();
  await expect(panel.getByTestId('side-not-covered')).toBeVisible();
  await ext.importDigest('## EMPIR: Ensembles of Mixed Precision Deep Networks\n[EMPIR：混合精度深度网络集成](https://arxiv.org/abs/2004.10162v1)\n\n本文提出 EMPIR，将平均对抗准确率提高了 42.6%。\n', 'empir.md');
  await expect(panel.locator('.side-entry .title-zh')).toHaveText('EMPIR：混合精度深度网络集成');
});

test('the side panel is enabled on arXiv tabs only, and its command has a key', async ({ context, ext }) => {
  const abs = await context.newPage();
  await abs.goto('https://arxiv.org/abs/2409.18869');
  const other = await context.newPage();
  await other.goto('https://example.com/');
  const sw = await ext.sw();
  await expect
    .poll(() =>
      sw.evaluate(async () => {
        const tabs = await chrome.tabs.query({});
        const options = await Promise.all(tabs.map(async (tab: { id: number; url?: string }) => ({ url: tab.url ?? null, ...(await chrome.sidePanel.getOptions({ tabId: tab.id })) })));
        return options.filter((o) => o.url === 'https://arxiv.org/abs/2409.18869' || o.url === null).map(({ url, enabled, path }) => ({ url, enabled, path }));
      }),
    )
    .toEqual(expect.arrayContaining([{ url: 'https://arxiv.org/abs/2409.18869', enabled: true, path: 'sidepanel.html' }, { url: null, enabled: false, path: undefined }]));
  // Leaving arXiv turns it off for that tab.
  await abs.goto('https://example.com/');
  await expect.poll(() => sw.evaluate(async () => (await Promise.all((await chrome.tabs.query({})).map((tab: { id: number }) => chrome.sidePanel.getOptions({ tabId: tab.id })))).filter((o: { enabled: boolean }) => o.enabled).length)).toBe(0);
  const commands = await sw.evaluate(() => chrome.commands.getAll());
  // Chromium silently leaves a suggested key unassigned when it dislikes it: an empty shortcut.
  expect(commands.find((c: { name: string }) => c.name === 'open-side-panel')?.shortcut).toBe('Ctrl+Shift+Y');
});

test('the popup offers the side panel on arXiv tabs and opens it from the click', { tag: '@i18n' }, async ({ context, ext, t }) => {
  const abs = await context.newPage();
  await abs.goto('https://arxiv.org/abs/2409.18869');
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${ext.id}/popup.html`);
  await abs.bringToFront();
  await popup.reload();
  const button = popup.getByRole('button', { name: t('sideOpen') });
  await expect(button).toBeVisible();
  // sidePanel.open() is refused outside a user gesture; a real click is one. Once open, the popup closes.
  const closed = popup.waitForEvent('close');
  await button.click();
  await closed;
});

test('a paper in the hot copy shows without the worker; one outside it asks the worker, whose failure is said', async ({ context, ext }) => {
  const hotHolds = (id: string) => ext.page.evaluate((key) => chrome.storage.local.get(['hotValid', key]).then((v: Record<string, unknown>) => !!v.hotValid && key in v), `hot:${id}`);
  await expect.poll(() => hotHolds('2409.18869')).toBe(true);
  await ext.page.evaluate(() => chrome.storage.local.remove('hot:2004.10162'));
  // Every look-up from the side panel page is counted and refused.
  const sw = await ext.sw();
  await sw.evaluate(() => {
    const g = globalThis as unknown as { sideLookups: number };
    g.sideLookups = 0;
    chrome.runtime.onMessage.addListener((m: { type: string }, sender: { url?: string }, reply: (r: unknown) => void) => {
      if (m.type !== 'lookup' || !sender.url?.includes('sidepanel.html')) return;
      g.sideLookups++;
      reply({ ok: false, error: { code: 'internal', message: 'refused by the test' } });
    });
  });
  const asked = () => sw.evaluate(() => (globalThis as unknown as { sideLookups: number }).sideLookups);
  const tab = await context.newPage();
  await tab.goto('https://arxiv.org/abs/2409.18869');
  const panel = await openSidePanel(context, ext.id);
  await tab.bringToFront();
  await expect(panel.locator('.side-entry .title-zh')).toHaveText('Emu3: 下一个 Token 预测的全部');
  expect(await asked()).toBe(0);
  await tab.goto('https://arxiv.org/abs/2004.10162');
  await expect(panel.getByTestId('side-failed')).toBeVisible();
  await expect(panel.locator('.side-entry')).toHaveCount(0);
  expect(await asked()).toBe(1);
});
