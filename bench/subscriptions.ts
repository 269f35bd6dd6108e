/**
 * `npm run bench -- --only=subscriptions`: subscriptions in the real extension (the benchmark
 * build) in Chromium, fetching from the loopback HTTPS feed server of the end-to-end tests
 * (tests/e2e/feed-server.ts) under the publisher's own host name (a host-resolver rule, the test
 * certificate accepted, the host granted in a copy of the manifest). No request of the worker is
 * intercepted by Playwright: the arXiv pages are served by page-level routes only.
 *
 * - refreshDaily: one real daily-arXiv file (1.3 MB, 301 papers) fetched, parsed and written,
 *   timed in the worker around subscribe({ wait: true }).
 * - lookupDuringRefresh: look-ups sent from an arXiv tab's content script (its isolated world,
 *   reached over CDP) while such a refresh runs, each timed in the tab.
 * - backfill30: subscribing to 30 days of a dated series, each day a real file (the two fixture
 *   days, alternately) with its papers' ids moved to a month of its own, so that each day brings
 *   new papers as a real series does.
 * - onDemand: per-paper mode, from the worker's fetch resolving (the response's head arrived)
 *   to the panel entering the arXiv page.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { parseDigest } from '../lib/digest/parse';
import { launchWithExtension } from '../scripts/chromium.js';
import { demoAbstractPage } from '../scripts/offline-pages.js';
import { CN_CHAT_PAPER_TEMPLATE, extensionWithFeedHost, FEED_HOST, startFeedServer } from '../tests/e2e/feed-server';
import { q, median, roundTo } from './stats';

const root = resolve(import.meta.dirname, '..');
const DAILY = '/dw-dengwei/daily-arXiv-ai-enhanced/data/data';
const JULY_1 = `${DAILY}/2026-07-01_AI_enhanced_Chinese.jsonl`;
const JUNE_29 = `${DAILY}/2026-06-29_AI_enhanced_Chinese.jsonl`;
const DAY_MS = 86_400_000;

const round = (x: number, d = 1) => roundTo(x, d);

/** New-style arXiv ids in a text (`2606.30776`, also inside `2606.30776v1` and URLs). */
const ID = /(?<![\d.])\d{4}\.\d{5}(?!\d)/g;

type Row = [string, string, string];

interface BenchEngine {
  subscribe(d: { url: string; days?: number; catalogId?: string; wait?: boolean }): Promise<{ id: string; entriesHeld: number; state: string }>;
  unsubscribe(id: string, keep: boolean): Promise<unknown>;
  list(): Promise<{ subscriptions: Array<{ id: string; entriesHeld: number; state: string; error?: unknown }> }>;
  setSettings(d: { perPaper?: boolean }): Promise<unknown>;
}
declare const __arxivDigestBench: { subscriptions: BenchEngine };

/** Subscribes in the worker and waits for the fetch; the time and what it holds. */
async function timedSubscribe(sw: Worker, data: { url: string; days?: number }) {
  return sw.evaluate(async (d) => {
    const engine = __arxivDigestBench.subscriptions;
    const t0 = performance.now();
    const view = await engine.subscribe({ ...d, wait: true });
    const ms = performance.now() - t0;
    const after = (await engine.list()).subscriptions.find((s) => s.id === view.id)!;
    return { ms, id: view.id, entries: after.entriesHeld, state: after.state, error: after.error ?? null, start: performance.timeOrigin + t0, end: performance.timeOrigin + t0 + ms };
  }, data);
}

const unsubscribe = (sw: Worker, id: string) => sw.evaluate((x) => __arxivDigestBench.subscriptions.unsubscribe(x, false), id);

/** An arXiv abstract page in a tab, served by the page's own route (the worker's requests stay untouched). */
async function arxivTab(context: BrowserContext, id: string, initScript?: () => void): Promise<Page> {
  const page = await context.newPage();
  // Everything else the page asks for (arXiv's stylesheets and scripts elsewhere) is refused at
  // once, as serveOffline does: waiting for an unreachable host would hold the page's parsing.
  await page.route(/^https?:\/\//, (r) => {
    const abs = /^https:\/\/arxiv\.org\/abs\/([\d.]+)$/.exec(r.request().url());
    if (!abs) return r.abort('internetdisconnected');
    return r.fulfill({ body: demoAbstractPage(abs[1], { title: `Paper ${abs[1]}`, abstract: 'Offline copy.', authors: [], publishedAt: null }), contentType: 'text/html; charset=utf-8' });
  });
  if (initScript) await page.addInitScript(initScript);
  await page.goto(`https://arxiv.org/abs/${id}`);
  return page;
}

/** The content script's isolated world of a tab, for look-ups sent from where the panel sends them. */
async function contentWorld(context: BrowserContext, page: Page, extensionId: string) {
  const cdp = await context.newCDPSession(page);
  const worlds: Array<{ id: number; origin: string }> = [];
  cdp.on('Runtime.executionContextCreated', (e) => worlds.push({ id: e.context.id, origin: e.context.origin }));
  await cdp.send('Runtime.enable');
  const deadline = Date.now() + 10_000;
  while (!worlds.some((w) => w.origin.includes(extensionId))) {
    if (Date.now() > deadline) throw new Error('no content-script world in the arXiv tab');
    await new Promise((r) => setTimeout(r, 50));
  }
  const contextId = worlds.findLast((w) => w.origin.includes(extensionId))!.id;
  const evaluate = async <T>(expression: string): Promise<T> => {
    const r = await cdp.send('Runtime.evaluate', { contextId, expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`in the content script: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value as T;
  };
  return { evaluate, detach: () => cdp.detach() };
}

/**
 * In the tab's content-script world: look-ups one after another (2 ms apart) until told to
 * stop; each one's start (epoch ms) and duration.
 */
const LOOKUP_LOOP = (ids: string[]) => `(() => {
  const ids = ${JSON.stringify(ids)};
  globalThis.__benchStop = false;
  globalThis.__benchLoop = (async () => {
    const out = [];
    for (let i = 0; !globalThis.__benchStop; i++) {
      const t0 = performance.now();
      await chrome.runtime.sendMessage({ type: 'lookup', data: { id: ids[i % ids.length] } });
      out.push([performance.timeOrigin + t0, performance.now() - t0]);
      await new Promise((r) => setTimeout(r, 2));
    }
    return out;
  })();
  return true;
})()`;

export async function benchSubscriptions({ benchDir, quick }: { benchDir: string; quick: boolean }): Promise<{ results: Record<string, unknown>; rows: Row[] }> {
  const feeds = await startFeedServer();
  const { context, sw, extensionId } = await launchWithExtension({ extensionDir: extensionWithFeedHost(benchDir), args: feeds.launchArgs() });
  const results: Record<string, unknown> = {};
  const rows: Row[] = [];
  try {
    // Wait for the worker's start (seeding the bundled digest) before timing anything.
    await sw.evaluate(async () => {
      while (!(globalThis as { __arxivDigestBench?: unknown }).__arxivDigestBench) await new Promise((r) => setTimeout(r, 20));
      await __arxivDigestBench.subscriptions.list();
    });
    const julyIds = [...new Set(readFileSync(join(root, 'tests/fixtures/feeds/daily-arxiv-ai-enhanced/data/2026-07-01_AI_enhanced_Chinese.jsonl'), 'utf8').match(ID) ?? [])];

    // ---- one daily file: fetched, parsed, written
    // Every run its own URL (another owner's copy of the same file), so that no run finds the
    // last one's validators or the browser's HTTP cache.
    feeds.misbehave(/^\/bench-r\d+\/daily-arXiv-ai-enhanced\/data\/data\/2026-07-01_AI_enhanced_Chinese\.jsonl$/, { kind: 'alias', of: JULY_1 });
    const dailyUrl = (run: string) => `https://${FEED_HOST}/bench-r${run}/daily-arXiv-ai-enhanced/data/data/2026-07-01_AI_enhanced_Chinese.jsonl`;
    const RUNS = quick ? 3 : 10;
    console.log(`Subscriptions: a 1.3 MB daily file fetched, parsed and written, ${RUNS} runs…`);
    await unsubscribe(sw, (await timedSubscribe(sw, { url: dailyUrl('99') })).id); // warms the code paths
    const refresh: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await timedSubscribe(sw, { url: dailyUrl(String(i)) });
      if (r.entries !== 301 || r.state !== 'ok') throw new Error(`daily refresh held ${r.entries} (${r.state} ${JSON.stringify(r.error)})`);
      refresh.push(r.ms);
      await unsubscribe(sw, r.id);
    }
    results.refreshDaily = { ms: round(median(refresh)), p95Ms: round(q(refresh, 0.95)), runs: refresh.length, papers: 301, bytes: readFileSync(join(root, 'tests/fixtures/feeds/daily-arxiv-ai-enhanced/data/2026-07-01_AI_enhanced_Chinese.jsonl')).length };

    // ---- the same refresh with a year of the series held (~110,000 entries in its digest)
    // The year is written into the subscription's digest directly (the cache's merge, 10,000
    // at a time: a year of backfill is not what is timed); then a new day's file is refreshed.
    console.log('Subscriptions: the daily refresh with a year of the series held…');
    const dayEntries = parseDigest(readFileSync(join(root, 'tests/fixtures/feeds/daily-arxiv-ai-enhanced/data/2026-07-01_AI_enhanced_Chinese.jsonl'), 'utf8')).entries;
    feeds.misbehave(/^\/bench-year\/daily-arXiv-ai-enhanced\/data\/data\/\d{4}-\d{2}-\d{2}_AI_enhanced_Chinese\.jsonl$/, {
      kind: 'rewrite',
      of: JULY_1,
      // Each refresh's file brings its own papers (month 4101, 4102, …).
      rewrite: (text) => text.replace(ID, (id) => `41${String(1 + (feeds.requestsFor('/bench-year/').length % 12)).padStart(2, '0')}.${id.slice(5)}`),
    });
    const year = await timedSubscribe(sw, { url: `https://${FEED_HOST}/bench-year/daily-arXiv-ai-enhanced/data/data/{date}_AI_enhanced_Chinese.jsonl`, days: 1 });
    for (let d = 0; d < 365; d += 33) {
      const chunk = [];
      for (let k = d; k < Math.min(365, d + 33); k++) {
        const prefix = `${10 + Math.floor(k / 12)}${String(1 + (k % 12)).padStart(2, '0')}`;
        for (const e of dayEntries) chunk.push({ ...e, arxivId: `${prefix}.${e.arxivId.slice(5)}` });
      }
      await sw.evaluate(
        async ([id, entries]) => {
          const b = globalThis as unknown as { __arxivDigestBench: { db: unknown; cache: { mergeEntries: (db: unknown, t: object, e: unknown[]) => Promise<unknown> } } };
          const status = (await chrome.storage.local.get('subscriptionStatus')).subscriptionStatus as Record<string, { sourceId: number }>;
          await b.__arxivDigestBench.cache.mergeEntries(b.__arxivDigestBench.db, { sourceId: status[id].sourceId, subscriptionId: id, name: 'year', url: 'bench' }, entries);
        },
        [year.id, chunk] as const,
      );
    }
    await new Promise((r) => setTimeout(r, 3000)); // IndexedDB's compaction after the bulk write
    const atYear: number[] = [];
    let heldAtYear = 0;
    for (let i = 0; i < (quick ? 2 : 5); i++) {
      const r = await sw.evaluate(async (id) => {
        const engine = __arxivDigestBench.subscriptions as unknown as { refresh(id: string, wait: boolean): Promise<unknown>; list(): Promise<{ subscriptions: Array<{ id: string; entriesHeld: number }> }> };
        const t0 = performance.now();
        await engine.refresh(id, true);
        const ms = performance.now() - t0;
        return { ms, held: (await engine.list()).subscriptions.find((s) => s.id === id)!.entriesHeld };
      }, year.id);
      atYear.push(r.ms);
      heldAtYear = r.held;
    }
    await unsubscribe(sw, year.id);
    results.refreshDailyAtYear = { ms: round(median(atYear)), maxMs: round(Math.max(...atYear)), runs: atYear.length, entriesHeld: heldAtYear };

    // ---- look-ups from an arXiv tab while that refresh runs
    console.log('Subscriptions: look-ups from an arXiv tab, alone and during refreshes…');
    const tab = await arxivTab(context, '2106.09608');
    const world = await contentWorld(context, tab, extensionId);
    // The papers the refresh writes (a miss before, a hit after) and the bundled ones.
    const bundled = parseDigest(readFileSync(join(root, 'digests/default.md'), 'utf8')).entries.map((e) => e.arxivId);
    const lookIds = [...julyIds.filter((_, i) => i % 15 === 0), ...bundled];
    const loop = async (during: () => Promise<{ start: number; end: number } | null>, idle = 600) => {
      await world.evaluate(LOOKUP_LOOP(lookIds));
      await new Promise((r) => setTimeout(r, 100));
      const window = await during();
      if (!window) await new Promise((r) => setTimeout(r, idle));
      await world.evaluate('globalThis.__benchStop = true');
      const samples = await world.evaluate<Array<[number, number]>>('globalThis.__benchLoop');
      // Only the look-ups that started while the refresh ran (all of them when idle).
      return samples.filter(([at]) => !window || (at >= window.start && at <= window.end)).map(([, ms]) => ms);
    };
    const idle = await loop(async () => null, quick ? 1000 : 3000);
    const during: number[] = [];
    const refreshUnderLookups: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let r: Awaited<ReturnType<typeof timedSubscribe>> | undefined;
      during.push(...(await loop(async () => (r = await timedSubscribe(sw, { url: dailyUrl(String(100 + i)) })))));
      if (r!.entries !== 301) throw new Error(`refresh during look-ups held ${r!.entries}`);
      refreshUnderLookups.push(r!.ms);
      await unsubscribe(sw, r!.id);
    }
    await world.detach();
    await tab.close();
    results.lookupDuringRefresh = {
      p50Ms: round(median(during), 2),
      p95Ms: round(q(during, 0.95), 2),
      maxMs: round(Math.max(...during), 2),
      lookups: during.length,
      idle: { p50Ms: round(median(idle), 2), p95Ms: round(q(idle, 0.95), 2), maxMs: round(Math.max(...idle), 2), lookups: idle.length },
      refreshMeanwhileMs: round(median(refreshUnderLookups)),
    };

    // ---- 30 days of a dated series
    const BACKFILLS = quick ? 1 : 3;
    console.log(`Subscriptions: 30 days of a dated series, ${BACKFILLS} runs…`);
    const today = Date.parse(new Date().toISOString().slice(0, 10));
    feeds.misbehave(/^\/bench-b\d+\/daily-arXiv-ai-enhanced\/data\/data\/\d{4}-\d{2}-\d{2}_AI_enhanced_Chinese\.jsonl$/, {
      kind: 'rewrite',
      of: JULY_1,
      rewrite: (_text, path) => {
        const date = /(\d{4}-\d{2}-\d{2})_AI/.exec(path)![1];
        const back = Math.round((today - Date.parse(date)) / DAY_MS);
        const file = readFileSync(join(root, 'tests/fixtures/feeds/daily-arxiv-ai-enhanced/data', back % 2 ? '2026-06-29_AI_enhanced_Chinese.jsonl' : '2026-07-01_AI_enhanced_Chinese.jsonl'), 'utf8');
        // A month of its own per day (2001, 2002, …): each day's papers are new ones.
        const prefix = `${20 + Math.floor(back / 12)}${String(1 + (back % 12)).padStart(2, '0')}`;
        return file.replace(ID, (id) => `${prefix}.${id.slice(5)}`);
      },
    });
    const backfill: number[] = [];
    let held = 0;
    for (let i = 0; i < BACKFILLS; i++) {
      const sent = feeds.requests.length;
      const r = await timedSubscribe(sw, { url: `https://${FEED_HOST}/bench-b${i}/daily-arXiv-ai-enhanced/data/data/{date}_AI_enhanced_Chinese.jsonl`, days: 30 });
      const files = feeds.requests.slice(sent).filter((x) => x.status === 200).length;
      if (r.state !== 'ok' || files !== 30) throw new Error(`backfill: ${r.state}, ${files} files`);
      backfill.push(r.ms);
      held = r.entries;
      await unsubscribe(sw, r.id);
    }
    results.backfill30 = { seconds: round(median(backfill) / 1000, 2), maxSeconds: round(Math.max(...backfill) / 1000, 2), runs: backfill.length, files: 30, entries: held };

    // ---- per paper: the response's arrival → the panel
    const PAPERS = quick ? 5 : 20;
    console.log(`Subscriptions: per paper, ${PAPERS} uncovered papers…`);
    const PER_PAPER = '2608.00053';
    feeds.misbehave(/^\/qhduan\/cn-chat-arxiv\/master\/papers\/26\/08\/2608\.1\d{4}\.json$/, {
      kind: 'rewrite',
      of: `/qhduan/cn-chat-arxiv/master/papers/26/08/${PER_PAPER}.json`,
      rewrite: (text, path) => text.replaceAll(PER_PAPER, /(2608\.1\d{4})\.json$/.exec(path)![1]),
    });
    await sw.evaluate(async (url) => {
      await __arxivDigestBench.subscriptions.setSettings({ perPaper: true });
      await __arxivDigestBench.subscriptions.subscribe({ url, catalogId: 'cnChatArxivPapers', wait: true });
      // When each per-paper file's answer arrived (fetch resolved: status and headers in).
      const g = globalThis as unknown as { __arrivals: Record<string, number>; fetch: typeof fetch };
      g.__arrivals = {};
      const original = g.fetch.bind(globalThis);
      g.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        const res = await original(input, init);
        g.__arrivals[String(input)] = performance.timeOrigin + performance.now();
        return res;
      };
    }, CN_CHAT_PAPER_TEMPLATE);
    const page = await arxivTab(context, '2106.09608', () => {
      // When the abstract (what the panel goes after) and the panel entered the page.
      const w = window as unknown as { __panelAt?: number; __abstractAt?: number };
      new MutationObserver((_, obs) => {
        if (!w.__abstractAt && document.querySelector('blockquote.abstract')) w.__abstractAt = performance.timeOrigin + performance.now();
        if (document.querySelector('arxiv-digest-panel')) {
          w.__panelAt = performance.timeOrigin + performance.now();
          obs.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const onDemand: number[] = [];
    // From whichever came last, the answer or the abstract in the page (the panel goes after it).
    const afterBoth: number[] = [];
    let pageLater = 0;
    for (let i = 0; i < PAPERS; i++) {
      const id = `2608.${10000 + i}`;
      await page.goto(`https://arxiv.org/abs/${id}`);
      const panelAt = (await page.waitForFunction(() => (window as unknown as { __panelAt?: number }).__panelAt, null, { timeout: 15_000 }).then((h) => h.jsonValue())) as number;
      const url = CN_CHAT_PAPER_TEMPLATE.replace('{yy}', '26').replace('{mm}', '08').replace('{id}', id);
      const arrived = await sw.evaluate((u) => (globalThis as unknown as { __arrivals: Record<string, number> }).__arrivals[u], url);
      if (!arrived) throw new Error(`per paper: no request for ${id}`);
      onDemand.push(panelAt - arrived);
      const abstractAt = await page.evaluate(() => (window as unknown as { __abstractAt?: number }).__abstractAt ?? 0);
      afterBoth.push(panelAt - Math.max(arrived, abstractAt));
      if (abstractAt > arrived) pageLater++;
    }
    await page.close();
    results.onDemand = {
      afterResponseMs: round(median(onDemand)),
      p95Ms: round(q(onDemand, 0.95)),
      papers: onDemand.length,
      afterResponseAndAbstract: { ms: round(median(afterBoth)), p95Ms: round(q(afterBoth, 0.95)) },
      abstractAfterResponse: pageLater,
    };
  } finally {
    await context.close();
    await feeds.close();
  }

  const r = results as {
    refreshDaily: { ms: number; p95Ms: number; runs: number };
    refreshDailyAtYear: { ms: number; maxMs: number; entriesHeld: number };
    lookupDuringRefresh: { p50Ms: number; p95Ms: number; maxMs: number; lookups: number; idle: { p50Ms: number; p95Ms: number }; refreshMeanwhileMs: number };
    backfill30: { seconds: number; maxSeconds: number; entries: number };
    onDemand: { afterResponseMs: number; p95Ms: number; papers: number; afterResponseAndAbstract: { ms: number; p95Ms: number }; abstractAfterResponse: number };
  };
  rows.push(
    ['subscriptions: 1.3 MB daily file (301 papers) fetched, parsed, written (median / p95)', `${r.refreshDaily.ms} / ${r.refreshDaily.p95Ms} ms`, '≤ 300 ms'],
    [`subscriptions: look-up from an arXiv tab during that refresh (p50 / p95, ${r.lookupDuringRefresh.lookups})`, `${r.lookupDuringRefresh.p50Ms} / ${r.lookupDuringRefresh.p95Ms} ms`, 'p95 ≤ 20 ms'],
    [`subscriptions: the daily refresh with a year held (${r.refreshDailyAtYear.entriesHeld} entries; median / max)`, `${r.refreshDailyAtYear.ms} / ${r.refreshDailyAtYear.maxMs} ms`, '≤ 300 ms'],
    ['subscriptions: the same look-up, no refresh running (p50 / p95)', `${r.lookupDuringRefresh.idle.p50Ms} / ${r.lookupDuringRefresh.idle.p95Ms} ms`, ''],
    [`subscriptions: subscribe to 30 days of a dated series (${r.backfill30.entries} entries; median / max)`, `${r.backfill30.seconds} / ${r.backfill30.maxSeconds} s`, '≤ 10 s'],
    ['subscriptions: per paper, response arrived → panel in the page (median / p95)', `${r.onDemand.afterResponseMs} / ${r.onDemand.p95Ms} ms`, '≤ 50 ms'],
    [`subscriptions: per paper, from the later of the response and the abstract (abstract later in ${r.onDemand.abstractAfterResponse}/${r.onDemand.papers})`, `${r.onDemand.afterResponseAndAbstract.ms} / ${r.onDemand.afterResponseAndAbstract.p95Ms} ms`, ''],
  );
  return { results: { subscriptions: results }, rows };
}
