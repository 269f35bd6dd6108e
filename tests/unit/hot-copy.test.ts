import { readFileSync } from 'node:fs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import * as cache from '../../background/cache';
import { handleMessage } from '../../background/handlers';
import { HotCopy, type HotLimits, type HotStore } from '../../background/hot-copy';
import { seedBundled } from '../../background/seed';
import { HOT_FORMAT, HOT_INDEX, HOT_MONTH_COUNT, HOT_MONTHS, HOT_RECENT, HOT_VALID, hotHit, hotHitOf, hotKey, hotMonthsOf } from '../../lib/hot-copy';
import { exportDigest } from '../../lib/digest/parse';
import type { DigestEntry } from '../../lib/digest/types';
import { openDb, type DigestDb } from '../../storage/db';

const seed = readFileSync(new URL('../../digests/default.md', import.meta.url), 'utf8');
const eras = readFileSync(new URL('../fixtures/digests/test-eras.md', import.meta.url), 'utf8');
const self = { id: 'ext-id', origin: 'chrome-extension://ext-id' };
const tabOf = (id: string) => ({ id: 'ext-id', url: `https://arxiv.org/abs/${id}`, tab: { url: `https://arxiv.org/abs/${id}` } });

/** `storage.local` as the content script and the background see it: values are copies; every call is logged. */
class MemoryStore implements HotStore {
  readonly data = new Map<string, unknown>();
  readonly log: string[] = [];
  /** When set, each `set` waits for it (a slow browser), or throws (a worker stopped halfway). */
  gate: (() => Promise<void>) | null = null;
  /** When set, the next `set` of `hotValid` is refused (a full storage area). */
  refuseValid = false;
  async get(keys: string[] | null) {
    return Object.fromEntries((keys ?? [...this.data.keys()]).filter((k) => this.data.has(k)).map((k) => [k, structuredClone(this.data.get(k))]));
  }
  async set(items: Record<string, unknown>) {
    this.log.push(`set ${Object.keys(items).join(',')}`);
    if (this.gate) await this.gate();
    if (this.refuseValid && HOT_VALID in items) {
      this.refuseValid = false;
      throw new Error('QUOTA_BYTES quota exceeded');
    }
    for (const [k, v] of Object.entries(items)) this.data.set(k, structuredClone(v));
  }
  async remove(keys: string | string[]) {
    this.log.push(`remove ${[keys].flat().join(',')}`);
    for (const k of [keys].flat()) this.data.delete(k);
  }
  /** What a content script reading the paper's page would show from the copy. */
  read(id: string) {
    return hotHitOf(Object.fromEntries([HOT_VALID, hotKey(id)].filter((k) => this.data.has(k)).map((k) => [k, this.data.get(k)])), id);
  }
  heldIds(): string[] {
    return [...this.data.keys()].filter((k) => k.startsWith('hot:')).map((k) => k.slice(4)).sort();
  }
}

const LIMITS: HotLimits = { entries: 2000, bytes: 3_000_000, recent: 200, settleMs: 5 };

let db: DigestDb;
let store: MemoryStore;
let hot: HotCopy;

function fresh(limits: HotLimits = LIMITS) {
  db = openDb(new IDBFactory(), IDBKeyRange);
  store = new MemoryStore();
  hot = new HotCopy(db, store, limits);
}

const seedIds = () => cache.exportAll(db).then(({ text }) => (JSON.parse(text) as { entries: DigestEntry[] }).entries.map((e) => e.arxivId));

/** Entries of a made-up subscription: `n` papers of month `yymm`. */
function entries(yymm: string, n: number, from = 1): DigestEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    arxivId: `${yymm}.${String(from + i).padStart(5, '0')}`,
    version: null,
    titleEn: `Paper ${from + i}`,
    titleZh: `论文 ${from + i}`,
    summaryZh: `第 ${from + i} 篇论文的中文摘要，准确率提高了 ${i % 90}%。`,
    keyNumbers: [],
  }));
}

describe('the hot copy', () => {
  beforeEach(fresh);

  it('holds, once started, exactly what the look-up answers for every paper held', async () => {
    await seedBundled(db, seed);
    await hot.start(Promise.resolve());
    const ids = await seedIds();
    expect(ids.length).toBe(14);
    expect(store.heldIds()).toEqual([...ids].sort());
    for (const id of ids) expect(store.read(id)).toEqual(await cache.lookup(db, id));
    expect(hot.report()).toMatchObject({ held: 14, removed: 0, valid: true });
    // Each answer written once: the seeding's own end, which also asks for a rebuild, writes nothing more.
    await hot.settled();
    const writes = store.log.filter((l) => l.startsWith('set hot:')).flatMap((l) => l.slice(4).split(','));
    expect(writes.sort()).toEqual(ids.map(hotKey).sort());
    expect(store.log.filter((l) => l.includes(HOT_VALID)).length).toBe(2);
  });

  it('is off from a write to the cache until it agrees again, and then holds the change', async () => {
    await seedBundled(db, seed);
    await hot.start(Promise.resolve());
    const [id] = await seedIds();
    expect(store.read(id)).not.toBeNull();
    // A transaction switches it off at its first write to an answer's table, before it commits.
    await db.transaction('rw', db.sources, async () => {
      const first = (await db.sources.toCollection().first())!;
      expect(store.data.has(HOT_VALID)).toBe(true);
      await db.sources.put(first);
      expect(store.data.has(HOT_VALID)).toBe(false);
    });
    await hot.settled();
    expect(store.data.has(HOT_VALID)).toBe(true);
    await cache.importDigest(db, eras, { name: 'eras', origin: 'file' });
    expect(store.data.has(HOT_VALID)).toBe(false);
    expect(store.read(id)).toBeNull();
    await hot.settled();
    expect(store.read('2106.09608')).toEqual(await cache.lookup(db, '2106.09608'));
    expect(store.read(id)).toEqual(await cache.lookup(db, id));
    // Only the new papers were written: the bundled ones' answers did not change.
    expect(hot.report()).toMatchObject({ written: 3, removed: 0, valid: true });
  });

  it('forgets a deleted digest’s papers, and rewrites every answer a rename changed', async () => {
    await seedBundled(db, seed);
    const { source } = await cache.importDigest(db, eras, { name: 'eras', origin: 'file' });
    await hot.start(Promise.resolve());
    await cache.renameSource(db, source.id, '我的测试摘要');
    await hot.settled();
    expect(store.read('2106.09608')?.source.name).toBe('我的测试摘要');
    expect(hot.report()).toMatchObject({ written: 3, removed: 0 });
    await cache.deleteSource(db, source.id);
    await hot.settled();
    expect(store.read('2106.09608')).toBeNull();
    expect(store.data.has(hotKey('2106.09608'))).toBe(false);
    expect(Object.keys(store.data.get(HOT_INDEX) as object)).not.toContain('2106.09608');
    expect(hot.report()).toMatchObject({ written: 0, removed: 3, valid: true });
  });

  it('says, for the newest months, which of their ids some digest covers, in the write that switches it on', async () => {
    await seedBundled(db, seed);
    const a = await cache.importDigest(db, exportDigest([...entries('2503', 40, 1), ...entries('2502', 10, 7)]), { name: 'a', origin: 'file' });
    await cache.importDigest(db, exportDigest([...entries('2503', 30, 31), ...entries('2501', 5, 90_000), ...entries('2412', 3)]), { name: 'b', origin: 'file' });
    await hot.start(Promise.resolve());
    const stored = () => hotMonthsOf(Object.fromEntries([...store.data]));
    // The three newest months, each as one bitset of every digest's ids: exactly the covered ones.
    const agrees = async (newest: string[]) => {
      const months = stored();
      expect(months.map((m) => m.month)).toEqual(newest.slice(0, HOT_MONTH_COUNT));
      for (const m of months) {
        const bytes = atob(m.base64);
        const ids = Array.from({ length: 100 }, (_, i) => `${m.month}.${String(i).padStart(5, '0')}`).concat(`${m.month}.90000`, `${m.month}.90004`, `${m.month}.90005`);
        const covered = await cache.coverage(db, ids);
        for (const id of ids) {
          const n = Number(id.slice(5));
          expect([id, (bytes.charCodeAt(n >> 3) & (1 << (n & 7))) !== 0]).toEqual([id, id in covered]);
        }
      }
    };
    await agrees(['2503', '2502', '2501']);
    expect(stored()[0].width).toBe(10);
    // Written with hotValid, in one set: a content script reads both or neither.
    expect(store.log.filter((l) => l.includes(HOT_MONTHS))).toEqual([`set ${HOT_INDEX},${HOT_MONTHS},${HOT_VALID}`]);
    // A digest deleted: its ids leave the months (those of 2503 the other digest covers stay).
    await cache.deleteSource(db, a.source.id);
    await hot.settled();
    await agrees(['2503', '2501', '2412']);
    // While a write runs, the months are not read at all (the copy is off).
    await db.transaction('rw', db.sources, async () => {
      await db.sources.put((await db.sources.toCollection().first())!);
      expect(stored()).toEqual([]);
    });
  });

  it('a write that begins during a rebuild keeps the copy off, and the next rebuild has it', async () => {
    await seedBundled(db, seed);
    let release: () => void = () => {};
    store.gate = () => new Promise<void>((r) => (release = r));
    const starting = hot.start(Promise.resolve());
    // The rebuild is waiting on its first write: the cache changes under it.
    while (!store.log.some((l) => l.startsWith('set '))) await new Promise((r) => setTimeout(r, 1));
    const importing = cache.importDigest(db, eras, { name: 'eras', origin: 'file' });
    while (!hot.state().writing) await new Promise((r) => setTimeout(r, 1));
    store.gate = null;
    release();
    await importing;
    await starting;
    await hot.settled();
    // It started over: the answers' marks were written twice.
    expect(store.log.filter((l) => l === `set ${HOT_INDEX}`).length).toBe(2);
    expect(hot.report()?.valid).toBe(true);
    expect(store.read('2106.09608')).toEqual(await cache.lookup(db, '2106.09608'));
    // Never set on while the import was being written.
    const validSets = store.log.filter((l) => l.includes(HOT_VALID) && l.startsWith('set'));
    expect(validSets.length).toBe(1);
  });

  it('a rebuild asked for during a write waits for the write’s end, and then runs', async () => {
    await seedBundled(db, seed);
    await hot.start(Promise.resolve());
    const { source } = await cache.importDigest(db, eras, { name: 'eras', origin: 'file' });
    await hot.settled();
    let during: Promise<void> = Promise.resolve();
    await db.transaction('rw', db.sources, async () => {
      await db.sources.update(source.id, { name: 'during' });
      during = hot.rebuild();
      expect(hot.state().writing).toBe(1);
    });
    await during;
    // It returned without rebuilding (the write had not ended), and is not left "running":
    // one that returned before its first await once stayed so for ever, and settling spun on it.
    expect(hot.state().rebuilding).toBe(false);
    await hot.settled();
    expect(hot.state()).toEqual({ writing: 0, rebuildWaiting: false, rebuilding: false });
    expect(hot.report()?.valid).toBe(true);
    expect(store.read('2106.09608')).toEqual(await cache.lookup(db, '2106.09608'));
  });

  it('a worker stopped halfway through a rebuild leaves a copy that is off, and the next worker repairs it', async () => {
    await seedBundled(db, seed);
    await hot.start(Promise.resolve());
    await cache.importDigest(db, eras, { name: 'eras', origin: 'file' });
    // The worker stops during the rebuild's first write of answers.
    let sets = 0;
    store.gate = async () => {
      if (++sets === 2) throw new Error('worker stopped');
    };
    await hot.rebuild().catch(() => {});
    hot.dispose();
    store.gate = null;
    expect(store.data.has(HOT_VALID)).toBe(false);
    // The next worker: same database, same storage.
    const again = new HotCopy(db, store, LIMITS);
    await again.start(Promise.resolve());
    expect(again.report()?.valid).toBe(true);
    for (const id of [...(await seedIds()), '2106.09608', '2004.10162']) expect(store.read(id)).toEqual(await cache.lookup(db, id));
  });

  it('a copy made from other digests than the cache holds is rebuilt at the start', async () => {
    await seedBundled(db, seed);
    await hot.start(Promise.resolve());
    const kept = new Map(store.data);
    // Another profile's database, or one emptied behind the extension's back: same storage.
    fresh();
    for (const [k, v] of kept) store.data.set(k, v);
    await cache.importDigest(db, eras, { name: 'eras', origin: 'file' });
    const again = new HotCopy(db, store, LIMITS);
    store.data.set(HOT_VALID, kept.get(HOT_VALID));
    await again.start(Promise.resolve());
    expect(store.heldIds()).toEqual(['2004.10162', '2106.09608', '2407.16314']);
    const [bundledId] = [...kept.keys()].filter((k) => k.startsWith('hot:')).map((k) => k.slice(4));
    expect(store.read(bundledId)).toBeNull();
  });

  it('holds the newest papers first, the reader’s recent ones before them, within its entries and bytes', async () => {
    fresh({ ...LIMITS, entries: 50 });
    const old = await cache.mergeEntries(db, { sourceId: null, subscriptionId: 's', name: 'sub', url: 'https://example.org/x' }, [...entries('2401', 40), ...entries('2512', 40)]);
    expect(old.entryCount).toBe(80);
    await hot.start(Promise.resolve());
    let held = store.heldIds();
    expect(held.length).toBe(50);
    expect(held.filter((id) => id.startsWith('2512')).length).toBe(40);
    expect(held.filter((id) => id.startsWith('2401'))).toEqual(entries('2401', 10, 31).map((e) => e.arxivId));
    // A paper of 2401 the reader opened: it comes into the copy at once, and stays through a rebuild.
    const reply = await handleMessage(db, { type: 'lookup', data: { id: '2401.00002', from: 'abstract' } }, tabOf('2401.00002'), self, undefined, undefined, hot);
    expect(reply.ok).toBe(true);
    // Put in after the answer (not awaited by it).
    for (let i = 0; i < 100 && !store.data.has(hotKey('2401.00002')); i++) await new Promise((r) => setTimeout(r, 1));
    expect(store.read('2401.00002')).toEqual(await cache.lookup(db, '2401.00002'));
    expect(store.data.get(HOT_RECENT)).toEqual(['2401.00002']);
    await cache.mergeEntries(db, { sourceId: old.sourceId, subscriptionId: 's', name: 'sub', url: 'https://example.org/x' }, entries('2512', 1, 41));
    await hot.settled();
    held = store.heldIds();
    expect(held.length).toBe(50);
    expect(held).toContain('2401.00002');
    expect(held).toContain('2512.00041');
    // A budget of bytes: fewer answers, still the newest.
    fresh({ ...LIMITS, bytes: 20 * 400 });
    await cache.mergeEntries(db, { sourceId: null, subscriptionId: 's', name: 'sub', url: 'https://example.org/x' }, entries('2512', 40));
    await hot.start(Promise.resolve());
    const report = hot.report()!;
    expect(report.bytes).toBeLessThanOrEqual(20 * 400);
    expect(report.held).toBeGreaterThan(5);
    expect(report.held).toBeLessThan(40);
    expect(store.heldIds()).toContain('2512.00040');
  });

  it('a look-up from a listing or the popup is no opened paper; one read before a write is not put in', async () => {
    await seedBundled(db, seed);
    await cache.importDigest(db, eras, { name: 'eras', origin: 'file' });
    fresh({ ...LIMITS, entries: 1 });
    await cache.importDigest(db, eras, { name: 'eras', origin: 'file' });
    await hot.start(Promise.resolve());
    expect(store.heldIds()).toEqual(['2407.16314']);
    const popup = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };
    await handleMessage(db, { type: 'lookup', data: { id: '2004.10162', from: 'popup' } }, popup, self, undefined, undefined, hot);
    await handleMessage(db, { type: 'lookup', data: { id: '2004.10162', from: 'listing' } }, tabOf('2004.10162'), self, undefined, undefined, hot);
    // The same look-up from a paper page is put in: the two above were not.
    await handleMessage(db, { type: 'lookup', data: { id: '2106.09608', from: 'abstract' } }, tabOf('2106.09608'), self, undefined, undefined, hot);
    // The copy is full (one answer): a rebuild makes room, the recent paper before the newest.
    for (let i = 0; i < 100 && !hot.state().rebuildWaiting; i++) await new Promise((r) => setTimeout(r, 1));
    await hot.settled();
    expect(store.heldIds()).toEqual(['2106.09608']);
    expect(store.data.get(HOT_RECENT)).toEqual(['2106.09608']);
    // Read, then the cache changes before the answer would be put in: it is left out.
    const mark = hot.mark();
    const hit = (await cache.lookup(db, '2004.10162'))!;
    await cache.renameSource(db, hit.source.id, 'renamed');
    await hot.shown('2004.10162', hit, mark);
    expect(store.data.has(hotKey('2004.10162'))).toBe(false);
    await hot.settled();
    // The rebuild has it, as a recent paper, under the digest's new name.
    expect(store.read('2004.10162')?.source.name).toBe('renamed');
  });
});

describe('the hot copy, when things go wrong', () => {
  beforeEach(fresh);

  it('an index that does not say what is stored is swept with every answer at the start, then rebuilt', async () => {
    await seedBundled(db, seed);
    await hot.start(Promise.resolve());
    hot.dispose();
    // An answer no index lists (a malformed index), as a partial write could leave.
    store.data.set(hotKey('1901.00001'), store.data.get(hotKey('2409.18869')));
    store.data.set(HOT_INDEX, { ...(store.data.get(HOT_INDEX) as object), broken: 5 });
    const again = new HotCopy(db, store, LIMITS);
    await again.start(Promise.resolve());
    expect(store.data.has(hotKey('1901.00001'))).toBe(false);
    expect(store.heldIds()).toEqual((await seedIds()).sort());
    expect(again.report()?.valid).toBe(true);
  });

  it('a copy that is on but has lost its index is swept and rebuilt at the start', async () => {
    await seedBundled(db, seed);
    await hot.start(Promise.resolve());
    hot.dispose();
    store.data.delete(HOT_INDEX);
    const again = new HotCopy(db, store, LIMITS);
    await again.start(Promise.resolve());
    expect(again.report()?.valid).toBe(true);
    expect(store.heldIds()).toEqual((await seedIds()).sort());
    expect(Object.keys(store.data.get(HOT_INDEX) as object).sort()).toEqual((await seedIds()).sort());
  });

  it('a copy made by another version of the extension, or in another format, is not read and is rebuilt', async () => {
    await seedBundled(db, seed);
    const v1 = new HotCopy(db, store, LIMITS, '1.0.0');
    // (the fixture's copy watches the same database: only v1 is started)
    await v1.start(Promise.resolve());
    v1.dispose();
    expect((store.data.get(HOT_VALID) as { version: string }).version).toBe('1.0.0');
    const v2 = new HotCopy(db, store, LIMITS, '1.1.0');
    await v2.start(Promise.resolve());
    expect((store.data.get(HOT_VALID) as { version: string }).version).toBe('1.1.0');
    const [id] = await seedIds();
    store.data.set(HOT_VALID, { ...(store.data.get(HOT_VALID) as object), format: 999 });
    expect(store.read(id)).toBeNull();
  });

  it('a database that cannot be read at the start switches the copy off', async () => {
    await seedBundled(db, seed);
    await hot.start(Promise.resolve());
    hot.dispose();
    expect(store.data.has(HOT_VALID)).toBe(true);
    const [id] = await seedIds();
    db.close();
    const again = new HotCopy(db, store, LIMITS);
    await expect(again.start(Promise.resolve())).rejects.toThrow();
    expect(store.read(id)).toBeNull();
  });

  it('a refused switch-on is not taken for on: the next rebuild sets it', async () => {
    await seedBundled(db, seed);
    store.refuseValid = true;
    await expect(hot.start(Promise.resolve())).rejects.toThrow(/quota/);
    expect(store.data.has(HOT_VALID)).toBe(false);
    await hot.rebuild();
    expect(store.data.has(HOT_VALID)).toBe(true);
  });

  it('a paper opened while a write runs is not put in with an answer read before it', async () => {
    await cache.importDigest(db, eras, { name: 'eras', origin: 'file' });
    fresh({ ...LIMITS, entries: 1 });
    await cache.importDigest(db, eras, { name: 'eras', origin: 'file' });
    await hot.start(Promise.resolve());
    const hit = (await cache.lookup(db, '2004.10162'))!;
    await db.transaction('rw', db.sources, async () => {
      await db.sources.put((await db.sources.toCollection().first())!);
      await hot.shown('2004.10162', hit, hot.mark());
    });
    expect(store.data.has(hotKey('2004.10162'))).toBe(false);
  });
});

describe('what the content script accepts from storage', () => {
  it('an answer only while the copy is on, for the paper asked, of the shape a look-up answers', async () => {
    const db2 = openDb(new IDBFactory(), IDBKeyRange);
    await cache.importDigest(db2, eras, { name: 'eras', origin: 'file' });
    const hit = (await cache.lookup(db2, '2106.09608'))!;
    const on = { [HOT_VALID]: { at: 1, format: HOT_FORMAT, version: '', sources: '' }, [hotKey('2106.09608')]: hit };
    expect(hotHitOf(on, '2106.09608')).toEqual(hit);
    expect(hotHitOf({ [hotKey('2106.09608')]: hit }, '2106.09608')).toBeNull();
    expect(hotHitOf({ [HOT_VALID]: true, [hotKey('2106.09608')]: hit }, '2106.09608')).toBeNull();
    expect(hotHitOf({ ...on, [HOT_VALID]: { at: 1, format: HOT_FORMAT + 1 } }, '2106.09608')).toBeNull();
    expect(hotHitOf(on, '2004.10162')).toBeNull();
    expect(hotHit(hit, '2004.10162')).toBeNull();
    // The months: only while the copy is on, in this format, and only entries of their shape.
    const month = { month: '2503', width: 10, base64: 'AQ==' };
    expect(hotMonthsOf({ ...on, [HOT_MONTHS]: [month] })).toEqual([month]);
    expect(hotMonthsOf({ [HOT_MONTHS]: [month] })).toEqual([]);
    expect(hotMonthsOf({ ...on, [HOT_VALID]: { at: 1, format: HOT_FORMAT + 1 }, [HOT_MONTHS]: [month] })).toEqual([]);
    expect(hotMonthsOf({ ...on, [HOT_MONTHS]: { 2503: month } })).toEqual([]);
    const junkMonths = [null, 'x', { ...month, month: '25031' }, { ...month, width: 11 }, { ...month, base64: 5 }, { month: '2503' }];
    expect(hotMonthsOf({ ...on, [HOT_MONTHS]: [...junkMonths, month] })).toEqual([month]);
    for (const junk of [null, 'text', 1, [], {}, { entry: hit.entry }, { ...hit, alsoIn: [1] }, { ...hit, source: { id: '1', name: 'x' } }, { ...hit, entry: { ...hit.entry, summaryZh: 5 } }]) {
      expect(hotHit(junk, '2106.09608')).toBeNull();
    }
  });
});
