/**
 * The hot copy's upkeep at scale (`--only=hot`): with 120,000 entries stored, how long the
 * worker takes to make the copy agree with the cache again (background/hot-copy.ts `rebuild`,
 * timed inside the worker, without the quiet second it waits first), how much it writes, and
 * how long a look-up waits while it runs. Three changes a reader meets:
 * - a day's subscription file: 300 new papers of the newest month come in (300 written, the
 *   300 oldest of the copy removed);
 * - a rename of the digest of the newest 2,000 papers: each of its answers still held changes
 *   (fewer each round, as the days' papers take their place);
 * - a write that changes no answer (a digest of old papers, none of them newest).
 */
import type { BrowserContext, Worker } from 'playwright-core';
import { exportDigest } from '../lib/digest/parse';
import type { DigestEntry } from '../lib/digest/types';
import type { BenchGlobal } from '../background/bench-hooks';
import { fillTo } from './search';
import { median, q } from './stats';

const r1 = (x: number) => Math.round(x * 10) / 10;

async function worker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

/** Papers of month 2612 (newer than anything `fillTo` makes), `n` of them from `from`. */
function newest(seed: DigestEntry[], n: number, from: number): DigestEntry[] {
  return Array.from({ length: n }, (_, i) => ({ ...seed[i % seed.length], arxivId: `2612.${String(from + i).padStart(5, '0')}` }));
}

interface Timed {
  ms: number;
  written: number;
  removed: number;
  held: number;
  bytes: number;
  /** Look-ups made one after another while the rebuild ran: their waits, ms. */
  lookups: number[];
}

/** Runs `change` in the worker (a digest's text to import, or a rename), then times the rebuild it causes. */
async function timeRebuild(sw: Worker, change: { import: string; name: string } | { rename: string; name: string }): Promise<Timed> {
  return sw.evaluate(async (c) => {
    const b = (globalThis as unknown as BenchGlobal).__arxivDigestBench;
    const hot = b.hot!;
    await hot.settled();
    if ('import' in c) await b.cache.importDigest(b.db, c.import, { name: c.name, origin: 'file' });
    else {
      const source = (await b.cache.listSources(b.db)).find((s) => s.name === c.name)!;
      await b.cache.renameSource(b.db, source.id, c.rename);
    }
    // The write's transaction ends (its `complete` event) a task after the promise resolves.
    await new Promise((r) => setTimeout(r, 0));
    const lookups: number[] = [];
    let running = true;
    const t0 = performance.now();
    const rebuilding = hot.rebuild().finally(() => (running = false));
    // A reader's look-ups meanwhile, as the popup or a listing would send them.
    void (async () => {
      while (running) {
        const s = performance.now();
        await b.cache.lookup(b.db, '2612.00001');
        lookups.push(performance.now() - s);
      }
    })();
    await rebuilding;
    const ms = performance.now() - t0;
    const report = hot.report()!;
    await hot.settled();
    return { ms, written: report.written, removed: report.removed, held: report.held, bytes: report.bytes, lookups };
  }, change);
}

export async function benchHotCopyPart(context: BrowserContext, results: Record<string, unknown>, rounds: number, seed: DigestEntry[]): Promise<Array<[string, string, string]>> {
  console.log('Hot copy: filling the cache to 120,000 entries (if not yet)…');
  await fillTo(context, Number(process.env.BENCH_HOT_FILL ?? 120_000), seed);
  const sw = await worker(context);
  // The newest month: a subscription's digest of 2,000 papers, renamed back and forth below.
  await sw.evaluate(async (t) => {
    const b = (globalThis as unknown as BenchGlobal).__arxivDigestBench;
    await b.cache.importDigest(b.db, t, { name: 'bench-hot-newest', origin: 'file' });
  }, exportDigest(newest(seed, 2000, 1)));
  if (process.env.BENCH_VERBOSE) console.log('  newest digest imported');
  console.log(`Hot copy: ${rounds} rounds of a day's new papers, a rename, and a change no answer sees…`);
  const daily: Timed[] = [];
  const rename: Timed[] = [];
  const unseen: Timed[] = [];
  for (let r = 0; r < rounds; r++) {
    if (process.env.BENCH_VERBOSE) console.log(`  round ${r + 1}`);
    daily.push(await timeRebuild(sw, { import: exportDigest(newest(seed, 300, 2001 + r * 300)), name: `bench-hot-day-${r}` }));
    const name = r % 2 ? 'bench-hot-newest-renamed' : 'bench-hot-newest';
    rename.push(await timeRebuild(sw, { rename: r % 2 ? 'bench-hot-newest' : 'bench-hot-newest-renamed', name }));
    const old = Array.from({ length: 50 }, (_, i) => ({ ...seed[i % seed.length], arxivId: `1501.${String(100 + r * 50 + i).padStart(5, '0')}` }));
    unseen.push(await timeRebuild(sw, { import: exportDigest(old), name: `bench-hot-old-${r}` }));
  }
  const fig = (xs: Timed[]) => {
    const waits = xs.flatMap((x) => x.lookups);
    return {
      p50Ms: r1(median(xs.map((x) => x.ms))),
      p95Ms: r1(q(xs.map((x) => x.ms), 0.95)),
      written: median(xs.map((x) => x.written)),
      removed: median(xs.map((x) => x.removed)),
      held: median(xs.map((x) => x.held)),
      bytes: median(xs.map((x) => x.bytes)),
      lookupP95Ms: waits.length ? r1(q(waits, 0.95)) : null,
      lookupMaxMs: waits.length ? r1(Math.max(...waits)) : null,
    };
  };
  const out = { rounds, daily: fig(daily), rename: fig(rename), unseen: fig(unseen) };
  results.hotCopy = out;
  const row = (what: string, f: ReturnType<typeof fig>): [string, string, string] => [
    what,
    `${f.p50Ms} / ${f.p95Ms} ms (${f.written} written, ${f.removed} removed; look-ups meanwhile p95 ${f.lookupP95Ms} ms, longest ${f.lookupMaxMs})`,
    '',
  ];
  return [
    [`hot copy, 120,000 stored: answers held / their size`, `${out.rename.held} / ${Math.round(out.rename.bytes / 1000)} KB`, '≤ 3,000 KB'],
    row('hot copy rebuilt after a day of 300 new papers (p50 / p95)', out.daily),
    row('  after a rename of a digest (each of its answers held changes)', out.rename),
    row('  after a write no answer held sees', out.unseen),
  ];
}
