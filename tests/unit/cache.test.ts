import { readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import * as cache from '../../background/cache';
import { seedBundled } from '../../background/seed';
import { parseDigest } from '../../lib/digest/parse';
import type { DigestEntry } from '../../lib/digest/types';
import { ProtocolError } from '../../lib/messaging';
import { DB_NAME, entriesOf, openDb, type DigestDb } from '../../storage/db';

const seed = readFileSync(new URL('../../digests/default.md', import.meta.url), 'utf8');
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

function digest(papers: Array<[string, string, string]>): string {
  return papers.map(([id, zh, summary]) => `## Title ${id}\n[${zh}](https://arxiv.org/abs/${id})\n\n${summary}\n`).join('\n');
}

async function snapshot(db: DigestDb) {
  return { blocks: await db.blocks.toArray(), coverage: await db.coverage.toArray(), sources: await db.sources.toArray() };
}

/** Every stored entry, sorted, without the digest it came from. */
async function storedEntries(db: DigestDb): Promise<DigestEntry[]> {
  return (await db.blocks.toArray()).flatMap(entriesOf).sort((a, b) => a.arxivId.localeCompare(b.arxivId));
}

let idb: IDBFactory;
let db: DigestDb;
beforeEach(() => {
  idb = new IDBFactory();
  db = openDb(idb, IDBKeyRange);
});

describe('import', () => {
  it('imports the bundled digest once, and again only when it changed', async () => {
    const first = await seedBundled(db, seed);
    expect(first).toMatchObject({ imported: 14, skipped: 0, unchanged: false });
    expect(await cache.counts(db)).toEqual({ entries: 14, papers: 14, sources: 1 });
    const again = await seedBundled(db, seed);
    expect(again.unchanged).toBe(true);
    const changed = await seedBundled(db, seed + '\n## New Paper\n[新论文](https://arxiv.org/abs/2411.00001)\n\n新的中文摘要内容。\n');
    expect(changed).toMatchObject({ imported: 15, unchanged: false });
    expect(await cache.counts(db)).toEqual({ entries: 15, papers: 15, sources: 1 });
  });

  it('re-importing a digest replaces its entries; nothing is duplicated', async () => {
    await cache.importDigest(db, digest([['2409.18869', '甲', '第一版摘要。'], ['2409.17692', '乙', '乙的摘要。']]), { name: 'd.md', origin: 'file' });
    const r = await cache.importDigest(db, digest([['2409.18869', '甲', '第二版摘要。']]), { name: 'd.md', origin: 'file' });
    expect(r.imported).toBe(1);
    expect(await cache.counts(db)).toEqual({ entries: 1, papers: 1, sources: 1 });
    expect((await cache.lookup(db, '2409.18869'))!.entry.summaryZh).toBe('第二版摘要。');
    expect(await cache.lookup(db, '2409.17692')).toBeNull();
  });

  it('reports what was skipped, with lines, and imports the valid entries', async () => {
    const text = digest([['2409.18869', '甲', '甲的摘要。']]) + '\n## 没有链接\n\n这一节没有论文链接。\n';
    const r = await cache.importDigest(db, text, { name: 'mixed.md', origin: 'file' });
    expect(r).toMatchObject({ imported: 1, skipped: 1, warnings: [{ line: 6, message: expect.stringContaining('no arXiv link') }] });
  });

  it('refuses a file with no entry, a binary file, text that is not UTF-8 and one over 20 MB, leaving the cache as it was', async () => {
    await seedBundled(db, seed);
    const before = await snapshot(db);
    const opts = { name: 'bad', origin: 'file' as const };
    await expect(cache.importDigest(db, '# nothing here\n\njust words', opts)).rejects.toMatchObject({ code: 'invalid-digest', message: expect.stringContaining('no digest entry') });
    await expect(cache.importBytes(db, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]), opts)).rejects.toMatchObject({ code: 'invalid-digest', message: expect.stringContaining('binary') });
    await expect(cache.importBytes(db, new Uint8Array([0x23, 0x20, 0xc3, 0x28, 0xa0, 0xa1]), opts)).rejects.toMatchObject({ message: expect.stringContaining('not UTF-8') });
    await expect(cache.importBytes(db, new Uint8Array(20 * 1024 * 1024 + 1).fill(0x41), opts)).rejects.toMatchObject({ message: expect.stringContaining('at most 20 MB') });
    await expect(cache.importBytes(db, new Uint8Array(0), opts)).rejects.toMatchObject({ message: expect.stringContaining('empty') });
    expect(await snapshot(db)).toEqual(before);
  });

  it('an import that fails halfway leaves the cache exactly as it was', async () => {
    await seedBundled(db, seed);
    await cache.importDigest(db, digest([['2409.18869', '旧', '旧的摘要。']]), { name: 'old.md', origin: 'file' });
    const before = await snapshot(db);
    let written = 0;
    db.blocks.hook('creating', () => {
      if (++written === 3) throw new Error('disk went away');
    });
    // Ids 100 apart: ten blocks, so that the third write fails with more to come.
    const big = digest(Array.from({ length: 10 }, (_, i) => [`2412.${String(10000 + 100 * i)}`, `论文${i}`, `第 ${i} 篇的摘要。`] as [string, string, string]));
    await expect(cache.importDigest(db, big, { name: 'old.md', origin: 'file' })).rejects.toThrow('disk went away');
    expect(await snapshot(db)).toEqual(before);
  });

  it('a full disk rolls the import back and says so', async () => {
    await seedBundled(db, seed);
    const before = await snapshot(db);
    db.blocks.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const err = await cache.importDigest(db, digest([['2411.00001', '新', '新的摘要。']]), { name: 'n.md', origin: 'file' }).catch((e) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err).toMatchObject({ code: 'quota', message: expect.stringContaining('rolled back') });
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('look-up', () => {
  it('answers with the newest import and lists the other digests that cover the paper', async () => {
    await cache.importDigest(db, digest([['2409.18869', '旧标题', '旧摘要。']]), { name: 'old.md', origin: 'file', now: 1000 });
    await cache.importDigest(db, digest([['2409.18869', '新标题', '新摘要。']]), { name: 'new.md', origin: 'file', now: 2000 });
    const hit = (await cache.lookup(db, 'https://arxiv.org/abs/2409.18869v2'))!;
    expect(hit.entry.titleZh).toBe('新标题');
    expect(hit.source.name).toBe('new.md');
    expect(hit.alsoIn.map((s) => s.name)).toEqual(['old.md']);
    expect(await cache.lookup(db, '2401.00001')).toBeNull();
    expect(await cache.lookup(db, 'not an id')).toBeNull();
  });

  it('looks up many ids in one call', async () => {
    await seedBundled(db, seed);
    const ids = ['2409.18869', '2410.00531v1', '2401.00001', 'hep-th/9901001', ...Array.from({ length: 2000 }, (_, i) => `2301.${String(i).padStart(5, '0')}`)];
    const hits = await cache.lookupMany(db, ids);
    expect(Object.keys(hits).sort()).toEqual(['2409.18869', '2410.00531']);
    expect(hits['2410.00531'].entry.titleEn).toMatch(/^TPI-LLM/);
  });

  it('answers ids that lie close together with one range read, and briefly for listings', async () => {
    await seedBundled(db, seed);
    const seedIds = parseDigest(seed).entries.map((e) => e.arxivId);
    const between = ['2409.18000', '2409.19000', '2410.00100', '2410.01100', '2410.02000', '2410.02720', '2409.99999', '2410.00000', '2410.00600', '2410.01300'];
    const hits = await cache.lookupMany(db, [...seedIds, ...between]);
    expect(Object.keys(hits).sort()).toEqual([...seedIds].sort());
  });

  it('answers a dense listing of one month, across blocks and digests, newest first', async () => {
    const ids = Array.from({ length: 450 }, (_, i) => `2412.${String(10000 + i)}`);
    await cache.importDigest(db, digest(ids.map((id, i) => [id, `旧题${i}`, '旧摘要。'] as [string, string, string])), { name: 'old.md', origin: 'file', now: 1000 });
    await cache.importDigest(db, digest(ids.slice(100, 200).map((id, i) => [id, `新题${100 + i}`, '新摘要。'] as [string, string, string])), { name: 'new.md', origin: 'file', now: 2000 });
    const asked = [...ids.slice(50, 400), '2412.10999', '2412.09999'];
    const hits = await cache.lookupMany(db, asked);
    expect(Object.keys(hits).sort()).toEqual(ids.slice(50, 400));
    expect(hits['2412.10150']).toMatchObject({ entry: { titleZh: '新题150' }, source: { name: 'new.md' }, alsoIn: [{ name: 'old.md' }] });
    expect(hits['2412.10250']).toMatchObject({ entry: { titleZh: '旧题250' }, source: { name: 'old.md' }, alsoIn: [] });
  });

  it('answers coverage for a listing from the month index: newest digest first, deletes and old ids followed', async () => {
    await seedBundled(db, seed);
    const seedIds = parseDigest(seed).entries.map((e) => e.arxivId);
    const others = ['2409.18000', '2410.99999', 'hep-th/9901001', 'chao-dyn/9510015', 'not an id'];
    const brief = await cache.coverage(db, [...seedIds, ...others]);
    expect(Object.keys(brief).sort()).toEqual([...seedIds].sort());
    expect(brief['2409.18943']).toEqual({ arxivId: '2409.18943', source: expect.stringContaining('默认摘要') });
    const mine = await cache.importDigest(db, digest([['2409.18943', '新', '新的摘要。'], ['chao-dyn/9510015', '旧式', '旧式编号的摘要。']]), { name: 'mine.md', origin: 'file', now: Date.now() + 1000 });
    const after = await cache.coverage(db, ['2409.18943', '2409.18869', 'chao-dyn/9510015']);
    expect(after).toEqual({
      '2409.18943': { arxivId: '2409.18943', source: 'mine.md' },
      '2409.18869': { arxivId: '2409.18869', source: expect.stringContaining('默认摘要') },
      'chao-dyn/9510015': { arxivId: 'chao-dyn/9510015', source: 'mine.md' },
    });
    await cache.deleteSource(db, mine.source.id);
    expect(Object.keys(await cache.coverage(db, ['2409.18943', 'chao-dyn/9510015']))).toEqual(['2409.18943']);
    expect(await db.coverage.where('sourceId').equals(mine.source.id).count()).toBe(0);
  });

  it('sends a month of new-style ids as bits only when that is smaller than the ids', async () => {
    // One paper numbered high: its bits would span 99,999 numbers for one id.
    await cache.importDigest(db, digest([['2501.99999', '高编号', '编号很高的一篇论文。']]), { name: 'sparse.md', origin: 'file' });
    const ids = Array.from({ length: 3000 }, (_, i) => `2502.${String(10000 + i)}`);
    await cache.importDigest(db, digest(ids.map((id) => [id, '稠密', '同一个月里连续编号的论文。'] as [string, string, string])), { name: 'dense.md', origin: 'file' });
    const [sparse] = await cache.coverageOfMonths(db, ['2501']);
    expect(sparse).toMatchObject({ month: '2501', ids: '2501.99999' });
    expect(sparse.bits).toBeUndefined();
    const [dense] = await cache.coverageOfMonths(db, ['2502']);
    expect(dense.ids).toBe('');
    expect(dense.bits!.base64.length).toBeLessThan(ids.join('\n').length);
  });

  it('searches by id, English or Chinese title, and words of the summary', async () => {
    await seedBundled(db, seed);
    expect((await cache.search(db, 'arXiv:2410.01215')).map((h) => h.entry.arxivId)).toEqual(['2410.01215']);
    expect((await cache.search(db, 'weakest link')).map((h) => h.entry.arxivId)).toEqual(['2409.19951']);
    expect((await cache.search(db, '诚实性')).map((h) => h.entry.arxivId)).toEqual(['2409.18786']);
    expect((await cache.search(db, '滑动窗口内存调度器')).map((h) => h.entry.arxivId)).toEqual(['2410.00531']);
    expect((await cache.search(db, '边缘设备 Llama')).map((h) => h.entry.arxivId)).toEqual(['2410.00531']);
    expect(await cache.search(db, '不存在的词语组合xyz')).toEqual([]);
    expect(await cache.search(db, '   ')).toEqual([]);
  });
});

describe('sources', () => {
  it('lists, renames and deletes a digest, removing its entries and nothing else', async () => {
    await seedBundled(db, seed);
    const r = await cache.importDigest(db, digest([['2409.18869', '覆盖', '覆盖的摘要。'], ['2411.00001', '新', '新的摘要。']]), { name: 'mine.md', origin: 'file' });
    expect((await cache.listSources(db)).map((s) => s.name)).toEqual(['mine.md', expect.stringContaining('默认摘要')]);
    expect((await cache.lookup(db, '2411.00001'))!.source.name).toBe('mine.md');
    await cache.renameSource(db, r.source.id, '我的摘要');
    expect((await cache.listSources(db))[0].name).toBe('我的摘要');
    // Look-ups keep the digests between calls: a rename shows at once.
    expect((await cache.lookup(db, '2411.00001'))!.source.name).toBe('我的摘要');
    expect((await cache.lookupMany(db, ['2411.00001']))['2411.00001'].source.name).toBe('我的摘要');
    expect(await cache.deleteSource(db, r.source.id)).toEqual({ removed: 2 });
    expect(await cache.counts(db)).toEqual({ entries: 14, papers: 14, sources: 1 });
    expect((await cache.lookup(db, '2409.18869'))!.entry.titleZh).toBe('Emu3: 下一个 Token 预测的全部');
    await expect(cache.deleteSource(db, 999)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('exports everything in the JSON digest format, which imports back to the same entries', async () => {
    await seedBundled(db, seed);
    await cache.importDigest(db, fixture('digests/hf-newsletter-cn_2025-01-09_HF_deepseek_clean.json'), { name: 'hf.json', origin: 'file' });
    const { text, entries } = await cache.exportAll(db);
    expect(entries).toBe(26);
    const other = openDb(new IDBFactory(), IDBKeyRange);
    await cache.importDigest(other, text, { name: 'backup.json', origin: 'file' });
    expect(await storedEntries(other)).toEqual(await storedEntries(db));
  });
});

describe('schema', () => {
  it('upgrades a database written by schema version 1 to blocks, keeping its entries and dropping their search copies', async () => {
    // Write the database exactly as version 1 did: rows with a lower-cased `searchText`.
    const v1 = new Dexie(DB_NAME, { indexedDB: idb, IDBKeyRange });
    v1.version(1).stores({ entries: '[sourceId+arxivId], arxivId, sourceId', sources: '++id, hash' });
    const entries = parseDigest(seed).entries;
    await v1.table('sources').add({ name: 'old', origin: 'file', importedAt: 1, entryCount: entries.length, warnings: [], hash: 'x' });
    await v1.table('entries').bulkAdd(entries.map((e) => ({ ...e, sourceId: 1, searchText: `${e.arxivId}\n${e.titleEn}\n${e.titleZh}\n${e.summaryZh}`.toLowerCase() })));
    v1.close();

    const upgraded = openDb(idb, IDBKeyRange);
    expect(await cache.counts(upgraded)).toEqual({ entries: 14, papers: 14, sources: 1 });
    expect(await storedEntries(upgraded)).toEqual([...entries].sort((a, b) => a.arxivId.localeCompare(b.arxivId)));
    // Version 4 moved them into blocks of neighbouring papers, version 5 dropped the old table,
    // version 8 built the search index of the stored blocks (the search below reads it).
    expect(upgraded.tables.map((t) => t.name).sort()).toEqual(['blocks', 'coverage', 'fetches', 'search', 'sources']);
    expect(await upgraded.search.where('bucket').equals(-1).count()).toBe(1);
    expect((await upgraded.blocks.toArray()).map((r) => r.block)).toContain('2409.189');
    expect((await cache.search(upgraded, '诚实性')).map((h) => h.entry.arxivId)).toEqual(['2409.18786']);
    expect((await cache.lookup(upgraded, '2409.18943'))!.entry.keyNumbers.map((k) => k.text)).toEqual(['27.97', '29.57']);
    // Version 3 built the coverage index from the stored entries.
    expect(Object.keys(await cache.coverage(upgraded, entries.map((e) => e.arxivId)))).toHaveLength(14);
  });
});
