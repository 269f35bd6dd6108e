import { readFileSync } from 'node:fs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { handleMessage, isTrustedSender } from '../../background/handlers';
import { seedBundled } from '../../background/seed';
import { openDb, type DigestDb } from '../../storage/db';

const seed = readFileSync(new URL('../../digests/default.md', import.meta.url), 'utf8');
const self = { id: 'ext-id', origin: 'chrome-extension://ext-id' };
const popup = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };
const arxivTab = { id: 'ext-id', url: 'https://arxiv.org/abs/2409.18869', tab: { url: 'https://arxiv.org/abs/2409.18869' } };

let db: DigestDb;
beforeEach(async () => {
  db = openDb(new IDBFactory(), IDBKeyRange);
  await seedBundled(db, seed);
});

describe('who is answered', () => {
  it('answers our pages and our content script on arXiv, nobody else', () => {
    expect(isTrustedSender(popup, self.id, self.origin)).toBe(true);
    expect(isTrustedSender(arxivTab, self.id, self.origin)).toBe(true);
    expect(isTrustedSender({ id: 'ext-id', url: 'https://export.arxiv.org/list/cs/new' }, self.id, self.origin)).toBe(true);
    expect(isTrustedSender({ id: 'other-ext', url: 'chrome-extension://other-ext/x.html' }, self.id, self.origin)).toBe(false);
    expect(isTrustedSender({ id: 'ext-id', url: 'https://evil.example/abs/2409.18869' }, self.id, self.origin)).toBe(false);
    expect(isTrustedSender({ id: 'ext-id', url: 'https://arxiv.org.evil.example/' }, self.id, self.origin)).toBe(false);
    expect(isTrustedSender({}, self.id, self.origin)).toBe(false);
  });

  it('refuses a stranger with a typed error', async () => {
    const reply = await handleMessage(db, { type: 'counts', data: {} }, { id: 'other', url: 'https://evil.example/' }, self);
    expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: 'sender not allowed' } });
  });
});

describe('messages', () => {
  it('answers a look-up from the content script', async () => {
    const reply = await handleMessage(db, { type: 'lookup', data: { id: '2409.18943' } }, arxivTab, self);
    expect(reply.ok).toBe(true);
    if (reply.ok) expect((reply.value as { entry: { titleZh: string } }).entry.titleZh).toMatch(/^Ruler/);
  });

  it.each([
    [null, 'unknown message'],
    ['lookup', 'unknown message'],
    [{ type: 'dropTables' }, 'unknown message'],
    [{ type: 'lookup', data: { id: 42 } }, 'lookup needs an id'],
    [{ type: 'lookupMany', data: { ids: 'x' } }, 'lookupMany needs a list of ids'],
    [{ type: 'importDigest', data: { text: 1 } }, 'importDigest needs text and a name'],
    [{ type: 'importDigest', data: { text: 'x', name: 'n', origin: 'ftp' } }, 'unknown origin'],
    [{ type: 'deleteSource', data: { id: '1' } }, 'deleteSource needs an id'],
  ])('a malformed message %j gets a typed error', async (message, text) => {
    const reply = await handleMessage(db, message, popup, self);
    expect(reply).toEqual({ ok: false, error: { code: 'bad-message', message: text } });
  });

  it('an import that yields nothing is an error value, not a crash', async () => {
    const reply = await handleMessage(db, { type: 'importDigest', data: { text: 'hello', name: 'x.md', origin: 'file' } }, popup, self);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-digest' } });
  });

  it('refuses a non-https digest URL before fetching anything', async () => {
    const reply = await handleMessage(db, { type: 'importUrl', data: { url: 'http://example.com/d.md' } }, popup, self);
    expect(reply).toEqual({ ok: false, error: { code: 'bad-message', message: 'only https:// addresses are imported', reason: 'not-https' } });
  });
});

describe('a failing database', () => {
  it('is answered as a database failure (code and reason), not as "not covered" nor a crash', async () => {
    db.close();
    for (const [type, data] of [['lookup', { id: '2409.18869' }], ['listSources', {}], ['search', { query: '模型' }]] as const) {
      const reply = await handleMessage(db, { type, data }, popup, self);
      expect(reply).toMatchObject({ ok: false, error: { code: 'internal', reason: 'database' } });
    }
  });
});
