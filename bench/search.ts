/**
 * Search at scale (`--only=search`): with 120,000 entries stored (imported here unless the
 * cache part already did), the popup's query (limit 30) timed inside the worker, for a Chinese
 * word, an English title word and an id; and, for information, the same Chinese word typed in
 * 繁體, the prefixes of an English word as they are typed, and a query that matches nothing.
 */
import type { BrowserContext, Worker } from 'playwright-core';
import { exportDigest } from '../lib/digest/parse';
import type { DigestEntry } from '../lib/digest/types';
import { q } from './stats';

const r2 = (x: number) => Math.round(x * 100) / 100;

interface BenchGlobal {
  __arxivDigestBench: {
    db: unknown;
    cache: {
      search: (db: unknown, q: string, limit?: number) => Promise<Array<{ entry: { arxivId: string } }>>;
      counts: (db: unknown) => Promise<{ entries: number }>;
      importDigest: (db: unknown, text: string, o: object) => Promise<{ imported: number }>;
    };
  };
}

async function worker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

/** Stored entries, counted in the worker. */
export async function storedEntries(context: BrowserContext): Promise<number> {
  return (await worker(context)).evaluate(async () => {
    const b = (globalThis as unknown as BenchGlobal).__arxivDigestBench;
    return (await b.cache.counts(b.db)).entries;
  });
}

/** At least `n` entries stored: digests of 10,000 made from the seed's entries under new ids. */
export async function fillTo(context: BrowserContext, n: number, seed: DigestEntry[]): Promise<void> {
  let have = await storedEntries(context);
  const sw = await worker(context);
  for (let k = 0; have < n; k++) {
    const entries = Array.from({ length: 10_000 }, (_, i) => {
      const x = 500_000 + k * 10_000 + i;
      return { ...seed[i % seed.length], arxivId: `${25 + Math.floor(x / 1_000_000)}${String(1 + Math.floor((x % 1_000_000) / 90_000)).padStart(2, '0')}.${String(10000 + (x % 90_000)).padStart(5, '0')}` };
    });
    const text = exportDigest(entries);
    await sw.evaluate(async ([t, name]) => {
      const b = (globalThis as unknown as BenchGlobal).__arxivDigestBench;
      await b.cache.importDigest(b.db, t, { name, origin: 'file' });
    }, [text, `bench-search-${k}`] as const);
    have = await storedEntries(context);
  }
}

/** Each query `reps` times, interleaved; times in ms, and how many results the last run had. */
async function timeQueries(sw: Worker, queries: string[], reps: number) {
  return sw.evaluate(
    async ([qs, n]) => {
      const b = (globalThis as unknown as BenchGlobal).__arxivDigestBench;
      const times: Record<string, number[]> = {};
      const results: Record<string, number> = {};
      for (let i = 0; i < n; i++) {
        for (const query of qs) {
          const t0 = performance.now();
          const hits = await b.cache.search(b.db, query, 30);
          (times[query] ??= []).push(performance.now() - t0);
          results[query] = hits.length;
        }
      }
      return { times, results };
    },
    [queries, reps] as const,
  );
}

export async function benchSearchPart(context: BrowserContext, results: Record<string, unknown>, reps: number, seed: DigestEntry[]): Promise<Array<[string, string, string]>> {
  console.log('Search: filling the cache to 120,000 entries (if not yet)…');
  await fillTo(context, 120_000, seed);
  const stored = await storedEntries(context);
  const sw = await worker(context);
  const chinese = '模型';
  const english = 'language';
  const id = '2106.09608'; // in test-eras.md, which the run imports first
  const main = [chinese, english, id];
  const traditional = '語言模型';
  const typed = ['l', 'la', 'lan', 'lang', 'langu', 'langua', 'languag'];
  const nothing = '量子引力弦论';
  console.log(`Search: ${reps} rounds of ${main.length + 1 + typed.length + 1} queries with ${stored} stored…`);
  // The first query reads the index's rows from disk; a reader's first one does too, so it is kept.
  const { times, results: counts } = await timeQueries(sw, [...main, traditional, ...typed, nothing], reps);
  const all = main.flatMap((x) => times[x]);
  const fig = (xs: number[]) => ({ p50Ms: r2(q(xs, 0.5)), p95Ms: r2(q(xs, 0.95)) });
  const typedAll = typed.flatMap((x) => times[x]);
  const out = {
    stored,
    ...fig(all),
    chinese: { query: chinese, ...fig(times[chinese]), results: counts[chinese] },
    english: { query: english, ...fig(times[english]), results: counts[english] },
    id: { query: id, ...fig(times[id]), results: counts[id] },
    traditional: { query: traditional, ...fig(times[traditional]), results: counts[traditional] },
    typing: { queries: typed, ...fig(typedAll) },
    nothing: { query: nothing, ...fig(times[nothing]), results: counts[nothing] },
  };
  results.search = out;
  return [
    [`search, ${stored} stored: a Chinese word, an English title word, an id (p50 / p95)`, `${out.p50Ms} / ${out.p95Ms} ms`, '≤ 50 ms p95'],
    [`  "${chinese}" (${out.chinese.results} results)`, `${out.chinese.p50Ms} / ${out.chinese.p95Ms} ms`, ''],
    [`  "${english}" (${out.english.results})`, `${out.english.p50Ms} / ${out.english.p95Ms} ms`, ''],
    [`  ${id} (${out.id.results})`, `${out.id.p50Ms} / ${out.id.p95Ms} ms`, ''],
    [`  "${traditional}" in 繁體 (${out.traditional.results})`, `${out.traditional.p50Ms} / ${out.traditional.p95Ms} ms`, ''],
    ['  typing "language", one letter at a time', `${out.typing.p50Ms} / ${out.typing.p95Ms} ms`, ''],
    [`  "${nothing}", found nowhere (${out.nothing.results})`, `${out.nothing.p50Ms} / ${out.nothing.p95Ms} ms`, ''],
  ];
}
