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
