/**
 * Import from a URL: the network is the one thing stood in for (this machine has none); the
 * import, its checks and the cache are real.
 */
import { readFileSync } from 'node:fs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { importFromUrl } from '../../background/fetch-digest';
import { seedBundled } from '../../background/seed';
import { openDb, type DigestDb } from '../../storage/db';

const seed = readFileSync(new URL('../../digests/default.md', import.meta.url), 'utf8');
const digest = '## A Paper\n[一篇论文](https://arxiv.org/abs/2411.00001)\n\n论文的中文摘要，准确率提高了 12%。\n';
const served = (body: BodyInit, init?: ResponseInit) => (async () => new Response(body, init)) as unknown as typeof fetch;

let db: DigestDb;
beforeEach(async () => {
  db = openDb(new IDBFactory(), IDBKeyRange);
  await seedBundled(db, seed);
});

async function snapshot() {
  return { blocks: await db.blocks.toArray(), coverage: await db.coverage.toArray(), sources: await db.sources.toArray() };
}

describe('importFromUrl', () => {
  it('imports a digest served over https, named after its file', async () => {
    const r = await importFromUrl(db, 'https://example.org/digests/2024-11-01.md', served(digest));
    expect(r).toMatchObject({ imported: 1, source: { name: '2024-11-01.md', origin: 'url', url: 'https://example.org/digests/2024-11-01.md' } });
  });

  it('refuses what is not https, and a server error or an unreachable host changes nothing', async () => {
    const before = await snapshot();
    await expect(importFromUrl(db, 'http://example.org/d.md', served(digest))).rejects.toMatchObject({ code: 'bad-message' });
    await expect(importFromUrl(db, 'not a url', served(digest))).rejects.toMatchObject({ code: 'bad-message' });
    await expect(importFromUrl(db, 'https://example.org/d.md', served('nope', { status: 404 }))).rejects.toMatchObject({ code: 'network', message: 'example.org answered 404; nothing was changed' });
    const unreachable = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await expect(importFromUrl(db, 'https://example.org/d.md', unreachable)).rejects.toMatchObject({ code: 'network', message: expect.stringContaining('could not be reached') });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a digest over 20 MB, said or sent, and a binary one', async () => {
    const before = await snapshot();
    await expect(importFromUrl(db, 'https://example.org/big.md', served(digest, { headers: { 'content-length': String(30 * 1024 * 1024) } }))).rejects.toMatchObject({ code: 'invalid-digest' });
    await expect(importFromUrl(db, 'https://example.org/big.md', served(new Uint8Array(21 * 1024 * 1024).fill(0x61)))).rejects.toMatchObject({ message: expect.stringContaining('at most 20 MB') });
    await expect(importFromUrl(db, 'https://example.org/x.md', served(new Uint8Array([0x89, 0x50, 0, 0])))).rejects.toMatchObject({ message: expect.stringContaining('binary') });
    expect(await snapshot()).toEqual(before);
  });
});
