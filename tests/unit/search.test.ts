/**
 * Search through its index (storage/search-index.ts): the same papers as reading every entry
 * would find, kept right by every write (import, re-import, merge, removal, deletion), in
 * either script (简体 / 繁體) and either case.
 */
import { readFileSync } from 'node:fs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import * as cache from '../../background/cache';
import { exportDigest, parseDigest } from '../../lib/digest/parse';
import type { DigestEntry } from '../../lib/digest/types';
import { foldText } from '../../lib/zh-fold';
import { entriesOf, openDb, type DigestDb } from '../../storage/db';
import { NAMES_BUCKET, SEARCH_BUCKETS, SEGMENT_ENTRIES } from '../../storage/search-index';

const seed = parseDigest(readFileSync(new URL('../../digests/default.md', import.meta.url), 'utf8')).entries;

/** `n` entries with the seed's texts under ids spread over two months and many blocks. */
function spread(n: number, month = '2501', step = 37): DigestEntry[] {
  return Array.from({ length: n }, (_, i) => ({ ...seed[i % seed.length], arxivId: `${month}.${String(10000 + i * step).padStart(5, '0')}` }));
}

/** What reading every stored entry finds (no folding: the queries here are in one script and lower case). */
async function scan(db: DigestDb, query: string): Promise<string[]> {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const ids = new Set<string>();
  for (const row of await db.blocks.toArray()) {
    for (const e of entriesOf(row)) {
      const text = `${e.arxivId}\n${e.titleEn}\n${e.titleZh}\n${e.summaryZh}`.toLowerCase();
      if (words.every((w) => text.includes(w))) ids.add(e.arxivId);
    }
  }
  return [...ids].sort();
}

const found = async (db: DigestDb, query: string, limit = 10_000) => (await cache.search(db, query, limit)).map((h) => h.entry.arxivId);

let db: DigestDb;
beforeEach(() => {
  db = openDb(new IDBFactory(), IDBKeyRange);
});

describe('search through the index', () => {
  it('finds what a scan of every entry finds, for words cut anywhere out of titles and summaries', async () => {
    await cache.importDigest(db, exportDigest(spread(700)), { name: 'a.json', origin: 'file' });
    await cache.importDigest(db, exportDigest(spread(300, '2502', 11)), { name: 'b.json', origin: 'file' });
    const texts = seed.flatMap((e) => [e.titleEn, e.titleZh, e.summaryZh]);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(texts.length - 1), fc.nat(400), fc.integer({ min: 1, max: 6 })), { minLength: 1, maxLength: 2 }),
        async (cuts) => {
          const query = cuts.map(([t, at, len]) => texts[t].slice(at % texts[t].length, (at % texts[t].length) + len).trim()).filter((w) => w && !/\s/.test(w)).join(' ');
          if (!query) return;
          expect((await found(db, query)).sort()).toEqual(await scan(db, query));
        },
      ),
      { numRuns: 60 },
    );
    expect(await found(db, '不存在的词语组合xyz')).toEqual([]);
  });

  it('ranks title matches first, newest papers first, and stops at the limit', async () => {
    await cache.importDigest(db, exportDigest(spread(200)), { name: 'a.json', origin: 'file' });
    // "大语言模型" is in some titles and in other papers' summaries only.
    const all = await found(db, '大语言模型');
    const inTitle = (id: string) => spread(200).find((e) => e.arxivId === id)!.titleZh.includes('大语言模型');
    const firstOther = all.findIndex((id) => !inTitle(id));
    expect(firstOther).toBeGreaterThan(0);
    expect(all.slice(firstOther).every((id) => !inTitle(id))).toBe(true);
    expect(all.slice(0, firstOther)).toEqual([...all.slice(0, firstOther)].sort().reverse());
    expect(all.sort()).toEqual(await scan(db, '大语言模型'));
    const five = await found(db, '大语言模型', 5);
    expect(five).toEqual((await found(db, '大语言模型')).slice(0, 5));
  });

  it('follows re-imports, merges, removals and deletions', async () => {
    const a = await cache.importDigest(db, exportDigest(spread(150)), { name: 'a.json', origin: 'file' });
    expect(await found(db, '诚实性')).not.toEqual([]);
    // Re-imported with other papers: the old ones are gone from search too.
    const other = [{ ...seed[0], arxivId: '2503.00001', titleZh: '全新的标题词甲乙', summaryZh: '只在这里出现的摘要词丙丁。' }];
    await cache.importDigest(db, exportDigest(other), { name: 'a.json', origin: 'file' });
    expect(await found(db, '诚实性')).toEqual([]);
    expect(await found(db, '标题词甲乙')).toEqual(['2503.00001']);
    // A subscription's merge adds and replaces; its removal takes away.
    const { sourceId } = await cache.mergeEntries(db, { sourceId: null, subscriptionId: 'sub-1', name: 'sub', url: 'https://example.org/d.md' }, [
      { ...seed[1], arxivId: '2504.00100', summaryZh: '合并进来的独特摘要戊己。' },
      { ...seed[2], arxivId: '2504.00101', summaryZh: '第二篇合并的庚辛。' },
    ]);
    expect(await found(db, '独特摘要戊己')).toEqual(['2504.00100']);
    await cache.mergeEntries(db, { sourceId, subscriptionId: 'sub-1', name: 'sub', url: 'https://example.org/d.md' }, [{ ...seed[1], arxivId: '2504.00100', summaryZh: '改写后的摘要壬癸。' }]);
    expect(await found(db, '独特摘要戊己')).toEqual([]);
    expect(await found(db, '摘要壬癸')).toEqual(['2504.00100']);
    await cache.removeEntries(db, sourceId, ['2504.00101']);
    expect(await found(db, '合并的庚辛')).toEqual([]);
    expect(await found(db, '摘要壬癸')).toEqual(['2504.00100']);
    await cache.deleteSource(db, a.source.id);
    expect(await found(db, '标题词甲乙')).toEqual([]);
    expect(await db.search.where('sourceId').equals(a.source.id).count()).toBe(0);
  });

  it('a paper in two digests is one result, answered by the first digest in the reader’s order', async () => {
    const paper = { ...seed[3], arxivId: '2505.00001' };
    await cache.importDigest(db, exportDigest([paper]), { name: 'old.json', origin: 'file' });
    const top = await cache.importDigest(db, exportDigest([{ ...paper, titleZh: '新导入的标题' }]), { name: 'new.json', origin: 'file' });
    const hits = await cache.search(db, paper.titleEn.split(' ')[0]);
    expect(hits).toHaveLength(1);
    expect(hits[0].source.id).toBe(top.source.id);
    expect(hits[0].alsoIn).toHaveLength(1);
  });
});

/** Everything stored, index rows included. */
async function snapshot(db: DigestDb) {
  return { blocks: await db.blocks.toArray(), search: await db.search.toArray(), sources: await db.sources.toArray(), coverage: await db.coverage.toArray() };
}

const sub = { subscriptionId: 'sub-1', name: 'sub', url: 'https://example.org/d.md' };

describe('the index under writes', () => {
  it('a failing import or merge leaves the index and the entries as they were', async () => {
    const a = await cache.importDigest(db, exportDigest(spread(300)), { name: 'a.json', origin: 'file' });
    const { sourceId } = await cache.mergeEntries(db, { sourceId: null, ...sub }, spread(200, '2502', 3));
    const before = await snapshot(db);
    const answers = async () => [await found(db, '大语言模型'), await found(db, '诚实性')];
    const expected = await answers();
    let writes = 0;
    const fail = () => {
      // The index's third row: the entries are written by then, and more index rows are to come.
      if (++writes === 3) throw new Error('disk went away');
    };
    db.search.hook('creating', fail);
    db.search.hook('updating', fail);
    await expect(cache.importDigest(db, exportDigest(spread(250, '2503')), { name: 'a.json', origin: 'file' })).rejects.toThrow('disk went away');
    expect(await snapshot(db)).toEqual(before);
    writes = 0;
    await expect(cache.mergeEntries(db, { sourceId, ...sub }, [{ ...seed[0], arxivId: '2502.10000', summaryZh: '改写后的摘要壬癸。' }, ...spread(50, '2504')])).rejects.toThrow('disk went away');
    expect(await snapshot(db)).toEqual(before);
    db.search.hook('creating').unsubscribe(fail);
    db.search.hook('updating').unsubscribe(fail);
    expect(await answers()).toEqual(expected);
    expect(a.source.id).not.toBe(sourceId);
  });

  it('a merge rewrites only the segments of the blocks it writes, and search still finds what a scan finds', async () => {
    // More entries than three segments hold, in blocks of 100.
    const held = spread(SEGMENT_ENTRIES * 2 + 1500, '2501', 1);
    const { sourceId } = await cache.mergeEntries(db, { sourceId: null, ...sub }, held);
    const names = (await db.search.get([sourceId, NAMES_BUCKET]))!;
    expect(names.segments!.length).toBe(3);
    const written: number[] = [];
    const log = (_: unknown, row: { bucket: number; sourceId: number }) => void written.push(row.bucket);
    const logUpdate = (_: unknown, key: [number, number]) => void written.push(key[1]);
    db.search.hook('creating', log);
    db.search.hook('updating', logUpdate);
    // A day's papers: new ids (the newest segment), and one paper of the first segment rewritten.
    const day = [...spread(301, '2502', 1).map((e, i) => ({ ...e, summaryZh: `${e.summaryZh} 今日新词${i % 7}号。` })), { ...held[5], summaryZh: '第一段里改写的摘要子丑。' }];
    await cache.mergeEntries(db, { sourceId, ...sub }, day);
    db.search.hook('creating').unsubscribe(log);
    db.search.hook('updating').unsubscribe(logUpdate);
    const segmentsWritten = new Set(written.filter((b) => b !== NAMES_BUCKET).map((b) => Math.floor(b / SEARCH_BUCKETS)));
    // The first segment (the rewritten paper) and the last (the new ones), not the middle one.
    expect([...segmentsWritten].sort()).toEqual([0, 2]);
    expect(written).toContain(NAMES_BUCKET);
    for (const q of ['今日新词3号', '摘要子丑', '诚实性', '大语言模型 评测']) expect((await found(db, q)).sort()).toEqual(await scan(db, q));
    expect(await found(db, '摘要子丑')).toEqual([held[5].arxivId]);
    // Removal (retention) follows too, in the segment of the block it empties.
    await cache.removeEntries(db, sourceId, [held[5].arxivId]);
    expect(await found(db, '摘要子丑')).toEqual([]);
  }, 60_000);

  it('an index written before segments is rebuilt from its blocks on the next write', async () => {
    const { sourceId } = await cache.mergeEntries(db, { sourceId: null, ...sub }, spread(400));
    // As the index was written before segments: no sizes, no segments in the names row.
    const names = (await db.search.get([sourceId, NAMES_BUCKET]))!;
    await db.search.put({ sourceId, bucket: NAMES_BUCKET, names: names.names });
    await cache.mergeEntries(db, { sourceId, ...sub }, [{ ...seed[2], arxivId: '2505.00001', summaryZh: '重建之后的摘要寅卯。' }]);
    expect((await db.search.get([sourceId, NAMES_BUCKET]))!.segments).toBeDefined();
    expect(await found(db, '摘要寅卯')).toEqual(['2505.00001']);
    expect((await found(db, '诚实性')).sort()).toEqual(await scan(db, '诚实性'));
  });
});

describe('either script', () => {
  const papers: DigestEntry[] = [
    { ...seed[0], arxivId: '2506.00001', titleZh: '记忆体调度与后台执行', summaryZh: '我们在边缘设备上测试了这个系统。' },
    { ...seed[1], arxivId: '2506.00002', titleZh: '記憶體頻寬與邊緣裝置', summaryZh: '這裡的實驗說明了網路延遲的影響。' },
  ];
  beforeEach(async () => {
    await cache.importDigest(db, exportDigest(papers), { name: 'scripts.json', origin: 'file' });
  });

  it('a query in 繁體 finds an entry stored in 简体, and the other way round', async () => {
    expect(await found(db, '記憶體調度')).toEqual(['2506.00001']);
    expect(await found(db, '邊緣設備')).toEqual(['2506.00001']);
    expect(await found(db, '记忆体频宽')).toEqual(['2506.00002']);
    expect(await found(db, '网路延迟')).toEqual(['2506.00002']);
    expect((await found(db, '记忆体')).sort()).toEqual(['2506.00001', '2506.00002']);
  });

  it('regional variants fold with the standard forms (裡 / 裏 / 里), and case folds too', async () => {
    expect(await found(db, '这里的实验')).toEqual(['2506.00002']);
    expect(await found(db, '這裏的實驗')).toEqual(['2506.00002']);
    expect(foldText('這裡')).toBe(foldText('这里'));
    expect(foldText('記憶體 GPU')).toBe('记忆体 gpu');
  });
});
