/**
 * The layout shift our insertion causes (`--only=cls`): on the saved abstract pages (the panel)
 * and on the saved search page with all its 200 results covered (the badges), warm and with the
 * worker stopped before each load. A layout-shift entry is ours when one of the nodes that moved
 * is inside one of our hosts (an element named `arxiv-digest-…`, or in its shadow root), or comes
 * after one of our hosts in the document once that host was in the page (content that our
 * insertion pushed down). Shifts after input are left out, as CLS does (the reader unfolding a
 * badge). The page's own total is reported beside it, for information.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { exportDigest, parseDigest } from '../lib/digest/parse';
import { readPage } from '../scripts/offline-pages.js';
import { hotCopyHolds, stopWorker } from './cold';
import { q } from './stats';

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

interface LoadShift {
  ours: number;
  page: number;
  hosts: number;
}

/** In the page's main world, from the start: layout shifts and when our first host arrived. */
function watchShifts() {
  const w = window as unknown as { __shifts: Array<{ value: number; at: number; input: boolean; nodes: Array<Node | null> }>; __firstHostAt?: number };
  w.__shifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: Array<{ node: Node | null }> }>) {
      w.__shifts.push({ value: e.value, at: e.startTime, input: e.hadRecentInput, nodes: (e.sources ?? []).map((s) => s.node) });
    }
  }).observe({ type: 'layout-shift', buffered: true });
  new MutationObserver((records, obs) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType === 1 && (n as Element).tagName.startsWith('ARXIV-DIGEST-')) {
          w.__firstHostAt = performance.now();
          obs.disconnect();
          return;
        }
      }
    }
  }).observe(document, { childList: true, subtree: true });
}

/** After the load has settled: the shifts, ours and the page's. */
function readShifts(): LoadShift {
  const w = window as unknown as { __shifts: Array<{ value: number; at: number; input: boolean; nodes: Array<Node | null> }>; __firstHostAt?: number };
  const isHost = (n: Node) => n.nodeType === 1 && (n as Element).tagName.startsWith('ARXIV-DIGEST-');
  const inHost = (n: Node | null) => {
    for (let x: Node | null = n; x; x = x.parentNode ?? (x as ShadowRoot).host ?? null) if (isHost(x)) return true;
    return false;
  };
  const hosts = [...document.querySelectorAll('*')].filter(isHost);
  const first = hosts[0];
  const follows = (n: Node | null) => !!n && !!first && n.isConnected && !!(first.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING);
  let ours = 0;
  let page = 0;
  for (const s of w.__shifts) {
    if (s.input) continue;
    page += s.value;
    const afterHost = w.__firstHostAt !== undefined && s.at >= w.__firstHostAt - 1;
    if (s.nodes.some(inHost) || (afterHost && s.nodes.some(follows))) ours += s.value;
  }
  return { ours, page, hosts: hosts.length };
}

async function loads(context: BrowserContext, ext: Page, url: string, n: number, cold: boolean, waitFor: string): Promise<LoadShift[]> {
  const page = await context.newPage();
  // tsx names the functions it compiles with a helper that the page lacks.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.addInitScript(watchShifts);
  const out: LoadShift[] = [];
  await page.goto(url, { waitUntil: 'load' });
  for (let i = 0; i < n; i++) {
    if (cold) await stopWorker(context, ext);
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector(waitFor, { state: 'attached', timeout: 10_000 });
    // Late shifts (a render after the answer, fonts) are counted too: half a second, then two frames.
    await page.waitForTimeout(500);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    out.push(await page.evaluate(readShifts));
  }
  await page.close();
  return out;
}

function figures(xs: LoadShift[]) {
  const ours = xs.map((x) => x.ours);
  return { p50: r4(q(ours, 0.5)), p95: r4(q(ours, 0.95)), max: r4(Math.max(...ours)), loadsWithShift: ours.filter((x) => x > 0).length, loads: xs.length, pageP50: r4(q(xs.map((x) => x.page), 0.5)), hosts: xs[0]?.hosts ?? 0 };
}

const SEARCH = 'https://arxiv.org/search/?query=abstract+distributed+systems&searchtype=all&size=200';

/** `--only=cls`: `panel.cls`, `listing.cls` (warm and cold) into `results`, and table rows. */
export async function benchClsPart(context: BrowserContext, ext: Page, results: Record<string, unknown>, n: number, seedText: string): Promise<Array<[string, string, string]>> {
  const search = readPage('search');
  const pages = { 'https://arxiv.org/abs/2106.09608v2': readPage('abs2021'), 'https://arxiv.org/abs/2004.10162v1': readPage('abs2020'), [SEARCH]: search };
  for (const [url, body] of Object.entries(pages)) await context.route(url, (r) => r.fulfill({ body, contentType: 'text/html; charset=utf-8' }));
  // Every result of the saved search page covered: a digest of the seed's entries under its ids.
  const ids = [...new Set([...search.matchAll(/arxiv\.org\/abs\/(\d{4}\.\d{4,5})/g)].map((m) => m[1]))];
  const seed = parseDigest(seedText).entries;
  const digest = exportDigest(ids.map((id, i) => ({ ...seed[i % seed.length], arxivId: id })));
  await ext.evaluate((text) => chrome.runtime.sendMessage({ type: 'importDigest', data: { text, name: 'bench-search-cls.json', origin: 'file' } }), digest);
  // Both papers in the hot copy, as a reader's recent or newest papers are (bench/cold.ts has the loads outside it).
  await hotCopyHolds(ext, '2106.09608');
  await hotCopyHolds(ext, '2004.10162');
  console.log(`Layout shift: ${n} loads each of two abstract pages and the search page (${ids.length} covered), warm and cold…`);
  const abs = async (cold: boolean) => [
    ...(await loads(context, ext, 'https://arxiv.org/abs/2106.09608v2', n, cold, 'arxiv-digest-panel')),
    ...(await loads(context, ext, 'https://arxiv.org/abs/2004.10162v1', n, cold, 'arxiv-digest-panel')),
  ];
  const panelWarm = figures(await abs(false));
  const panelCold = figures(await abs(true));
  const listWarm = figures(await loads(context, ext, SEARCH, n, false, 'arxiv-digest-badge'));
  const listCold = figures(await loads(context, ext, SEARCH, n, true, 'arxiv-digest-badge'));
  const panel = ((results.panel as Record<string, unknown>) ??= {});
  panel.cls = panelWarm.p95;
  panel.clsDetail = { warm: panelWarm, cold: panelCold };
  const listing = ((results.listing as Record<string, unknown>) ??= {});
  listing.cls = listWarm.p95;
  listing.clsDetail = { warm: listWarm, cold: listCold };
  const row = (what: string, f: ReturnType<typeof figures>): [string, string, string] => [what, `${f.p95} (p50 ${f.p50}, max ${f.max}; ${f.loadsWithShift} of ${f.loads} loads shifted; the page's own p50 ${f.pageP50})`, '0'];
  return [
    row('layout shift caused by the panel, warm, p95 per load (panel.cls)', panelWarm),
    row('layout shift caused by the panel, cold worker, p95 per load', panelCold),
    row(`layout shift caused by the badges (${listWarm.hosts} hosts), warm, p95 (listing.cls)`, listWarm),
    row('layout shift caused by the badges, cold worker, p95', listCold),
  ];
}
