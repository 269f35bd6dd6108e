/**
 * The subscriptions engine against a fake publisher host: the dated series' first fetch, its
 * later refreshes (conditional, the last two days again), failures that keep the last good
 * copy, a revoked permission, the synced list, retention and per-paper 404 memory. The network
 * is stood in for; the fetcher, the parser, the cache (fake-indexeddb) and storage (fakeBrowser)
 * are real.
 */
import { readFileSync } from 'node:fs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import * as cache from '../../background/cache';
import { SubscriptionEngine } from '../../background/subscriptions/engine';
import { subscriptionList, subscriptionStatus } from '../../background/subscriptions/sources';
import { openDb, type DigestDb } from '../../storage/db';

const feed = (name: string) => readFileSync(new URL(`../fixtures/feeds/daily-arxiv-ai-enhanced/data/${name}`, import.meta.url));
const DAY1 = feed('2026-06-29_AI_enhanced_Chinese.jsonl');
const DAY3 = feed('2026-07-01_AI_enhanced_Chinese.jsonl');
const TEMPLATE = 'https://raw.githubusercontent.com/dw-dengwei/daily-arXiv-ai-enhanced/data/data/{date}_AI_enhanced_Chinese.jsonl';
const dayUrl = (date: string) => TEMPLATE.replace('{date}', date);
const idsOf = (bytes: Buffer) => bytes.toString('utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id);
const HOUR = 3_600_000;

interface Served {
  body: Buffer | string;
  status?: number;
  etag?: string;
}

/** A publisher's host: files by URL, ETags and 304s, everything else a 404; every request logged. */
function host(files: Map<string, Served>) {
  const log: Array<{ url: string; ifNoneMatch: string | null }> = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const ifNoneMatch = new Headers(init?.headers).get('if-none-match');
    log.push({ url, ifNoneMatch });
    const f = files.get(url);
    let res: Response;
    if (!f) res = new Response('Not Found', { status: 404 });
    else if (f.etag && ifNoneMatch === f.etag) res = new Response(null, { status: 304 });
    else res = new Response(f.body as BodyInit, { status: f.status ?? 200, headers: f.etag ? { etag: f.etag } : {} });
    Object.defineProperty(res, 'url', { value: url });
    return res;
  }) as typeof fetch;
  return { fetchImpl, log };
}

let db: DigestDb;
let now: number;
let granted: boolean;
let files: Map<string, Served>;
let server: ReturnType<typeof host>;
let engine: SubscriptionEngine;

beforeEach(() => {
  fakeBrowser.reset();
  db = openDb(new IDBFactory(), IDBKeyRange);
  now = Date.UTC(2026, 6, 1, 12);
  granted = true;
  // Three days asked for: 07-01 and 06-29 have a file, 06-30 has none (the publisher's run failed).
  files = new Map([
    [dayUrl('2026-07-01'), { body: DAY3, etag: '"d3"' }],
    [dayUrl('2026-06-29'), { body: DAY1, etag: '"d1"' }],
  ]);
  server = host(files);
  let n = 0;
  engine = new SubscriptionEngine({ db, fetchImpl: server.fetchImpl, hasPermission: async () => granted, now: () => now, newId: () => `sub${++n}` });
});

async function snapshot() {
  return { blocks: await db.blocks.toArray(), coverage: await db.coverage.toArray(), sources: await db.sources.toArray() };
}

describe('a dated series', () => {
  it('fetches the last N days into one digest; a day without a file is no error', async () => {
    const view = await engine.subscribe({ url: TEMPLATE, days: 3, wait: true });
    expect(server.log.map((r) => r.url).sort()).toEqual([dayUrl('2026-06-29'), dayUrl('2026-06-30'), dayUrl('2026-07-01')].sort());
    const sources = await db.sources.toArray();
    // The two files were parsed side by side: still one digest for the subscription.
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatchObject({ origin: 'subscription', subscriptionId: view.id });
    const expected = new Set([...idsOf(DAY1), ...idsOf(DAY3)]);
    const [after] = (await engine.list()).subscriptions;
    expect(after).toMatchObject({ state: 'ok', entriesHeld: expected.size, sourceId: sources[0].id, staleSince: null, lastChecked: now, lastChanged: now, nextCheck: now + 6 * HOUR });
    expect(after.error).toBeUndefined();
    const some = idsOf(DAY1)[0];
    expect((await cache.lookup(db, some))!.source.id).toBe(sources[0].id);
    expect((await cache.counts(db)).entries).toBe(expected.size);
  });

  it('a later refresh asks for the last two days again, conditionally; a 304 rewrites nothing', async () => {
    await engine.subscribe({ url: TEMPLATE, days: 3, wait: true });
    const before = await snapshot();
    const [first] = (await engine.list()).subscriptions;
    server.log.length = 0;
    now += 6 * HOUR;
    await engine.refresh(undefined, true);
    // 06-29 is held and older than two days: not asked again.
    expect(server.log).toEqual([
      { url: dayUrl('2026-07-01'), ifNoneMatch: '"d3"' },
      { url: dayUrl('2026-06-30'), ifNoneMatch: null },
    ]);
    expect(await snapshot()).toEqual(before);
    const [after] = (await engine.list()).subscriptions;
    expect(after).toMatchObject({ state: 'ok', lastChecked: now, lastChanged: first.lastChanged });
  });

  it('a late file for a day is picked up at the next refresh, and the window moves with the days', async () => {
    await engine.subscribe({ url: TEMPLATE, days: 3, wait: true });
    const late = { id: '2606.99999', title: 'A late paper', summary: 'x', AI: { tldr: '迟到的论文摘要。', motivation: '', method: '', result: '', conclusion: '' } };
    files.set(dayUrl('2026-06-30'), { body: JSON.stringify(late) + '\n', etag: '"d2"' });
    now += 6 * HOUR;
    await engine.refresh(undefined, true);
    expect(await cache.lookup(db, '2606.99999')).not.toBeNull();
    server.log.length = 0;
    now += 24 * HOUR;
    await engine.refresh(undefined, true);
    // 07-02 is new; 07-01 is among the last two; 06-30 is held and no longer among them.
    expect(server.log.map((r) => r.url)).toEqual([dayUrl('2026-07-02'), dayUrl('2026-07-01')]);
  });

  it('a server error keeps the last good copy and marks the subscription stale since the first failure', async () => {
    await engine.subscribe({ url: TEMPLATE, days: 3, wait: true });
    const before = await snapshot();
    files.set(dayUrl('2026-07-01'), { body: 'Internal Server Error', status: 500 });
    now += HOUR;
    const failedAt = now;
    await engine.refresh(undefined, true);
    now += HOUR;
    await engine.refresh(undefined, true);
    expect(await snapshot()).toEqual(before);
    const [view] = (await engine.list()).subscriptions;
    expect(view).toMatchObject({ state: 'stale', staleSince: failedAt, error: { code: 'network', reason: 'http-status', params: { status: 500 } } });
    expect((await cache.lookup(db, idsOf(DAY3)[0]))).not.toBeNull();
    // Back at work: the error and the staleness go.
    files.set(dayUrl('2026-07-01'), { body: DAY3, etag: '"d3"' });
    now += HOUR;
    await engine.refresh(undefined, true);
    expect((await engine.list()).subscriptions[0]).toMatchObject({ state: 'ok', staleSince: null });
  });

  it('a 200 that is an HTML error page is an error, not an empty day', async () => {
    files.set(dayUrl('2026-07-01'), { body: '<!DOCTYPE html><html><body>rate limit</body></html>' });
    await engine.subscribe({ url: TEMPLATE, days: 3, wait: true });
    const [view] = (await engine.list()).subscriptions;
    expect(view.error).toMatchObject({ reason: 'not-a-digest' });
    expect(view.entriesHeld).toBe(idsOf(DAY1).length);
  });

  it('a revoked permission pauses it and asks for nothing', async () => {
    await engine.subscribe({ url: TEMPLATE, days: 3, wait: true });
    granted = false;
    await engine.permissionsChanged();
    server.log.length = 0;
    now += 7 * HOUR;
    await engine.refreshDue();
    expect(server.log).toEqual([]);
    expect((await engine.list()).subscriptions[0]).toMatchObject({ state: 'paused', pausedBy: 'permission', nextCheck: null });
    expect(await engine.earliestCheck()).toBeNull();
  });
});

describe('the synced list', () => {
  it('a subscription added in another browser is fetched here; one removed there is forgotten here', async () => {
    // Another browser wrote the list; this one has no state for it yet.
    await subscriptionList.setValue([{ id: 'elsewhere', name: 'daily', kind: 'dated', url: TEMPLATE, days: 3, addedAt: now }]);
    await engine.reconcile();
    await expect.poll(async () => (await engine.list()).subscriptions[0]?.entriesHeld, { timeout: 5000 }).toBeGreaterThan(0);
    expect(await db.sources.filter((s) => s.subscriptionId === 'elsewhere').count()).toBe(1);
    await subscriptionList.setValue([]);
    await engine.reconcile();
    expect(await db.sources.count()).toBe(0);
    expect((await subscriptionStatus.getValue()).elsewhere).toBeUndefined();
  });
});

describe('retention', () => {
  it('at refresh time, drops what only files older than the retention brought', async () => {
    await engine.subscribe({ url: TEMPLATE, days: 3, wait: true });
    await engine.setSettings({ retentionDays: 90 });
    now += 91 * 24 * HOUR;
    await engine.refresh(undefined, true);
    const held = new Set((await db.blocks.toArray()).flatMap((r) => r.ids));
    expect(idsOf(DAY1).some((id) => held.has(id))).toBe(false);
    expect(idsOf(DAY3).some((id) => held.has(id))).toBe(false);
    expect((await engine.list()).subscriptions[0].entriesHeld).toBe(0);
  });

  it('keeps everything when set to 0', async () => {
    await engine.subscribe({ url: TEMPLATE, days: 3, wait: true });
    const count = (await engine.list()).subscriptions[0].entriesHeld;
    now += 400 * 24 * HOUR;
    await engine.refresh(undefined, true);
    expect((await engine.list()).subscriptions[0].entriesHeld).toBe(count);
  });
});

describe('per paper', () => {
  const PAPER = 'https://raw.githubusercontent.com/qhduan/cn-chat-arxiv/master/papers/{yy}/{mm}/{id}.json';
  it('only when the reader turned it on; a 404 is believed for a day', async () => {
    await engine.subscribe({ url: PAPER, wait: true });
    expect(server.log).toEqual([]);
    expect(await engine.lookupPerPaper('2608.00053')).toBe(false);
    expect(server.log).toEqual([]);
    await engine.setSettings({ perPaper: true });
    expect(await engine.lookupPerPaper('2608.00053')).toBe(false);
    expect(server.log.map((r) => r.url)).toEqual(['https://raw.githubusercontent.com/qhduan/cn-chat-arxiv/master/papers/26/08/2608.00053.json']);
    now += 23 * HOUR;
    await engine.lookupPerPaper('2608.00053');
    expect(server.log).toHaveLength(1);
    now += 2 * HOUR;
    await engine.lookupPerPaper('2608.00053');
    expect(server.log).toHaveLength(2);
  });
});
