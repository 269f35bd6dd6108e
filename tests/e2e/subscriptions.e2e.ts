/**
 * Subscriptions end to end: the options page subscribes, the background fetches from a
 * publisher's host (the loopback HTTPS server under raw.githubusercontent.com), and the panel
 * shows what came. The extension is a copy whose manifest grants that host, since a headless run
 * cannot click the permission prompt.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { parseDigest } from '../../lib/digest/parse';
import { EXTENSION_DIR, launchWithExtension } from '../../scripts/chromium.js';
import { demoAbstractPage, listingPage, serveOffline } from '../../scripts/offline-pages.js';
import { dailyArxivUrl, extensionWithFeedHost, FEED_HOST, fileFor, OTHER_HOST, startFeedServer, type FeedServer } from './feed-server';
import { expect, screenshot, test as base } from './fixtures';

const FEEDS = join(import.meta.dirname, '../fixtures/feeds');
const dailyPath = (date: string) => new URL(dailyArxivUrl(date)).pathname;
const day = (back: number) => new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);

// The two real days are served as today and yesterday; the other days have no file (404).
const JULY_1 = dailyPath('2026-07-01');
const JUNE_29 = dailyPath('2026-06-29');
const records = readFileSync(join(FEEDS, 'daily-arxiv-ai-enhanced/data/2026-07-01_AI_enhanced_Chinese.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { id: string; title: string; summary: string });
const PAPER = records[0];
const expectedEntry = parseDigest(readFileSync(fileFor(JULY_1)!, 'utf8')).entries.find((e) => e.arxivId === PAPER.id)!;

const PER_PAPER = '2608.00053';
const perPaperRecord = JSON.parse(readFileSync(join(FEEDS, `cn-chat-arxiv/papers/26/08/${PER_PAPER}.json`), 'utf8')) as { title: string; translated_title: string };

const test = base.extend<{ feeds: FeedServer }>({
  feeds: async ({}, use) => {
    const server = await startFeedServer();
    await use(server);
    await server.close();
  },
  pages: {
    [`https://arxiv.org/abs/${PAPER.id}`]: demoAbstractPage(PAPER.id, { title: PAPER.title, abstract: PAPER.summary.replace(/\s+/g, ' '), authors: [], publishedAt: null }),
    [`https://arxiv.org/abs/${PER_PAPER}`]: demoAbstractPage(PER_PAPER, { title: perPaperRecord.title, abstract: 'Offline copy.', authors: [], publishedAt: null }),
    'https://arxiv.org/list/cs.CV/new': listingPage(['2608.00097', '2608.00180']),
  },
  context: async ({ pages, uiLang, feeds }, use) => {
    const { context } = await launchWithExtension({ lang: uiLang, args: feeds.launchArgs(), extensionDir: extensionWithFeedHost(EXTENSION_DIR) });
    await serveOffline(context, pages);
    // serveOffline aborts every other request; the publisher's host goes to the loopback server.
    for (const host of [FEED_HOST, OTHER_HOST]) await context.route(`https://${host}/**`, (route) => route.continue());
    await use(context);
    await context.close();
  },
});

async function openOptions(context: BrowserContext, extId: string): Promise<Page> {
  const page = await context.newPage();
  await page.setViewportSize({ width: 900, height: 1400 });
  await page.goto(`chrome-extension://${extId}/options.html`);
  await expect(page.locator('[data-section="subscriptions"]')).toBeVisible();
  return page;
}

const row = (options: Page) => options.locator('.sub-row').first();
/** An error's words (`err_<reason>`, named params) as the options page fills them in. */
const errorWords = (t: (key: string) => string, key: string, params: Record<string, string | number>) =>
  Object.entries(params).reduce((s, [name, v]) => s.replaceAll(`{${name}}`, String(v)), t(key));

test('subscribe to a dated series from the options page; a 304 changes nothing; a 500 leaves the panel and marks it stale @i18n', async ({ context, ext, feeds, t, uiLang }) => {
  feeds.misbehave(dailyPath(day(0)), { kind: 'alias', of: JULY_1 });
  feeds.misbehave(dailyPath(day(1)), { kind: 'alias', of: JUNE_29 });
  const options = await openOptions(context, ext.id);
  const section = options.locator('[data-section="subscriptions"]');
  await expect(section.getByRole('heading', { name: t('subTitle'), exact: true })).toBeVisible();
  await expect(section.getByText(t('subUrlLabel'))).toBeVisible();

  await section.locator('[data-catalog="dailyArxiv"]').getByRole('button', { name: t('subSubscribe'), exact: true }).click();
  await expect(row(options).locator('[data-state]')).toHaveAttribute('data-state', 'ok', { timeout: 30_000 });
  // Entries held: the papers of the days that were served (each real day's file once).
  const served = () => new Set(feeds.requestsFor('_AI_enhanced_Chinese.jsonl').filter((r) => r.status === 200).map((r) => r.path));
  const papersServed = () => [...served()].reduce((n, p) => n + (p === dailyPath(day(0)) ? 301 : 166), 0);
  await expect.poll(() => served().size, { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(row(options).locator('[data-fact="entries"]')).toHaveText(String(papersServed()), { timeout: 30_000 });
  await expect(row(options).locator('.r-state')).toHaveText(t('subStateOk'));
  // Seven days asked for: each once, the five without a file answered 404.
  const asked = feeds.requestsFor('_AI_enhanced_Chinese.jsonl');
  expect(new Set(asked.map((r) => r.path)).size).toBeLessThanOrEqual(7);
  expect(asked.every((r) => r.status === 200 || r.status === 404)).toBe(true);
  await screenshot(section, `subscriptions-options-${uiLang}-light`);
  await options.emulateMedia({ colorScheme: 'dark' });
  await screenshot(section, `subscriptions-options-${uiLang}-dark`);
  await options.emulateMedia({ colorScheme: 'light' });

  const paper = await context.newPage();
  await paper.goto(`https://arxiv.org/abs/${PAPER.id}`);
  const panel = paper.locator('arxiv-digest-panel');
  await expect(panel).toHaveCount(1);
  await expect(panel.locator('.summary')).toContainText(expectedEntry.summaryZh.slice(0, 24));
  // No Chinese title in this feed: none made up.
  await expect(panel.locator('.title-zh')).toHaveCount(0);

  // Refresh: the held days come back 304 and nothing is rewritten.
  const before = (await ext.send<Array<{ id: number; importedAt: number; subscriptionId?: string }>>('listSources')).find((s) => s.subscriptionId);
  const changed = await row(options).locator('[data-fact="changed"]').textContent();
  const sent = feeds.requests.length;
  await options.bringToFront();
  await row(options).getByRole('button', { name: t('subRefreshOne', 'dw-dengwei/daily-arXiv-ai-enhanced') }).click();
  await expect.poll(() => feeds.requests.slice(sent).filter((r) => r.status === 304).length).toBeGreaterThan(0);
  await expect(row(options).locator('[data-state]')).toHaveAttribute('data-state', 'ok');
  expect(feeds.requests.slice(sent).filter((r) => r.status === 200)).toHaveLength(0);
  expect(feeds.requests.slice(sent).filter((r) => r.status === 304).every((r) => r.ifNoneMatch)).toBe(true);
  const after = (await ext.send<Array<{ id: number; importedAt: number; subscriptionId?: string }>>('listSources')).find((s) => s.subscriptionId);
  expect(after?.importedAt).toBe(before?.importedAt);
  await expect(row(options).locator('[data-fact="changed"]')).toHaveText(changed ?? '');

  // A 500: the last good copy stays, the row says stale since when and why.
  feeds.misbehave(dailyPath(day(0)), { kind: 'status', status: 500 });
  await row(options).getByRole('button', { name: t('subRefreshOne', 'dw-dengwei/daily-arXiv-ai-enhanced') }).click();
  await expect(row(options).locator('[data-state]')).toHaveAttribute('data-state', 'stale', { timeout: 30_000 });
  await expect(row(options).locator('.r-state')).toContainText(errorWords(t, 'err_http_status', { host: FEED_HOST, status: 500 }));
  await expect(row(options).locator('[data-fact="entries"]')).toHaveText(String(papersServed()));
  await screenshot(row(options), `subscriptions-stale-${uiLang}`);
  await paper.reload();
  await expect(paper.locator('arxiv-digest-panel .summary')).toContainText(expectedEntry.summaryZh.slice(0, 24));
});

test('per paper: off until turned on; then one request for an uncovered paper shows its panel, a listing makes none @i18n', async ({ context, ext, feeds, t }) => {
  const options = await openOptions(context, ext.id);
  const entry = options.locator('[data-catalog="cnChatArxivPapers"]');
  await expect(entry).toContainText(t('subPerPaperPrivacy', FEED_HOST));
  const toggle = entry.getByRole('switch', { name: t('subPerPaperSwitch') });
  await expect(toggle).toHaveAttribute('aria-checked', 'false');

  // Off: opening the paper asks nobody.
  const paper = await context.newPage();
  await paper.goto(`https://arxiv.org/abs/${PER_PAPER}`);
  await paper.waitForTimeout(1000);
  expect(feeds.requestsFor(PER_PAPER)).toHaveLength(0);
  await expect(paper.locator('arxiv-digest-panel')).toHaveCount(0);

  await options.bringToFront();
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');

  await paper.reload();
  await expect(paper.locator('arxiv-digest-panel .title-zh')).toHaveText(perPaperRecord.translated_title.trim());
  expect(feeds.requestsFor(`/${PER_PAPER}.json`)).toHaveLength(1);
  // Cached: a second visit asks again for nothing.
  await paper.reload();
  await expect(paper.locator('arxiv-digest-panel')).toHaveCount(1);
  expect(feeds.requestsFor(`/${PER_PAPER}.json`)).toHaveLength(1);

  const listing = await context.newPage();
  await listing.goto('https://arxiv.org/list/cs.CV/new');
  await listing.waitForTimeout(1500);
  expect(feeds.requestsFor('/papers/')).toHaveLength(1);
});

test('an HTML error page and a redirect to another host are shown as errors @i18n', async ({ context, ext, feeds, t }) => {
  const page = `/qhduan/cn-chat-arxiv/master/cs.CL.md`;
  const moved = `/qhduan/cn-chat-arxiv/master/cs.LG.md`;
  feeds.misbehave(page, { kind: 'html-error-page' });
  feeds.misbehave(moved, { kind: 'redirect', location: `https://${OTHER_HOST}/cs.LG.md` });
  const options = await openOptions(context, ext.id);
  const field = options.getByLabel(t('subUrlLabel'));
  for (const path of [page, moved]) {
    await field.fill(`https://${FEED_HOST}${path}`);
    await options.getByRole('button', { name: t('subSubscribe'), exact: true }).first().click();
  }
  const rows = options.locator('.sub-row');
  await expect(rows).toHaveCount(2);
  const html = rows.filter({ hasText: 'cs.CL.md' });
  const redirect = rows.filter({ hasText: 'cs.LG.md' });
  await expect(html.locator('[data-state]')).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
  await expect(html.locator('.r-state')).toHaveText(t('subStateError', errorWords(t, 'err_not_a_digest', { host: FEED_HOST })));
  await expect(redirect.locator('[data-state]')).toHaveAttribute('data-state', 'error', { timeout: 30_000 });
  // The redirect is refused as such, and the place it points to is never asked (the fetcher
  // does not let the browser follow it): one request, the publisher's.
  await expect(redirect.locator('.r-state')).toHaveText(t('subStateError', errorWords(t, 'err_redirect_other_host', { host: FEED_HOST })));
  expect(feeds.requestsFor('cs.LG.md').map((r) => r.path)).toEqual([moved]);
});

test("past storage.sync's quota the list stays in this browser and the options page says so @i18n", async ({ context, ext, t }) => {
  // 60 subscriptions of ~2 KB each (an address is at most 2,000 characters): more than
  // storage.sync's 100 KB in all (Chromium's own quota, its own error).
  const long = (i: number) => `https://${FEED_HOST}/owner${i}/repo/main/cs.AI.md?${'q'.repeat(1900)}`;
  for (let i = 0; i < 60; i++) await ext.send('subscribe', { url: long(i) });
  const answer = await ext.send<{ subscriptions: unknown[]; syncProblem?: { notSynced: number; error: { reason: string; params: { count: number } } } }>('listSubscriptions', {});
  expect(answer.subscriptions).toHaveLength(60);
  expect(answer.syncProblem?.error.reason).toBe('sync-quota');
  const notSynced = answer.syncProblem!.notSynced;
  expect(notSynced).toBeGreaterThan(0);
  const options = await openOptions(context, ext.id);
  await expect(options.locator('.sub-row')).toHaveCount(60);
  await expect(options.locator('[data-sync-problem]')).toHaveText(errorWords(t, 'err_sync_quota', { count: notSynced }));
});
