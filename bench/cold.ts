/**
 * The panel with a cold worker, as a reader who opens a paper now and then meets it (Chrome
 * stops an idle worker after ~30 s): the worker is stopped before each cold load, and warm
 * loads are interleaved with the cold ones so that both meet the same machine. For each cold
 * load the worker's own marks (background/bench-marks.ts, benchmark build only) tell where the
 * time went: the worker's start, evaluating the background bundle, opening the database, the
 * seeding check, the first read.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchWithExtension } from '../scripts/chromium.js';
import { readPage, serveOffline } from '../scripts/offline-pages.js';
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
  cold: PanelLoad[];
  warmMessage: number[];
  steps: Record<string, number[]>;
  also: Record<string, number[]>;
}

export interface ColdResult {
  warm: { p50Ms: number; p95Ms: number; inFirstFrameWithAbstractRate: number; loads: number };
  cold: { p50Ms: number; p95Ms: number; inFirstFrameWithAbstractRate: number; loads: number; overWarm: number };
  /** Medians, ms, of each step of the cold loads (see STEPS), and of the marks that overlap them. */
  breakdown: Record<string, number>;
  /** In warm loads: navigation start → the look-up reaching the worker (the content script's part). */
  warmMessageAtMs: number;
}

/** `loads` cold loads, each after a warm one; the worker is stopped before every cold load. */
export async function benchCold(context: BrowserContext, ext: Page, url: string, loads: number, into?: ColdRaw): Promise<ColdRaw> {
  const raw: ColdRaw = into ?? { warm: [], cold: [], warmMessage: [], steps: {}, also: { dbOpen: [], seeded: [], firstMessage: [] } };
  const page = await panelPage(context);
  await loadPanel(page, url); // the page's own caches
  for (let i = 0; i < loads; i++) {
    const w = await loadPanel(page, url);
    raw.warm.push(w);
    const wm = await workerMarks(ext);
    raw.warmMessage.push(wm.lastMessage - w.origin);

    await stopWorker(context, ext);
    const c = await loadPanel(page, url);
    raw.cold.push(c);
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
  const coldP50 = median(raw.cold.map((x) => x.at));
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
  breakdown.answerAtMs = r1(median(raw.cold.map((c, i) => STEPS.slice(0, -1).reduce((sum, [name]) => sum + raw.steps[name][i], 0))));
  breakdown.abstractAtMs = r1(median(raw.cold.map((c) => c.abstractAt)));
  return {
    warm: { p50Ms: r1(warmP50), p95Ms: r1(q(raw.warm.map((x) => x.at), 0.95)), inFirstFrameWithAbstractRate: rate(raw.warm), loads: raw.warm.length },
    cold: { p50Ms: r1(coldP50), p95Ms: r1(q(raw.cold.map((x) => x.at), 0.95)), inFirstFrameWithAbstractRate: rate(raw.cold), loads: raw.cold.length, overWarm: Math.round((coldP50 / warmP50) * 100) / 100 },
    breakdown,
    warmMessageAtMs: r1(median(raw.warmMessage)),
  };
}

export const COLD_STEPS = STEPS;

/** A fresh profile with the build in `dir`, the test digest imported, the saved 2021 page served. */
async function contextWith(dir: string, digest: string) {
  const { context, extensionId } = await launchWithExtension({ extensionDir: dir });
  await serveOffline(context, { [PAGE]: readPage('abs2021') });
  const ext = await context.newPage();
  await ext.goto(`chrome-extension://${extensionId}/popup.html`);
  await ext.evaluate((text) => chrome.runtime.sendMessage({ type: 'importDigest', data: { text, name: 'test-eras.md', origin: 'file' } }), digest);
  return { context, ext };
}

const PAGE = 'https://arxiv.org/abs/2106.09608v2';

/**
 * `--only=cold`: the benchmark build and the same sources built as before the cold start was
 * worked on (BENCH_POLYFILL_IMPORT=1: the polyfill's own module, whose interop copy built every
 * API's bindings), each in its own browser, taking turns, so that both meet the same machine.
 * The figures go into `results.panel.cold` (and `.before`) and table rows.
 */
export async function benchColdPart(root: string, results: Record<string, unknown>, loads: number): Promise<Array<[string, string, string]>> {
  const beforeOut = join(root, '.output/bench-before');
  execFileSync('npx', ['wxt', 'build', '--mode', 'bench'], { cwd: root, stdio: 'ignore', env: { ...process.env, NODE_ENV: 'production', BENCH_POLYFILL_IMPORT: '1', WXT_OUT_DIR: beforeOut } });
  const builds = { now: join(root, '.output/chrome-mv3-bench'), before: join(beforeOut, 'chrome-mv3-bench') };
  const digest = readFileSync(join(root, 'tests/fixtures/digests/test-eras.md'), 'utf8');
  const rounds = loads >= 30 ? 4 : 2;
  const per = Math.ceil(loads / rounds);
  console.log(`Cold panel: ${rounds} × ${per} cold loads (each after a warm one) of the build and of the one before, taking turns…`);
  const raw: Record<keyof typeof builds, ColdRaw | undefined> = { now: undefined, before: undefined };
  for (let r = 0; r < rounds; r++) {
    // Which goes first alternates: a browser started just after another closed shares the
    // machine with its teardown (the second of a pair measured 3–10 ms slower at Chrome's steps).
    for (const name of r % 2 ? (['now', 'before'] as const) : (['before', 'now'] as const)) {
      const { context, ext } = await contextWith(builds[name], digest);
      raw[name] = await benchCold(context, ext, PAGE, per, raw[name]);
      await context.close();
    }
  }
  const now = summarize(raw.now!);
  const before = summarize(raw.before!);
  const panel = ((results.panel as Record<string, unknown>) ??= {});
  const shape = (x: ColdResult) => ({ ...x.cold, breakdown: x.breakdown, warmMessageAtMs: x.warmMessageAtMs, warmBeside: x.warm });
  panel.cold = { ...shape(now), before: shape(before) };
  const bytes = (dir: string) => statSync(join(dir, 'background.js')).size;
  return [
    ['panel, cold worker: in the first frame that shows the abstract', `${Math.round(now.cold.inFirstFrameWithAbstractRate * 100)}% of ${now.cold.loads} (before: ${Math.round(before.cold.inFirstFrameWithAbstractRate * 100)}%)`, '≥ 95%'],
    ['panel, cold worker: navigation → panel (p50 / p95)', `${now.cold.p50Ms} / ${now.cold.p95Ms} ms (before: ${before.cold.p50Ms} / ${before.cold.p95Ms})`, ''],
    ['panel, warm, beside the cold loads (p50 / p95)', `${now.warm.p50Ms} / ${now.warm.p95Ms} ms (before: ${before.warm.p50Ms} / ${before.warm.p95Ms})`, ''],
    ['panel cold / warm (p50s, same run)', `${now.cold.overWarm}× (before: ${before.cold.overWarm}×)`, '≤ 1.3×'],
    ...COLD_STEPS.map(([name, what]): [string, string, string] => [`  cold: ${what}`, `${now.breakdown[name]} ms (before: ${before.breakdown[name]})`, '']),
    ['  warm: navigation → the look-up at the worker', `${now.warmMessageAtMs} ms (before: ${before.warmMessageAtMs})`, ''],
    ['  cold, after the start-up code: database open / seeding checked / look-up arrived', `${now.breakdown.dbOpenAfterStartUp} / ${now.breakdown.seededAfterStartUp} / ${now.breakdown.firstMessageAfterStartUp} ms`, ''],
    ['  cold: navigation → answer / → abstract in the DOM (the race for the first frame)', `${now.breakdown.answerAtMs} / ${now.breakdown.abstractAtMs} ms (before: ${before.breakdown.answerAtMs} / ${before.breakdown.abstractAtMs})`, ''],
    ['  cold: evaluating the bundle + start-up code, least / p25 / p50', `${now.breakdown.scriptAndStartUpMin} / ${now.breakdown.scriptAndStartUpP25} / ${now.breakdown.scriptAndStartUpP50} ms (before: ${before.breakdown.scriptAndStartUpMin} / ${before.breakdown.scriptAndStartUpP25} / ${before.breakdown.scriptAndStartUpP50})`, ''],
    ['  background.js (benchmark build), raw', `${bytes(builds.now)} B (before: ${bytes(builds.before)})`, ''],
  ];
}
