import * as OpenCC from 'opencc-js/cn2t';
import { listingPage, readPage } from '../../scripts/offline-pages.js';
import { expect, screenshot, test } from './fixtures';
import { HAN, labelsOf } from './labels';

const SEED_IDS = ['2409.18869', '2409.17692', '2410.00531', '2410.01215'];
const OTHER_IDS = ['2411.00001', 'chao-dyn/9510015', '2411.00002'];
const searchHtml = readPage('search');
// The saved search page's first two results, and an old-style id for the listing.
const digest = `## Search result one
[搜索结果一的中文标题](https://arxiv.org/abs/2512.03003)

这是为搜索页测试写的中文摘要，准确率提高了 12.5%。

## An old paper
[一篇旧式编号的论文](https://arxiv.org/abs/chao-dyn/9510015)

旧式编号论文的中文摘要，包含 1,200 个样本。
`;

test.use({
  pages: {
    'https://arxiv.org/list/cs.CL/new': listingPage([SEED_IDS[0], OTHER_IDS[0], SEED_IDS[1], OTHER_IDS[1], SEED_IDS[2], OTHER_IDS[2], SEED_IDS[3]], { sections: 3 }),
    'https://arxiv.org/search/?query=abstract+distributed+systems&searchtype=all&size=200': searchHtml,
    // 300 papers of the seed's newest months, none of them in it.
    'https://arxiv.org/list/cs.LG/pastweek?show=500': listingPage(Array.from({ length: 300 }, (_, i) => `${i < 200 ? '2410' : '2409'}.${String(50_000 + i).padStart(5, '0')}`), { sections: 2 }),
    // 2,000 papers as arXiv prints them, of the seed's months: two covered, far down (sections 2
    // and 3; the first screen's read ends after 120–320 papers).
    'https://arxiv.org/list/cs.LG/pastweek?show=2000': listingPage(
      Array.from({ length: 2000 }, (_, i) => (i === 700 ? SEED_IDS[1] : i === 1500 ? SEED_IDS[2] : `2410.${String(50_000 + i).padStart(5, '0')}`)),
      { sections: 3, full: true },
    ),
  },
});

/** The newest months the hot copy holds, once it is on (background/hot-copy.ts). */
const hotMonths = (ext: { page: import('@playwright/test').Page }) =>
  ext.page.evaluate(() => chrome.storage.local.get(['hotValid', 'hotMonths']).then((v: Record<string, unknown>) => (v.hotValid ? (v.hotMonths as Array<{ month: string }>).map((m) => m.month) : [])));

const badges = (page: import('@playwright/test').Page) => page.locator('arxiv-digest-badge');
/** An unfolded badge's summary, below its entry's title (and abstract). */
const unfold = (page: import('@playwright/test').Page, id: string) => page.locator(`arxiv-digest-unfold[data-arxiv-id="${id}"]`);

test('a listing page: one badge per covered paper, in every dl#articles section, none for others', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/list/cs.CL/new');
  await expect(badges(page)).toHaveCount(4);
  expect(await badges(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-arxiv-id')))).toEqual(SEED_IDS);
  // Each badge is on its paper's id line: at its end, after [pdf, html, other] (or, placed while
  // the parser was still on that line, right after the id link, before the line was drawn).
  expect(
    await badges(page).evaluateAll((els) =>
      els.map((e) => e.parentElement!.matches('.list-identifier') && (e === e.parentElement!.lastElementChild || e.previousElementSibling?.getAttribute('title') === 'Abstract')),
    ),
  ).toEqual([true, true, true, true]);
  await screenshot(page, 'listing-light');
});

test("with the hot copy on, a listing no digest covers asks the worker nothing; one that has covered papers asks once", async ({ context, ext }) => {
  // The hot copy (background/hot-copy.ts) says which ids of the newest months some digest covers.
  await expect.poll(() => hotMonths(ext)).toEqual(['2410', '2409']);
  const sw = await ext.sw();
  // Beside the real handler, a listener that only counts what tabs ask.
  await sw.evaluate(() => {
    const g = globalThis as unknown as { asked: string[] };
    g.asked = [];
    chrome.runtime.onMessage.addListener((m: { type: string }, sender: { tab?: unknown }) => void (sender.tab && g.asked.push(m.type)));
  });
  const asked = () => sw.evaluate(() => (globalThis as unknown as { asked: string[] }).asked.filter((t) => t.startsWith('coverage')));
  const page = await context.newPage();
  await page.goto('https://arxiv.org/list/cs.LG/pastweek?show=500', { waitUntil: 'load' });
  await page.waitForTimeout(500);
  await expect(badges(page)).toHaveCount(0);
  expect(await asked()).toEqual([]);
  // The control: a listing with covered papers asks for their month once, and shows them.
  await page.goto('https://arxiv.org/list/cs.CL/new');
  await expect(badges(page)).toHaveCount(4);
  expect(await asked()).toEqual(['coverageOfMonths']);
});

test('a long listing with nothing to show in its first screen reads the rest as the reader comes near it, or jumps past it', async ({ context, ext }) => {
  await expect.poll(() => hotMonths(ext)).toEqual(['2410', '2409']);
  const page = await context.newPage();
  await page.goto('https://arxiv.org/list/cs.LG/pastweek?show=2000', { waitUntil: 'load' });
  await page.waitForTimeout(500);
  // The covered papers are far below the first screen: not read yet, so no badge.
  await expect(badges(page)).toHaveCount(0);
  // Scrolled down most of a screen a frame, the second section's covered paper has its badge
  // while its entry is still below the screen (in screens from the top: > 1).
  const badgedAt = await page.evaluate(async (id) => {
    const entry = document.getElementById(id)!;
    const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    while (!document.querySelector('arxiv-digest-badge') && entry.getBoundingClientRect().top > 0) {
      scrollBy(0, innerHeight * 0.9);
      await frame();
    }
    return entry.getBoundingClientRect().top / innerHeight;
  }, SEED_IDS[1]);
  expect(badgedAt).toBeGreaterThan(1);
  await expect(badges(page)).toHaveCount(1);
  expect(await badges(page).first().getAttribute('data-arxiv-id')).toBe(SEED_IDS[1]);
  // A jump to the end (the End key): the third section is read too, and its paper badged.
  await page.keyboard.press('End');
  await expect(badges(page)).toHaveCount(2);
  expect(await badges(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-arxiv-id')))).toEqual([SEED_IDS[1], SEED_IDS[2]]);
  await page.evaluate((id) => document.getElementById(id)!.scrollIntoView({ block: 'center' }), SEED_IDS[2]);
  await screenshot(page, 'listing-full-read-ahead');
});

test('choosing a badge unfolds its Chinese title, summary and key numbers; Enter works too', { tag: '@i18n' }, async ({ context, t }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/list/cs.CL/new');
  const tpi = page.locator('arxiv-digest-badge[data-arxiv-id="2410.00531"]');
  await tpi.getByRole('button', { name: t('badgeLabel') }).click();
  await expect(unfold(page, '2410.00531').locator('.title-zh')).toHaveText('TPI-LLM: 在低资源边缘设备上高效服务 70B 规模的大语言模型');
  await expect(unfold(page, '2410.00531').locator('.chip-value')).toHaveText(['70B', '>80%', '>90%', '90%', '3.1 GB']);
  // Below the entry's own title, not between the id line and it; the badge stays by the id.
  expect(await unfold(page, '2410.00531').evaluate((el) => el.previousElementSibling!.matches('.list-title, p.mathjax'))).toBe(true);
  expect(await page.locator('arxiv-digest-badge[data-arxiv-id="2410.00531"]').evaluate((el) => el.closest('dt') !== null)).toBe(true);
  await screenshot(page, `listing-unfolded-${t('badgeLabel') === '中文摘要' ? 'zh' : 'en'}`);
  await tpi.getByRole('button', { name: t('badgeLabel') }).click();
  await expect(unfold(page, '2410.00531').locator('.title-zh')).toBeHidden();
  const emu = page.locator('arxiv-digest-badge[data-arxiv-id="2409.18869"]');
  await emu.getByRole('button', { name: t('badgeLabel') }).focus();
  await page.keyboard.press('Enter');
  await expect(emu.getByRole('button', { name: t('badgeLabel') })).toHaveAttribute('aria-expanded', 'true');
  await expect(unfold(page, '2409.18869').locator('.summary')).toContainText('尽管下一个 Token 预测');
});

test('one look-up message for the whole page, and papers added later get badges too', async ({ context, ext }) => {
  const sw = await ext.sw();
  // Count the look-ups the page sends (a second listener that answers nothing).
  await sw.evaluate(() => {
    const g = globalThis as unknown as { lookups: string[] };
    g.lookups = [];
    chrome.runtime.onMessage.addListener((m: { type: string }, sender: { tab?: unknown }) => {
      if (sender.tab && (m.type.startsWith('coverage') || m.type.startsWith('lookup'))) g.lookups.push(m.type);
    });
  });
  const page = await context.newPage();
  await page.goto('https://arxiv.org/list/cs.CL/new');
  await expect(badges(page)).toHaveCount(4);
  expect(await sw.evaluate(() => (globalThis as unknown as { lookups: string[] }).lookups)).toEqual(['coverageOfMonths']);
  // "Show more": more entries appear in a new section.
  await page.evaluate((ids) => {
    const dl = document.createElement('dl');
    dl.id = 'articles';
    for (const id of ids) {
      const dt = document.createElement('dt');
      const a = document.createElement('a');
      a.title = 'Abstract';
      a.href = `/abs/${id}`;
      a.id = id;
      a.textContent = `arXiv:${id}`;
      dt.append(a);
      const dd = document.createElement('dd');
      dd.innerHTML = `<div class="list-title mathjax"><span class="descriptor">Title:</span> More ${id}</div>`;
      dl.append(dt, dd);
    }
    document.getElementById('dlpage')!.append(dl);
  }, ['2410.02740', '2412.99999']);
  await expect(badges(page)).toHaveCount(5);
  await expect(page.locator('arxiv-digest-badge[data-arxiv-id="2410.02740"]')).toHaveCount(1);
  // The new section's papers of another month cost one more message for both, not one each.
  expect(await sw.evaluate(() => (globalThis as unknown as { lookups: string[] }).lookups)).toEqual(['coverageOfMonths', 'coverage']);
});

test('the Chinese title under every covered paper’s English one, as a setting', async ({ context, ext }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/list/cs.CL/new');
  await expect(badges(page)).toHaveCount(4);
  await expect(page.locator('.arxiv-digest-title-zh')).toHaveCount(0);
  await ext.setSettings({ listingTitles: true });
  await expect(page.locator('.arxiv-digest-title-zh')).toHaveCount(4);
  await expect(page.locator('.arxiv-digest-title-zh').first()).toHaveText('Emu3: 下一个 Token 预测的全部');
  expect(await page.locator('arxiv-digest-listed-title').first().evaluate((el) => el.previousElementSibling?.classList.contains('list-title'))).toBe(true);
  await screenshot(page, 'listing-titles');
  await ext.setSettings({ listingTitles: false });
  await expect(page.locator('.arxiv-digest-title-zh')).toHaveCount(0);
});

test('繁體: the listed Chinese titles in Traditional Chinese (OpenCC, Taiwan), tagged zh-TW, and back to 简体', async ({ context, ext }) => {
  await ext.setSettings({ listingTitles: true, zhScript: 'tw' });
  const page = await context.newPage();
  await page.goto('https://arxiv.org/list/cs.CL/new');
  await expect(badges(page)).toHaveCount(4);
  const titles = page.locator('.arxiv-digest-title-zh');
  await expect(titles).toHaveCount(4);
  const hits = await ext.send<Record<string, { entry: { titleZh: string } }>>('lookupMany', { ids: SEED_IDS });
  const simplified = SEED_IDS.map((id) => hits[id].entry.titleZh);
  const tw = OpenCC.Converter({ from: 'cn', to: 'twp' });
  // Converted, not the digest's own 简体 (下一个 → 下一個, 预测 → 預測).
  expect(simplified.map(tw)).not.toEqual(simplified);
  await expect(titles).toHaveText(simplified.map(tw));
  await expect(titles.first()).toContainText('預測');
  for (const lang of await titles.evaluateAll((els) => els.map((e) => e.getAttribute('lang')))) expect(lang).toBe('zh-TW');
  await screenshot(page, 'listing-titles-traditional');
  // Hong Kong, then 简体, without a reload.
  await ext.setSettings({ zhScript: 'hk' });
  await expect(titles).toHaveText(simplified.map(OpenCC.Converter({ from: 'cn', to: 'hk' })));
  await expect(titles.first()).toHaveAttribute('lang', 'zh-HK');
  await ext.setSettings({ zhScript: 'hans' });
  await expect(titles).toHaveText(simplified);
  await expect(titles.first()).toHaveAttribute('lang', 'zh-CN');
});

test('badges go and come back with the overlay switch, and come back when the page removes one', async ({ context, ext }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/list/cs.CL/new');
  await expect(badges(page)).toHaveCount(4);
  await ext.setSettings({ overlayEnabled: false });
  await expect(badges(page)).toHaveCount(0);
  await ext.setSettings({ overlayEnabled: true });
  await expect(badges(page)).toHaveCount(4);
  await page.evaluate(() => document.querySelector('arxiv-digest-badge')!.remove());
  await expect(badges(page)).toHaveCount(4);
  // Put back after the page was drawn: at the end of its id line, so nothing on the line moves.
  const back = page.locator(`arxiv-digest-badge[data-arxiv-id="${SEED_IDS[0]}"]`);
  expect(await back.evaluate((el) => el.parentElement!.matches('.list-identifier') && el === el.parentElement!.lastElementChild && !el.nextSibling?.textContent?.trim())).toBe(true);
});

test('the saved search page, with a digest that covers two of its results (one old-style id on the listing)', async ({ context, ext }) => {
  expect(await ext.importDigest(digest, 'search-test.md')).toMatchObject({ imported: 2 });
  const page = await context.newPage();
  await page.goto('https://arxiv.org/search/?query=abstract+distributed+systems&searchtype=all&size=200');
  await expect(badges(page)).toHaveCount(1);
  const b = page.locator('arxiv-digest-badge[data-arxiv-id="2512.03003"]');
  expect(await b.evaluate((el) => el.parentElement!.matches('p.list-title'))).toBe(true);
  await b.getByRole('button').click();
  await expect(unfold(page, '2512.03003').locator('.title-zh')).toHaveText('搜索结果一的中文标题');
  // Below the result's own title and abstract; the badge stays on the id line.
  expect(await unfold(page, '2512.03003').evaluate((el) => el.previousElementSibling!.matches('p.abstract'))).toBe(true);
  await b.scrollIntoViewIfNeeded();
  await screenshot(page, 'search-unfolded');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'search-unfolded-dark');

  const listing = await context.newPage();
  await listing.goto('https://arxiv.org/list/cs.CL/new');
  await expect(listing.locator('arxiv-digest-badge[data-arxiv-id="chao-dyn/9510015"]')).toHaveCount(1);
});

test('a badge fits the line it goes into: nothing below it moves (listing and search pages, light and dark)', async ({ context, ext }) => {
  expect(await ext.importDigest(digest, 'search-test.md')).toMatchObject({ imported: 2 });
  /** Heights of the lines of one kind, with a badge and without (the page's own lines). */
  const lineHeights = (page: import('@playwright/test').Page, selector: string) =>
    page.evaluate((sel) => {
      const lines = [...document.querySelectorAll(sel)];
      const h = (el: Element) => Math.round(el.getBoundingClientRect().height * 100) / 100;
      return { badged: lines.filter((l) => l.querySelector('arxiv-digest-badge')).map(h), plain: [...new Set(lines.filter((l) => !l.querySelector('arxiv-digest-badge')).map(h))] };
    }, selector);
  const listing = await context.newPage();
  await listing.goto('https://arxiv.org/list/cs.CL/new');
  await expect(badges(listing)).toHaveCount(5);
  const dt = await lineHeights(listing, 'dt');
  expect(dt.plain).toHaveLength(1);
  expect(dt.badged).toEqual(Array(5).fill(dt.plain[0]));
  await screenshot(listing, 'listing-badges-line');
  await listing.emulateMedia({ colorScheme: 'dark' });
  await screenshot(listing, 'listing-badges-line-dark');

  const search = await context.newPage();
  await search.goto('https://arxiv.org/search/?query=abstract+distributed+systems&searchtype=all&size=200');
  await expect(badges(search)).toHaveCount(1);
  const titles = await lineHeights(search, 'p.list-title');
  expect(titles.plain).toHaveLength(1);
  expect(titles.badged).toEqual([titles.plain[0]]);
  // A reader's larger text (and the badge's own size with it) still fits.
  await search.addStyleTag({ content: 'html { font-size: 150% !important; } p.list-title { font-size: 24px !important; }' });
  const large = await lineHeights(search, 'p.list-title');
  expect(large.badged).toEqual([large.plain[0]]);
  await search.locator('arxiv-digest-badge').scrollIntoViewIfNeeded();
  await screenshot(search, 'search-badge-line');
  await search.emulateMedia({ colorScheme: 'dark' });
  await screenshot(search, 'search-badge-line-dark');
});

test('a digest’s HTML stays text on listing pages too', async ({ context, ext }) => {
  const evil = JSON.stringify({
    format: 'arxiv-digest', version: 1, exportedAt: '',
    entries: [{ arxivId: '2411.00001', version: null, titleEn: '', titleZh: '<img src=x onerror=alert(1)>标题', summaryZh: '<script>window.__pwned=1</script>摘要' }],
  });
  await ext.importDigest(evil, 'evil.json');
  await ext.setSettings({ listingTitles: true });
  const page = await context.newPage();
  let dialogs = 0;
  page.on('dialog', (d) => void d.dismiss().then(() => dialogs++));
  await page.goto('https://arxiv.org/list/cs.CL/new');
  const b = page.locator('arxiv-digest-badge[data-arxiv-id="2411.00001"]');
  await b.getByRole('button').click();
  await expect(unfold(page, '2411.00001').locator('.summary')).toHaveText('<script>window.__pwned=1</script>摘要');
  await expect(page.locator('.arxiv-digest-title-zh', { hasText: '<img src=x onerror=alert(1)>标题' })).toHaveCount(1);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(dialogs).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});


test('every label of the badges and the unfolded summary follows the UI language', { tag: '@i18n' }, async ({ context, t, uiLang }) => {
  const page = await context.newPage();
  await page.goto('https://arxiv.org/list/cs.CL/new');
  const badge = page.locator('arxiv-digest-badge[data-arxiv-id="2410.00531"]').getByRole('button', { name: t('badgeLabel') });
  await expect(badge).toHaveText(t('badgeLabel'));
  await expect(badge).toHaveAttribute('lang', uiLang);
  await badge.click();
  await expect(unfold(page, '2410.00531').locator('.title-zh')).toBeVisible();
  const badgeLabels = await labelsOf(page, 'arxiv-digest-badge');
  const unfoldLabels = await labelsOf(page, 'arxiv-digest-unfold');
  expect(badgeLabels.length).toBe(8); // 4 badges: label and tooltip each
  // The digest's own name (data, not a label) may be Chinese: the words around it are the UI's.
  const source = (await unfold(page, '2410.00531').locator('.source').textContent())!.replace(t('panelSource'), '');
  const words = [...badgeLabels, ...unfoldLabels].map((s) => s.replace(source, ''));
  if (uiLang === 'en') {
    expect(t('badgeLabel')).not.toMatch(HAN);
    expect(words.filter((s) => HAN.test(s))).toEqual([]);
  } else {
    expect(words.filter((s) => !HAN.test(s) && /[A-Za-z]{3}/.test(s))).toEqual([]);
  }
});
