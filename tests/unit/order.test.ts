/**
 * One order of digests answers everywhere: when several digests cover a paper, a look-up, a
 * listing's look-ups and badges, the month index, search and the export all name the same one.
 */
import { readFileSync } from 'node:fs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import * as cache from '../../background/cache';
import { compareSources, inReaderOrder, reorder, topRank } from '../../background/order';
import { BUNDLED_NAME, seedBundled } from '../../background/seed';
import { openDb, type DigestDb } from '../../storage/db';
import { SortedIds } from '../../lib/sorted-lines';

const seed = readFileSync(new URL('../../digests/default.md', import.meta.url), 'utf8');
const SHARED = '2410.00001';
const digest = (tag: string) => `## Shared paper\n[共同论文 ${tag}](https://arxiv.org/abs/${SHARED})\n\n摘要来自 ${tag}，准确率 ${tag.length}0%。\n`;

let db: DigestDb;
beforeEach(() => {
  db = openDb(new IDBFactory(), IDBKeyRange);
});

/** Which digest each of the six readers names for the shared paper. */
async function answers(): Promise<Record<string, string>> {
  const one = await cache.lookup(db, SHARED);
  const many = await cache.lookupMany(db, [SHARED]);
  const brief = await cache.coverage(db, [SHARED]);
  const months = await cache.coverageOfMonths(db, ['2410']);
  const found = await cache.search(db, '共同论文');
  const exported = JSON.parse((await cache.exportAll(db)).text) as { entries: Array<{ arxivId: string; titleZh: string }> };
  const tagOf = (titleZh: string) => titleZh.replace('共同论文 ', '');
  return {
    lookup: one!.source.name,
    lookupMany: many[SHARED].source.name,
    coverage: brief[SHARED].source,
    coverageOfMonths: months.find((m) => (m.bits ? SortedIds.fromBits(`${m.month}.`, m.bits.width, m.bits.base64) : new SortedIds(m.ids)).has(SHARED))!.source,
    search: found[0].source.name,
    exportAll: tagOf(exported.entries.find((e) => e.arxivId === SHARED)!.titleZh),
  };
}

const all = (name: string) => ({ lookup: name, lookupMany: name, coverage: name, coverageOfMonths: name, search: name, exportAll: name });

describe('the reader’s order of digests', () => {
  it('puts new digests on top and the bundled one last, and every reader agrees', async () => {
    await cache.importDigest(db, digest('A'), { name: 'A', origin: 'file' });
    await seedBundled(db, seed);
    await cache.importDigest(db, digest('B'), { name: 'B', origin: 'file' });
    expect((await cache.listSources(db)).map((s) => s.name)).toEqual(['B', 'A', BUNDLED_NAME]);
    expect(await answers()).toEqual(all('B'));
    const hit = await cache.lookup(db, SHARED);
    expect(hit!.alsoIn.map((s) => s.name)).toEqual(['A']);
  });

  it('follows the reader’s reordering, and a refresh of a digest does not move it', async () => {
    const a = (await cache.importDigest(db, digest('A'), { name: 'A', origin: 'file' })).source;
    const b = (await cache.importDigest(db, digest('B'), { name: 'B', origin: 'file' })).source;
    const listed = await cache.reorderSources(db, [a.id]);
    expect(listed.map((s) => s.name)).toEqual(['A', 'B']);
    expect(await answers()).toEqual(all('A'));
    // B imported again with new content: it keeps its place below A.
    await cache.importDigest(db, digest('B') + '\n', { name: 'B', origin: 'file' });
    expect(await answers()).toEqual(all('A'));
    await expect(cache.reorderSources(db, [a.id, 999])).rejects.toMatchObject({ code: 'not-found', reason: 'unknown-source', params: { id: 999 } });
    expect(b.id).not.toBe(a.id);
  });

  it('on a tie of ranks, the later digest answers, for all six alike', async () => {
    const a = (await cache.importDigest(db, digest('A'), { name: 'A', origin: 'file' })).source;
    const b = (await cache.importDigest(db, digest('B'), { name: 'B', origin: 'file' })).source;
    const c = (await cache.importDigest(db, digest('C'), { name: 'C', origin: 'file' })).source;
    // All three share one rank (as an upgrade or a bug could leave them); nothing was read since
    // the imports, so no look-up has kept the old ranks.
    await db.sources.bulkPut((await db.sources.toArray()).map((s) => ({ ...s, rank: 5 })));
    expect(c.id).toBeGreaterThan(b.id);
    expect(b.id).toBeGreaterThan(a.id);
    expect(await answers()).toEqual(all('C'));
    expect((await cache.lookup(db, SHARED))!.alsoIn.map((s) => s.name)).toEqual(['B', 'A']);
  });

  it('asked for one digest, answers with its entry and names the others', async () => {
    const a = (await cache.importDigest(db, digest('A'), { name: 'A', origin: 'file' })).source;
    await cache.importDigest(db, digest('B'), { name: 'B', origin: 'file' });
    const hit = await cache.lookup(db, SHARED, a.id);
    expect(hit).toMatchObject({ source: { name: 'A' }, entry: { titleZh: '共同论文 A' } });
    expect(hit!.alsoIn.map((s) => s.name)).toEqual(['B']);
    expect(await cache.lookup(db, SHARED, 12345)).toBeNull();
  });
});

describe('order helpers', () => {
  const s = (id: number, rank: number) => ({ id, rank });
  it('sorts by rank, then the later id; leaves out unknown digests', () => {
    const sources = new Map([s(1, 0), s(2, 0), s(3, -1)].map((x) => [x.id, x]));
    expect(inReaderOrder([1, 2, 3, 4], (x) => x, sources)).toEqual([3, 2, 1]);
    expect([s(1, 2), s(2, 1)].sort(compareSources).map((x) => x.id)).toEqual([2, 1]);
    expect(topRank([s(1, 0), s(2, -3)])).toBe(-4);
  });
  it('reorders: listed first, the rest after in their order', () => {
    const ranks = reorder([s(1, 0), s(2, 1), s(3, 2), s(4, 3)], [3, 3, 9, 1]);
    expect([...ranks].sort((x, y) => x[1] - y[1]).map(([id]) => id)).toEqual([3, 1, 2, 4]);
  });
});
