/**
 * The bundled digest at a worker start: imported on a fresh profile, updated when it changed,
 * never brought back once the reader deleted it, and back when they restore it.
 */
import { readFileSync } from 'node:fs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import * as cache from '../../background/cache';
import { handleMessage } from '../../background/handlers';
import { BUNDLED_NAME, bundledDeleted, deleteRemembering, restoreBundled, seedAtStart } from '../../background/seed';
import { openDb, type DigestDb } from '../../storage/db';

const seed = readFileSync(new URL('../../digests/default.md', import.meta.url), 'utf8');
const newer = seed + '\n## New Paper\n[新论文](https://arxiv.org/abs/2411.00001)\n\n新的中文摘要内容。\n';
const self = { id: 'ext-id', origin: 'chrome-extension://ext-id' };
const options = { id: 'ext-id', url: 'chrome-extension://ext-id/options.html' };

let idb: IDBFactory;
let db: DigestDb;
beforeEach(() => {
  fakeBrowser.reset();
  idb = new IDBFactory();
  db = openDb(idb, IDBKeyRange);
});

/** A worker start: a new connection to the same database, seeding as entrypoints/background.ts does. */
async function restart(text = seed) {
  db.close();
  db = openDb(idb, IDBKeyRange);
  return seedAtStart(db, text);
}

const bundled = async () => (await cache.listSources(db)).filter((s) => s.origin === 'bundled');

describe('the bundled digest at a worker start', () => {
  it('is imported on a fresh profile, left alone when unchanged, updated when it changed', async () => {
    expect(await seedAtStart(db, seed)).toMatchObject({ imported: 14, unchanged: false });
    expect(await restart()).toMatchObject({ unchanged: true });
    expect(await restart(newer)).toMatchObject({ imported: 15, unchanged: false });
    expect(await bundled()).toHaveLength(1);
  });

  it('stays deleted once the reader deleted it, even when a newer one ships', async () => {
    await seedAtStart(db, seed);
    const [source] = await bundled();
    expect(await deleteRemembering(db, source.id)).toEqual({ removed: 14 });
    expect(await bundledDeleted.getValue()).toBe(true);
    expect(await restart()).toBeNull();
    expect(await restart(newer)).toBeNull();
    expect(await cache.counts(db)).toEqual({ entries: 0, papers: 0, sources: 0 });
  });

  it('a deletion made while a newer bundled digest is being imported wins', async () => {
    await seedAtStart(db, seed);
    const [source] = await bundled();
    db.close();
    db = openDb(idb, IDBKeyRange);
    // The worker starts seeding the newer digest; the reader deletes the old one meanwhile.
    const seeding = seedAtStart(db, newer);
    await deleteRemembering(db, source.id);
    expect(await seeding).toBeNull();
    expect(await bundled()).toHaveLength(0);
    expect(await restart(newer)).toBeNull();
    expect(await cache.counts(db)).toEqual({ entries: 0, papers: 0, sources: 0 });
  });

  it('comes back when restored, and then follows updates again', async () => {
    await seedAtStart(db, seed);
    await deleteRemembering(db, (await bundled())[0].id);
    expect(await restoreBundled(db, seed)).toMatchObject({ imported: 14, unchanged: false });
    expect(await bundledDeleted.getValue()).toBe(false);
    expect(await restart()).toMatchObject({ unchanged: true });
    expect(await restart(newer)).toMatchObject({ imported: 15 });
  });

  it('deleting another digest remembers nothing', async () => {
    await seedAtStart(db, seed);
    const r = await cache.importDigest(db, '## T\n[甲](https://arxiv.org/abs/2409.18869)\n\n甲的中文摘要。\n', { name: 'mine.md', origin: 'file' });
    await deleteRemembering(db, r.source.id);
    expect(await bundledDeleted.getValue()).toBe(false);
    expect(await restart()).toMatchObject({ unchanged: true });
  });

  it('a renamed bundled digest is updated in place, not imported a second time', async () => {
    await seedAtStart(db, seed);
    await cache.renameSource(db, (await bundled())[0].id, '我的默认摘要');
    expect(await restart()).toMatchObject({ unchanged: true });
    expect(await restart(newer)).toMatchObject({ imported: 15 });
    expect((await bundled()).map((s) => s.name)).toEqual(['我的默认摘要']);
  });

  it('remembered as deleted but still there (the delete did not finish): kept up to date, the memory dropped', async () => {
    await seedAtStart(db, seed);
    await bundledDeleted.setValue(true);
    expect(await restart(newer)).toMatchObject({ imported: 15 });
    expect(await bundledDeleted.getValue()).toBe(false);
  });

  it('through the messages the options page sends: delete sticks, restore brings it back', async () => {
    await seedAtStart(db, seed);
    const id = (await bundled())[0].id;
    expect(await handleMessage(db, { type: 'deleteSource', data: { id } }, options, self)).toEqual({ ok: true, value: { removed: 14 } });
    expect(await restart()).toBeNull();
    const reply = await handleMessage(db, { type: 'importDigest', data: { text: seed, name: BUNDLED_NAME, origin: 'bundled' } }, options, self);
    expect(reply).toMatchObject({ ok: true, value: { imported: 14 } });
    expect(await restart()).toMatchObject({ unchanged: true });
    expect(await cache.counts(db)).toEqual({ entries: 14, papers: 14, sources: 1 });
  });
});
