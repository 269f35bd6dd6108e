/**
 * The synced list of subscriptions under storage.sync's real limits: the fake storage.sync here
 * refuses, as Chrome does, an item over 8,192 bytes (key + JSON value), more than 512 items or
 * more than 102,400 bytes in all, with Chrome's error messages. The engine and the list are real.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SubscriptionEngine } from '../../background/subscriptions/engine';
import type { SubscriptionSpec } from '../../background/subscriptions/sources';
import { ITEM_PREFIX, LEGACY_KEY, SYNC_LIMITS, SyncedSubscriptionList } from '../../background/subscriptions/synced-list';
import { openDb } from '../../storage/db';

const sizeOf = (key: string, value: unknown) => key.length + JSON.stringify(value).length;

/** storage.sync with Chrome's quotas (QUOTA_BYTES_PER_ITEM, MAX_ITEMS, QUOTA_BYTES). */
function enforceSyncQuotas() {
  const area = fakeBrowser.storage.sync;
  const set = area.set.bind(area);
  return vi.spyOn(area, 'set').mockImplementation(async (items: Record<string, unknown>) => {
    const now = { ...((await area.get(null)) as Record<string, unknown>), ...items };
    for (const [k, v] of Object.entries(items)) if (sizeOf(k, v) > SYNC_LIMITS.bytesPerItem) throw new Error('QUOTA_BYTES_PER_ITEM quota exceeded');
    if (Object.keys(now).length > SYNC_LIMITS.items) throw new Error('MAX_ITEMS quota exceeded');
    if (Object.entries(now).reduce((n, [k, v]) => n + sizeOf(k, v), 0) > SYNC_LIMITS.bytes) throw new Error('QUOTA_BYTES quota exceeded');
    return set(items);
  });
}

const spec = (i: number, urlLength = 0): SubscriptionSpec => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `raw.githubusercontent.com/owner${i}/daily-arXiv-ai-enhanced/data/data/{date}_AI_enhanced_Chinese.jsonl`,
  kind: 'dated',
  url: `https://raw.githubusercontent.com/owner${i}/daily-arXiv-ai-enhanced/data/data/{date}_AI_enhanced_Chinese.jsonl${urlLength ? `?${'x'.repeat(urlLength)}` : ''}`,
  days: 7,
  addedAt: 1_000 + i,
});

beforeEach(() => {
  fakeBrowser.reset();
});
// Each test's quota-keeping storage.sync wraps the fake's own set, not the last test's.
afterEach(() => vi.restoreAllMocks());

describe('the synced list of subscriptions', () => {
  it('60 subscriptions, more than one 8 KB item holds, are synced one item each', async () => {
    enforceSyncQuotas();
    const list = Array.from({ length: 60 }, (_, i) => spec(i));
    // As one item (the old layout) the list no longer fits.
    await expect(fakeBrowser.storage.sync.set({ [LEGACY_KEY]: list })).rejects.toThrow(/QUOTA_BYTES_PER_ITEM/);
    const synced = new SyncedSubscriptionList();
    await synced.setValue(list);
    expect(await synced.problem()).toBeNull();
    const items = (await fakeBrowser.storage.sync.get(null)) as Record<string, unknown>;
    expect(Object.keys(items).filter((k) => k.startsWith(ITEM_PREFIX))).toHaveLength(60);
    // Another browser (nothing in its storage.local) reads the same list, in the order of subscribing.
    await fakeBrowser.storage.local.clear();
    expect(await new SyncedSubscriptionList().getValue()).toEqual(list);
  });

  it('past storage.sync\'s 100 KB the list is kept in this browser, says how many are not synced, and syncs again once it fits', async () => {
    enforceSyncQuotas();
    const synced = new SyncedSubscriptionList(undefined, undefined, () => 42);
    // 40 subscriptions of ~3 KB each: 120 KB.
    const list = Array.from({ length: 40 }, (_, i) => spec(i, 3000));
    await synced.setValue(list);
    expect(await synced.getValue()).toEqual(list);
    const problem = await synced.problem();
    expect(problem).toMatchObject({ since: 42, error: { code: 'quota', reason: 'sync-quota' } });
    expect(problem!.notSynced).toBeGreaterThan(0);
    expect(problem!.notSynced).toBeLessThan(40);
    expect(problem!.error.params).toEqual({ count: problem!.notSynced });
    // Fewer: everything fits, the problem is gone, and storage.sync holds exactly the list.
    await synced.setValue(list.slice(0, 20));
    expect(await synced.problem()).toBeNull();
    const items = (await fakeBrowser.storage.sync.get(null)) as Record<string, SubscriptionSpec>;
    expect(Object.values(items).map((s) => s.id).sort()).toEqual(list.slice(0, 20).map((s) => s.id));
  });

  it('a subscription too big for one item stays in this browser and is said to be not synced', async () => {
    enforceSyncQuotas();
    const synced = new SyncedSubscriptionList();
    const list = [spec(1), spec(2, 9000)];
    await synced.setValue(list);
    expect(await synced.getValue()).toEqual(list);
    expect(await synced.problem()).toMatchObject({ notSynced: 1, error: { reason: 'sync-quota', params: { count: 1 } } });
    expect(Object.keys(await fakeBrowser.storage.sync.get(null))).toEqual([ITEM_PREFIX + spec(1).id]);
  });

  it('sync refusing for another reason is said so too, and the list is kept', async () => {
    vi.spyOn(fakeBrowser.storage.sync, 'set').mockRejectedValue(new Error('Sync is disabled'));
    const synced = new SyncedSubscriptionList();
    await synced.setValue([spec(1)]);
    expect(await synced.getValue()).toEqual([spec(1)]);
    expect(await synced.problem()).toMatchObject({ error: { reason: 'sync-failed', params: { count: 1 } } });
  });

  it('the list kept as one item (before) is read, and split into items at the next write', async () => {
    const old = [spec(1), spec(2)];
    await fakeBrowser.storage.sync.set({ [LEGACY_KEY]: old, [`${LEGACY_KEY}$`]: { v: 1 } });
    const synced = new SyncedSubscriptionList();
    expect(await synced.getValue()).toEqual(old);
    await synced.setValue([...old, spec(3)]);
    const items = (await fakeBrowser.storage.sync.get(null)) as Record<string, unknown>;
    expect(Object.keys(items).sort()).toEqual([spec(1), spec(2), spec(3)].map((s) => ITEM_PREFIX + s.id).sort());
    expect(await synced.getValue()).toEqual([...old, spec(3)]);
  });

  it("another browser's change is seen (the worker reconciles on it)", async () => {
    const synced = new SyncedSubscriptionList();
    const seen = vi.fn();
    const stop = synced.watch(seen);
    await fakeBrowser.storage.sync.set({ [ITEM_PREFIX + spec(5).id]: spec(5) });
    await vi.waitFor(() => expect(seen).toHaveBeenCalled());
    await fakeBrowser.storage.sync.set({ unrelated: 1 });
    expect(seen).toHaveBeenCalledTimes(1);
    stop();
    expect(await synced.getValue()).toEqual([spec(5)]);
  });

  it('the engine subscribes past the quota and its list says the copy is this browser\'s', async () => {
    enforceSyncQuotas();
    const db = openDb(new IDBFactory(), IDBKeyRange);
    let n = 0;
    const engine = new SubscriptionEngine({ db, fetchImpl: (async () => new Response('404', { status: 404 })) as unknown as typeof fetch, hasPermission: async () => true, newId: () => `sub-${++n}` });
    const long = (i: number) => `https://raw.githubusercontent.com/owner${i}/repo/main/cs.AI.md?${'q'.repeat(3000)}`;
    for (let i = 0; i < 40; i++) await engine.subscribe({ url: long(i), wait: true });
    const answer = await engine.list();
    expect(answer.subscriptions).toHaveLength(40);
    expect(answer.syncProblem).toMatchObject({ error: { reason: 'sync-quota' } });
    expect(answer.syncProblem!.notSynced).toBeGreaterThan(0);
  });

  it('two subscribes at once (two catalog clicks, the popup and the options page) both stay', async () => {
    const db = openDb(new IDBFactory(), IDBKeyRange);
    let n = 0;
    // The first one's digest is still being fetched when the second is asked for.
    const engine = new SubscriptionEngine({ db, fetchImpl: (async () => new Response('404', { status: 404 })) as unknown as typeof fetch, hasPermission: async () => true, newId: () => `sub-${++n}` });
    const urls = ['https://raw.githubusercontent.com/qhduan/cn-chat-arxiv/master/cs.AI.md', 'https://raw.githubusercontent.com/qhduan/cn-chat-arxiv/master/cs.CL.md'];
    const views = await Promise.all(urls.map((url) => engine.subscribe({ url })));
    expect((await engine.list()).subscriptions.map((s) => s.url).sort()).toEqual(urls);
    const items = (await fakeBrowser.storage.sync.get(null)) as Record<string, SubscriptionSpec>;
    expect(Object.keys(items).sort()).toEqual(views.map((v) => ITEM_PREFIX + v.id).sort());
    // And the same address twice at once: one subscription, the other refused as a duplicate.
    const twice = await Promise.allSettled([0, 1].map(() => engine.subscribe({ url: 'https://raw.githubusercontent.com/qhduan/cn-chat-arxiv/master/cs.LG.md' })));
    expect(twice.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(twice.find((r) => r.status === 'rejected')).toMatchObject({ reason: { reason: 'duplicate-subscription' } });
    expect((await engine.list()).subscriptions).toHaveLength(3);
  });

  it('a pause, a remove and a subscribe at once keep each other', async () => {
    const db = openDb(new IDBFactory(), IDBKeyRange);
    let n = 0;
    const engine = new SubscriptionEngine({ db, fetchImpl: (async () => new Response('404', { status: 404 })) as unknown as typeof fetch, hasPermission: async () => true, newId: () => `sub-${++n}` });
    const url = (c: string) => `https://raw.githubusercontent.com/qhduan/cn-chat-arxiv/master/${c}.md`;
    const a = await engine.subscribe({ url: url('cs.AI'), wait: true });
    const b = await engine.subscribe({ url: url('cs.CL'), wait: true });
    await Promise.all([engine.pause(a.id), engine.unsubscribe(b.id, false), engine.subscribe({ url: url('cs.IR') })]);
    const got = (await engine.list()).subscriptions;
    expect(got.map((s) => [s.url, s.pausedBy ?? null])).toEqual([
      [url('cs.AI'), 'reader'],
      [url('cs.IR'), null],
    ]);
  });

  it("a subscription another browser added stays in storage.sync when this browser writes while its sync has a problem, and is shown here", async () => {
    const synced = new SyncedSubscriptionList();
    // This browser's write fails (sync off for a moment): it goes on with its own copy.
    vi.spyOn(fakeBrowser.storage.sync, 'set').mockRejectedValueOnce(new Error('Sync is disabled'));
    await synced.setValue([spec(1)]);
    expect(await synced.problem()).not.toBeNull();
    // Meanwhile another browser subscribes: its item lands in storage.sync.
    await fakeBrowser.storage.sync.set({ [ITEM_PREFIX + spec(7).id]: spec(7) });
    // A local write made while the problem is set, of a list read before that item came
    // (this browser's own copy), leaves it in storage.sync…
    await synced.setValue([spec(1), spec(2)]);
    const ids = async () => Object.keys(await fakeBrowser.storage.sync.get(null)).sort();
    expect(await ids()).toContain(ITEM_PREFIX + spec(7).id);
    // …and this browser's list has it too (its own copy and what others added).
    expect((await synced.getValue()).map((s) => s.id)).toEqual([spec(1).id, spec(2).id, spec(7).id]);
    await fakeBrowser.storage.sync.set({ [ITEM_PREFIX + spec(8).id]: spec(8) });
    await synced.update((list) => [...list, spec(3)]);
    expect(await ids()).toEqual([1, 2, 3, 7, 8].map((i) => ITEM_PREFIX + spec(i).id).sort());
    // Once it has been seen here, removing it here removes it everywhere.
    await synced.update((list) => list.filter((s) => s.id !== spec(8).id));
    expect(await ids()).not.toContain(ITEM_PREFIX + spec(8).id);
  });

  it('a removal storage.sync refused is not shown again, and is made at the next write', async () => {
    const synced = new SyncedSubscriptionList();
    await synced.setValue([spec(1), spec(2)]);
    vi.spyOn(fakeBrowser.storage.sync, 'remove').mockRejectedValueOnce(new Error('Sync is disabled'));
    await synced.update((list) => list.filter((s) => s.id !== spec(2).id));
    expect(await synced.problem()).toMatchObject({ error: { reason: 'sync-failed' } });
    expect(await synced.getValue()).toEqual([spec(1)]);
    await synced.update((list) => [...list, spec(3)]);
    expect(await synced.problem()).toBeNull();
    expect(Object.keys(await fakeBrowser.storage.sync.get(null)).sort()).toEqual([spec(1), spec(3)].map((s) => ITEM_PREFIX + s.id).sort());
  });
});
