/**
 * `listing.uncovered`: a 2,000-entry listing of which no paper is covered — the page most
 * arXiv readers see most days — and the main-thread time our content script adds to it. Its
 * entries as arXiv prints them (scripts/offline-pages.js `listingPage(…, { full: true })`: the
 * cost of reading a listing follows its entries' nodes). Three pages: today's papers, of the
 * cache's newest month (the hot copy's months rule them out: no message; the figure the
 * target is judged on), papers of an older month the cache covers densely (its coverage asked
 * by message, then every paper tested against it) and papers of a month no digest covers.
 *
 * `scrolledMs`: after load, the reader scrolls the first page to its end (the mouse wheel, 700
 * px a turn): the CPU time of our callbacks meanwhile — the rest of the listing, read section by
 * section as it comes near (features/listing/parse-watch.ts `watchReadAhead`).
 *
 * `mainThreadMs` / `p95Ms`, the target's figure: the main thread's CPU time in JavaScript tasks,
 * from a trace of navigation start to 500 ms after `load` — script evaluation, frame callbacks,
 * timers, event listeners, microtasks, and the DOM calls they make: the union of their
 * thread-time spans. The saved listing has no script of its own, so every such task is the
 * extension's (a build that returns at once measures the floor: WXT's start, ~1.2 ms).
 *
 * `sampledMs` / `sampledP95Ms`, in loads of their own (the sampler's interrupts would count in
 * the CPU time): the renderer's CPU profiler (DevTools protocol, one sample every 100 µs) over
 * the same span; every sample whose stack holds a frame of the extension's scripts
 * (`chrome-extension://…`) counts as ours. It is wall-clock: the time our thread waits for a
 * core while in our code counts too, which on this 2-core machine moves it by several ms from
 * run to run (its quartiles over 30 loads span ~7 ms; the CPU time's, ~1 ms).
 */
import type { BrowserContext, CDPSession } from 'playwright-core';
import { q, roundTo as round } from './stats';

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}


/** Milliseconds of samples whose stack holds one of the extension's frames. */
export function extensionMs(profile: Profile): number {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ours = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    const known = ours.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const up = parent.get(id);
    const value = !!node && (node.callFrame.url.startsWith('chrome-extension://') || (up !== undefined && isOurs(up)));
    ours.set(id, value);
    return value;
  };
  let us = 0;
  // A sample's time is the gap to the next sample.
  for (let i = 0; i < profile.samples.length - 1; i++) if (isOurs(profile.samples[i])) us += profile.timeDeltas[i + 1];
  return us / 1000;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  tts?: number;
  tdur?: number;
  args?: { data?: { url?: string; type?: string } };
}

/** The tasks that run JavaScript on a renderer's main thread (Chromium's trace event names). */
const JS_TASKS = new Set(['EvaluateScript', 'v8.compile', 'v8.run', 'FunctionCall', 'v8.callFunction', 'RunMicrotasks', 'FireAnimationFrame', 'TimerFire', 'EventDispatch']);

/** Milliseconds of thread time covered by JS tasks on the thread that evaluated the extension's script. */
export function jsThreadMs(events: TraceEvent[]): number {
  const ours = events.find((e) => e.name === 'EvaluateScript' && (e.args?.data?.url ?? '').startsWith('chrome-extension://'));
  if (!ours) throw new Error('no evaluation of the content script in the trace');
  const spans = events
    .filter((e) => e.pid === ours.pid && e.tid === ours.tid && e.ph === 'X' && JS_TASKS.has(e.name) && e.tts !== undefined && e.tdur !== undefined)
    .map((e) => [e.tts!, e.tts! + e.tdur!] as const)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [s, e] of spans) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total / 1000;
}

/** The trace events of what `action` does in the page of `cdp` (the tasks' categories only). */
async function traced(cdp: CDPSession, action: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  const collect = (e: { value: unknown[] }) => void events.push(...(e.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'v8.execute', 'v8', '__metadata'] }, transferMode: 'ReportEvents' });
  await action();
  const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', collect);
  return events;
}

/**
 * A page to load `url` in again and again, each load measured: sampled (the profiler) or traced
 * (CPU time), never both in one load (the sampler's interrupts would count).
 */
export async function listingLoads(context: BrowserContext, url: string, html: string) {
  await context.route(url, (r) => r.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }));
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' }); // warms caches (and the worker)
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  // The coverage answer and anything after it: 500 ms of a page left alone after load.
  const load = async () => {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(500);
  };
  return {
    async sampled(): Promise<number> {
      await cdp.send('Profiler.start');
      await load();
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
      return extensionMs(profile);
    },
    async cpu(): Promise<number> {
      return jsThreadMs(await traced(cdp, load));
    },
    async close() {
      await cdp.detach();
      await page.close();
    },
  };
}

/**
 * A script of the page's own: after load, typesets `n` titles as MathJax 3 does (each
 * expression an `mjx-container` subtree put into the title), 50 at a time, then marks the page.
 */
function typesetAfterLoad(n: number): string {
  return `<script>addEventListener('load', () => {
  const titles = [...document.querySelectorAll('.list-title')].slice(0, ${n});
  let i = 0;
  const batch = () => {
    for (let k = 0; k < 50 && i < titles.length; k++, i++) {
      const c = document.createElement('mjx-container');
      const m = document.createElement('mjx-math');
      for (let j = 0; j < 6; j++) m.append(document.createElement('mjx-mi'));
      c.append(m, document.createElement('mjx-assistive-mml'));
      titles[i].append(' ', c);
    }
    if (i < titles.length) setTimeout(batch, 5);
    else document.documentElement.dataset.typeset = '1';
  };
  setTimeout(batch, 0);
});</script>`;
}

/**
 * The CPU time of the tasks whose function is the extension's in a trace: after the page's
 * `load`, or over the whole trace (`'all'`: one taken after load; none of ours in it is 0 ms).
 */
function ourCallbacks(events: TraceEvent[], from: 'load' | 'all'): number {
  const ours = (e: TraceEvent) => (e.args?.data?.url ?? '').startsWith('chrome-extension://');
  const isCall = (e: TraceEvent) => (e.name === 'FunctionCall' || e.name === 'v8.callFunction') && ours(e);
  const evaluated = events.find((e) => e.name === 'EvaluateScript' && ours(e));
  const loaded = events.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'load');
  const pid = evaluated?.pid ?? events.find(isCall)?.pid;
  if (from === 'all' && pid === undefined) return 0;
  if (pid === undefined || (from === 'load' && !loaded)) throw new Error('no content script or no load in the trace');
  const after = from === 'load' ? loaded!.ts : -Infinity;
  const calls = events.filter((e) => e.pid === pid && e.ph === 'X' && isCall(e) && e.ts > after);
  return calls.reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000;
}

/**
 * `scrolledMs`: the page loaded and left alone, then scrolled to its end with the mouse wheel
 * (700 px a turn): the CPU time of our callbacks while it scrolls.
 */
async function scrolledCost(context: BrowserContext, url: string, html: string, runs: number): Promise<number[]> {
  await context.route(url, (r) => r.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }));
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const cdp = await context.newCDPSession(page);
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(500);
    const events = await traced(cdp, async () => {
      // As a reader does: the mouse wheel, a screen at a time, to the end.
      const atEnd = () => page.evaluate(() => scrollY + innerHeight >= document.documentElement.scrollHeight - 1);
      await page.mouse.move(300, 300);
      for (let i = 0; !(i % 20 === 0 && (await atEnd())); i++) await page.mouse.wheel(0, 700);
      await page.waitForTimeout(300);
    });
    out.push(ourCallbacks(events, 'all'));
  }
  await cdp.detach();
  await page.close();
  return out;
}

/**
 * `typesetMs`: the CPU time of our callbacks (tasks whose function is the extension's) after
 * `load`, while the page typesets 600 of its titles — what arXiv's MathJax does to every
 * listing. The page's own script runs then, so only tasks of our functions count.
 */
async function typesetCost(context: BrowserContext, url: string, html: string, runs: number): Promise<number[]> {
  const page = await context.newPage();
  await context.route(url, (r) => r.fulfill({ body: html.replace('</body>', `${typesetAfterLoad(600)}</body>`), contentType: 'text/html; charset=utf-8' }));
  await page.goto(url, { waitUntil: 'load' });
  const cdp = await context.newCDPSession(page);
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const events = await traced(cdp, async () => {
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForFunction(() => document.documentElement.dataset.typeset);
      await page.waitForTimeout(200);
    });
    out.push(ourCallbacks(events, 'load'));
  }
  await cdp.detach();
  await page.close();
  return out;
}

async function measure(context: BrowserContext, url: string, html: string, runs: number): Promise<{ sampled: number[]; cpu: number[] }> {
  const loads = await listingLoads(context, url, html);
  const sampled: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    sampled.push(await loads.sampled());
    cpu.push(await loads.cpu());
  }
  await loads.close();
  return { sampled, cpu };
}

/**
 * `newestMonth`: 2,000 ids of the cache's newest month, none of them covered; `olderMonth`: of
 * an older month the cache covers densely, none covered; `otherMonth`: 2,000 ids of a month no
 * digest covers. `listingPage` builds the listing (scripts/offline-pages.js).
 */
export async function benchListingUncovered(
  context: BrowserContext,
  listingPage: (ids: string[], opts?: { sections?: number; full?: boolean }) => string,
  ids: { newestMonth: string[]; olderMonth: string[]; otherMonth: string[] },
  runs: number,
  scrollRuns: number,
) {
  const page = (list: string[]) => listingPage(list, { sections: 3, full: true });
  const newest = await measure(context, 'https://arxiv.org/list/cs.LG/pastweek?show=2000', page(ids.newestMonth), runs);
  const older = await measure(context, 'https://arxiv.org/list/cs.CV/pastweek?show=2000', page(ids.olderMonth), runs);
  const other = await measure(context, 'https://arxiv.org/list/cs.AI/pastweek?show=2000', page(ids.otherMonth), runs);
  const scrolled = await scrolledCost(context, 'https://arxiv.org/list/cs.LG/pastweek?show=2000&scrolled', page(ids.newestMonth), scrollRuns);
  // The target's figure is the CPU time; the sampled one is kept beside it.
  const figures = (m: { sampled: number[]; cpu: number[] }) => ({
    mainThreadMs: round(q(m.cpu, 0.5)),
    p95Ms: round(q(m.cpu, 0.95)),
    sampledMs: round(q(m.sampled, 0.5)),
    sampledP95Ms: round(q(m.sampled, 0.95)),
  });
  const typeset = await typesetCost(context, 'https://arxiv.org/list/cs.LG/pastweek?show=2000&typeset', page(ids.newestMonth), runs);
  return {
    ...figures(newest),
    olderMonth: figures(older),
    otherMonth: figures(other),
    scrolledMs: round(q(scrolled, 0.5)),
    scrolledRuns: scrolled.length,
    typesetMs: round(q(typeset, 0.5)),
    typesetP95Ms: round(q(typeset, 0.95)),
    runs,
  };
}
