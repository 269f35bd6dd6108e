/**
 * `npx tsx bench/listing-ab.ts <build A> <build B> [--runs=N]`: `listing.uncovered` of two
 * builds of the extension, side by side — each in its own Chromium with the same cache, their
 * loads alternated (A, B, A, B …) so that what the machine does meanwhile falls on both. For a
 * change's before and after on a machine whose load moves the figure by more than the change:
 *
 *     git stash && NODE_ENV=production WXT_OUT_DIR=.output/base npx wxt build --mode bench
 *     git stash pop && NODE_ENV=production npx wxt build --mode bench
 *     npx tsx bench/listing-ab.ts .output/base/chrome-mv3-bench .output/chrome-mv3-bench
 *
 * Prints, for each build, the medians and quartiles of the sampled figure and of the traced CPU
 * time (bench/listing-uncovered.ts), over N loads each (30 unless told).
 */
import { exportDigest } from '../lib/digest/parse';
import type { BenchGlobal } from '../background/bench-hooks';
import { launchWithExtension } from '../scripts/chromium.js';
import { listingPage } from '../scripts/offline-pages.js';
import { makeEntries } from './entries';
import { listingLoads } from './listing-uncovered';
import { q, roundTo as round } from './stats';

const dirs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 30);
if (dirs.length !== 2) throw new Error('usage: npx tsx bench/listing-ab.ts <build A> <build B> [--runs=N]');

// A cache of one month, 2503: 20,000 ids covered (its numbers 10000–29999) — the newest month,
// in the hot copy — and a listing of 2,000 others of that month (80000–81999), none covered,
// its entries as arXiv prints them.
const url = 'https://arxiv.org/list/cs.LG/pastweek?show=2000';
const html = listingPage(makeEntries(2000, 250_000).map((e) => e.arxivId), { sections: 3, full: true });

async function open(dir: string) {
  const { context, sw } = await launchWithExtension({ extensionDir: dir });
  for (const offset of [180_000, 190_000]) {
    const text = exportDigest(makeEntries(10_000, offset));
    await sw.evaluate(
      async ([t, name]) => {
        const { db, cache } = (globalThis as unknown as BenchGlobal).__arxivDigestBench;
        await cache.importDigest(db, t, { name, origin: 'file' });
      },
      [text, `ab-${offset}`] as const,
    );
  }
  // LevelDB compacts after 20,000 rows written: let it settle, as the benchmark does.
  await new Promise((r) => setTimeout(r, 3000));
  return { context, loads: await listingLoads(context, url, html) };
}

const builds = [];
for (const dir of dirs) builds.push(await open(dir));
const figures = builds.map(() => ({ sampled: [] as number[], cpu: [] as number[] }));
for (let i = 0; i < runs; i++)
  for (const [k, b] of builds.entries()) {
    figures[k].sampled.push(await b.loads.sampled());
    figures[k].cpu.push(await b.loads.cpu());
  }
const show = (v: number[]) => `${round(q(v, 0.5))} ms (quartiles ${round(q(v, 0.25))}–${round(q(v, 0.75))})`;
for (const [k, dir] of dirs.entries()) console.log(`${dir}\n  sampled: ${show(figures[k].sampled)}\n  CPU:     ${show(figures[k].cpu)}`);
for (const b of builds) await b.context.close();
