/**
 * `listing.uncovered`: a 2,000-entry listing of which no paper is covered — the page most
 * arXiv readers see most days — and the main-thread time our content script adds to it.
 *
 * Measured with the renderer's CPU profiler (DevTools protocol, one sample every 100 µs) from
 * navigation start to a quiet page after `load`: every sample whose stack holds a frame of the
 * extension's scripts (`chrome-extension://…`: the content script, its callbacks, observers and
 * promise continuations, and the DOM calls they make) counts as ours. Two pages: papers of months
 * the cache covers (their months' coverage is read and every paper looked up in it) and papers of
 * a month no digest covers.
 */
import type { BrowserContext } from 'playwright-core';
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

async function measure(context: BrowserContext, url: string, html: string, runs: number): Promise<number[]> {
  await context.route(url, (r) => r.fulfill({ body: html, contentType: 'text/html; charset=utf-8' }));
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' }); // warms caches (and the worker)
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    await cdp.send('Profiler.start');
    await page.goto(url, { waitUntil: 'load' });
    // The coverage answer and anything after it: 500 ms of a page left alone.
    await page.waitForTimeout(500);
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    out.push(extensionMs(profile));
  }
  await cdp.detach();
  await page.close();
  return out;
}

/**
 * `coveredMonths`: 2,000 ids of months the cache covers, none of them covered; `otherMonth`:
 * 2,000 ids of a month no digest covers. `listingPage` builds the listing (scripts/offline-pages.js).
 */
export async function benchListingUncovered(
  context: BrowserContext,
  listingPage: (ids: string[], opts?: { sections?: number }) => string,
  ids: { coveredMonths: string[]; otherMonth: string[] },
  runs: number,
) {
  const covered = await measure(context, 'https://arxiv.org/list/cs.LG/pastweek?show=2000', listingPage(ids.coveredMonths, { sections: 3 }), runs);
  const other = await measure(context, 'https://arxiv.org/list/cs.AI/pastweek?show=2000', listingPage(ids.otherMonth, { sections: 3 }), runs);
  return {
    mainThreadMs: round(q(covered, 0.5)),
    p95Ms: round(q(covered, 0.95)),
    otherMonth: { mainThreadMs: round(q(other, 0.5)), p95Ms: round(q(other, 0.95)) },
    runs,
  };
}
