import { readFileSync } from 'node:fs';
import { demoAbstractPage, readPage } from '../../scripts/offline-pages.js';
import { expect, test, type Ext } from './fixtures';

test.use({ pages: { 'https://arxiv.org/abs/2410.01215': demoAbstractPage('2410.01215'), 'https://arxiv.org/abs/2106.09608v2': readPage('abs2021') } });

const eras = readFileSync(new URL('../fixtures/digests/test-eras.md', import.meta.url), 'utf8');

/** What the hot copy (lib/hot-copy.ts) holds in storage.local, as the content script reads it. */
const hotState = (ext: Ext, id: string) => ext.page.evaluate((key) => chrome.storage.local.get(['hotValid', key]).then((v: Record<string, unknown>) => ({ on: !!v.hotValid, held: key in v })), `hot:${id}`);

test('the built extension loads and its service worker starts', async ({ context, ext }) => {
  const sw = await ext.sw();
  expect(sw.url()).toBe(`chrome-extension://${ext.id}/background.js`);
  expect(await sw.evaluate(() => chrome.runtime.getManifest().manifest_version)).toBe(3);
  expect(await sw.evaluate(() => chrome.runtime.getManifest().host_permissions)).toEqual(['*://arxiv.org/*', '*://www.arxiv.org/*', '*://export.arxiv.org/*']);
  void context;
});

test('a fresh install has the seed’s 14 papers', async ({ ext }) => {
  await expect.poll(() => ext.send('counts')).toEqual({ entries: 14, papers: 14, sources: 1 });
  const [source] = await ext.send<Array<{ origin: string; entryCount: number; warnings: unknown[] }>>('listSources');
  expect(source).toMatchObject({ origin: 'bundled', entryCount: 14, warnings: [] });
});

test('after Chrome stops the worker, a look-up is answered by a fresh one', async ({ context, ext }) => {
  const before = await ext.send<{ entry: { titleZh: string } }>('lookup', { id: '2410.01215' });
  const old = await ext.sw();
  await ext.stopWorker();
  const after = await ext.send<{ entry: { titleZh: string } }>('lookup', { id: 'arXiv:2410.01215v1' });
  expect(after.entry.titleZh).toBe(before.entry.titleZh);
  expect(after.entry.titleZh).toBe('从代码到正确性：通过分层调试解决代码生成的最后瓶颈');
  // And a page opened right after a cold start gets its panel.
  await ext.stopWorker();
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2410.01215');
  await expect(page.locator('arxiv-digest-panel .title-zh')).toHaveText('从代码到正确性：通过分层调试解决代码生成的最后瓶颈');
});

test('a malformed message gets a typed error, and the worker keeps answering', async ({ ext }) => {
  const reply = await ext.page.evaluate(() => chrome.runtime.sendMessage({ type: 'lookupMany', data: { ids: 42 } }));
  expect(reply).toEqual({ ok: false, error: { code: 'bad-message', message: 'lookupMany needs a list of ids' } });
  expect(await ext.page.evaluate(() => chrome.runtime.sendMessage('garbage'))).toMatchObject({ ok: false, error: { code: 'bad-message' } });
  expect(await ext.send('lookup', { id: '2409.18869' })).toMatchObject({ entry: { arxivId: '2409.18869' } });
});

test('a paper in the hot copy shows its panel without asking the worker, even a worker that cannot answer', async ({ context, ext }) => {
  await expect.poll(() => hotState(ext, '2410.01215')).toEqual({ on: true, held: true });
  const sw = await ext.sw();
  // Every look-up from a tab is counted and refused.
  await sw.evaluate(() => {
    const g = globalThis as unknown as { tabLookups: number };
    g.tabLookups = 0;
    chrome.runtime.onMessage.addListener((m: { type: string }, sender: { tab?: unknown }, reply: (r: unknown) => void) => {
      if (!sender.tab || m.type !== 'lookup') return;
      g.tabLookups++;
      reply({ ok: false, error: { code: 'internal', message: 'refused by the test' } });
    });
  });
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2410.01215');
  await expect(page.locator('arxiv-digest-panel .title-zh')).toHaveText('从代码到正确性：通过分层调试解决代码生成的最后瓶颈');
  await expect(page.locator('arxiv-digest-panel').getByRole('alert')).toHaveCount(0);
  expect(await sw.evaluate(() => (globalThis as unknown as { tabLookups: number }).tabLookups)).toBe(0);
});

test('the hot copy is off from an import or a deletion until it agrees with the cache again', async ({ context, ext }) => {
  await expect.poll(() => hotState(ext, '2410.01215')).toEqual({ on: true, held: true });
  const { source } = await ext.importDigest(eras, 'test-eras.md');
  // Off by the time the import is answered: the switch goes out before the write.
  expect((await hotState(ext, '2106.09608')).on).toBe(false);
  await expect.poll(() => hotState(ext, '2106.09608')).toEqual({ on: true, held: true });
  await ext.send('deleteSource', { id: source.id });
  expect((await hotState(ext, '2106.09608')).on).toBe(false);
  // The page opened at once asks the worker, which no longer has the paper: no panel, ever.
  const page = await context.newPage();
  await page.goto('https://arxiv.org/abs/2106.09608v2');
  await expect.poll(() => hotState(ext, '2106.09608')).toEqual({ on: true, held: false });
  await page.reload();
  await page.waitForLoadState('load');
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  await expect(page.locator('arxiv-digest-panel')).toHaveCount(0);
  expect((await hotState(ext, '2410.01215')).held).toBe(true);
});
