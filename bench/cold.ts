/**
 * The panel with a cold worker, as a reader who opens a paper now and then meets it (Chrome
 * stops an idle worker after ~30 s): the worker is stopped before each cold load, and warm
 * loads are interleaved with the cold ones so that both meet the same machine. Cold loads are
 * measured twice: with the paper in the hot copy (lib/hot-copy.ts: the page needs no worker),
 * and with it taken out, when the page waits for the worker to start. For those, the worker's
 * own marks (background/bench-marks.ts, benchmark build only) tell where the time went: the
 * worker's start, evaluating the background bundle, opening the database, the seeding check,
 * the first read.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchWithExtension } from '../scripts/chromium.js';
import { readPage, serveOffline } from '../scripts/offline-pages.js';
import { HOT_VALID, hotKey } from '../lib/hot-copy';
import { q, median } from './stats';

const r1 = (x: number) => Math.round(x * 10) / 10;

export async function stopWorker(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

/** A page that notes, in its main world, when the abstract and the panel entered the DOM and whether the panel was in the abstract's first frame. */
export async function panelPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __panelAt?: number; __abstractAt?: number; __withAbstractFrame?: boolean };
    new MutationObserver((_, obs) => {
      if (w.__abstractAt === undefined && document.querySelector('blockquote.abstract')) {
        w.__abstractAt = performance.now();
        requestAnimationFrame(() => (w.__withAbstractFrame = !!document.querySelector('arxiv-digest-panel')));
      }
      if (document.querySelector('arxiv-digest-panel')) {
        w.__panelAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  return page;
}

export interface PanelLoad {
  /** Navigation start → panel in the DOM, ms. */
  at: number;
  abstractAt: number;
  withAbstract: boolean;
  /** The page's performance.timeOrigin (epoch ms). */
  origin: number;
}

export async function loadPanel(page: Page, url: string): Promise<PanelLoad> {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => (window as unknown as { __panelAt?: number }).__panelAt, null, { timeout: 10_000 });
  // The frame callback registered when the abstract appeared has run by the next frame.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(() => {
    const w = window as unknown as { __panelAt: number; __abstractAt: number; __withAbstractFrame?: boolean };
    return { at: w.__panelAt, abstractAt: w.__abstractAt, withAbstract: w.__withAbstractFrame === true, origin: performance.timeOrigin };
  });
}

/** The worker's marks (epoch ms), asked from an extension page. */
export function workerMarks(ext: Page): Promise<Record<string, number>> {
  return ext.evaluate(() => chrome.runtime.sendMessage({ type: 'bench:marks' }) as Promise<Record<string, number>>);
}

/** The steps of a cold start, in order: each step's time is from the previous mark to its own. */
const STEPS = [
  ['workerCreated', 'navigation start → worker created (content script start, its message, Chrome starting the worker)'],
  ['scriptStart', 'worker created → its script runs (loading the script)'],
  ['mainStart', 'evaluating the background bundle (every module’s top level)'],
  ['mainEnd', 'the background’s start-up code (listeners, subscriptions, seeding started)'],
  ['firstAnswer', 'start-up done → the look-up answered (database open, seeding check, the first read)'],
  ['panel', 'answer → panel in the page (the message back, the render, waiting for the abstract)'],
] as const;

/** The raw figures of cold loads, each after a warm one (see benchCold). */
export interface ColdRaw {
  warm: PanelLoad[];
  /** Worker stopped, the paper in the hot copy (lib/hot-copy.ts). */
  cold: PanelLoad[];
  /** Worker stopped, the paper taken out of the hot copy: the page has to wait for the worker. */
  outside: PanelLoad[];
  /** Warm, the paper outside the hot copy. */
  warmOutside: PanelLoad[];
  /** In those: the content script's one storage read (settings and the hot copy), ms. */
  startRead: number[];
  warmMessage: number[];
  /** The steps of the `outside` loads (the ones that wait for the worker). */
  steps: Record<string, number[]>;
  also: Record<string, number[]>;
}

export interface ColdFigures {
  p50Ms: number;
  p95Ms: number;
  inFirstFrameWithAbstractRate: number;
  loads: number;
  overWarm: number;
  abstractP50Ms: number;
  afterAbstractP50Ms: number;
}

export interface ColdResult {
  warm: ColdFigures;
  cold: ColdFigures;
  outside: ColdFigures;
  warmOutside: ColdFigures;
  /** The storage read a paper page makes first (settings and the hot copy): p50 / p95, ms. */
  startRead: { p50Ms: number; p95Ms: number };
  /** Medians, ms, of each step of the loads that wait for a cold worker (see STEPS), and of the marks that overlap them. */
  breakdown: Record<string, number>;
  /** In warm loads: navigation start → the look-up reaching the worker (only when the paper is outside the hot copy). */
  warmMessageAtMs: number | null;
}


/** Waits until the hot copy is on and holds `id` (it is rebuilt ~1 s after an import settles). */
export async function hotCopyHolds(ext: Page, id: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const v = await ext.evaluate(([valid, key]) => chrome.storage.local.get([valid, key]), [HOT_VALID, hotKey(id)] as const);
    if (v[HOT_VALID] && hotKey(id) in v) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the hot copy never held ${id}`);
}

/**
 * `loads` rounds of three loads: warm; cold with the paper in the hot copy; cold with the paper
 * taken out of it (put back afterwards), which waits for the worker as every load did before
 * the hot copy. The worker is stopped before each cold load.
 */
export async function benchCold(context: BrowserContext, ext: Page, url: string, id: string, loads: number, into?: ColdRaw): Promise<ColdRaw> {
  const raw: ColdRaw = into ?? { warm: [], cold: [], outside: [], warmOutside: [], startRead: [], warmMessage: [], steps: {}, also: { dbOpen: [], seeded: [], firstMessage: [] } };
  const page = await panelPage(context);
  await hotCopyHolds(ext, id);
  await loadPanel(page, url); // the page's own caches
  for (let i = 0; i < loads; i++) {
    raw.warm.push(await loadPanel(page, url));

    await stopWorker(context, ext);
    raw.cold.push(await loadPanel(page, url));

    const kept = await ext.evaluate((key) => chrome.storage.local.get(key), hotKey(id));
    await ext.evaluate((key) => chrome.storage.local.remove(key), hotKey(id));
    const w = await loadPanel(page, url);
    raw.warmOutside.push(w);
    // What a paper outside the hot copy pays before its message leaves: the one storage read.
    const read = await page.evaluate(() => {
      const [a] = performance.getEntriesByName('arxiv-digest:start-read');
      const [b] = performance.getEntriesByName('arxiv-digest:start-read-done');
      return a && b ? b.startTime - a.startTime : NaN;
    });
    raw.startRead.push(read);
    const wm = await workerMarks(ext);
    raw.warmMessage.push(wm.lastMessage - w.origin);
    await stopWorker(context, ext);
    const c = await loadPanel(page, url);
    await ext.evaluate((v) => chrome.storage.local.set(v), kept);
    raw.outside.push(c);
    const m = await workerMarks(ext);
    const at: Record<string, number> = { ...m, panel: c.origin + c.at };
    let prev = c.origin;
    for (const [name] of STEPS) {
      (raw.steps[name] ??= []).push(at[name] - prev);
      prev = at[name];
    }
    // From the end of the start-up code: when the database was open, the seeding check done, the look-up arrived.
    for (const name of Object.keys(raw.also)) raw.also[name].push(m[name] - m.mainEnd);
  }
  await page.close();
  return raw;
}

export function summarize(raw: ColdRaw): ColdResult {
  const rate = (xs: PanelLoad[]) => Math.round((xs.filter((x) => x.withAbstract).length / xs.length) * 100) / 100;
  const warmP50 = median(raw.warm.map((x) => x.at));
  const of = (xs: PanelLoad[]) => {
    const p50 = median(xs.map((x) => x.at));
    return {
      p50Ms: r1(p50),
      p95Ms: r1(q(xs.map((x) => x.at), 0.95)),
      inFirstFrameWithAbstractRate: rate(xs),
      loads: xs.length,
      overWarm: Math.round((p50 / warmP50) * 100) / 100,
      // The page's part: when its abstract entered the DOM, and how long after it the panel did.
      abstractP50Ms: r1(median(xs.map((x) => x.abstractAt))),
      afterAbstractP50Ms: r1(median(xs.map((x) => x.at - x.abstractAt))),
    };
  };
  const breakdown: Record<string, number> = {};
  for (const [name] of STEPS) breakdown[name] = r1(median(raw.steps[name]));
  for (const [name, xs] of Object.entries(raw.also)) breakdown[`${name}AfterStartUp`] = r1(median(xs));
  // The script's own steps run without waiting on anything: their least time is what they cost,
  // the median adds what other processes on a loaded machine took from them.
  const ours = raw.steps.mainStart.map((x, i) => x + raw.steps.mainEnd[i]);
  breakdown.scriptAndStartUpMin = r1(Math.min(...ours));
  breakdown.scriptAndStartUpP25 = r1(q(ours, 0.25));
  breakdown.scriptAndStartUpP50 = r1(median(ours));
  // The race the first frame is about: the answer against the abstract's arrival in the DOM.
  breakdown.answerAtMs = r1(median(raw.outside.map((c, i) => STEPS.slice(0, -1).reduce((sum, [name]) => sum + raw.steps[name][i], 0))));
  breakdown.abstractAtMs = r1(median(raw.outside.map((c) => c.abstractAt)));
  const messages = raw.warmMessage.filter(Number.isFinite);
  return {
    warm: of(raw.warm),
    cold: of(raw.cold),
    outside: of(raw.outside),
    warmOutside: of(raw.warmOutside),
    startRead: { p50Ms: r1(median(raw.startRead.filter(Number.isFinite))), p95Ms: r1(q(raw.startRead.filter(Number.isFinite), 0.95)) },
    breakdown,
    warmMessageAtMs: messages.length ? r1(median(messages)) : null,
  };
}

export const COLD_STEPS = STEPS;

const PAGE = 'https://arxiv.org/abs/2106.09608v2';
const PAPER = '2106.09608';

/**
 * `--only=cold`: the benchmark build in fresh browsers (two or four, one after another), each
 * with the test digest imported and the saved 2021 page served. The figures go into
 * `results.panel.cold` (`.outside`: the paper outside the hot copy) and table rows.
 */
export async function benchColdPart(root: string, results: Record<string, unknown>, loads: number): Promise<Array<[string, string, string]>> {
  const dir = join(root, '.output/chrome-mv3-bench');
  const digest = readFileSync(join(root, 'tests/fixtures/digests/test-eras.md'), 'utf8');
  const rounds = loads >= 30 ? 4 : 2;
  const per = Math.ceil(loads / rounds);
  console.log(`Cold panel: ${rounds} × ${per} rounds of a warm load, a cold one from the hot copy and a cold one outside it…`);
  let raw: ColdRaw | undefined;
  for (let r = 0; r < rounds; r++) {
    const { context, extensionId } = await launchWithExtension({ extensionDir: dir });
    await serveOffline(context, { [PAGE]: readPage('abs2021') });
    const ext = await context.newPage();
    await ext.goto(`chrome-extension://${extensionId}/popup.html`);
    await ext.evaluate((text) => chrome.runtime.sendMessage({ type: 'importDigest', data: { text, name: 'test-eras.md', origin: 'file' } }), digest);
    raw = await benchCold(context, ext, PAGE, PAPER, per, raw);
    await context.close();
  }
  const now = summarize(raw!);
  const panel = ((results.panel as Record<string, unknown>) ??= {});
  panel.cold = { ...now.cold, warmBeside: now.warm, outside: { ...now.outside, warmBeside: now.warmOutside, startRead: now.startRead, breakdown: now.breakdown, warmMessageAtMs: now.warmMessageAtMs } };
  const bytes = statSync(join(dir, 'background.js')).size;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return [
    ['panel, cold worker, paper in the hot copy: in the first frame that shows the abstract', `${pct(now.cold.inFirstFrameWithAbstractRate)} of ${now.cold.loads} (outside the hot copy: ${pct(now.outside.inFirstFrameWithAbstractRate)})`, '≥ 95%'],
    ['panel, cold worker: navigation → panel (p50 / p95)', `${now.cold.p50Ms} / ${now.cold.p95Ms} ms (outside the hot copy: ${now.outside.p50Ms} / ${now.outside.p95Ms})`, ''],
    ['panel, warm, beside the cold loads (p50 / p95)', `${now.warm.p50Ms} / ${now.warm.p95Ms} ms (in the first frame: ${pct(now.warm.inFirstFrameWithAbstractRate)})`, ''],
    ['panel, warm, paper outside the hot copy (p50 / p95)', `${now.warmOutside.p50Ms} / ${now.warmOutside.p95Ms} ms; its first storage read (settings and the hot copy) ${now.startRead.p50Ms} / ${now.startRead.p95Ms} ms`, ''],
    ['panel cold / warm (p50s, same run)', `${now.cold.overWarm}× (outside the hot copy: ${now.outside.overWarm}×)`, '≤ 1.3×'],
    ['  the page: navigation → abstract in the DOM, warm / cold / cold outside (p50)', `${now.warm.abstractP50Ms} / ${now.cold.abstractP50Ms} / ${now.outside.abstractP50Ms} ms`, ''],
    ['  ours: abstract in the DOM → panel, warm / cold / cold outside (p50)', `${now.warm.afterAbstractP50Ms} / ${now.cold.afterAbstractP50Ms} / ${now.outside.afterAbstractP50Ms} ms`, ''],
    ...COLD_STEPS.map(([name, what]): [string, string, string] => [`  outside the hot copy, cold: ${what}`, `${now.breakdown[name]} ms`, '']),
    ['  outside the hot copy, warm: navigation → the look-up at the worker', `${now.warmMessageAtMs} ms`, ''],
    ['  outside, cold, after the start-up code: database open / seeding checked / look-up arrived', `${now.breakdown.dbOpenAfterStartUp} / ${now.breakdown.seededAfterStartUp} / ${now.breakdown.firstMessageAfterStartUp} ms`, ''],
    ['  outside, cold: navigation → answer / → abstract in the DOM (the race for the first frame)', `${now.breakdown.answerAtMs} / ${now.breakdown.abstractAtMs} ms`, ''],
    ['  outside, cold: evaluating the bundle + start-up code, least / p25 / p50', `${now.breakdown.scriptAndStartUpMin} / ${now.breakdown.scriptAndStartUpP25} / ${now.breakdown.scriptAndStartUpP50} ms`, ''],
    ['  background.js (benchmark build), raw', `${bytes} B`, ''],
  ];
}
