/** Schema 6 gives every digest of an older database a rank that keeps the order it answered in. */
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import * as cache from '../../background/cache';
import { BUNDLED_NAME } from '../../background/seed';
import { DB_NAME, openDb } from '../../storage/db';

describe('schema 6', () => {
  it('ranks a schema-5 database newest import first, the bundled digest last; a new import goes on top', async () => {
    const idb = new IDBFactory();
    const old = new Dexie(DB_NAME, { indexedDB: idb, IDBKeyRange });
    old.version(5).stores({ blocks: '[sourceId+block], block', sources: '++id, hash', coverage: '[month+sourceId], month, sourceId' });
    const row = (name: string, origin: string, importedAt: number) => ({ name, origin, importedAt, entryCount: 0, warnings: [], hash: name });
    await old.table('sources').bulkAdd([row('old', 'file', 100), row(BUNDLED_NAME, 'bundled', 300), row('new', 'url', 200)]);
    old.close();
    const db = openDb(idb, IDBKeyRange);
    expect((await cache.listSources(db)).map((x) => [x.name, x.rank])).toEqual([
      ['new', 0],
      ['old', 1],
      [BUNDLED_NAME, 2],
    ]);
    await cache.importDigest(db, '## A Paper\n[一篇论文](https://arxiv.org/abs/2411.00001)\n\n论文的中文摘要。\n', { name: 'newest', origin: 'file' });
    expect((await cache.listSources(db)).map((x) => x.name)).toEqual(['newest', 'new', 'old', BUNDLED_NAME]);
    db.close();
  });
});
