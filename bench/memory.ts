/**
 * Memory (`--only=memory`):
 * - `memory.workerMb`: the worker's JavaScript heap with 120,000 entries stored, right after a
 *   burst of look-ups (single ids, a listing's 2,000 full entries and coverage, searches), its
 *   garbage included, as the browser counts it; beside it the heap before the burst and what
 *   stays after a garbage collection. Read over CDP from the service worker's own target.
 * - `memory.contentScriptKb`: what our content script adds to an arXiv tab: the tab's heap (its
 *   renderer's V8 heap, which holds the page and the content script's isolated world, and Blink's
 *   own heap, which holds the DOM) after a garbage collection, minus the same saved page served
 *   where the content script does not run. On the page of a covered paper (a panel) and of an
 *   uncovered one (a look-up, nothing shown). One tab at a time, each closed before the next, so
 *   that no two pages share a renderer.
 */
import type { BrowserContext, CDPSession, Page, Worker } from 'playwright-core';
import type { DigestEntry } from '../lib/digest/types';
import { readPage } from '../scripts/offline-pages.js';
import { fillTo, storedEntries } from './search';
import { q, median } from './stats';


interface HeapUsage {
  usedSize: number;
  totalSize: number;
  embedderHeapUsedSize?: number;
}

/** CDP of the service worker's target, through a page's session (Playwright gives none for a worker). */
async function workerCdp(cdp: CDPSession) {
  const { targetInfos } = await cdp.send('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.endsWith('/background.js'));
  if (!target) throw new Error('no service worker target');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  let next = 1;
  const pending = new Map<number, (m: { result?: unknown; error?: unknown }) => void>();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: unknown };
    if (m.id !== undefined) pending.get(m.id)?.(m);
  });
  const send = <T>(method: string, params: object = {}): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, (m) => (m.error ? reject(new Error(JSON.stringify(m.error))) : resolve(m.result as T)));
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    });
  return { send, detach: () => cdp.send('Target.detachFromTarget', { sessionId }) };
}

/** The burst: what a reader's hour of pages and searches asks of the worker. */
async function burst(sw: Worker) {
  return sw.evaluate(async () => {
    const b = (globalThis as unknown as { __arxivDigestBench: { db: { coverage: { limit(n: number): { toArray(): Promise<Array<{ ids: string }>> } } }; cache: Record<string, (...a: unknown[]) => Promise<unknown>> } }).__arxivDigestBench;
    const ids = (await b.db.coverage.limit(4).toArray()).flatMap((r) => r.ids.split('\n')).slice(0, 2000);
    for (let i = 0; i < 100; i++) await b.cache.lookup(b.db, ids[(i * 37) % ids.length]);
    for (let i = 0; i < 20; i++) await b.cache.lookupMany(b.db, ids);
    for (let i = 0; i < 20; i++) await b.cache.coverage(b.db, ids);
    for (const query of ['模型', 'language', '語言模型', 'l', 'la', 'lan']) await b.cache.search(b.db, query, 30);
    return ids.length;
  });
}

async function tabHeap(context: BrowserContext, url: string, waitFor: string | null): Promise<HeapUsage> {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  if (waitFor) await page.waitForSelector(waitFor, { state: 'attached', timeout: 10_000 });
  // Let the content script finish (an uncovered paper's look-up comes back with nothing).
  await page.waitForTimeout(1000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as HeapUsage;
  await cdp.detach();
  await page.close();
  return heap;
}

export async function benchMemoryPart(context: BrowserContext, ext: Page, results: Record<string, unknown>, seed: DigestEntry[], reps: number): Promise<Array<[string, string, string]>> {
  console.log('Memory: the worker with 120,000 entries after a look-up burst, and the content script per tab…');
  await fillTo(context, 120_000, seed);
  const stored = await storedEntries(context);
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const cdp = await context.newCDPSession(ext);
  const w = await workerCdp(cdp);
  // Filling left the imports' garbage: collected first, so that the burst is what is measured.
  await w.send('HeapProfiler.collectGarbage');
  const idle = await w.send<HeapUsage>('Runtime.getHeapUsage');
  await burst(sw);
  const afterBurst = await w.send<HeapUsage>('Runtime.getHeapUsage');
  await w.send('HeapProfiler.collectGarbage');
  const afterGc = await w.send<HeapUsage>('Runtime.getHeapUsage');
  await w.detach();
  await cdp.detach();

  // The same saved page at arXiv (the content script runs) and at a host it does not match.
  const html = readPage('abs2021');
  const urls = { covered: 'https://arxiv.org/abs/2106.09608v2', uncovered: 'https://arxiv.org/abs/2106.99999', none: 'https://example.org/abs/2106.09608v2' };
  for (const url of Object.values(urls)) await context.route(url, (r) => r.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }));
  const heaps: Record<keyof typeof urls, HeapUsage[]> = { covered: [], uncovered: [], none: [] };
  for (let i = 0; i < reps; i++) {
    heaps.none.push(await tabHeap(context, urls.none, null));
    heaps.covered.push(await tabHeap(context, urls.covered, 'arxiv-digest-panel'));
    heaps.uncovered.push(await tabHeap(context, urls.uncovered, null));
  }
  const kb = (x: number) => Math.round(x / 1024);
  const mb = (x: number) => Math.round((x / 1024 / 1024) * 100) / 100;
  const v8 = (k: keyof typeof urls) => median(heaps[k].map((h) => h.usedSize));
  const dom = (k: keyof typeof urls) => median(heaps[k].map((h) => h.embedderHeapUsedSize ?? 0));
  const memory = {
    stored,
    workerMb: mb(afterBurst.usedSize),
    worker: { idleMb: mb(idle.usedSize), afterBurstMb: mb(afterBurst.usedSize), afterGcMb: mb(afterGc.usedSize), totalAfterBurstMb: mb(afterBurst.totalSize) },
    contentScriptKb: kb(v8('covered') - v8('none')),
    contentScript: {
      coveredKb: kb(v8('covered') - v8('none')),
      uncoveredKb: kb(v8('uncovered') - v8('none')),
      coveredDomKb: kb(dom('covered') - dom('none')),
      uncoveredDomKb: kb(dom('uncovered') - dom('none')),
      pageWithoutExtensionKb: kb(v8('none')),
      tabs: reps,
    },
  };
  results.memory = memory;
  const c = memory.contentScript;
  return [
    [`worker JS heap, ${stored} stored, after a look-up burst (memory.workerMb)`, `${memory.workerMb} MB (idle ${memory.worker.idleMb}, after GC ${memory.worker.afterGcMb})`, ''],
    ['content script, arXiv tab with a panel: V8 heap above the page without us (memory.contentScriptKb)', `${c.coveredKb} KB (+${c.coveredDomKb} KB DOM heap)`, ''],
    ['content script, arXiv tab with no covered paper: V8 heap above the page without us', `${c.uncoveredKb} KB (+${c.uncoveredDomKb} KB DOM heap)`, '≤ 1 MB'],
    ['  the page without the extension: V8 heap', `${c.pageWithoutExtensionKb} KB`, ''],
  ];
}
