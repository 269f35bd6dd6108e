import { demoAbstractPage } from '../../scripts/offline-pages.js';
import { expect, test } from './fixtures';

test.use({ pages: { 'https://arxiv.org/abs/2410.01215': demoAbstractPage('2410.01215') } });

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
