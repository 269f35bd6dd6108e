/** One order of digests answers on every path: look-up, many, coverage, months, search, export. */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import * as cache from '../../background/cache';
import { handleMessage } from '../../background/handlers';
import { openDb, type DigestDb } from '../../storage/db';

const ID = '2411.00001';
const digest = (word: string) => `## A Paper\n[一篇论文](https://arxiv.org/abs/${ID})\n\n${word}：论文的中文摘要。\n`;

let db: DigestDb;
beforeEach(() => {
  db = openDb(new IDBFactory(), IDBKeyRange);
});

async function answers() {
  const exported = JSON.parse((await cache.exportAll(db)).text) as { entries: Array<{ summaryZh: string }> };
  const sources = await cache.listSources(db);
  const nameOf = (summary: string) => sources.find((s) => s.name === summary.split('：')[0])!.name;
  return {
    lookup: (await cache.lookup(db, ID))!.source.name,
    lookupMany: (await cache.lookupMany(db, [ID]))[ID].source.name,
    coverage: (await cache.coverage(db, [ID]))[ID].source,
    months: (await cache.coverageOfMonths(db, ['2411']))[0].source,
    search: (await cache.search(db, '中文摘要'))[0].source.name,
    exportAll: nameOf(exported.entries[0].summaryZh),
  };
}

describe('the reader\'s order', () => {
  it('every path agrees, on ties too, and follows reorderSources', async () => {
    // Same import time for all three: the tie is broken the same way everywhere.
    for (const name of ['甲', '乙', '丙']) await cache.importDigest(db, digest(name), { name, origin: 'file', now: 1000 });
    const all = await cache.listSources(db);
    await db.sources.bulkPut(all.map((s) => ({ ...s, rank: 0 })));
    await cache.renameSource(db, all[0].id, all[0].name); // forgets the kept digest list
    const tie = await answers();
    expect(new Set(Object.values(tie)).size).toBe(1);
    // New digests go on top: without the forced tie, the last imported answers.
    const order = await cache.reorderSources(db, [all.find((s) => s.name === '乙')!.id]);
    expect(order.map((s) => s.name)[0]).toBe('乙');
    expect(new Set(Object.values(await answers()))).toEqual(new Set(['乙']));
    const hit = await cache.lookup(db, ID);
    expect(hit!.alsoIn.map((s) => s.name)).toHaveLength(2);
    // The panel's "switch to": another digest's entry for the same paper.
    const other = hit!.alsoIn[0];
    expect((await cache.lookup(db, ID, other.id))!.source).toEqual(other);
  });

  it('new digests go on top; the bundled one stays last', async () => {
    await cache.importDigest(db, digest('默认'), { name: '默认', origin: 'bundled' });
    await cache.importDigest(db, digest('新'), { name: '新', origin: 'file' });
    expect((await cache.listSources(db)).map((s) => s.name)).toEqual(['新', '默认']);
    await expect(cache.reorderSources(db, [999])).rejects.toMatchObject({ reason: 'unknown-source' });
  });

  it('a listing page never makes a per-paper fetch; a paper page in a tab may', async () => {
    const asked: string[] = [];
    const subs = { lookupPerPaper: async (id: string) => (asked.push(id), false) } as never;
    const self = { id: 'ext', origin: 'chrome-extension://ext' };
    const tab = { id: 'ext', url: 'https://arxiv.org/abs/2411.00002', tab: { url: 'https://arxiv.org/abs/2411.00002' } };
    await handleMessage(db, { type: 'lookup', data: { id: '2411.00002', from: 'listing' } }, tab, self, () => {}, subs);
    await handleMessage(db, { type: 'lookup', data: { id: '2411.00002' } }, tab, self, () => {}, subs);
    expect(asked).toEqual([]);
    await handleMessage(db, { type: 'lookup', data: { id: '2411.00002', from: 'abstract' } }, tab, self, () => {}, subs);
    expect(asked).toEqual(['2411.00002']);
  });
});
