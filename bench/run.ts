/**
 * `npm run bench`: the real extension in Chromium and the core in Node. Prints a table and
 * writes bench/results.json (not committed). Medians and percentiles over repeated runs;
 * figures that are compared are measured in the same run.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Worker } from 'playwright-core';
import { extractKeyNumbers } from '../lib/digest/key-numbers';
import { parseDigest, exportDigest } from '../lib/digest/parse';
import type { DigestEntry } from '../lib/digest/types';
import type { BenchGlobal } from '../background/bench-hooks';
import { launchWithExtension } from '../scripts/chromium.js';
import { fuzzPart } from './core-fuzz';
import { launchFirefoxWithExtension, openExtensionPage, serveOfflineIn } from '../scripts/firefox.js';
import { demoAbstractPage, listingPage, readPage, serveOffline } from '../scripts/offline-pages.js';
import { benchSubscriptions } from './subscriptions';
import { benchColdPart } from './cold';
import { benchHotCopyPart } from './hot-copy';
import { benchClsPart } from './cls';
import { benchSearchPart } from './search';
import { benchMemoryPart } from './memory';
import { benchListingUncovered } from './listing-uncovered';
import { q, median, roundTo as round } from './stats';
import { makeEntries, seedEntries } from './entries';

const root = resolve(import.meta.dirname, '..');
const quick = process.argv.includes('--quick');
const LOADS = quick ? 10 : 50;
const LOOKUPS = quick ? 20 : 100;
const SETTLE_MS = 3000;


function markdownOf(entries: DigestEntry[]): string {
  return entries.map((e) => `## ${e.titleEn}\n[${e.titleZh}](https://arxiv.org/abs/${e.arxivId})\n\n${e.summaryZh}\n`).join('\n');
}

// ---------------------------------------------------------------- core in Node
function benchParse() {
  const one = markdownOf(seedEntries);
  const bytesPer = Buffer.byteLength(one);
  const reps = Math.ceil((10 * 1024 * 1024) / bytesPer);
  const text = markdownOf(makeEntries(reps * seedEntries.length));
  const mb = Buffer.byteLength(text) / 1024 / 1024;
  const times: number[] = [];
  let entries = 0;
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    const t0 = performance.now();
    entries = parseDigest(text).entries.length;
    times.push(performance.now() - t0);
  }
  const s = median(times) / 1000;
  // Key-number extraction alone, over the same summaries.
  const summaries = parseDigest(markdownOf(seedEntries)).entries.map((e) => e.summaryZh);
  const corpus = Array.from({ length: reps }, () => summaries).flat();
  const corpusMb = Buffer.byteLength(corpus.join('')) / 1024 / 1024;
  const kt: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    for (const text of corpus) extractKeyNumbers(text);
    kt.push(performance.now() - t0);
  }
  const ks = median(kt) / 1000;
  return { mb: round(mb), seconds: round(s, 3), mbPerSecond: round(mb / s), entries, keyNumbers: { mb: round(corpusMb), mbPerSecond: round(corpusMb / ks) } };
}

// ---------------------------------------------------------------- bundle sizes
function bundleSizes() {
  const dir = join(root, '.output/chrome-mv3');
  const size = (files: string[]) => {
    const bufs = files.map((f) => readFileSync(join(dir, f)));
    return { rawBytes: bufs.reduce((n, b) => n + b.length, 0), gzipBytes: bufs.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0) };
  };
  const popupHtml = readFileSync(join(dir, 'popup.html'), 'utf8');
  const popupFiles = ['popup.html', ...[...popupHtml.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1])];
  return { contentScript: size(['content-scripts/arxiv.js']), contentUi: size(['content-scripts/arxiv-ui.js']), background: size(['background.js']), popup: size(popupFiles) };
}

// ---------------------------------------------------------------- in Chromium
async function worker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

/**
 * Panel timing on the saved 2021 page, warm, and the bare round trip beside it. The cold worker
 * is `--only=cold` (bench/cold.ts: cold loads beside warm ones, with their breakdown).
 */
async function benchPanel(context: BrowserContext) {
  const absUrl = 'https://arxiv.org/abs/2106.09608v2';
  const page = await context.newPage();
  // In the page's main world, before anything else: when the panel enters the DOM.
  // Also: was the panel there at the first frame after the abstract arrived (the paint that
  // shows the abstract), checked in a frame callback registered when the abstract appeared?
  await page.addInitScript(() => {
    const w = window as unknown as { __panelAt?: number; __withAbstractFrame?: boolean };
    let abstractSeen = false;
    new MutationObserver((_, obs) => {
      if (!abstractSeen && document.querySelector('blockquote.abstract')) {
        abstractSeen = true;
        requestAnimationFrame(() => (w.__withAbstractFrame = !!document.querySelector('arxiv-digest-panel')));
      }
      if (document.querySelector('arxiv-digest-panel')) {
        w.__panelAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const load = async (url: string) => {
    await page.goto(url, { waitUntil: 'load' });
    if (url.includes('bench=roundtrip')) {
      await page.waitForFunction(() => document.documentElement.dataset.benchRoundTrip, null, { timeout: 10_000 });
      return { at: Number(await page.evaluate(() => document.documentElement.dataset.benchRoundTrip)) };
    }
    await page.waitForFunction(() => (window as unknown as { __panelAt?: number }).__panelAt, null, { timeout: 10_000 });
    return page.evaluate(() => {
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
      const w = window as unknown as { __panelAt: number; __withAbstractFrame?: boolean };
      return { at: w.__panelAt, fcp, withAbstract: w.__withAbstractFrame === true };
    });
  };
  const warm: number[] = [];
  const round: number[] = [];
  let beforePaint = 0;
  let paintKnown = 0;
  let withAbstract = 0;
  await load(absUrl); // first load warms caches
  for (let i = 0; i < LOADS; i++) {
    // Interleaved, so that drift on a noisy machine hits both alike.
    const w = (await load(absUrl)) as { at: number; fcp: number | null; withAbstract: boolean };
    warm.push(w.at);
    if (w.withAbstract) withAbstract++;
    if (w.fcp !== null) {
      paintKnown++;
      if (w.at <= w.fcp) beforePaint++;
    }
    round.push((await load(`${absUrl}?bench=roundtrip`)).at);
  }
  await page.close();
  return {
    warm: { p50Ms: round2(median(warm)), p95Ms: round2(q(warm, 0.95)), beforeFirstPaintRate: paintKnown ? round2(beforePaint / paintKnown) : null, inFirstFrameWithAbstractRate: round2(withAbstract / warm.length), loads: warm.length },
    roundTrip: { p50Ms: round2(median(round)), p95Ms: round2(q(round, 0.95)) },
  };
}
const round2 = (x: number) => round(x, 2);

/** Import, then look-ups with 100,000 stored, timed inside the worker. */
async function benchCache(context: BrowserContext) {
  const sw = await worker(context);
  const timeImport = async (entries: DigestEntry[], name: string) => {
    const text = exportDigest(entries);
    return sw.evaluate(
      async ([t, n]) => {
        const { db, cache } = (globalThis as unknown as BenchGlobal).__arxivDigestBench;
        const t0 = performance.now();
        const r = await cache.importDigest(db, t, { name: n, origin: 'file' });
        return { ms: performance.now() - t0, imported: r.imported };
      },
      [text, name] as const,
    );
  };
  const n10k = await timeImport(makeEntries(10_000, 0), 'bench-10k');
  // 100,000 entries: ten digests of 10,000 (a digest may be at most 20 MB).
  let total = 0;
  for (let i = 0; i < 10; i++) total += (await timeImport(makeEntries(10_000, 100_000 + i * 10_000), `bench-100k-${i}`)).ms;
  // With those 100,000 stored, one more 10,000-entry digest.
  const n10kAt100k = await timeImport(makeEntries(10_000, 300_000), 'bench-10k-at-100k');
  // The worst case for blocks: no two of the 10,000 papers share one (ids 100 apart).
  const sparse = await timeImport(makeEntries(10_000, 2_000_000, 100), 'bench-10k-sparse');
  await sw.evaluate(async () => {
    const { db, cache } = (globalThis as unknown as BenchGlobal).__arxivDigestBench;
    const source = (await cache.listSources(db)).find((s) => s.name === 'bench-10k-sparse');
    if (source) await cache.deleteSource(db, source.id); // the look-ups below see the same 120,017
  });
  const ids2000 = makeEntries(2000, 100_000 + 12_345).map((e) => e.arxivId);
  // 110,000 rows just written leave IndexedDB's LevelDB compacting for a few seconds, on the same
  // two cores: look-ups are timed after it, as a reader's would be.
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const lookups = await sw.evaluate(
    async ([ids, reps]) => {
      const { db, cache } = (globalThis as unknown as BenchGlobal).__arxivDigestBench;
      const one: number[] = [];
      const many: number[] = [];
      const cover: number[] = [];
      let found = 0;
      // Each kind in its own series: the garbage of 2,000 full entries would otherwise land its
      // collection in the next single look-up.
      for (let i = 0; i < reps; i++) {
        const t0 = performance.now();
        if (await cache.lookup(db, ids[(i * 37) % ids.length])) found++;
        one.push(performance.now() - t0);
      }
      for (let i = 0; i < reps; i++) {
        const t0 = performance.now();
        const hits = await cache.lookupMany(db, ids);
        many.push(performance.now() - t0);
        if (Object.keys(hits).length !== ids.length) throw new Error('lookupMany missed ids');
      }
      for (let i = 0; i < reps; i++) {
        const t0 = performance.now();
        const covered = await cache.coverage(db, ids);
        cover.push(performance.now() - t0);
        if (Object.keys(covered).length !== ids.length) throw new Error('coverage missed ids');
      }
      return { one, many, cover, found };
    },
    [ids2000, LOOKUPS] as const,
  );
  if (lookups.found !== LOOKUPS) throw new Error('lookup missed ids');
  const stored = await sw.evaluate(async () => {
    const { db, cache } = (globalThis as unknown as BenchGlobal).__arxivDigestBench;
    return (await cache.counts(db)).entries;
  });
  return {
    stored,
    import: {
      n10000: { seconds: round(n10k.ms / 1000, 3), entriesPerSecond: Math.round(10_000 / (n10k.ms / 1000)) },
      n10000At100000: { seconds: round(n10kAt100k.ms / 1000, 3) },
      n10000Sparse: { seconds: round(sparse.ms / 1000, 3) },
      n100000: { seconds: round(total / 1000, 2), entriesPerSecond: Math.round(100_000 / (total / 1000)) },
    },
    lookup: {
      one: { p50Ms: round(median(lookups.one), 3), p95Ms: round(q(lookups.one, 0.95), 3) },
      many2000: { p50Ms: round(median(lookups.many), 2), p95Ms: round(q(lookups.many, 0.95), 2) },
      coverage2000: { p50Ms: round(median(lookups.cover), 2), p95Ms: round(q(lookups.cover, 0.95), 2) },
    },
  };
}

/** A 2,000-entry listing, every paper covered: DOMContentLoaded to the last badge. */
async function benchListing(context: BrowserContext) {
  const ids = makeEntries(2000, 100_000).map((e) => e.arxivId);
  const url = 'https://arxiv.org/list/cs.CL/pastweek?show=2000';
  await context.route(url, (r) => r.fulfill({ body: listingPage(ids, { sections: 3, full: true }), contentType: 'text/html; charset=utf-8' }));
  const runs: number[] = [];
  const page = await context.newPage();
  await page.addInitScript((n) => {
    const w = window as unknown as { __allBadgesAt?: number; __dcl?: number };
    document.addEventListener('DOMContentLoaded', () => (w.__dcl = performance.now()));
    new MutationObserver((_, obs) => {
      if (document.getElementsByTagName('arxiv-digest-badge').length >= n) {
        w.__allBadgesAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  }, ids.length);
  for (let i = 0; i < (quick ? 3 : 10); i++) {
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { __allBadgesAt?: number }).__allBadgesAt, null, { timeout: 20_000 });
    runs.push(await page.evaluate(() => (window as unknown as { __allBadgesAt: number; __dcl: number }).__allBadgesAt - (window as unknown as { __dcl: number }).__dcl));
  }
  await page.close();
  return { n2000: { ms: round(median(runs), 1), p95Ms: round(q(runs, 0.95), 1), runs: runs.length } };
}

/**
 * The popup with 100,000 entries cached: navigation start to its content (the digest list and
 * the switch). Usually it opens from last time's snapshot; the first opening (no snapshot) waits
 * for the answers. Both are measured, interleaved.
 */
async function benchPopup(context: BrowserContext, extensionId: string) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __contentAt?: number };
    new MutationObserver((_, obs) => {
      if (document.querySelector('.source') && document.querySelector('[role="switch"]')) {
        w.__contentAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const open = async (file = 'popup.html') => {
    await page.goto(`chrome-extension://${extensionId}/${file}`);
    await page.waitForFunction(() => (window as unknown as { __contentAt?: number }).__contentAt, null, { timeout: 10_000 });
    return page.evaluate(() => (window as unknown as { __contentAt: number }).__contentAt);
  };
  await open(); // leaves a snapshot
  const usual: number[] = [];
  const first: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < (quick ? 3 : 15); i++) {
    usual.push(await open());
    await page.evaluate(() => localStorage.clear());
    first.push(await open());
    floor.push(await open('bench-floor.html'));
  }
  await page.close();
  return {
    n100000: { ms: round(median(usual), 1), p95Ms: round(q(usual, 0.95), 1) },
    firstOpening: { ms: round(median(first), 1), p95Ms: round(q(first, 0.95), 1) },
    floor: { ms: round(median(floor), 1) },
  };
}

// ---------------------------------------------------------------- side panel, and Firefox
/**
 * The side panel following its tab: the tab navigates to another covered paper, and the time
 * from its new URL (the navigation's commit, at the response's start) to the side panel's DOM
 * holding that paper's entry; from the navigation's start too. The panel page is a tab beside it (see
 * tests/e2e/sidepanel.e2e.ts: a real side panel cannot be shown headless).
 */
async function benchSidePanel(context: BrowserContext, extensionId: string) {
  const urls = ['https://arxiv.org/abs/2409.18869', 'https://arxiv.org/abs/2410.01215'];
  for (const url of urls) await context.route(url, (r) => r.fulfill({ body: demoAbstractPage(url.slice(-10)), contentType: 'text/html; charset=utf-8' }));
  const tab = await context.newPage();
  await tab.goto(urls[0]);
  const panel = await context.newPage();
  await panel.addInitScript(() => {
    const w = window as unknown as { __shown: Record<string, number> };
    w.__shown = {};
    new MutationObserver(() => {
      const id = document.querySelector('.side-entry')?.getAttribute('data-arxiv-id');
      if (id && !(id in w.__shown)) w.__shown[id] = performance.timeOrigin + performance.now();
    }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-arxiv-id'] });
  });
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  await tab.bringToFront();
  await panel.waitForFunction(() => document.querySelector('.side-entry')?.getAttribute('data-arxiv-id') === '2409.18869', null, { timeout: 10_000 });
  const follow: number[] = [];
  const fromStart: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const url = urls[(i + 1) % 2];
    const id = url.slice(-10);
    await panel.evaluate(() => ((window as unknown as { __shown: Record<string, number> }).__shown = {}));
    await tab.goto(url, { waitUntil: 'commit' });
    const shownAt = (await panel.waitForFunction((x) => (window as unknown as { __shown: Record<string, number> }).__shown[x], id, { timeout: 10_000 }).then((h) => h.jsonValue())) as number;
    // The tab takes its new URL when the navigation commits, as the response starts.
    const { origin, response } = await tab.evaluate(() => ({ origin: performance.timeOrigin, response: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseStart }));
    fromStart.push(shownAt - origin);
    follow.push(shownAt - (origin + response));
  }
  await panel.close();
  await tab.close();
  return { followMs: round2(median(follow)), followP95Ms: round2(q(follow, 0.95)), fromNavigationStartMs: round2(median(fromStart)), loads: follow.length };
}

/** The warm panel in Firefox (firefox-esr, the MV2 build), measured as Chromium's is. */
async function benchFirefoxPanel() {
  execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], { cwd: root, stdio: 'ignore' });
  const { browser } = await launchFirefoxWithExtension();
  try {
    const ext = await openExtensionPage(await browser.newPage(), 'popup.html');
    const eras = readFileSync(join(root, 'tests/fixtures/digests/test-eras.md'), 'utf8');
    await ext.evaluate((text: string) => (globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).browser.runtime.sendMessage({ type: 'importDigest', data: { text, name: 'test-eras.md', origin: 'file' } }), eras);
    const absUrl = 'https://arxiv.org/abs/2106.09608v2';
    const page = await browser.newPage();
    await serveOfflineIn(page, { [absUrl]: readPage('abs2021') });
    await page.evaluateOnNewDocument(() => {
      const w = window as unknown as { __panelAt?: number; __abstractAt?: number };
      new MutationObserver((_, obs) => {
        if (w.__abstractAt === undefined && document.querySelector('blockquote.abstract')) w.__abstractAt = performance.now();
        if (document.querySelector('arxiv-digest-panel')) {
          w.__panelAt = performance.now();
          obs.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const warm: number[] = [];
    const afterAbstract: number[] = [];
    for (let i = 0; i <= LOADS; i++) {
      await page.goto(absUrl, { waitUntil: 'load' });
      await page.waitForFunction(() => (window as unknown as { __panelAt?: number }).__panelAt, { timeout: 10_000 });
      // From navigation start, and from the abstract's arrival in the DOM (the panel goes in
      // after it): puppeteer's request interception sends every request of the page through
      // WebDriver BiDi, and the saved page's parse waits ~300 ms on its aborted stylesheets.
      const { at, abstractAt } = await page.evaluate(() => {
        const w = window as unknown as { __panelAt: number; __abstractAt: number };
        return { at: w.__panelAt, abstractAt: w.__abstractAt };
      });
      if (i > 0) {
        // the first load warms caches
        warm.push(at);
        afterAbstract.push(at - abstractAt);
      }
    }
    return { warm: { p50Ms: round2(median(warm)), p95Ms: round2(q(warm, 0.95)), afterAbstractP50Ms: round2(median(afterAbstract)), afterAbstractP95Ms: round2(q(afterAbstract, 0.95)), loads: warm.length }, version: await browser.version() };
  } finally {
    await browser.close();
  }
}

/** `--only=panel,sidepanel,cache,listing,popup,subscriptions,core,fuzz,cold,cls,search,hot,memory`: a part of the run, for working on one figure. */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const wants = (part: string) => !only || only.includes(part);

const fuzzMb = Number(process.argv.find((a) => a.startsWith('--fuzz-mb='))?.slice('--fuzz-mb='.length)) || undefined;

/** The parts that run in Node alone: `--only` of just these builds nothing and starts no browser. */
async function nodeParts(results: Record<string, unknown>, rows: Array<[string, string, string]>) {
  if (wants('fuzz')) {
    console.log(`Fuzz corpus: each shape as a ${fuzzMb ?? (quick ? 2 : 20)} MB digest…`);
    const { fuzz, rows: fuzzRows } = await fuzzPart({ quick, mb: fuzzMb });
    results.fuzz = fuzz;
    rows.push(...fuzzRows);
  }
}

function report(results: Record<string, unknown>, rows: Array<[string, string, string]>) {
  writeFileSync(join(root, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`\n${'figure'.padEnd(w)}  ${'measured'.padEnd(34)}  target`);
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w)}  ${b.padEnd(34)}  ${c}`);
  console.log(`\nwrote bench/results.json (${statSync(join(root, 'bench/results.json')).size} B)`);
}

async function main() {
  if (only?.every((p) => p === 'fuzz')) {
    const results: Record<string, unknown> = { at: new Date().toISOString(), machine: { cpus: (await import('node:os')).cpus().length, node: process.version, quick, only } };
    const rows: Array<[string, string, string]> = [];
    await nodeParts(results, rows);
    return report(results, rows);
  }
  console.log('Building the extension (production, and the benchmark build)…');
  execFileSync('npx', ['wxt', 'build'], { cwd: root, stdio: 'ignore' });
  // NODE_ENV=production: the dependencies' production builds, as the real build has them (a
  // mode other than production otherwise picks their development exports: micromark's asserts).
  execFileSync('npx', ['wxt', 'build', '--mode', 'bench'], { cwd: root, stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production' } });
  // The popup's floor: an extension page whose one module script only notes the time. Written
  // into the benchmark build only.
  const benchDir = join(root, '.output/chrome-mv3-bench');
  writeFileSync(join(benchDir, 'bench-floor.html'), '<!DOCTYPE html><html><head><meta charset="utf-8"><script type="module" src="/bench-floor.js"></script></head><body></body></html>');
  writeFileSync(join(benchDir, 'bench-floor.js'), 'window.__contentAt = performance.now();\n');
  const results: Record<string, unknown> = { at: new Date().toISOString(), machine: { cpus: (await import('node:os')).cpus().length, node: process.version, quick, only: only ?? 'all' } };
  const rows: Array<[string, string, string]> = [];

  const { context, extensionId } = await launchWithExtension({ extensionDir: benchDir });
  await serveOffline(context, { 'https://arxiv.org/abs/2106.09608v2': readPage('abs2021'), 'https://arxiv.org/abs/2106.09608v2?bench=roundtrip': readPage('abs2021') });
  const ext = await context.newPage();
  await ext.goto(`chrome-extension://${extensionId}/popup.html`);
  const eras = readFileSync(join(root, 'tests/fixtures/digests/test-eras.md'), 'utf8');
  await ext.evaluate((text) => chrome.runtime.sendMessage({ type: 'importDigest', data: { text, name: 'test-eras.md', origin: 'file' } }), eras);

  if (wants('panel')) {
    console.log(`Panel: ${LOADS} warm loads (each beside a bare round trip)…`);
    const panel = await benchPanel(context);
    const warmOverRoundTrip = round(panel.warm.p50Ms / panel.roundTrip.p50Ms, 2);
    // `panel.cold` is the cold part's (bench/cold.ts), kept when both run.
    results.panel = { ...(results.panel as object), warm: panel.warm, warmOverRoundTrip };
    results.roundTrip = panel.roundTrip;
    rows.push(
      ['panel, warm: navigation → panel (p50 / p95)', `${panel.warm.p50Ms} / ${panel.warm.p95Ms} ms`, ''],
      // Information only: on saved pages the header paints before the abstract exists, so this measures the page (the layout shift we cause is --only=cls).
      ['panel in before first contentful paint (warm; information)', `${Math.round((panel.warm.beforeFirstPaintRate ?? 0) * 100)}%`, ''],
      ['panel in the first frame that shows the abstract (warm)', `${Math.round(panel.warm.inFirstFrameWithAbstractRate * 100)}%`, ''],
      ['bare round trip content script → worker → 1 get (p50)', `${panel.roundTrip.p50Ms} ms`, ''],
      ['panel warm / bare round trip (p50s, same run)', `${warmOverRoundTrip}×`, '≤ 1.5×'],
    );
    // Firefox beside Chromium, in the same run (Chromium's context waits meanwhile).
    console.log(`Panel in Firefox: ${LOADS} warm loads…`);
    // A Firefox that cannot be driven is reported as such; Chromium's figures are kept.
    const firefox = await benchFirefoxPanel().catch((err: Error) => ({ error: String(err?.message ?? err) }));
    (results.panel as Record<string, unknown>).firefox = firefox;
    if ('error' in firefox) rows.push(['panel in Firefox, warm', `not measured: ${firefox.error.slice(0, 60)}`, '']);
    else
      rows.push(
        [`panel in Firefox (${firefox.version}), warm (p50 / p95)`, `${firefox.warm.p50Ms} / ${firefox.warm.p95Ms} ms`, ''],
        ['panel in Firefox, warm: the abstract in the DOM → panel (p50 / p95)', `${firefox.warm.afterAbstractP50Ms} / ${firefox.warm.afterAbstractP95Ms} ms`, ''],
      );
  }
  if (wants('cls')) rows.push(...(await benchClsPart(context, ext, results, quick ? 5 : 20, readFileSync(join(root, 'digests/default.md'), 'utf8'))));
  if (wants('sidepanel')) {
    console.log(`Side panel: ${LOADS} navigations of the followed tab…`);
    const side = await benchSidePanel(context, extensionId);
    results.sidePanel = side;
    rows.push(
      ["side panel: the tab's new URL (commit) → new paper in the side panel (p50 / p95)", `${side.followMs} / ${side.followP95Ms} ms`, '≤ 100 ms'],
      ["side panel: the tab's navigation start → new paper (p50)", `${side.fromNavigationStartMs} ms`, ''],
    );
  }
  // The listing and the popup are measured with the cache's 100,000 entries in place.
  if (wants('cache') || wants('listing') || wants('popup')) {
    console.log('Cache: imports and look-ups inside the worker…');
    const cache = await benchCache(context);
    Object.assign(results, { import: cache.import, lookup: cache.lookup, storedEntries: cache.stored });
    rows.push(
      ['import 10,000 entries (empty cache)', `${cache.import.n10000.seconds} s (${cache.import.n10000.entriesPerSecond}/s)`, '< 1 s'],
      ['import 10,000 entries with 100,000 stored', `${cache.import.n10000At100000.seconds} s`, '< 1 s'],
      ['import 10,000 entries, no two in one block (worst case)', `${cache.import.n10000Sparse.seconds} s`, ''],
      ['import 100,000 entries (10 × 10,000)', `${cache.import.n100000.seconds} s (${cache.import.n100000.entriesPerSecond}/s)`, ''],
      [`look-up 1 id, ${cache.stored} stored (p50 / p95)`, `${cache.lookup.one.p50Ms} / ${cache.lookup.one.p95Ms} ms`, '< 2 ms'],
      ['look-up 2,000 ids, full entries (p50 / p95)', `${cache.lookup.many2000.p50Ms} / ${cache.lookup.many2000.p95Ms} ms`, '< 20 ms'],
      ["coverage of 2,000 ids, a listing's look-up (p50 / p95)", `${cache.lookup.coverage2000.p50Ms} / ${cache.lookup.coverage2000.p95Ms} ms`, ''],
    );
  }
  if (wants('search')) rows.push(...(await benchSearchPart(context, results, quick ? 10 : 40, seedEntries)));
  if (wants('hot')) rows.push(...(await benchHotCopyPart(context, results, quick ? 3 : 8, seedEntries)));
  if (wants('memory')) rows.push(...(await benchMemoryPart(context, ext, results, seedEntries, quick ? 3 : 7)));
  if (wants('listing')) {
    console.log('Listing: 2,000 entries…');
    const listing = await benchListing(context);
    // No paper covered. Today's listing: 2,000 ids of the cache's newest month (2504: its numbers
    // 40000–49999 covered, the listing's 50000–51999 not), in the hot copy once it is rebuilt;
    // an older month, not among the hot copy's three (2501: 10000–19999 covered, the listing's
    // 50000–51999 not), asked by message; a month none covers (2508).
    const sw = await worker(context);
    await sw.evaluate(async () => {
      let v: { hotValid?: unknown; hotMonths?: Array<{ month: string }> } = {};
      for (let i = 0; i < 1200; i++) {
        v = await chrome.storage.local.get(['hotValid', 'hotMonths']);
        if (v.hotValid && v.hotMonths?.some((m) => m.month === '2504')) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the hot copy never held the cache's newest month in 2 minutes (on: ${!!v.hotValid}; months: ${v.hotMonths?.map((m) => m.month).join(', ')})`);
    });
    const ids = (offset: number) => makeEntries(2000, offset).map((e) => e.arxivId);
    const uncovered = await benchListingUncovered(
      context,
      listingPage,
      { newestMonth: ids(310_000), olderMonth: ids(40_000), otherMonth: ids(700_000) },
      quick ? 3 : 10,
      quick ? 1 : 3,
    );
    results.listing = { ...listing, uncovered };
    rows.push(['listing of 2,000: DOMContentLoaded → all badges (median / p95)', `${listing.n2000.ms} / ${listing.n2000.p95Ms} ms`, '< 50 ms']);
    rows.push(
      ["listing of 2,000 as arXiv prints them, none covered, of the cache's newest month: CPU time of our JavaScript tasks, load + 500 ms (median / p95)", `${uncovered.mainThreadMs} / ${uncovered.p95Ms} ms (older month ${uncovered.olderMonth.mainThreadMs}, month none covers ${uncovered.otherMonth.mainThreadMs})`, '≤ 5 ms'],
      ['the same, sampled: wall-clock time with our code on the stack (median / p95)', `${uncovered.sampledMs} / ${uncovered.sampledP95Ms} ms (older month ${uncovered.olderMonth.sampledMs}, month none covers ${uncovered.otherMonth.sampledMs})`, ''],
      ['the same listing scrolled to its end after load: CPU time of our callbacks (median; information)', `${uncovered.scrolledMs} ms`, ''],
      ['the same page typesetting 600 titles after load (MathJax): CPU time of our callbacks (median / p95)', `${uncovered.typesetMs} / ${uncovered.typesetP95Ms} ms`, '0'],
    );
  }
  if (wants('popup')) {
    console.log('Popup with 100,000 entries…');
    const popup = await benchPopup(context, extensionId);
    results.popup = popup;
    rows.push(
      ['popup with 100,000 cached: to content (median / p95)', `${popup.n100000.ms} / ${popup.n100000.p95Ms} ms`, '< 100 ms'],
      ['popup, first opening (no snapshot yet): to content', `${popup.firstOpening.ms} / ${popup.firstOpening.p95Ms} ms`, ''],
      ['an empty extension page to its one-line script (floor)', `${popup.floor.ms} ms`, ''],
    );
  }
  await context.close();
  if (wants('subscriptions')) {
    const subs = await benchSubscriptions({ benchDir, quick });
    Object.assign(results, subs.results);
    rows.push(...subs.rows);
  }
  if (wants('cold')) rows.push(...(await benchColdPart(root, results, LOADS)));

  if (wants('core')) {
    console.log('Core: parsing a 10 MB digest…');
    const parse = benchParse();
    const bundle = bundleSizes();
    Object.assign(results, { parse, bundle });
    rows.push(
      [`parse a ${parse.mb} MB markdown digest (with key numbers)`, `${parse.mbPerSecond} MB/s (${parse.seconds} s, ${parse.entries} entries)`, ''],
      [`key numbers alone, ${parse.keyNumbers.mb} MB of summaries`, `${parse.keyNumbers.mbPerSecond} MB/s`, ''],
      ['bundle: content script raw / gzip', `${bundle.contentScript.rawBytes} / ${bundle.contentScript.gzipBytes} B`, ''],
      ['bundle: content UI module (paper pages; a chosen badge) raw / gzip', `${bundle.contentUi.rawBytes} / ${bundle.contentUi.gzipBytes} B`, ''],
      ['bundle: background raw / gzip', `${bundle.background.rawBytes} / ${bundle.background.gzipBytes} B`, ''],
      ['bundle: popup raw / gzip', `${bundle.popup.rawBytes} / ${bundle.popup.gzipBytes} B`, ''],
    );
  }
  await nodeParts(results, rows);
  report(results, rows);
}

await main();
